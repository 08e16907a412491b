/**
 * The organization view of the compliance report (docs/organization.md): what `config/organization.yaml` declares,
 * as the synth recorded it in `organization.json`, next to what the synthesized `Org` stage templates actually
 * create (singletons, the member StackSet's targets and regions), its stacks and its cdk-nag results. Reads only
 * the cloud assembly; the app's config schema is not imported, so the recorded configuration is parsed here
 * with the keys the view reads.
 */
import { z } from 'zod';
import { ORGANIZATION_FILE, readOrganization } from '../compliance/organization';
import type { ConfigFileHash } from '../compliance/environments';
import type { Json } from './catalog/types';
import type { StageAssembly } from './assembly';
import { type OrganizationProofs, organizationProofsNotEvaluated, proofCounts } from './proofs';

/** Stage name of the organization baseline (lib/app.ts ORG_STAGE_NAME; the report imports no stacks). */
export const ORGANIZATION_STAGE = 'Org';

/** Files of the organization view, in `<out>/Org/`. */
export const ORGANIZATION_FILES = ['organization.json', 'organization.md', 'organization.html'] as const;

const recordedSchema = z.looseObject({
  organization: z.looseObject({
    id: z.string(),
    homeRegion: z.string(),
    governedRegions: z.array(z.string()),
  }),
  accounts: z.looseObject({ management: z.string(), securityTooling: z.string(), logArchive: z.string() }),
  controlTower: z.looseObject({
    enabled: z.boolean(),
    owns: z.looseObject({ trail: z.boolean(), configRecorder: z.boolean(), configAggregator: z.boolean() }),
  }),
  existingDelegatedAdmins: z.record(z.string(), z.string()),
  profiles: z.record(
    z.string(),
    z.looseObject({
      guardDuty: z.looseObject({ plans: z.array(z.string()) }),
      securityHub: z.looseObject({
        standards: z.array(z.string()),
        disabledControls: z.array(z.looseObject({ controlId: z.string(), reason: z.string() })),
      }),
      macie: z.boolean().optional(),
      inspector: z.record(z.string(), z.boolean()).optional(),
    }),
  ),
  targets: z.array(
    z.looseObject({
      ou: z.string(),
      profile: z.string(),
      configRecorder: z.string().optional(),
      regions: z.array(z.string()).optional(),
    }),
  ),
  exclusions: z.array(z.looseObject({ account: z.string(), reason: z.string() })),
});

type RecordedOrganization = z.infer<typeof recordedSchema>;

/** Who owns an organization-level singleton according to the configuration. */
export type SingletonOwner = 'Control Tower' | 'security baseline';

/** Where a singleton is created in the synthesized Org stage. */
export interface SingletonLocation {
  /** `Org/<stack>`. */
  readonly stack: string;
  readonly region?: string;
  readonly logicalId: string;
  /** The CloudFormation condition the resource is created under (e.g. the member template's parameter). */
  readonly condition?: string;
}

export interface SingletonRow {
  readonly singleton: string;
  readonly resourceType: string;
  /** From the configuration (controlTower.owns). */
  readonly owner: SingletonOwner;
  /** From the templates: every resource of this type in the Org stage (empty: the baseline creates none). */
  readonly createdIn: readonly SingletonLocation[];
}

export interface StackSetTargetRow {
  readonly organizationalUnitIds: readonly string[];
  readonly regions: readonly string[];
  /** `DIFFERENCE`: these accounts are left out; `INTERSECTION`: only these. @default - none */
  readonly accountFilterType?: string;
  readonly accounts: readonly string[];
  readonly parameterOverrides: Readonly<Record<string, string>>;
}

export interface StackSetView {
  readonly stack: string;
  readonly logicalId: string;
  readonly name?: string;
  readonly permissionModel?: string;
  readonly autoDeployment: boolean;
  readonly parameters: Readonly<Record<string, string>>;
  readonly targets: readonly StackSetTargetRow[];
}

/** A Config rule of the member template and the profile whose instances create it (condition evaluated). */
export interface ProfileConfigRuleRow {
  readonly profile: string;
  readonly ruleName: string;
  readonly identifier: string;
  /** 'home region' for an account-wide rule, else 'every region'. */
  readonly regions: 'home region' | 'every region';
  readonly parameters: Readonly<Record<string, string>>;
}

