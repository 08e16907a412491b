import * as path from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MANAGED_CONFIG_RULES } from '../../../constructs/detection/config-managed-rules';
import { MAX_MEMBER_CONFIG_RULES } from '../../../lib/config/organization';
import { validateOrganization } from '../../../lib/config/load';
import { ManagementRegionalStack } from '../../../lib/stacks/org/management-regional-stack';
import { MemberBaselineStack } from '../../../lib/stacks/org/member-baseline-stack';
import { SecurityToolingStack } from '../../../lib/stacks/org/security-tooling-stack';
import { stackTemplateFiles } from '../../../scripts/lint-templates';
import { memberTemplateBody } from '../../../lib/stacks/org/management-stack';
import {
  exampleOrganization,
  generatedOrganization,
  type OrgStack,
  organizationConfig,
  sha256,
  synthOrganization,
} from '../../support/org-assembly';
import { parseJoinedJson } from '../../support/joined-json';

/** Per-account, per-region singletons a member account may already have (Control Tower, its own baseline). */
const MEMBER_SINGLETON_TYPES = [
  'AWS::GuardDuty::Detector',
  'AWS::SecurityHub::Hub',
  'AWS::SecurityHub::Standard',
  'AWS::Macie::Session',
  'AWS::Detective::Graph',
  'AWS::CloudTrail::Trail',
  'AWS::AccessAnalyzer::Analyzer',
  'AWS::Config::ConfigurationAggregator',
];

const resourcesOf = (s: OrgStack, type: string) =>
  Object.entries(s.template.Resources).filter(([, r]) => r.Type === type);

/** Resolves the pseudo parameters and Fn::Join the org policies use (partition only: they name no account). */
function resolvePartition(value: unknown): any {
  if (Array.isArray(value)) return value.map(resolvePartition);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.Ref === 'AWS::Partition') return 'aws';
    if (o['Fn::Join']) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(resolvePartition).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolvePartition(v)]));
  }
  return value;
}

/** The SDK commands of a Custom::AccountGuardrail's Calls (a JSON string, or a Fn::Join around the account id). */
function guardrailCommands(calls: unknown): string[] {
  return (parseJoinedJson(calls) as { command: string }[]).map((c) => c.command);
}

let stacks: OrgStack[];
let member: OrgStack;
let management: OrgStack;
beforeAll(() => {
  stacks = synthOrganization(organizationConfig(exampleOrganization()));
  member = stacks.find((s) => s.name === 'Org/MemberBaseline')!;
  management = stacks.find((s) => s.name === 'Org/Management')!;
});

