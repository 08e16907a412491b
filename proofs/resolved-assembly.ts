/**
 * Resolves the CloudFormation intrinsics of a synthesized cloud assembly into concrete values, so tests can
 * evaluate the policies exactly as CloudFormation would deploy them: `Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::If`/conditions, `Fn::FindInMap`, `Fn::GetStackOutput` (outputs of
 * a named stack, in any region), `Fn::ImportValue` (exports of other stacks of the same account and region), CDK cross-region references (`Custom::CrossRegionExportReader`
 * attributes, read from the writer stack), and the pseudo parameters (`AWS::AccountId`, `AWS::Region`,
 * `AWS::Partition`, `AWS::URLSuffix`, `AWS::StackName`, `AWS::NoValue`) from each stack's environment in the
 * assembly manifest.
 *
 * Physical names: a resource's name property when the template sets one, otherwise a deterministic
 * `<stackName>-<logicalId>` (what CloudFormation generates is random; a test never depends on it). Ref and
 * Arn follow the CloudFormation resource reference ("Return values") of each type.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = unknown;
type CfnResource = {
  Type: string;
  Properties?: Record<string, Json>;
  Condition?: string;
  Metadata?: Record<string, Json>;
};
type CfnTemplate = {
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }>;
  Conditions?: Record<string, Json>;
  Mappings?: Record<string, Record<string, Record<string, Json>>>;
  Parameters?: Record<string, { Default?: Json }>;
};

/** One stack of the assembly with the environment it deploys to. */
export interface AssemblyStack {
  /** `Stage/Stack`, e.g. `Prod/Foundation`. */
  readonly displayName: string;
  /** CloudFormation stack name, e.g. `Prod-Foundation`. */
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly template: CfnTemplate;
}

/** A resource found in the assembly. */
export interface FoundResource {
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

interface ManifestArtifact {
  type: string;
  environment?: string;
  displayName?: string;
  properties?: { templateFile?: string; directoryName?: string; stackName?: string };
}

/**
 * Template metadata of an environment-agnostic template that a StackSet deploys: the regions it deploys to
 * (written by the member baseline stack, read here and by `npm run lint:templates`).
 */
export const DEPLOY_REGIONS_METADATA = 'SecurityBaseline::DeployRegions';

/**
 * The member account the proofs deploy a StackSet template into. config/organization.yaml names OUs, not the
 * accounts in them, so the proofs stand in this account (the AWS documentation's example account id) for any
 * account of the target OUs: the member template names no account of its own, and the policies admitting it
 * elsewhere (topic, key, bucket) must admit it through the organization (`aws:PrincipalOrgID`), never by id.
 */
export const STACKSET_MEMBER_ACCOUNT = '111122223333';

/** Display name of a StackSet instance of `displayName` in `region`, e.g. `Org/MemberBaseline@eu-west-1`. */
export const stackSetInstanceName = (displayName: string, region: string) => `${displayName}@${region}`;

/**
 * Every stack of the cloud assembly at `dir` (stage assemblies included), with account and region. A StackSet
 * template (environment-agnostic, with {@link DEPLOY_REGIONS_METADATA}) is loaded once per region it deploys
 * to, as the instance of {@link STACKSET_MEMBER_ACCOUNT} with its parameters' defaults, so its rules, roles and
 * policies are proven as deployed.
 */
export function loadAssemblyStacks(dir: string): AssemblyStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, ManifestArtifact>;
  };
  return Object.values(manifest.artifacts ?? {}).flatMap((a): AssemblyStack[] => {
    if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName) {
      return loadAssemblyStacks(path.join(dir, a.properties.directoryName));
    }
    if (a.type !== 'aws:cloudformation:stack' || !a.properties?.templateFile) return [];
    const env = /^aws:\/\/(\d{12})\/([a-z0-9-]+)$/.exec(a.environment ?? '');
    const template = JSON.parse(
      fs.readFileSync(path.join(dir, a.properties.templateFile), 'utf8'),
    ) as CfnTemplate & { Metadata?: Record<string, unknown> };
    const displayName = a.displayName ?? a.properties.templateFile;
    const stackName = a.properties.stackName ?? displayName.replace(/\//g, '-');
    const regions = template.Metadata?.[DEPLOY_REGIONS_METADATA];
    if (!env && Array.isArray(regions)) {
      return regions.map((region: string) => ({
        displayName: stackSetInstanceName(displayName, region),
        stackName: `${stackName}-${region}`,
        account: STACKSET_MEMBER_ACCOUNT,
        region,
        partition: partitionOf(region),
        template,
      }));
    }
    if (!env) {
      throw new Error(
        `${a.displayName}: environment '${a.environment}' is not concrete; every stack of this app names its account and region`,
      );
    }
    return [
      {
        displayName,
        stackName,
        account: env[1],
        region: env[2],
        partition: partitionOf(env[2]),
        template,
      },
    ];
  });
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function urlSuffixOf(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The property holding the physical name, per resource type. */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': 'PolicyName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::EventBus': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::CompositeAlarm': 'AlarmName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::CloudTrail::Trail': 'TrailName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
};