/** Who administers the Detective behavior graph of one region, from the templates. */
export interface DetectiveGraphRow {
  readonly region: string;
  /** Account of the stack that turns on auto-enable (the graph's administrator). */
  readonly owner: string;
  /** `Org/Registration-<region>` (AWS::Detective::OrganizationAdmin), or 'adopted' when no stack registers it. */
  readonly registeredBy: string;
}

export interface OrgStackRow {
  readonly stack: string;
  readonly region?: string;
  readonly resources: number;
  readonly acknowledgments: number;
  readonly findings: number;
}

export interface OrganizationView {
  readonly generatedAt: string;
  readonly commit: string;
  readonly configFile: ConfigFileHash;
  readonly organization: RecordedOrganization['organization'];
  readonly accounts: RecordedOrganization['accounts'];
  readonly controlTower: RecordedOrganization['controlTower'];
  readonly existingDelegatedAdmins: Readonly<Record<string, string>>;
  readonly singletons: readonly SingletonRow[];
  /** The member StackSet(s) as synthesized (AWS::CloudFormation::StackSet in the Org stage). */
  readonly stackSets: readonly StackSetView[];
  readonly targets: readonly {
    ou: string;
    profile: string;
    configRecorder?: string;
    regions: readonly string[];
  }[];
  readonly exclusions: readonly { account: string; reason: string }[];
  readonly profiles: readonly {
    name: string;
    guardDutyPlans: readonly string[];
    securityHubStandards: readonly string[];
    disabledControls: readonly { controlId: string; reason: string }[];
    macie?: boolean;
    inspector?: Readonly<Record<string, boolean>>;
  }[];
  /** Per profile, the Config rules the member template creates for its accounts (read from the template). */
  readonly configRules: readonly ProfileConfigRuleRow[];
  readonly detectiveGraphs: readonly DetectiveGraphRow[];
  readonly stacks: readonly OrgStackRow[];
  readonly acknowledgments: readonly { stack: string; path: string; rule: string; reason: string }[];
  readonly findings: readonly { rule: string; path: string; description: string }[];
  /** The Org stage's alert routes, negative cases and organization attack catalog, simulated (report/proofs.ts). */
  readonly proofs: OrganizationProofs;
  /** Follows from `proofs` only: `proven` when every route was delivered, every negative denied, every attack stopped. */
  readonly proofStatus: ProofStatus;
}

/** The organization's proof status, from the proofs alone. */
export interface ProofStatus {
  readonly status: 'proven' | 'failing' | 'not evaluated';
  readonly alertRoutes: number;
  readonly alertRoutesPassed: number;
  readonly negatives: number;
  readonly negativesPassed: number;
  readonly attacks: number;
  readonly attacksPassed: number;
  readonly notApplicable: number;
}

/**
 * The status of a set of organization proofs: anything unproven, missing or failing is not `proven`. No negative
 * case at all is missing proof too (every route has its impostors), as it is for an environment's SM5.
 */
export function organizationProofStatus(proofs: OrganizationProofs): ProofStatus {
  const counts = proofCounts(proofs);
  const allPassed =
    counts.alertRoutes > 0 &&
    counts.negatives > 0 &&
    counts.attacks > 0 &&
    counts.alertRoutesPassed === counts.alertRoutes &&
    counts.negativesPassed === counts.negatives &&
    counts.attacksPassed === counts.attacks;
  return {
    status: !proofs.evaluated ? 'not evaluated' : allPassed ? 'proven' : 'failing',
    ...counts,
    notApplicable: proofs.notApplicable.length,
  };
}

/** Organization-level singletons: at most one per organization (or per account and region). */
const SINGLETONS: readonly {
  singleton: string;
  resourceType: string;
  controlTowerKey?: 'trail' | 'configRecorder' | 'configAggregator';
}[] = [
  { singleton: 'Organization trail', resourceType: 'AWS::CloudTrail::Trail', controlTowerKey: 'trail' },
  {
    singleton: 'AWS Config recorder',
    resourceType: 'AWS::Config::ConfigurationRecorder',
    controlTowerKey: 'configRecorder',
  },
  {
    singleton: 'AWS Config aggregator',
    resourceType: 'AWS::Config::ConfigurationAggregator',
    controlTowerKey: 'configAggregator',
  },
  { singleton: 'Security Hub finding aggregator', resourceType: 'AWS::SecurityHub::FindingAggregator' },
  { singleton: 'Organization Access Analyzer', resourceType: 'AWS::AccessAnalyzer::Analyzer' },
];

/** The manifest's region of an environment-agnostic stack (the StackSet's member template) is no region. */
const regionOf = (region: string | undefined): string | undefined =>
  region && region !== 'unknown-region' ? region : undefined;