describe('member template (the StackSet deploys it into every account of the target OUs)', () => {
  test('holds no per-account singleton: no detector, hub, standard, Macie session, graph, trail, analyzer', () => {
    const types = new Set(Object.values(member.template.Resources).map((r) => r.Type));
    expect(types.size).toBeGreaterThan(0);
    expect(MEMBER_SINGLETON_TYPES.filter((t) => types.has(t))).toEqual([]);
  });

  test('creates the Config recorder only where CreateConfigRecorder is true', () => {
    const recorders = resourcesOf(member, 'AWS::Config::ConfigurationRecorder');
    expect(recorders).toHaveLength(1);
    expect(recorders[0][1].Condition).toBe('CreateRecorder');
    expect(member.template.Conditions.CreateRecorder).toEqual({
      'Fn::Equals': [{ Ref: 'CreateConfigRecorder' }, 'true'],
    });
    expect(member.template.Parameters.CreateConfigRecorder.Default).toBe('false');
  });

  test("delivers Config to the log archive account's Config bucket, which has no Object Lock (Config cannot deliver to one)", () => {
    const [[, channel]] = resourcesOf(member, 'AWS::Config::DeliveryChannel');
    const logArchive = stacks.find((s) => s.name === 'Org/LogArchive')!;
    const buckets = resourcesOf(logArchive, 'AWS::S3::Bucket');
    const target = buckets.filter(([, b]) => b.Properties.BucketName === channel.Properties.S3BucketName);
    expect(target.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['ConfigBucket']);
    expect(target[0][1].Properties.ObjectLockEnabled).toBeUndefined();
    // The organization archive keeps its Object Lock for the trail and flow logs, and grants Config nothing.
    const [[archiveId, archive]] = buckets.filter(([id]) => id.startsWith('ArchiveBucket'));
    expect(archive.Properties.ObjectLockEnabled).toBe(true);
    const archivePolicy = resourcesOf(logArchive, 'AWS::S3::BucketPolicy').find(
      ([, p]) => p.Properties.Bucket.Ref === archiveId,
    )![1];
    expect(JSON.stringify(archivePolicy.Properties.PolicyDocument)).not.toContain('config.amazonaws.com');
  });

  test('has no asset: the guardrails function is inline code and the template names no bootstrap bucket', () => {
    const functions = resourcesOf(member, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [, f] of functions) expect(Object.keys(f.Properties.Code)).toEqual(['ZipFile']);
    expect(JSON.stringify(member.template)).not.toMatch(/cdk-hnb659fds-assets|BootstrapVersion/);
    expect(member.artifact.assets).toEqual([]);
  });

  test('account-wide resources exist in the home region only; the forwarder in us-east-1 only', () => {
    const byLogicalIdPrefix = (prefix: string) =>
      Object.entries(member.template.Resources).filter(([id]) => id.startsWith(prefix));
    const boundary = resourcesOf(member, 'AWS::IAM::ManagedPolicy').filter(
      ([, r]) => r.Properties.ManagedPolicyName === 'security-baseline-member-boundary',
    );
    expect(boundary.map(([, r]) => [r.Properties.ManagedPolicyName, r.Condition])).toEqual([
      ['security-baseline-member-boundary', 'IsHomeRegion'],
    ]);
    const breakGlass = byLogicalIdPrefix('BreakGlass').filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(breakGlass.map(([, r]) => r.Condition)).toEqual(['IsHomeRegion']);
    expect(member.template.Conditions.IsHomeRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'],
    });
    const forwarder = byLogicalIdPrefix('SignInEvents').filter(([, r]) => r.Type === 'AWS::Events::Rule');
    expect(forwarder.map(([, r]) => r.Condition)).toEqual(['IsUsEast1']);
    // IAM names are global to the account: a role or policy named alike in every region's instance would collide
    // (the second region's instance fails). Every literally named IAM resource is created in one region.
    const namedIam = Object.values(member.template.Resources)
      .filter((r) => r.Type.startsWith('AWS::IAM::'))
      .map((r) => [r.Properties.RoleName ?? r.Properties.ManagedPolicyName, r.Condition])
      .filter(([name]) => typeof name === 'string')
      .sort();
    expect(namedIam).toEqual([
      ['security-baseline-break-glass', 'IsHomeRegion'],
      ['security-baseline-member-boundary', 'IsHomeRegion'],
      ['security-baseline-org-notify', 'IsHomeRegion'],
    ]);
    // The account settings (IAM password policy, S3 account Block Public Access) are set once, by the home
    // region's instance; EBS encryption by default and IMDSv2 are per-region settings, set in every region.
    const guardrails = resourcesOf(member, 'Custom::AccountGuardrail').map(([, r]) => [
      r.Condition ?? 'every region',
      guardrailCommands(r.Properties.Calls),
    ]);
    expect(guardrails).toEqual([
      ['IsHomeRegion', ['UpdateAccountPasswordPolicy', 'PutPublicAccessBlock']],
      ['every region', ['EnableEbsEncryptionByDefault', 'ModifyInstanceMetadataDefaults']],
    ]);
  });

  test('is what the StackSet deploys: its TemplateBody is the synthesized member template without metadata', () => {
    const [, stackSet] = resourcesOf(management, 'AWS::CloudFormation::StackSet')[0];
    const body = JSON.parse(stackSet.Properties.TemplateBody);
    const expected = JSON.parse(JSON.stringify(member.template));
    for (const r of Object.values<any>(expected.Resources)) delete r.Metadata;
    expect(body).toEqual(expected);
    // CloudFormation TemplateBody limit: 51,200 bytes.
    expect(Buffer.byteLength(stackSet.Properties.TemplateBody)).toBeLessThan(51_200);
    expect(typeof memberTemplateBody).toBe('function');
  });
});

describe('cfn-lint coverage', () => {
  test('npm run lint:templates lints the member template in every governed region, each org stack in its own', () => {
    const files = stackTemplateFiles(path.dirname(member.artifact.assembly.directory));
    expect(files.filter((f) => f.displayName.startsWith('Org/MemberBaseline')).map((f) => f.region)).toEqual([
      'eu-west-1',
      'eu-central-1',
      'us-east-1',
    ]);
    expect(files).toHaveLength(stacks.length - 1 + 3);
  });
});