/** Types whose Ref is the ARN (the rest return the name, or the id for keys). */
const REF_IS_ARN = new Set([
  'AWS::SNS::Topic',
  'AWS::SecretsManager::Secret',
  'AWS::StepFunctions::StateMachine',
  'AWS::IAM::ManagedPolicy',
]);

/** The resolved view of a cloud assembly: physical names, ARNs, resolved properties and lookups by ARN. */
export class ResolvedAssembly {
  public readonly stacks: readonly AssemblyStack[];
  private readonly resolving = new Set<string>();
  private all?: FoundResource[];
  private arnIndex?: Map<string, FoundResource[]>;

  constructor(stacks: readonly AssemblyStack[]) {
    if (stacks.length === 0) throw new Error('ResolvedAssembly: the assembly has no stacks');
    this.stacks = stacks;
  }

  /** The stack `Stage/Stack`. */
  public stack(displayName: string): AssemblyStack {
    const found = this.stacks.find((s) => s.displayName === displayName);
    if (!found) {
      throw new Error(`no stack ${displayName}; have ${this.stacks.map((s) => s.displayName).join(', ')}`);
    }
    return found;
  }

  /** Every resource of `type` (all types if omitted), optionally only in the stacks matching `stacks`. */
  public resources(type?: string, stacks?: (s: AssemblyStack) => boolean): FoundResource[] {
    // A resource whose Condition is false is not deployed (a StackSet template's home-region resources).
    this.all ??= this.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, resource]) => !resource.Condition || this.condition(stack, resource.Condition))
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );
    return this.all.filter((r) => (!type || r.resource.Type === type) && (!stacks || stacks(r.stack)));
  }

  /** The resource `logicalId` of `stack`. */
  public resource(stack: AssemblyStack, logicalId: string): FoundResource {
    const resource = stack.template.Resources?.[logicalId];
    if (!resource) throw new Error(`${stack.displayName}: no resource ${logicalId}`);
    return { stack, logicalId, resource };
  }

  /** The resource's properties with every intrinsic resolved. */
  public properties(found: FoundResource): Record<string, unknown> {
    return (this.resolve(found.stack, found.resource.Properties ?? {}) ?? {}) as Record<string, unknown>;
  }

  /** A resolved property of a resource. */
  public property(found: FoundResource, name: string): unknown {
    return this.resolve(found.stack, found.resource.Properties?.[name]);
  }

  /** The physical name (or the generated stand-in) of a resource. */
  public physicalName(found: FoundResource): string {
    const prop = NAME_PROPERTY[found.resource.Type];
    const named = prop ? this.property(found, prop) : undefined;
    if (typeof named === 'string') return named;
    if (found.resource.Type === 'AWS::KMS::Key')
      return fakeUuid(`${found.stack.stackName}/${found.logicalId}`);
    const generated = `${found.stack.stackName}-${found.logicalId}`;
    return found.resource.Type === 'AWS::S3::Bucket' ? generated.toLowerCase().slice(0, 63) : generated;
  }

  /** What `Ref` returns for the resource. */
  public ref(found: FoundResource): string {
    const type = found.resource.Type;
    if (REF_IS_ARN.has(type)) return this.arn(found);
    if (type === 'AWS::SQS::Queue') {
      const { region, account, partition } = found.stack;
      return `https://sqs.${region}.${urlSuffixOf(partition)}/${account}/${this.physicalName(found)}`;
    }
    return this.physicalName(found);
  }

  /** The ARN of a resource (CloudFormation `Fn::GetAtt [id, Arn]`). */
  public arn(found: FoundResource): string {
    const { account, region, partition } = found.stack;
    const name = this.physicalName(found);
    const type = found.resource.Type;
    const pathOf = (): string => {
      const p = this.property(found, 'Path');
      return typeof p === 'string' ? p : '/';
    };
    switch (type) {
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${name}`;
      case 'AWS::SQS::Queue':
        return `arn:${partition}:sqs:${region}:${account}:${name}`;
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${name}`;
      case 'AWS::IAM::Role':
        return `arn:${partition}:iam::${account}:role${pathOf()}${name}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${partition}:iam::${account}:policy${pathOf()}${name}`;
      case 'AWS::Lambda::Function':
        return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
      case 'AWS::Events::Rule': {
        const bus = this.property(found, 'EventBusName');
        const onBus = typeof bus === 'string' && bus !== 'default' ? `${bus.split('/').pop()}/` : '';
        return `arn:${partition}:events:${region}:${account}:rule/${onBus}${name}`;
      }
      case 'AWS::Events::EventBus':
        return `arn:${partition}:events:${region}:${account}:event-bus/${name}`;
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::CloudWatch::CompositeAlarm':
        return `arn:${partition}:cloudwatch:${region}:${account}:alarm:${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:${partition}:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::KMS::Key':
        return `arn:${partition}:kms:${region}:${account}:key/${name}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:${partition}:states:${region}:${account}:stateMachine:${name}`;
      case 'AWS::CloudTrail::Trail':
        return `arn:${partition}:cloudtrail:${region}:${account}:trail/${name}`;
      case 'AWS::Backup::BackupVault':
        return `arn:${partition}:backup:${region}:${account}:backup-vault:${name}`;
      default: {
        const [, service, kind] = type.split('::');
        return `arn:${partition}:${(service ?? 'unknown').toLowerCase()}:${region}:${account}:${(kind ?? 'resource').toLowerCase()}/${name}`;
      }
    }
  }

  /** The resource whose ARN (or Ref) is `arnOrRef`, if the assembly has one. */
  public findByArn(arnOrRef: string, type?: string): FoundResource | undefined {
    return this.byArn()
      .get(arnOrRef)
      ?.find((r) => !type || r.resource.Type === type);
  }

  /** ARN and Ref of every resource, computed once (the policies are looked up by ARN for every request). */
  private byArn(): Map<string, FoundResource[]> {
    if (this.arnIndex) return this.arnIndex;
    const index = new Map<string, FoundResource[]>();
    for (const r of this.resources()) {
      let keys: string[];
      try {
        keys = [...new Set([this.arn(r), this.ref(r)])];
      } catch {
        continue;
      }
      for (const k of keys) index.set(k, [...(index.get(k) ?? []), r]);
    }
    this.arnIndex = index;
    return index;
  }

  /** Resolves every intrinsic in `value` as CloudFormation would in `stack`. */
  public resolve(stack: AssemblyStack, value: Json): unknown {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolve(stack, v)).filter((v) => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, Json>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0];
      const resolved = this.intrinsic(stack, fn, arg);
      if (resolved !== NOT_INTRINSIC) return resolved;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const r = this.resolve(stack, v);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private intrinsic(stack: AssemblyStack, fn: string, arg: Json): unknown {
    switch (fn) {
      case 'Ref':
        return this.refOf(stack, String(arg));
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
        return this.getAtt(stack, String(id), String(this.resolve(stack, attr)));
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, Json[]];
        const list = this.resolve(stack, parts) as unknown[];
        return list.map((p) => this.scalar(stack, p, fn)).join(sep);
      }
      case 'Fn::Sub': {
        const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const resolvedVars = this.resolve(stack, vars) as Record<string, unknown>;
        return String(template).replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in resolvedVars) return this.scalar(stack, resolvedVars[name], fn);
          const [id, attr] = name.split(/\.(.+)/);
          return this.scalar(stack, attr ? this.getAtt(stack, id, attr) : this.refOf(stack, id), fn);
        });
      }
      case 'Fn::Select': {
        const [index, list] = arg as [Json, Json];
        const items = this.resolve(stack, list) as unknown[];
        return items[Number(this.resolve(stack, index))];
      }
      case 'Fn::Split': {
        const [sep, source] = arg as [string, Json];
        return String(this.resolve(stack, source)).split(sep);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = arg as [string, Json, Json];
        return this.resolve(stack, this.condition(stack, condition) ? whenTrue : whenFalse);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as Json[]).map((a) => this.resolve(stack, a)) as string[];
        return this.resolve(stack, stack.template.Mappings?.[map]?.[top]?.[second]);
      }
      case 'Fn::ImportValue':
        return this.importValue(stack, String(this.resolve(stack, arg)));
      case 'Fn::GetStackOutput':
        return this.stackOutput(stack, this.resolve(stack, arg) as Record<string, string>);
      case 'Fn::Base64':
        return this.resolve(stack, arg);
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((az) => `${stack.region}${az}`);
      case 'Fn::Equals':
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Condition':
        return this.evaluateCondition(stack, { [fn]: arg });
      default:
        return NOT_INTRINSIC;
    }
  }

  private scalar(stack: AssemblyStack, value: unknown, fn: string): string {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    throw new Error(`${stack.displayName}: ${fn} cannot use the non-scalar value ${JSON.stringify(value)}`);
  }

  private condition(stack: AssemblyStack, name: string): boolean {
    const def = stack.template.Conditions?.[name];
    if (def === undefined) throw new Error(`${stack.displayName}: no condition ${name}`);
    return this.evaluateCondition(stack, def);
  }

  private evaluateCondition(stack: AssemblyStack, def: Json): boolean {
    const [[fn, arg]] = Object.entries(def as Record<string, Json>);
    const args = arg as Json[];
    switch (fn) {
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(stack, args[0])) === JSON.stringify(this.resolve(stack, args[1]));
      case 'Fn::Not':
        return !this.evaluateCondition(stack, args[0]);
      case 'Fn::And':
        return args.every((a) => this.evaluateCondition(stack, a));
      case 'Fn::Or':
        return args.some((a) => this.evaluateCondition(stack, a));
      case 'Condition':
        return this.condition(stack, String(arg));
      default:
        throw new Error(`${stack.displayName}: unsupported condition function ${fn}`);
    }
  }

  private refOf(stack: AssemblyStack, name: string): unknown {
    switch (name) {
      case 'AWS::AccountId':
        return stack.account;
      case 'AWS::Region':
        return stack.region;
      case 'AWS::Partition':
        return stack.partition;
      case 'AWS::URLSuffix':
        return urlSuffixOf(stack.partition);
      case 'AWS::StackName':
        return stack.stackName;
      case 'AWS::StackId':
        return `arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:stack/${stack.stackName}/${fakeUuid(stack.stackName)}`;
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return [];
    }
    const parameter = stack.template.Parameters?.[name];
    if (parameter) {
      // CDK bootstrap/asset parameters: their default, else a stand-in naming the parameter.
      return parameter.Default ?? `{{parameter ${name}}}`;
    }
    return this.guarded(stack, `Ref ${name}`, () => this.ref(this.resource(stack, name)));
  }

  private getAtt(stack: AssemblyStack, logicalId: string, attr: string): unknown {
    const found = this.resource(stack, logicalId);
    const type = found.resource.Type;
    if (type === 'Custom::CrossRegionExportReader') return this.crossRegionExport(stack, attr);
    return this.guarded(stack, `GetAtt ${logicalId}.${attr}`, () => {
      switch (attr) {
        case 'Arn':
        case 'TopicArn':
        case 'StackArn':
          return this.arn(found);
        case 'TopicName':
        case 'QueueName':
        case 'Name':
          return this.physicalName(found);
        case 'QueueUrl':
          return this.ref(found);
        case 'KeyId':
          return this.physicalName(found);
        case 'RoleId':
          return `AROA${fakeUuid(this.arn(found)).replace(/-/g, '').slice(0, 17).toUpperCase()}`;
        default:
          return `{{${found.stack.stackName}.${logicalId}.${attr}}}`;
      }
    });
  }

  private importValue(stack: AssemblyStack, exportName: string): unknown {
    for (const other of this.stacks) {
      if (other.account !== stack.account || other.region !== stack.region) continue;
      for (const output of Object.values(other.template.Outputs ?? {})) {
        if (output.Export && this.resolve(other, output.Export.Name) === exportName) {
          return this.resolve(other, output.Value);
        }
      }
    }
    throw new Error(
      `${stack.displayName}: no stack in ${stack.account}/${stack.region} exports '${exportName}'`,
    );
  }

  /** `Fn::GetStackOutput` (what aws-cdk-lib writes for references between stacks): an output of a named stack. */
  private stackOutput(stack: AssemblyStack, ref: Record<string, string>): unknown {
    const { StackName: name, OutputName: output } = ref;
    const region = ref['Region'] ?? stack.region;
    const account = ref['RoleArn']?.split(':')[4] ?? stack.account;
    const owner = this.stacks.find(
      (s) => s.stackName === name && s.region === region && s.account === account,
    );
    const value = owner?.template.Outputs?.[output]?.Value;
    if (!owner || value === undefined) {
      throw new Error(`${stack.displayName}: no output ${output} of stack ${name} in ${account}/${region}`);
    }
    return this.resolve(owner, value);
  }

  /** CDK cross-region references: the reader's attribute names an export the writer stack of the same account holds. */
  private crossRegionExport(stack: AssemblyStack, exportName: string): unknown {
    for (const writer of this.resources('Custom::CrossRegionExportWriter')) {
      if (writer.stack.account !== stack.account) continue;
      const exports = (writer.resource.Properties?.['WriterProps'] as { exports?: Record<string, Json> })
        ?.exports;
      if (exports && exportName in exports) return this.resolve(writer.stack, exports[exportName]);
    }
    throw new Error(`${stack.displayName}: no CrossRegionExportWriter holds '${exportName}'`);
  }

  private guarded<T>(stack: AssemblyStack, what: string, fn: () => T): T {
    const key = `${stack.displayName}|${what}`;
    if (this.resolving.has(key))
      throw new Error(`${stack.displayName}: circular reference resolving ${what}`);
    this.resolving.add(key);
    try {
      return fn();
    } finally {
      this.resolving.delete(key);
    }
  }
}

const NO_VALUE = Symbol('AWS::NoValue');
const NOT_INTRINSIC = Symbol('not an intrinsic');

/** A stable UUID-shaped id, so KMS key ids and stack ids are the same on every run. */
function fakeUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
