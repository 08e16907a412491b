/**
 * Policy decisions over the SYNTHESIZED policies, with a real evaluator (`@cloud-copilot/iam-simulate`).
 *
 * `PolicySimulator.forAssembly(dir)` reads every template of a cloud assembly directory, resolves its
 * intrinsics into concrete ARNs (proofs/resolved-assembly.ts), and evaluates a request
 * `{ principal, action, resource, context }` the way AWS does:
 *
 * - the resource policy of the resource: KMS key policy, SNS topic policy, S3 bucket policy (bucket and
 *   object ARNs), SQS queue policy, Secrets Manager secret policy, Lambda permissions (as statements), IAM
 *   role trust policy (for `sts:AssumeRole*`);
 * - for a principal that is a role of the assembly: its identity policies (inline, attached managed policies
 *   of the assembly, `AWS::IAM::Policy`/`ManagedPolicy` attached to it) and its permissions boundary.
 *   AWS managed policies are not in the assembly: they are reported in `unresolvedPolicies`, never guessed;
 * - a service principal (`events.amazonaws.com`) has no identity policies: only the resource policy decides.
 *
 * The result carries the decision and the deciding statements (policy and Sid).
 *
 * Known gap of iam-simulate 0.1.173, bridged here: `runSimulation` drops request context keys of the form
 * `kms:EncryptionContext:<key>` (its variable-key matcher only knows `/`-separated keys such as
 * `aws:PrincipalTag/x`), so a condition on the encryption context could never match. The simulator renames
 * those keys, in the request and in every policy alike, to `aws:RequestTag/kms:EncryptionContext:<key>`
 * (a string key the evaluator accepts); condition operators and values are untouched. Self-tested in
 * test/proofs/policy-simulation.test.ts.
 */
