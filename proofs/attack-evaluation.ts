/**
 * Evaluates the attack catalog (compliance/attack-catalog.ts) over the synthesized templates of one
 * environment: resolves each entry's persona, resource selector and placeholders into concrete ARNs of
 * that environment, then asks the policy simulator (proofs/policy-simulation.ts).
 *
 * Personas with an `Allow * on *` identity policy (`insider`, `breakGlass`'s AdministratorAccess,
 * `otherAccount`) are given that one statement as their identity policy; everything that stops them comes
 * from the templates (key, bucket, topic, secret and trust policies, the permissions boundary).
 */
import {
  type Attack,
  type AttackRequest,
  type ExpectedDenial,
  ORG_RESOURCES,
  type OrgAttack,
  type OrgAttackRequest,
  type OrgPersona,
  type OrgResourceName,
  OTHER_ACCOUNT,
  OTHER_ORGANIZATION,
  type Persona,
  RESOURCES,
  type ResourceName,
} from '../compliance/attack-catalog';
import { bootstrapRole, qualifierOf } from './bootstrap-roles';
import { type AssemblyStack, type FoundResource, STACKSET_MEMBER_ACCOUNT } from './resolved-assembly';
import { type PolicyOverrides, PolicySimulator, type SimulationOutcome } from './policy-simulation';

const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** A catalog request with its persona, resource and placeholders resolved for one environment. */
export interface ResolvedRequest {
  readonly persona: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export interface AttackResult {
  readonly attack: Attack;
  readonly environment: string;
  readonly request: ResolvedRequest;
  readonly outcome: SimulationOutcome;
  readonly twinRequest: ResolvedRequest;
  readonly twin: SimulationOutcome;
  /** The attack was stopped as the catalog expects (decision and, for explicit denies, the Sid). */
  readonly asExpected: boolean;
}

/** Replaces the `{name}` placeholders of `text` with `values`; an unknown one is an error of the catalog `what`. */
function fillPlaceholders(text: string, values: Record<string, () => string>, what: string): string {
  return text.replace(/\{(\w+)\}/g, (m, key: string) => {
    const value = values[key];
    if (!value) throw new Error(`${what}: unknown placeholder ${m} in '${text}'`);
    return value();
  });
}

/** Whether an attack was stopped as expected: its decision and, for an explicit deny, the deciding Sid. */
function stoppedAsExpected(outcome: SimulationOutcome, e: ExpectedDenial): boolean {
  return (
    outcome.decision === e.decision &&
    (e.decision !== 'ExplicitlyDenied' || outcome.deciding.some((d) => d.sid === e.sid))
  );
}

/** The first principal a role's trust policy pins with `aws:PrincipalArn` (a named operator), if any. */
function pinnedPrincipal(trust: unknown): string | undefined {
  for (const st of (trust as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] })
    .Statement) {
    for (const block of Object.values(st.Condition ?? {})) {
      const pinned = block['aws:PrincipalArn'];
      if (pinned) return String(Array.isArray(pinned) ? pinned[0] : pinned);
    }
  }
  return undefined;
}

/** The context AWS evaluates: the caller's global keys, then the request's own keys with placeholders filled. */
function requestContext(
  caller: Record<string, string | string[]>,
  requested: Readonly<Record<string, string>> | undefined,
  fill: (text: string) => string,
  regionOfResource: string,
): Record<string, string | string[]> {
  return {
    ...caller,
    ...Object.fromEntries(
      Object.entries(requested ?? {}).map(([k, v]) => [
        k,
        fill(v.replace('{resourceRegion}', regionOfResource)),
      ]),
    ),
  };
}

/** Resolves catalog entries for one environment (stage) of the assembly. */
export class AttackEnvironment {
  constructor(
    private readonly sim: PolicySimulator,
    public readonly stage: string,
  ) {}

  public find(name: ResourceName): FoundResource {
    const { stack, type, id } = RESOURCES[name];
    const a = this.sim.assembly;
    const found = a
      .resources(type, (s) => s.displayName === `${this.stage}/${stack}`)
      .filter((r) => r.logicalId.includes(id));
    if (found.length !== 1) {
      throw new Error(
        `attack catalog: ${name} (${this.stage}/${stack} ${type} ${id}*) matches ${found.length} resources`,
      );
    }
    return found[0];
  }

  private get primary() {
    return this.sim.assembly.stack(`${this.stage}/Foundation`);
  }

  public arnOf(name: ResourceName): string {
    return this.sim.assembly.arn(this.find(name));
  }