describe('member StackSet', () => {
  test('is service-managed from the management account (no CallAs), auto-deployed to the target OUs in every governed region, minus the exclusion', () => {
    const sets = resourcesOf(management, 'AWS::CloudFormation::StackSet');
    expect(sets).toHaveLength(1);
    const p = sets[0][1].Properties;
    expect(p.PermissionModel).toBe('SERVICE_MANAGED');
    expect(p.CallAs).toBeUndefined();
    expect(p.AutoDeployment).toEqual({ Enabled: true, RetainStacksOnAccountRemoval: false });
    expect(p.OperationPreferences.RegionOrder).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(p.StackInstancesGroup).toEqual([
      {
        Regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
        DeploymentTargets: {
          OrganizationalUnitIds: ['ou-ab12-prod0001'],
          AccountFilterType: 'DIFFERENCE',
          Accounts: ['300000000099'],
        },
        ParameterOverrides: [{ ParameterKey: 'Profile', ParameterValue: 'production' }],
      },
      {
        Regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
        DeploymentTargets: {
          OrganizationalUnitIds: ['ou-ab12-sandbox01'],
          AccountFilterType: 'DIFFERENCE',
          Accounts: ['300000000099'],
        },
        ParameterOverrides: [{ ParameterKey: 'Profile', ParameterValue: 'sandbox' }],
      },
    ]);
  });
});