import { type EvaluationResult, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { type FoundResource, loadAssemblyStacks, ResolvedAssembly } from './resolved-assembly';

export type Decision = EvaluationResult;

type PolicyDocument = { Version?: string; Statement: Statement[] | Statement };
type Statement = Record<string, unknown> & {
  Sid?: string;
  Condition?: Record<string, Record<string, unknown>>;
};

/** A request as a service or a role would make it. */
export interface SimulationRequest {
  /** Service principal (`events.amazonaws.com`), role ARN, or account root ARN. */
  readonly principal: string;
  /** e.g. `sns:Publish`. */
  readonly action: string;
  /** ARN of the resource acted on. */
  readonly resource: string;
  /** Request context the caller sends (`aws:SourceAccount`, `kms:EncryptionContext:aws:sns:topicArn`, ...). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Account owning the resource, for actions on `*` (account-level settings) whose ARN names none.
   * @default - read from the ARN, or the stack that creates the bucket
   */
  readonly resourceAccount?: string;
}

/** Policies to evaluate instead of (or in addition to) those found in the assembly. */
export interface PolicyOverrides {
  /** Replaces the resource policy found for the resource (`null`: evaluate without one). */
  readonly resourcePolicy?: PolicyDocument | null;
  /** Replaces the identity policies found for the principal. */
  readonly identityPolicies?: readonly { name: string; policy: PolicyDocument }[];
  /** Replaces the permissions boundary found for the principal (`null`: none). */
  readonly permissionsBoundary?: PolicyDocument | null;
  /** Service control policies, root OU first, account last. */
  readonly serviceControlPolicies?: readonly PolicyDocument[];
}

export interface DecidingStatement {
  readonly policyType: 'resource' | 'identity' | 'permissionsBoundary' | 'scp';
  readonly policy: string;
  readonly effect: 'Allow' | 'Deny';
  /** The statement's Sid, if it has one. */
  readonly sid?: string;
  /** 1-based position in its policy. */
  readonly index: number;
}

export interface SimulationOutcome {
  readonly decision: Decision;
  /** Statements that decided: the matching Deny statements for an explicit deny, else the matching Allows. */
  readonly deciding: readonly DecidingStatement[];
  /** Sid of the first deciding statement (convenience for assertions). */
  readonly sid?: string;
  /** Where the evaluated policies came from, e.g. `Prod/Foundation/KeysLogs1234 (AWS::KMS::Key KeyPolicy)`. */
  readonly evaluated: readonly string[];
  /** Policies that apply but are not in the assembly (AWS managed policies): the decision ignores them. */
  readonly unresolvedPolicies: readonly string[];
}

/** The part of iam-simulate's StatementAnalysis read here (the type is not exported by the package). */
type AnalysedStatement = {
  policyId?: string;
  statement: { effect(): string; sid(): string | undefined; index(): number };
};

const EC_PREFIX = 'kms:encryptioncontext:';
const EC_STAND_IN = 'aws:RequestTag/kms:EncryptionContext:';

/** One simulator per assembly directory: resolving a whole assembly is done once per process. */
const byDirectory = new Map<string, PolicySimulator>();

/** Evaluates requests against the resolved policies of a cloud assembly. */
export class PolicySimulator {
  /** The simulator over the cloud assembly at `dir` (cdk.out, cdk.out.test), created once per directory. */
  public static forAssembly(dir: string): PolicySimulator {
    let sim = byDirectory.get(dir);
    if (!sim) {
      sim = new PolicySimulator(new ResolvedAssembly(loadAssemblyStacks(dir)));
      byDirectory.set(dir, sim);
    }
    return sim;
  }

  constructor(public readonly assembly: ResolvedAssembly) {}

  /** Decisions already made, by request and overrides: the catalog's twins repeat the same legitimate calls. */
  private readonly decided = new Map<string, Promise<SimulationOutcome>>();

  /** Evaluates the request against the policies found for its principal and resource (or the overrides). */
  public simulate(request: SimulationRequest, overrides: PolicyOverrides = {}): Promise<SimulationOutcome> {
    const key = JSON.stringify([request, overrides]);
    let outcome = this.decided.get(key);
    if (!outcome) {
      outcome = this.decide(request, overrides);
      this.decided.set(key, outcome);
    }
    return outcome;
  }

  private async decide(request: SimulationRequest, overrides: PolicyOverrides): Promise<SimulationOutcome> {
    const evaluated: string[] = [];
    const unresolved: string[] = [];

    const found = this.resourcePolicyFor(request.resource, request.action);
    const resourcePolicy =
      overrides.resourcePolicy !== undefined ? overrides.resourcePolicy : (found?.policy ?? null);
    if (overrides.resourcePolicy === undefined && found) evaluated.push(found.source);
    if (overrides.resourcePolicy) evaluated.push('resource policy (override)');

    const role = this.roleFor(request.principal);
    const identity = role ? this.identityPoliciesOf(role) : { policies: [], unresolved: [], boundary: null };
    const identityPolicies = overrides.identityPolicies ?? identity.policies;
    const boundary =
      overrides.permissionsBoundary !== undefined ? overrides.permissionsBoundary : identity.boundary?.policy;
    unresolved.push(...(overrides.identityPolicies ? [] : identity.unresolved));
    evaluated.push(...identityPolicies.map((p) => `identity: ${p.name}`));
    if (boundary) evaluated.push(`permissions boundary: ${identity.boundary?.name ?? 'override'}`);

    const simulation: Simulation = {
      request: {
        principal: request.principal,
        action: request.action,
        resource: {
          resource: request.resource,
          accountId: request.resourceAccount ?? this.accountOf(request.resource),
        },
        contextVariables: renameContext(request.context ?? {}),
      },
      identityPolicies: identityPolicies.map((p) => ({ name: p.name, policy: renamePolicy(p.policy) })),
      serviceControlPolicies: (overrides.serviceControlPolicies ?? []).length
        ? [
            {
              orgIdentifier: 'ou-simulated',
              policies: (overrides.serviceControlPolicies ?? []).map((p, i) => ({
                name: `scp-${i + 1}`,
                policy: renamePolicy(p),
              })),
            },
          ]
        : [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicy ? renamePolicy(resourcePolicy) : undefined,
      permissionBoundaryPolicies: boundary
        ? [{ name: identity.boundary?.name ?? 'boundary', policy: renamePolicy(boundary) }]
        : undefined,
    };
    const response = await runSimulation(simulation, {});
    if (response.resultType === 'error') {
      throw new Error(
        `iam-simulate rejected the simulation of ${request.action} on ${request.resource} by ${request.principal}: ` +
          JSON.stringify(response.errors),
      );
    }
    // An action without resource types (account settings such as iam:UpdateAccountPasswordPolicy) is
    // requested on `*`: iam-simulate runs it once as a wildcard-only action.
    const wildcardOnly =
      response.resultType === 'wildcard' && request.resource === '*' && response.results.length === 1;
    if (response.resultType !== 'single' && !wildcardOnly) {
      throw new Error(`simulate: give a concrete resource ARN, not a pattern (${request.resource})`);
    }
    const result = response.resultType === 'single' ? response.result : response.results[0];
    const ignored = result.ignoredContextKeys ?? [];
    if (ignored.length > 0) {
      // A dropped key makes a test meaningless: refuse rather than decide without it.
      throw new Error(
        `iam-simulate ignored context keys ${ignored.join(', ')} for ${request.action}; they do not apply to this action/resource`,
      );
    }
    const analysis = result.analysis;
    const decision = response.overallResult;
    const collect = (
      policyType: DecidingStatement['policyType'],
      statements: readonly AnalysedStatement[] | undefined,
    ): DecidingStatement[] =>
      (statements ?? []).map((s) => ({
        policyType,
        policy: s.policyId ?? policyType,
        effect: s.statement.effect() as 'Allow' | 'Deny',
        sid: s.statement.sid(),
        index: s.statement.index(),
      }));
    const denies = [
      ...collect('resource', analysis.resourceAnalysis?.denyStatements),
      ...collect('identity', analysis.identityAnalysis?.denyStatements),
      ...collect('permissionsBoundary', analysis.permissionBoundaryAnalysis?.denyStatements),
      ...(analysis.scpAnalysis?.ouAnalysis ?? []).flatMap((ou) => collect('scp', ou.denyStatements)),
    ];
    const allows = [
      ...collect('resource', analysis.resourceAnalysis?.allowStatements),
      ...collect('identity', analysis.identityAnalysis?.allowStatements),
    ];
    const deciding = decision === 'ExplicitlyDenied' ? denies : decision === 'Allowed' ? allows : [];
    return { decision, deciding, sid: deciding[0]?.sid, evaluated, unresolvedPolicies: unresolved };
  }

  /** The resource policy that governs `action` on `resourceArn`, with where it was found. */
  public resourcePolicyFor(
    resourceArn: string,
    action: string,
  ): { policy: PolicyDocument; source: string } | undefined {
    const a = this.assembly;
    const service = resourceArn.split(':')[2];
    const describe = (r: FoundResource, what: string) => `${r.stack.displayName}/${r.logicalId} (${what})`;
    switch (service) {
      case 'kms': {
        const key = a.findByArn(resourceArn, 'AWS::KMS::Key');
        return (
          key && {
            policy: a.property(key, 'KeyPolicy') as PolicyDocument,
            source: describe(key, 'key policy'),
          }
        );
      }
      case 'sns':
        return this.merged(
          a
            .resources('AWS::SNS::TopicPolicy')
            .filter((p) => asList(a.property(p, 'Topics')).includes(resourceArn)),
          'PolicyDocument',
          'topic policy',
        );
      case 'sqs': {
        const queue = a.findByArn(resourceArn, 'AWS::SQS::Queue');
        if (!queue) return undefined;
        const url = a.ref(queue);
        return this.merged(
          a.resources('AWS::SQS::QueuePolicy').filter((p) => asList(a.property(p, 'Queues')).includes(url)),
          'PolicyDocument',
          'queue policy',
        );
      }
      case 's3': {
        const bucketName = resourceArn.split(':::')[1]?.split('/')[0];
        return this.merged(
          a.resources('AWS::S3::BucketPolicy').filter((p) => a.property(p, 'Bucket') === bucketName),
          'PolicyDocument',
          'bucket policy',
        );
      }
      case 'secretsmanager':
        return this.merged(
          a
            .resources('AWS::SecretsManager::ResourcePolicy')
            .filter((p) => a.property(p, 'SecretId') === resourceArn),
          'ResourcePolicy',
          'secret policy',
        );
      case 'lambda':
        return this.lambdaPolicy(resourceArn);
      case 'iam': {
        if (!action.toLowerCase().startsWith('sts:')) return undefined;
        const role = a.findByArn(resourceArn, 'AWS::IAM::Role');
        return (
          role && {
            policy: a.property(role, 'AssumeRolePolicyDocument') as PolicyDocument,
            source: describe(role, 'trust policy'),
          }
        );
      }
      default:
        return undefined;
    }
  }

  private merged(
    found: FoundResource[],
    property: string,
    what: string,
  ): { policy: PolicyDocument; source: string } | undefined {
    if (found.length === 0) return undefined;
    const statements = found.flatMap((r) =>
      asList((this.assembly.property(r, property) as PolicyDocument).Statement),
    );
    return {
      policy: { Version: '2012-10-17', Statement: statements as Statement[] },
      source: found.map((r) => `${r.stack.displayName}/${r.logicalId} (${what})`).join(', '),
    };
  }

  /** `AWS::Lambda::Permission` resources of the function, as the function policy statements AWS stores. */
  private lambdaPolicy(functionArn: string): { policy: PolicyDocument; source: string } | undefined {
    const a = this.assembly;
    // A qualified ARN (`...:function:name:alias`) is governed by the function's policy.
    const unqualified = functionArn.split(':').slice(0, 7).join(':');
    const fn = a.findByArn(unqualified, 'AWS::Lambda::Function');
    if (!fn) return undefined;
    const names = new Set([a.arn(fn), a.ref(fn)]);
    const permissions = a
      .resources('AWS::Lambda::Permission')
      .filter((p) => names.has(String(a.property(p, 'FunctionName'))));
    if (permissions.length === 0) return undefined;
    const statements = permissions.map((p) => {
      const props = a.properties(p) as Record<string, string>;
      const principal = props['Principal'];
      const condition: Record<string, Record<string, string>> = {};
      if (props['SourceArn']) condition['ArnLike'] = { 'aws:SourceArn': props['SourceArn'] };
      if (props['SourceAccount']) condition['StringEquals'] = { 'aws:SourceAccount': props['SourceAccount'] };
      return {
        Sid: p.logicalId,
        Effect: 'Allow',
        Principal: principal.includes('.amazonaws.com') ? { Service: principal } : { AWS: principal },
        Action: props['Action'],
        Resource: a.arn(fn),
        ...(Object.keys(condition).length ? { Condition: condition } : {}),
      };
    });
    return {
      policy: { Version: '2012-10-17', Statement: statements },
      source: permissions.map((p) => `${p.stack.displayName}/${p.logicalId} (lambda permission)`).join(', '),
    };
  }

  private roleFor(principal: string): FoundResource | undefined {
    if (!principal.startsWith('arn:')) return undefined;
    // An assumed-role session acts with its role's policies.
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal);
    if (session) {
      return this.assembly
        .resources('AWS::IAM::Role')
        .find((r) => r.stack.account === session[2] && this.assembly.physicalName(r) === session[3]);
    }
    return this.assembly.findByArn(principal, 'AWS::IAM::Role');
  }

  /** Identity policies and permissions boundary of a role of the assembly. */
  public identityPoliciesOf(role: FoundResource): {
    policies: { name: string; policy: PolicyDocument }[];
    unresolved: string[];
    boundary: { name: string; policy: PolicyDocument } | null;
  } {
    const a = this.assembly;
    const roleName = a.physicalName(role);
    const sameAccount = (r: FoundResource) => r.stack.account === role.stack.account;
    const policies: { name: string; policy: PolicyDocument }[] = [];
    const unresolved: string[] = [];
    for (const inline of asList(a.property(role, 'Policies')) as {
      PolicyName: string;
      PolicyDocument: PolicyDocument;
    }[]) {
      policies.push({ name: `${role.logicalId}/${inline.PolicyName}`, policy: inline.PolicyDocument });
    }
    const managed = (arn: string) => {
      const found = a.findByArn(arn, 'AWS::IAM::ManagedPolicy');
      if (found) policies.push({ name: arn, policy: a.property(found, 'PolicyDocument') as PolicyDocument });
      else unresolved.push(arn);
    };
    for (const arn of asList(a.property(role, 'ManagedPolicyArns'))) managed(String(arn));
    for (const p of a.resources('AWS::IAM::Policy', (s) => s.account === role.stack.account)) {
      if (asList(a.property(p, 'Roles')).includes(roleName)) {
        policies.push({
          name: `${p.stack.displayName}/${p.logicalId}`,
          policy: a.property(p, 'PolicyDocument') as PolicyDocument,
        });
      }
    }
    for (const p of a.resources('AWS::IAM::ManagedPolicy').filter(sameAccount)) {
      const arn = a.arn(p);
      if (asList(a.property(p, 'Roles')).includes(roleName) && !policies.some((x) => x.name === arn)) {
        policies.push({ name: arn, policy: a.property(p, 'PolicyDocument') as PolicyDocument });
      }
    }
    const boundaryArn = a.property(role, 'PermissionsBoundary');
    let boundary: { name: string; policy: PolicyDocument } | null = null;
    if (typeof boundaryArn === 'string') {
      const found = a.findByArn(boundaryArn, 'AWS::IAM::ManagedPolicy');
      if (!found)
        throw new Error(
          `${role.stack.displayName}/${role.logicalId}: boundary ${boundaryArn} is not in the assembly`,
        );
      boundary = { name: boundaryArn, policy: a.property(found, 'PolicyDocument') as PolicyDocument };
    }
    return { policies, unresolved, boundary };
  }

  private accountOf(resourceArn: string): string {
    const account = resourceArn.split(':')[4];
    if (account && /^\d{12}$/.test(account)) return account;
    // S3 ARNs carry no account: the owner is the stack that creates the bucket.
    const owner = this.assembly.findByArn(resourceArn.split('/')[0], 'AWS::S3::Bucket');
    if (owner) return owner.stack.account;
    throw new Error(`simulate: cannot tell the account owning ${resourceArn}`);
  }
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function renameKey(key: string): string {
  return key.toLowerCase().startsWith(EC_PREFIX) ? `${EC_STAND_IN}${key.slice(EC_PREFIX.length)}` : key;
}

function renameContext(
  context: Readonly<Record<string, string | readonly string[]>>,
): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(context).map(([k, v]) => [renameKey(k), typeof v === 'string' ? v : [...v]]),
  );
}

function renamePolicy(policy: PolicyDocument): PolicyDocument {
  const statements = asList(policy.Statement) as Statement[];
  return {
    Version: policy.Version ?? '2012-10-17',
    Statement: statements.map((s) =>
      s.Condition
        ? {
            ...s,
            Condition: Object.fromEntries(
              Object.entries(s.Condition).map(([op, block]) => [
                op,
                Object.fromEntries(Object.entries(block).map(([k, v]) => [renameKey(k), v])),
              ]),
            ),
          }
        : s,
    ),
  };
}