  /** Replaces the placeholders of a catalog string. */
  public fill(text: string): string {
    const s = this.primary;
    const values: Record<string, () => string> = {
      partition: () => s.partition,
      account: () => s.account,
      region: () => s.region,
      otherAccount: () => OTHER_ACCOUNT,
      env: () => this.stage.toLowerCase(),
      stage: () => this.stage,
      qualifier: () => qualifierOf(this.stage),
      boundaryArn: () => this.arnOf('boundaryPolicy'),
      logArchiveArn: () => this.arnOf('logArchive'),
      siteBucketArn: () => this.arnOf('siteBucket'),
      trailArn: () => {
        const trail = this.sim.assembly.resources(
          'AWS::CloudTrail::Trail',
          (x) => x.displayName === `${this.stage}/Audit`,
        )[0];
        return this.sim.assembly.arn(trail);
      },
      distributionArn: () => {
        const d = this.sim.assembly.resources(
          'AWS::CloudFront::Distribution',
          (x) => x.displayName === `${this.stage}/Site`,
        )[0];
        return `arn:${s.partition}:cloudfront::${s.account}:distribution/${this.sim.assembly.ref(d)}`;
      },
      operatorArn: () => this.operatorArn(),
    };
    return fillPlaceholders(text, values, 'attack catalog');
  }

  /** The first named break-glass operator in the role's trust policy, or a role of the account if none. */
  public operatorArn(): string {
    const trust = this.sim.assembly.property(this.find('breakGlassRole'), 'AssumeRolePolicyDocument');
    return (
      pinnedPrincipal(trust) ?? `arn:${this.primary.partition}:iam::${this.primary.account}:role/operator`
    );
  }

  private principal(who: Persona): { arn: string; overrides: PolicyOverrides } {
    const s = this.primary;
    switch (who.kind) {
      case 'insider':
        return {
          arn: `arn:${s.partition}:iam::${s.account}:role/account-administrator`,
          overrides: { identityPolicies: [{ name: 'insider Allow *', policy: ALLOW_ALL }] },
        };
      case 'operator':
        return {
          arn: this.operatorArn(),
          overrides: { identityPolicies: [{ name: 'operator Allow *', policy: ALLOW_ALL }] },
        };
      case 'otherAccount':
        return {
          arn: `arn:${s.partition}:iam::${OTHER_ACCOUNT}:role/attacker`,
          overrides: { identityPolicies: [{ name: 'attacker Allow *', policy: ALLOW_ALL }] },
        };
      case 'breakGlass': {
        const role = this.find('breakGlassRole');
        const own = this.sim.identityPoliciesOf(role);
        return {
          arn: this.sim.assembly.arn(role),
          overrides: {
            identityPolicies: [
              ...own.policies,
              { name: 'AdministratorAccess (AWS managed: Allow * on *)', policy: ALLOW_ALL },
            ],
          },
        };
      }
      case 'projectRole':
        return { arn: this.arnOf(who.role), overrides: {} };
      case 'service':
        return { arn: who.service, overrides: {} };
      case 'bootstrapRole':
        return bootstrapRole(this.sim, this.stage, who.role);
    }
  }

  private resourceArn(request: AttackRequest): string {
    const r = request.resource;
    if ('arn' in r) return this.fill(r.arn);
    const arn = this.arnOf(r.of);
    return r.path ? `${arn}/${this.fill(r.path)}` : arn;
  }

  public async simulate(request: AttackRequest): Promise<SimulationOutcome> {
    return (await this.run(request)).outcome;
  }

  /** Resolves the request for this environment and decides it. */
  public async run(
    request: AttackRequest,
  ): Promise<{ resolved: ResolvedRequest; outcome: SimulationOutcome }> {
    const { arn, overrides } = this.principal(request.who);
    const isService = request.who.kind === 'service';
    // Keys AWS always sets for the caller (iam-simulate does not derive them from the principal).
    const caller: Record<string, string | string[]> = isService
      ? { 'aws:PrincipalIsAWSService': 'true' }
      : {
          'aws:PrincipalIsAWSService': 'false',
          'aws:PrincipalArn': arn,
          'aws:PrincipalAccount': arn.split(':')[4],
        };
    const resource = this.resourceArn(request);
    // KMS sets kms:ResourceAliases from the key's aliases; iam-simulate cannot know them.
    const key = resource.includes(':kms:')
      ? this.sim.assembly.findByArn(resource, 'AWS::KMS::Key')
      : undefined;
    if (key) {
      const keyArn = this.sim.assembly.arn(key);
      const aliases = this.sim.assembly
        .resources('AWS::KMS::Alias', (x) => x.account === key.stack.account && x.region === key.stack.region)
        .filter((al) => this.sim.assembly.property(al, 'TargetKeyId') === keyArn)
        .map((al) => String(this.sim.assembly.property(al, 'AliasName')));
      if (aliases.length > 0) caller['kms:ResourceAliases'] = aliases;
    }
    const regionOfResource = resource.split(':')[3] || this.primary.region;
    const context = requestContext(caller, request.context, (t) => this.fill(t), regionOfResource);
    const outcome = await this.sim.simulate(
      {
        principal: arn,
        action: request.action,
        resource,
        context,
        resourceAccount: resource === '*' ? this.primary.account : undefined,
      },
      overrides,
    );
    return {
      resolved: {
        persona: describePersona(request.who),
        principal: arn,
        action: request.action,
        resource,
        context,
      },
      outcome,
    };
  }