describe('org-level singletons', () => {
  /** (account, region) of every resource of `type` (and matching `where`), sorted. */
  const placements = (type: string, where: (r: any) => boolean = () => true) =>
    stacks
      .flatMap((s) =>
        resourcesOf(s, type)
          .filter(([, r]) => where(r))
          .map(() => `${s.account}/${s.region}`),
      )
      .sort();
  const regions = ['eu-central-1', 'eu-west-1', 'us-east-1'];
  const security = '300000000002';
  const mgmt = '300000000001';
  const setting = (action: string, service: string) => (r: any) =>
    r.Properties.Action === action && r.Properties.Service === service;

  test.each([
    ['GuardDuty auto-enable', 'Custom::OrgServiceSetting', setting('AutoEnable', 'guardduty'), security],
    ['Inspector auto-enable', 'Custom::OrgServiceSetting', setting('AutoEnable', 'inspector'), security],
    ['Macie auto-enable', 'Custom::OrgServiceSetting', setting('AutoEnable', 'macie'), security],
    [
      'Detective auto-enable of the organization behavior graph',
      'Custom::OrgServiceSetting',
      setting('AutoEnable', 'detective'),
      security,
    ],
    [
      'organization Access Analyzer',
      'AWS::AccessAnalyzer::Analyzer',
      (r: any) => r.Properties.Type === 'ORGANIZATION',
      security,
    ],
    ['GuardDuty delegated admin', 'Custom::OrgServiceSetting', setting('RegisterAdmin', 'guardduty'), mgmt],
    ['Inspector delegated admin', 'Custom::OrgServiceSetting', setting('RegisterAdmin', 'inspector'), mgmt],
    ['Detective delegated admin', 'AWS::Detective::OrganizationAdmin', () => true, mgmt],
  ])('%s: exactly once in every governed region', (_, type, where, account) => {
    expect(placements(type, where)).toEqual(regions.map((r) => `${account}/${r}`));
  });

  test.each([
    [
      'Security Hub organization configuration (CENTRAL)',
      'AWS::SecurityHub::OrganizationConfiguration',
      security,
    ],
    ['Security Hub finding aggregator', 'AWS::SecurityHub::FindingAggregator', security],
    ['member StackSet', 'AWS::CloudFormation::StackSet', mgmt],
  ])('%s: exactly once, in the home region', (_, type, account) => {
    expect(placements(type)).toEqual([`${account}/eu-west-1`]);
  });

  test('Security Hub: one configuration policy per profile, one association per target OU, the excluded account self-managed', () => {
    const home = stacks.find((s) => s.name === 'Org/Security-eu-west-1')!;
    expect(
      resourcesOf(home, 'AWS::SecurityHub::ConfigurationPolicy')
        .map(([, r]) => r.Properties.Name)
        .sort(),
    ).toEqual(['security-baseline-production', 'security-baseline-sandbox']);
    // A policy of the stack is referenced by its Id attribute: name it by the policy's Name, so the test shows
    // which profile each OU gets (config/organization.yaml targets: prod OU -> production, sandbox -> sandbox).
    const policyNames = Object.fromEntries(
      resourcesOf(home, 'AWS::SecurityHub::ConfigurationPolicy').map(([id, r]) => [id, r.Properties.Name]),
    );
    const policyOf = (id: unknown) => {
      if (typeof id === 'string') return id;
      const [logicalId, attribute] = (id as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(attribute).toBe('Id');
      return policyNames[logicalId] ?? `unknown ${logicalId}`;
    };
    const associations = resourcesOf(home, 'AWS::SecurityHub::PolicyAssociation').map(([, r]) => [
      r.Properties.TargetId,
      r.Properties.TargetType,
      policyOf(r.Properties.ConfigurationPolicyId),
    ]);
    expect(associations).toEqual([
      ['ou-ab12-prod0001', 'ORGANIZATIONAL_UNIT', 'security-baseline-production'],
      ['ou-ab12-sandbox01', 'ORGANIZATIONAL_UNIT', 'security-baseline-sandbox'],
      ['300000000099', 'ACCOUNT', 'SELF_MANAGED_SECURITY_HUB'],
    ]);
  });
});

describe('Control Tower ownership', () => {
  test('what Control Tower owns is not created: no trail, no recorder outside the parameter, no aggregator, adopted Security Hub admin not registered', () => {
    expect(stacks.flatMap((s) => resourcesOf(s, 'AWS::CloudTrail::Trail'))).toEqual([]);
    expect(stacks.flatMap((s) => resourcesOf(s, 'AWS::Config::ConfigurationAggregator'))).toEqual([]);
    expect(
      stacks.flatMap((s) => resourcesOf(s, 'AWS::Config::ConfigurationRecorder')).map(([, r]) => r.Condition),
    ).toEqual(['CreateRecorder']);
    // existingDelegatedAdmins.securityhub: adopted, so not registered again.
    expect(stacks.flatMap((s) => resourcesOf(s, 'AWS::SecurityHub::DelegatedAdmin'))).toEqual([]);
  });

  test('twin: without Control Tower the organization trail is created once, in the management account home region', () => {
    const raw = exampleOrganization();
    raw.controlTower = { enabled: false };
    delete raw.existingDelegatedAdmins;
    const own = synthOrganization(organizationConfig(raw));
    const trails = own.flatMap((s) =>
      resourcesOf(s, 'AWS::CloudTrail::Trail').map(([, r]) => ({
        at: `${s.account}/${s.region}`,
        p: r.Properties,
      })),
    );
    expect(
      trails.map((t) => [t.at, t.p.IsOrganizationTrail, t.p.IsMultiRegionTrail, t.p.S3BucketName]),
    ).toEqual([['300000000001/eu-west-1', true, true, 'security-baseline-org-logs-300000000003-eu-west-1']]);
    expect(own.flatMap((s) => resourcesOf(s, 'AWS::SecurityHub::DelegatedAdmin'))).toHaveLength(3);
  });
});

describe('SCP protecting the baseline (evaluated with iam-simulate)', () => {
  const scp = () => {
    const [, policy] = resourcesOf(management, 'AWS::Organizations::Policy').find(
      ([, r]) => r.Properties.Type === 'SERVICE_CONTROL_POLICY',
    )!;
    expect(policy.Properties.TargetIds).toEqual(['ou-ab12-prod0001', 'ou-ab12-sandbox01']);
    return resolvePartition(policy.Properties.Content);
  };
  const decide = async (principal: string, action: string, resource: string) => {
    const response = await runSimulation(
      {
        request: {
          principal,
          action,
          resource: { resource, accountId: '300000000050' },
          contextVariables: { 'aws:PrincipalArn': principal }, // AWS sets it on every request
        },
        identityPolicies: [
          {
            name: 'admin',
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          },
        ],
        serviceControlPolicies: [
          {
            orgIdentifier: 'ou-ab12-prod0001',
            policies: [
              {
                name: 'FullAWSAccess',
                policy: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
                },
              },
              { name: 'baseline', policy: scp() },
            ],
          },
        ],
        resourceControlPolicies: [],
      },
      {},
    );
    if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
    return response.overallResult;
  };
  /** ARN in the aws partition of member account 300000000050. */
  const arn = (service: string, region: string, resource: string) =>
    ['arn', 'aws', service, region, '300000000050', resource].join(':');
  const admin = arn('iam', '', 'role/WorkloadAdmin');
  const stackSetExec = arn('iam', '', 'role/stacksets-exec-0123456789abcdef');
  const breakGlass = arn('iam', '', 'role/security-baseline-break-glass');

  test('an administrator of a member account cannot change the trust policy of the break-glass role', async () => {
    expect(await decide(admin, 'iam:UpdateAssumeRolePolicy', breakGlass)).toBe('ExplicitlyDenied');
  });

  test('twin: the StackSet execution role can (it deploys the role)', async () => {
    expect(await decide(stackSetExec, 'iam:UpdateAssumeRolePolicy', breakGlass)).toBe('Allowed');
  });

  test('an administrator of a member account cannot delete the publisher role that carries break-glass alerts to the organization topic', async () => {
    const publisher = arn('iam', '', 'role/security-baseline-org-notify');
    expect(await decide(admin, 'iam:DeleteRole', publisher)).toBe('ExplicitlyDenied');
    expect(await decide(admin, 'iam:DetachRolePolicy', publisher)).toBe('ExplicitlyDenied');
    expect(await decide(stackSetExec, 'iam:DeleteRole', publisher)).toBe('Allowed');
  });

  test('twin: the administrator can still change a workload role', async () => {
    expect(await decide(admin, 'iam:UpdateAssumeRolePolicy', arn('iam', '', 'role/app'))).toBe('Allowed');
  });

  test('a member administrator cannot delete the GuardDuty detector (twin: can read it)', async () => {
    expect(
      await decide(admin, 'guardduty:DeleteDetector', arn('guardduty', 'eu-west-1', 'detector/abc')),
    ).toBe('ExplicitlyDenied');
    expect(await decide(admin, 'guardduty:GetDetector', arn('guardduty', 'eu-west-1', 'detector/abc'))).toBe(
      'Allowed',
    );
  });
});