const strings = (v: Json | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const keyValues = (v: Json | undefined): Record<string, string> =>
  Object.fromEntries(
    (Array.isArray(v) ? v : []).flatMap((p) =>
      p && typeof p === 'object' && !Array.isArray(p)
        ? [[String(p.ParameterKey), String(p.ParameterValue)]]
        : [],
    ),
  );

const record = (v: Json | undefined): { readonly [k: string]: Json } =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : {};

function stackSets(stage: StageAssembly): StackSetView[] {
  return stage.stacks.flatMap((s) =>
    Object.entries(s.template.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::StackSet')
      .map(([logicalId, r]): StackSetView => {
        const p = r.Properties ?? {};
        return {
          stack: s.displayName,
          logicalId,
          name: typeof p.StackSetName === 'string' ? p.StackSetName : undefined,
          permissionModel: typeof p.PermissionModel === 'string' ? p.PermissionModel : undefined,
          autoDeployment: record(p.AutoDeployment).Enabled === true,
          parameters: keyValues(p.Parameters),
          targets: (Array.isArray(p.StackInstancesGroup) ? p.StackInstancesGroup : []).map((g) => {
            const group = record(g);
            const targets = record(group.DeploymentTargets);
            return {
              organizationalUnitIds: strings(targets.OrganizationalUnitIds),
              regions: strings(group.Regions),
              accountFilterType:
                typeof targets.AccountFilterType === 'string' ? targets.AccountFilterType : undefined,
              accounts: strings(targets.Accounts),
              parameterOverrides: keyValues(group.ParameterOverrides),
            };
          }),
        };
      }),
  );
}

/** The template keys beyond Resources this view reads (the member template's conditions and parameters). */
type Template = StageAssembly['stacks'][number]['template'] & {
  readonly Conditions?: Json;
  readonly Parameters?: Json;
};

/** Evaluates a condition of `template` for a Profile parameter value and a region (the member template's inputs). */
function holds(template: Template, expr: Json | undefined, profile: string, region: string): boolean {
  const value = (e: Json | undefined): Json | undefined => {
    const o = record(e);
    if (o.Ref === 'AWS::Region') return region;
    if (o.Ref === 'Profile') return profile;
    return e;
  };
  const o = record(expr);
  const args = (k: string) => (Array.isArray(o[k]) ? (o[k] as Json[]) : []);
  if (typeof o.Condition === 'string')
    return holds(template, record(template.Conditions)[o.Condition], profile, region);
  if ('Fn::Equals' in o) {
    const [a, b] = args('Fn::Equals').map(value);
    return a === b;
  }
  if ('Fn::Or' in o) return args('Fn::Or').some((c) => holds(template, c, profile, region));
  if ('Fn::And' in o) return args('Fn::And').every((c) => holds(template, c, profile, region));
  if ('Fn::Not' in o) return !holds(template, args('Fn::Not')[0], profile, region);
  return false;
}

/** The Config rules of the template with a Profile parameter, per profile (its AllowedValues). */
function configRules(stage: StageAssembly, homeRegion: string): ProfileConfigRuleRow[] {
  const other = 'any-other-region';
  return stage.stacks.flatMap((s) => {
    const template: Template = s.template;
    const profiles = strings(record(record(template.Parameters).Profile).AllowedValues);
    const rules = Object.values(s.template.Resources ?? {}).filter(
      (r) => r.Type === 'AWS::Config::ConfigRule',
    );
    return profiles.flatMap((profile) =>
      rules.flatMap((r) => {
        const when = (region: string) =>
          !r.Condition || holds(template, { Condition: r.Condition }, profile, region);
        if (!when(homeRegion)) return [];
        const p = r.Properties ?? {};
        return [
          {
            profile,
            ruleName: String(p.ConfigRuleName),
            identifier: String(record(p.Source).SourceIdentifier),
            regions: when(other) ? ('every region' as const) : ('home region' as const),
            parameters: Object.fromEntries(
              Object.entries(record(p.InputParameters)).map(([k, v]) => [k, String(v)]),
            ),
          },
        ];
      }),
    );
  });
}

/** The Detective auto-enable settings (security account, per region) and the stack registering each graph. */
function detectiveGraphs(stage: StageAssembly): DetectiveGraphRow[] {
  const registrations = stage.stacks.filter((s) =>
    Object.values(s.template.Resources ?? {}).some((r) => r.Type === 'AWS::Detective::OrganizationAdmin'),
  );
  return stage.stacks.flatMap((s) =>
    Object.values(s.template.Resources ?? {})
      .filter(
        (r) =>
          r.Type === 'Custom::OrgServiceSetting' &&
          r.Properties?.Service === 'detective' &&
          r.Properties?.Action === 'AutoEnable',
      )
      .map((r) => ({
        region: regionOf(s.region) ?? 'unknown',
        owner: String(r.Properties?.AdminAccountId),
        registeredBy:
          registrations.find((reg) => reg.region === s.region)?.displayName ??
          'adopted (existing administrator)',
      })),
  );
}

/**
 * The organization view of `stage` (the assembly's Org stage), or undefined when the assembly has no Org stage.
 * Throws when the Org stage was synthesized but its configuration was not recorded (an older assembly).
 * `meta.proofs` are the Org stage's proofs (evaluateOrganizationProofs); without them the view says the
 * proofs were not evaluated, which is not a passing status.
 */
export function buildOrganizationView(
  assemblyDir: string,
  stage: StageAssembly | undefined,
  meta: { readonly commit: string; readonly generatedAt: Date; readonly proofs?: OrganizationProofs },
): OrganizationView | undefined {
  if (!stage) return undefined;
  const recorded = readOrganization(assemblyDir);
  if (!recorded) {
    throw new Error(
      `${assemblyDir} has the ${ORGANIZATION_STAGE} stage but no ${ORGANIZATION_FILE}: synthesize again with \`npm run synth\``,
    );
  }
  const parsed = recordedSchema.safeParse(recorded.organization);
  if (!parsed.success) {
    throw new Error(
      `${assemblyDir}/${ORGANIZATION_FILE} is not an organization the report can read (${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}); synthesize again with \`npm run synth\``,
    );
  }
  const c = parsed.data;
  const proofs =
    meta.proofs ??
    organizationProofsNotEvaluated(c.organization.id, 'the organization proofs were not evaluated');
  return {
    generatedAt: meta.generatedAt.toISOString(),
    commit: meta.commit,
    configFile: recorded.file,
    organization: c.organization,
    accounts: c.accounts,
    controlTower: c.controlTower,
    existingDelegatedAdmins: c.existingDelegatedAdmins,
    singletons: SINGLETONS.map((s) => ({
      singleton: s.singleton,
      resourceType: s.resourceType,
      owner:
        s.controlTowerKey && c.controlTower.enabled && c.controlTower.owns[s.controlTowerKey]
          ? 'Control Tower'
          : 'security baseline',
      createdIn: stage.stacks.flatMap((st) =>
        Object.entries(st.template.Resources ?? {})
          .filter(([, r]) => r.Type === s.resourceType)
          .map(([logicalId, r]) => ({
            stack: st.displayName,
            region: regionOf(st.region),
            logicalId,
            ...(r.Condition ? { condition: r.Condition } : {}),
          })),
      ),
    })),
    stackSets: stackSets(stage),
    targets: c.targets.map((t) => ({
      ou: t.ou,
      profile: t.profile,
      configRecorder: t.configRecorder,
      regions: t.regions ?? c.organization.governedRegions,
    })),
    exclusions: c.exclusions.map((e) => ({ account: e.account, reason: e.reason })),
    profiles: Object.entries(c.profiles).map(([name, p]) => ({
      name,
      guardDutyPlans: p.guardDuty.plans,
      securityHubStandards: p.securityHub.standards,
      disabledControls: p.securityHub.disabledControls.map((d) => ({
        controlId: d.controlId,
        reason: d.reason,
      })),
      macie: p.macie,
      inspector: p.inspector,
    })),
    configRules: configRules(stage, c.organization.homeRegion),
    detectiveGraphs: detectiveGraphs(stage),
    stacks: stage.stacks.map((s) => ({
      stack: s.displayName,
      region: regionOf(s.region),
      resources: Object.keys(s.template.Resources ?? {}).length,
      acknowledgments: stage.acknowledgments.filter((a) => a.stack === s.displayName).length,
      findings: stage.findings.filter((f) => f.path.startsWith(`${s.displayName}/`)).length,
    })),
    acknowledgments: stage.acknowledgments.map((a) => ({
      stack: a.stack,
      path: a.path,
      rule: a.rule,
      reason: a.reason,
    })),
    findings: stage.findings.map((f) => ({ rule: f.rule, path: f.path, description: f.description })),
    proofs,
    proofStatus: organizationProofStatus(proofs),
  };
}