  public async evaluate(attack: Attack): Promise<AttackResult> {
    const { resolved: request, outcome } = await this.run(attack);
    const { resolved: twinRequest, outcome: twin } = await this.run(attack.twin);
    const asExpected = stoppedAsExpected(outcome, attack.expected);
    return { attack, environment: this.stage, request, outcome, twinRequest, twin, asExpected };
  }
}

/** A persona in words, e.g. `project role backupRole`, `service backup.amazonaws.com`. */
export function describePersona(who: Persona): string {
  switch (who.kind) {
    case 'projectRole':
      return `project role ${who.role}`;
    case 'service':
      return `service ${who.service}`;
    case 'otherAccount':
      return `other account ${OTHER_ACCOUNT}`;
    default:
      return who.kind;
  }
}

/** The organization the Org stage's proofs run in: its id (the Org stage's templates name it only in policies). */
export interface OrganizationFacts {
  readonly organizationId: string;
}

export interface OrgAttackResult {
  readonly attack: OrgAttack;
  /** False when the entry's `appliesIf` statement is not in the templates (then nothing was simulated). */
  readonly applicable: boolean;
  readonly request?: ResolvedRequest;
  readonly outcome?: SimulationOutcome;
  readonly twinRequest?: ResolvedRequest;
  readonly twin?: SimulationOutcome;
  readonly asExpected: boolean;
  /** Stopped as expected and the twin allowed (false for an entry that does not apply). */
  readonly passed: boolean;
}

/**
 * Resolves the organization catalog (compliance/attack-catalog.ts ORG_ATTACK_CATALOG) for the Org stage: the
 * member template is its StackSet instance in {@link STACKSET_MEMBER_ACCOUNT} (proofs/resolved-assembly.ts),
 * the member and the Org accounts are in `organizationId`, the outsider in another organization.
 */
export class OrgAttackEnvironment {
  private readonly archive: AssemblyStack;

  constructor(
    private readonly sim: PolicySimulator,
    private readonly org: OrganizationFacts,
    public readonly stage = 'Org',
  ) {
    this.archive = sim.assembly.stack(`${stage}/LogArchive`);
  }

  private get homeRegion(): string {
    return this.archive.region;
  }

  private stackOf(name: string): AssemblyStack {
    return this.sim.assembly.stack(`${this.stage}/${name.replace('{homeRegion}', this.homeRegion)}`);
  }

  public find(name: OrgResourceName): FoundResource {
    const { stack, type, id } = ORG_RESOURCES[name];
    const s = this.stackOf(stack);
    const found = this.sim.assembly.resources(type, (x) => x === s).filter((r) => r.logicalId.startsWith(id));
    if (found.length !== 1) {
      throw new Error(
        `organization catalog: ${name} (${s.displayName} ${type} ${id}*) matches ${found.length} resources`,
      );
    }
    return found[0];
  }

  private accountOf(stack: string): string {
    return this.stackOf(stack).account;
  }

  public fill(text: string): string {
    const values: Record<string, () => string> = {
      partition: () => this.archive.partition,
      homeRegion: () => this.homeRegion,
      organizationId: () => this.org.organizationId,
      otherOrganizationId: () => OTHER_ORGANIZATION,
      memberAccount: () => STACKSET_MEMBER_ACCOUNT,
      otherAccount: () => OTHER_ACCOUNT,
      logArchiveAccount: () => this.archive.account,
      securityAccount: () => this.accountOf('Security-{homeRegion}'),
      managementAccount: () => this.accountOf('Management'),
    };
    return fillPlaceholders(text, values, 'organization catalog');
  }

  /** The first named operator in the member break-glass role's trust policy. */
  public operatorArn(): string {
    const trust = this.sim.assembly.property(this.find('memberBreakGlassRole'), 'AssumeRolePolicyDocument');
    const operator = pinnedPrincipal(trust);
    if (!operator)
      throw new Error(
        'organization catalog: the member break-glass role names no operator (aws:PrincipalArn)',
      );
    return operator;
  }