/** What CloudFormation resolves in the member template for one stack instance (parameters and region). */
interface InstanceEnv {
  readonly Profile: string;
  readonly CreateConfigRecorder: string;
  readonly region: string;
}

/** Evaluates the condition functions and Fn::If/Fn::Join of the member template; a resource Ref stays `{Ref}`. */
function evaluate(template: any, expr: any, env: InstanceEnv): any {
  if (expr === null || typeof expr !== 'object') return expr;
  if (Array.isArray(expr)) return expr.map((e) => evaluate(template, e, env));
  if ('Ref' in expr) {
    if (expr.Ref === 'AWS::Region') return env.region;
    if (expr.Ref in template.Parameters) return (env as any)[expr.Ref];
    return expr;
  }
  if ('Condition' in expr) return evaluate(template, template.Conditions[expr.Condition], env);
  if ('Fn::Equals' in expr) {
    const [a, b] = evaluate(template, expr['Fn::Equals'], env);
    return a === b;
  }
  if ('Fn::Or' in expr) return evaluate(template, expr['Fn::Or'], env).some(Boolean);
  if ('Fn::And' in expr) return evaluate(template, expr['Fn::And'], env).every(Boolean);
  if ('Fn::Not' in expr) return !evaluate(template, expr['Fn::Not'], env)[0];
  if ('Fn::If' in expr) {
    const [name, yes, no] = expr['Fn::If'];
    return evaluate(template, evaluate(template, template.Conditions[name], env) ? yes : no, env);
  }
  if ('Fn::Join' in expr) {
    const [sep, parts] = expr['Fn::Join'];
    const resolved = evaluate(template, parts, env);
    return resolved.some((p: any) => typeof p === 'object')
      ? { 'Fn::Join': [sep, resolved] }
      : resolved.join(sep);
  }
  return Object.fromEntries(Object.entries(expr).map(([k, v]) => [k, evaluate(template, v, env)]));
}

describe('Config rules per profile (member StackSet, Profile parameter per target OU)', () => {
  const raw = exampleOrganization() as any;
  const home = 'eu-west-1';
  /** The Config rules a stack instance creates: the member template's rules whose condition holds. */
  const deployed = (env: InstanceEnv) => {
    const rules = resourcesOf(member, 'AWS::Config::ConfigRule');
    expect(rules.length).toBeGreaterThan(0);
    return rules
      .filter(([, r]) => evaluate(member.template, { Condition: r.Condition }, env))
      .map(([id, r]): any => ({ id, ...evaluate(member.template, r.Properties, env) }));
  };
  const identifiers = (env: InstanceEnv) =>
    deployed(env)
      .map((r) => r.Source.SourceIdentifier)
      .sort();
  /** From config/organization.yaml and the managed rule catalog (not from the stack's own translation). */
  const expected = (profile: string, region: string) =>
    (raw.profiles[profile].configRules as { rule: keyof typeof MANAGED_CONFIG_RULES }[])
      .map((r) => MANAGED_CONFIG_RULES[r.rule])
      .filter((spec) => region === home || !spec.accountWide)
      .map((spec) => spec.identifier)
      .sort();
  const groups = () =>
    resourcesOf(management, 'AWS::CloudFormation::StackSet')[0][1].Properties.StackInstancesGroup as any[];
  const profileOf = (group: any) =>
    group.ParameterOverrides.find((p: any) => p.ParameterKey === 'Profile').ParameterValue as string;

  test('each target OU is deployed with its own profile, minus the excluded account; instances without a target get none', () => {
    const [, set] = resourcesOf(management, 'AWS::CloudFormation::StackSet')[0];
    expect(set.Properties.Parameters).toContainEqual({ ParameterKey: 'Profile', ParameterValue: 'none' });
    expect(
      groups().map((g) => [
        g.DeploymentTargets.OrganizationalUnitIds,
        profileOf(g),
        g.DeploymentTargets.AccountFilterType,
        g.DeploymentTargets.Accounts,
      ]),
    ).toEqual(
      raw.targets.map((t: any) => [
        [t.ou],
        t.profile,
        'DIFFERENCE',
        raw.exclusions.map((e: any) => e.account),
      ]),
    );
  });

  test("each OU's accounts get exactly its profile's rules: account-wide ones in the home region, the others in every region", () => {
    let checked = 0;
    for (const g of groups()) {
      for (const region of g.Regions as string[]) {
        const env = { Profile: profileOf(g), CreateConfigRecorder: 'false', region };
        expect(identifiers(env)).toEqual(expected(profileOf(g), region));
        checked++;
      }
    }
    expect(checked).toBe(6);
  });

  test('specific rules: production has RDS encryption and SSH in every region, the password policy only in the home region; sandbox has no RDS rule', () => {
    const prodCentral = identifiers({
      Profile: 'production',
      CreateConfigRecorder: 'false',
      region: 'eu-central-1',
    });
    expect(prodCentral).toEqual(expect.arrayContaining(['INCOMING_SSH_DISABLED', 'RDS_STORAGE_ENCRYPTED']));
    expect(prodCentral).not.toContain('IAM_PASSWORD_POLICY');
    expect(identifiers({ Profile: 'production', CreateConfigRecorder: 'false', region: home })).toContain(
      'IAM_PASSWORD_POLICY',
    );
    expect(identifiers({ Profile: 'sandbox', CreateConfigRecorder: 'false', region: home })).not.toContain(
      'RDS_STORAGE_ENCRYPTED',
    );
  });

  test("a rule's parameters are the profile's own: production's password policy has its values, sandbox's the rule defaults", () => {
    const passwordRule = (Profile: string) =>
      deployed({ Profile, CreateConfigRecorder: 'false', region: home }).filter(
        (r) => r.Source.SourceIdentifier === 'IAM_PASSWORD_POLICY',
      );
    const [prod] = passwordRule('production');
    expect(prod.InputParameters).toEqual({
      MinimumPasswordLength: '14',
      PasswordReusePrevention: '24',
      MaxPasswordAge: '90',
    });
    const sandbox = passwordRule('sandbox');
    expect(sandbox).toHaveLength(1);
    expect(sandbox[0].InputParameters).toBeUndefined();
    expect(sandbox[0].ConfigRuleName).not.toBe(prod.ConfigRuleName);
  });

  test('twin: an instance with no profile (the StackSet default) creates no rule', () => {
    for (const region of ['eu-west-1', 'eu-central-1', 'us-east-1'])
      expect(identifiers({ Profile: 'none', CreateConfigRecorder: 'false', region })).toEqual([]);
  });

  test('rule names are unique in every instance (one rule name per account and region)', () => {
    for (const Profile of ['production', 'sandbox'])
      for (const region of ['eu-west-1', 'us-east-1']) {
        const names = deployed({ Profile, CreateConfigRecorder: 'true', region }).map(
          (r) => r.ConfigRuleName,
        );
        expect(names.length).toBeGreaterThan(1);
        expect(new Set(names).size).toBe(names.length);
      }
  });

  test('where the template creates the recorder, every rule waits for its delivery channel; elsewhere none refers to it', () => {
    const refersToChannel = (r: any) =>
      JSON.stringify(r.Description).includes('"Ref":"ConfigDeliveryChannel"');
    const withRecorder = deployed({ Profile: 'production', CreateConfigRecorder: 'true', region: home });
    expect(withRecorder.length).toBeGreaterThan(0);
    expect(withRecorder.filter((r) => !refersToChannel(r))).toEqual([]);
    const without = deployed({ Profile: 'production', CreateConfigRecorder: 'false', region: home });
    expect(without.filter(refersToChannel)).toEqual([]);
    expect(member.template.Resources.ConfigDeliveryChannel.Condition).toBe('CreateRecorder');
  });
});