  private principal(who: OrgPersona): { arn: string; orgId?: string; overrides: PolicyOverrides } {
    const { partition } = this.archive;
    const allowAll = (name: string) => ({
      identityPolicies: [{ name: `${name} Allow *`, policy: ALLOW_ALL }],
    });
    switch (who.kind) {
      case 'memberAdmin':
        return {
          arn: `arn:${partition}:iam::${STACKSET_MEMBER_ACCOUNT}:role/account-administrator`,
          orgId: this.org.organizationId,
          overrides: allowAll('member administrator'),
        };
      case 'outsider':
        return {
          arn: `arn:${partition}:iam::${OTHER_ACCOUNT}:role/attacker`,
          orgId: OTHER_ORGANIZATION,
          overrides: allowAll('attacker'),
        };
      case 'archiveAdmin':
        return {
          arn: `arn:${partition}:iam::${this.archive.account}:role/account-administrator`,
          orgId: this.org.organizationId,
          overrides: allowAll('log archive administrator'),
        };
      case 'operator':
        return { arn: this.operatorArn(), orgId: this.org.organizationId, overrides: allowAll('operator') };
      case 'orgRole':
        return {
          arn: this.sim.assembly.arn(this.find(who.role)),
          orgId: this.org.organizationId,
          overrides: {},
        };
      case 'service':
        return { arn: who.service, overrides: {} };
    }
  }

  /** Resolves the request for the Org stage and decides it. */
  public async run(
    request: OrgAttackRequest,
  ): Promise<{ resolved: ResolvedRequest; outcome: SimulationOutcome }> {
    const { arn, orgId, overrides } = this.principal(request.who);
    const r = request.resource;
    const resource =
      'arn' in r
        ? this.fill(r.arn)
        : `${this.sim.assembly.arn(this.find(r.of))}${r.path ? `/${this.fill(r.path)}` : ''}`;
    const caller: Record<string, string> =
      request.who.kind === 'service'
        ? { 'aws:PrincipalIsAWSService': 'true' }
        : {
            'aws:PrincipalIsAWSService': 'false',
            'aws:PrincipalArn': arn,
            'aws:PrincipalAccount': arn.split(':')[4],
            ...(orgId ? { 'aws:PrincipalOrgID': orgId } : {}),
          };
    const regionOfResource = resource.split(':')[3] || this.homeRegion;
    const context = requestContext(caller, request.context, (t) => this.fill(t), regionOfResource);
    const outcome = await this.sim.simulate(
      { principal: arn, action: request.action, resource, context },
      overrides,
    );
    return {
      resolved: {
        persona: describeOrgPersona(request.who),
        principal: arn,
        action: request.action,
        resource,
        context,
      },
      outcome,
    };
  }

  /** Whether the entry applies to these templates (its `appliesIf` statement exists). */
  public applies(attack: OrgAttack): boolean {
    if (!attack.appliesIf) return true;
    const arn = this.sim.assembly.arn(this.find(attack.appliesIf.of));
    const policy = this.sim.resourcePolicyFor(arn, '*')?.policy;
    const statements = (Array.isArray(policy?.Statement) ? policy.Statement : [policy?.Statement]) as
      { Sid?: string }[] | undefined;
    return (statements ?? []).some((s) => s?.Sid === attack.appliesIf!.sid);
  }

  public async evaluate(attack: OrgAttack): Promise<OrgAttackResult> {
    if (!this.applies(attack)) return { attack, applicable: false, asExpected: false, passed: false };
    const { resolved: request, outcome } = await this.run(attack);
    const { resolved: twinRequest, outcome: twin } = await this.run(attack.twin);
    const asExpected = stoppedAsExpected(outcome, attack.expected);
    return {
      attack,
      applicable: true,
      request,
      outcome,
      twinRequest,
      twin,
      asExpected,
      passed: asExpected && twin.decision === 'Allowed',
    };
  }
}

/** An organization persona in words. */
export function describeOrgPersona(who: OrgPersona): string {
  switch (who.kind) {
    case 'memberAdmin':
      return `administrator of member account ${STACKSET_MEMBER_ACCOUNT}`;
    case 'outsider':
      return `account ${OTHER_ACCOUNT} outside the organization`;
    case 'archiveAdmin':
      return 'administrator of the log archive account';
    case 'operator':
      return 'named break-glass operator of the member account';
    case 'orgRole':
      return `role ${who.role}`;
    case 'service':
      return `service ${who.service}`;
  }
}