describe('Config rules: the member template stays under the StackSet TemplateBody limit', () => {
  /** Every catalog rule for production, and `extra` change-triggered rules set up differently for sandbox. */
  const withRuleSetUps = (extra: number) => {
    const raw = exampleOrganization() as any;
    const names = Object.keys(MANAGED_CONFIG_RULES) as (keyof typeof MANAGED_CONFIG_RULES)[];
    raw.profiles.production.configRules = names.map((rule) => ({ rule }));
    raw.profiles.sandbox.configRules = names
      .filter((n) => MANAGED_CONFIG_RULES[n].trigger === 'change')
      .slice(0, extra)
      .map((rule) => ({ rule, resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::S3::Bucket'] }));
    expect(raw.profiles.sandbox.configRules).toHaveLength(extra);
    return raw;
  };
  const count = Object.keys(MANAGED_CONFIG_RULES).length;

  test('the most rule set-ups validation accepts synthesize to a TemplateBody under 51,200 bytes', () => {
    const config = organizationConfig(withRuleSetUps(MAX_MEMBER_CONFIG_RULES - count));
    const body = memberTemplateBody(new MemberBaselineStack(new App(), 'Member', { config }));
    expect(Buffer.byteLength(body)).toBeGreaterThan(40_000);
    expect(Buffer.byteLength(body)).toBeLessThan(51_200);
  });

  test('fails if the profiles set up one rule more, naming the limit and the fix', () => {
    const { problems } = validateOrganization(withRuleSetUps(MAX_MEMBER_CONFIG_RULES - count + 1));
    expect(problems).toEqual([
      {
        path: 'profiles',
        message: expect.stringContaining(
          `set up ${MAX_MEMBER_CONFIG_RULES + 1} distinct Config rules (a rule with other parameters in another profile counts again); the member StackSet template holds at most ${MAX_MEMBER_CONFIG_RULES}`,
        ),
      },
    ]);
  });
});

describe('Detective (organization behavior graph)', () => {
  const security = '300000000002';

  test('no stack declares an AWS::Detective::Graph: registering the administrator creates it, the auto-enable adopts it', () => {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-detective-organizationadmin.html:
    // "If the account does not have Detective enabled, then this resource enables Detective for that account and
    // creates a new behavior graph." A second graph of the same account would be a conflict.
    expect(stacks.flatMap((s) => resourcesOf(s, 'AWS::Detective::Graph'))).toEqual([]);
    const admins = stacks.flatMap((s) =>
      resourcesOf(s, 'AWS::Detective::OrganizationAdmin').map(
        ([, r]) => `${r.Properties.AccountId}/${s.region}`,
      ),
    );
    const autoEnables = stacks.flatMap((s) =>
      resourcesOf(s, 'Custom::OrgServiceSetting')
        .filter(([, r]) => r.Properties.Service === 'detective')
        .map(([, r]) => `${s.account}/${s.region}/${r.Properties.Action}/${r.Properties.AdminAccountId}`),
    );
    expect(admins.sort()).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1'].map((r) => `${security}/${r}`));
    expect(autoEnables.sort()).toEqual(
      ['eu-central-1', 'eu-west-1', 'us-east-1'].map((r) => `${security}/${r}/AutoEnable/${security}`),
    );
  });

  test("the auto-enable role may update its own region's graph, not another account's (iam-simulate)", async () => {
    const tooling = stacks.find((s) => s.name === 'Org/Security-eu-central-1')!;
    const policies = resourcesOf(tooling, 'AWS::IAM::ManagedPolicy')
      .filter(([id]) => id.startsWith('OrgServiceAdminHandlerRolePolicy'))
      .map(([id, r]) => ({ name: id, policy: resolvePartition(r.Properties.PolicyDocument) }));
    expect(policies).toHaveLength(1);
    // Log-group statements reference their group by GetAtt: keep only the statements this test is about.
    for (const p of policies)
      p.policy.Statement = p.policy.Statement.filter((st: any) => typeof st.Resource === 'string');
    const decide = async (graphAccount: string, region: string) => {
      const response = await runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${security}:role/handler`,
            action: 'detective:UpdateOrganizationConfiguration',
            resource: {
              resource: `arn:aws:detective:${region}:${graphAccount}:graph:0123456789abcdef0123456789abcdef`,
              accountId: graphAccount,
            },
            contextVariables: {},
          },
          identityPolicies: policies,
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
      if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
      return response.overallResult;
    };
    expect(await decide(security, 'eu-central-1')).toBe('Allowed');
    expect(await decide('300000000050', 'eu-central-1')).not.toBe('Allowed');
    expect(await decide(security, 'us-east-1')).not.toBe('Allowed');
  });

  describe('gating (one region of the management and security stacks)', () => {
    const regionStacks = (edit: (raw: any) => void) => {
      const raw = exampleOrganization() as any;
      edit(raw);
      const config = organizationConfig(raw);
      const app = new App();
      const region = 'eu-central-1';
      const registration = new ManagementRegionalStack(app, 'Registration', {
        env: { account: '300000000001', region },
        config,
      });
      const tooling = new SecurityToolingStack(app, 'Security', {
        env: { account: security, region },
        config,
      });
      const t = [Template.fromStack(registration), Template.fromStack(tooling)];
      return {
        admins: t.flatMap((x) => Object.keys(x.findResources('AWS::Detective::OrganizationAdmin'))).length,
        autoEnables: t.flatMap((x) =>
          Object.keys(
            x.findResources('Custom::OrgServiceSetting', {
              Properties: { Service: 'detective', Action: 'AutoEnable' },
            }),
          ),
        ).length,
      };
    };

    test('an administrator already registered (existingDelegatedAdmins.detective) is adopted: not registered again, auto-enable kept', () => {
      expect(
        regionStacks((raw) => {
          raw.existingDelegatedAdmins.detective = security;
        }),
      ).toEqual({ admins: 0, autoEnables: 1 });
    });

    test('twin: no profile turns Detective on: neither registration nor auto-enable', () => {
      expect(
        regionStacks((raw) => {
          for (const p of Object.values<any>(raw.profiles)) p.detective = false;
        }),
      ).toEqual({ admins: 0, autoEnables: 0 });
    });
  });
});

describe('RCP of the log archive account (evaluated with iam-simulate)', () => {
  const LOG_ARCHIVE_ACCOUNT = '300000000003';
  const rcp = () => {
    const [, policy] = resourcesOf(management, 'AWS::Organizations::Policy').find(
      ([, r]) => r.Properties.Type === 'RESOURCE_CONTROL_POLICY',
    )!;
    expect(policy.Properties.TargetIds).toEqual([LOG_ARCHIVE_ACCOUNT]);
    return resolvePartition(policy.Properties.Content);
  };
  const decide = async (principal: string, principalOrgId: string, object: string) => {
    const response = await runSimulation(
      {
        request: {
          principal,
          action: 's3:GetObject',
          resource: { resource: object, accountId: LOG_ARCHIVE_ACCOUNT },
          contextVariables: {
            'aws:PrincipalArn': principal,
            'aws:PrincipalOrgID': principalOrgId,
            'aws:PrincipalIsAWSService': 'false',
          },
        },
        identityPolicies: [
          {
            name: 'admin',
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [
          {
            orgIdentifier: LOG_ARCHIVE_ACCOUNT,
            policies: [{ name: 'baseline', policy: rcp() }],
          },
        ],
        // The bucket policy lets the other account in (the worst case: only the RCP stands in the way).
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }],
        },
      },
      {},
    );
    if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
    return response.overallResult;
  };
  const inAws = (...parts: string[]) => ['arn', 'aws', ...parts].join(':');
  const configObject = inAws(
    's3',
    '',
    '',
    `security-baseline-org-config-${LOG_ARCHIVE_ACCOUNT}-eu-west-1/config/AWSLogs/111122223333/Config/history.json.gz`,
  );

  test('keeps principals outside the organization out of the Config bucket too', async () => {
    expect(
      await decide(inAws('iam', '', '999999999999', 'role/Attacker'), 'o-zz99zz99zz', configObject),
    ).toBe('ExplicitlyDenied');
  });

  test('twin: a principal of the organization reads it', async () => {
    expect(
      await decide(inAws('iam', '', LOG_ARCHIVE_ACCOUNT, 'role/Auditor'), 'o-a1b2c3d4e5', configObject),
    ).toBe('Allowed');
  });
});

describe('scale: nothing is generated per account', () => {
  const runs: Record<number, { hash: string; artifacts: number }> = {};
  beforeAll(() => {
    for (const n of [1, 50, 500]) {
      const s = synthOrganization(generatedOrganization(n));
      const m = s.find((x) => x.name === 'Org/MemberBaseline')!;
      runs[n] = { hash: sha256(JSON.stringify(m.template)), artifacts: s.length };
    }
  }, 300_000);

  test('the member template hash and the number of stacks are the same for 1, 50 and 500 target accounts', () => {
    expect(runs[1].artifacts).toBe(stacks.length);
    expect(runs[50]).toEqual(runs[1]);
    expect(runs[500]).toEqual(runs[1]);
  });
});
