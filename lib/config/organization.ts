import { z } from 'zod';
import {
  GUARDDUTY_FEATURE_NAMES,
  type GuardDutyProtectionPlans,
  MIN_DISABLE_REASON_LENGTH,
  SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
} from '../../constructs/detection/detection-constants';
import {
  DEFAULT_CONFIG_RULES,
  MANAGED_CONFIG_RULES,
  MANAGED_RULE_NAME_PATTERN,
  type ManagedConfigRuleName,
  RESOURCE_TYPE_PATTERN,
} from '../../constructs/detection/config-managed-rules';
import type { Problem, Rule } from './problem';
import { accountId, email, logRetentionDays, regionName, days } from './sections/common';

/**
 * The organization file (config/organization.yaml): one AWS Organization, the accounts that hold the
 * org-level stacks (management, security tooling = delegated administrator, log archive), what Control
 * Tower already owns, named profiles and the OUs they apply to. Strict like the environment files.
 * `npm run schema` writes config/organization.schema.json from this for editor completion.
 */

const organizationId = z.string().regex(/^o-[a-z0-9]{10,32}$/, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not an AWS Organizations id such as "o-a1b2c3d4e5" (o- and 10-32 lower-case letters or digits; aws organizations describe-organization prints it)`,
});

/** https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html (Id pattern). */
const ouId = z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not an organizational unit id such as "ou-ab12-cd34ef56" (ou-, 4-32 characters of the root id, -, 8-32 lower-case letters or digits; aws organizations list-organizational-units-for-parent prints them)`,
});

const reason = z
  .string()
  .trim()
  .min(MIN_DISABLE_REASON_LENGTH, {
    error: `give a reason of at least ${MIN_DISABLE_REASON_LENGTH} characters that an auditor can check`,
  });

const standardNames = Object.keys(SECURITY_HUB_STANDARDS) as [SecurityHubStandard, ...SecurityHubStandard[]];

/** GuardDuty plans (organization features) a profile turns on for its members. */
export type GuardDutyPlan = keyof GuardDutyProtectionPlans;
export const GUARDDUTY_PLANS = Object.keys(GUARDDUTY_FEATURE_NAMES) as [GuardDutyPlan, ...GuardDutyPlan[]];

const managedRuleNames = Object.keys(MANAGED_CONFIG_RULES) as [
  ManagedConfigRuleName,
  ...ManagedConfigRuleName[],
];

const configRuleSchema = z.strictObject({
  rule: z
    .enum(managedRuleNames, {
      error: (iss) =>
        typeof iss.input === 'string' && MANAGED_RULE_NAME_PATTERN.test(iss.input)
          ? `${JSON.stringify(iss.input)} is not one of the AWS Config managed rules the baseline offers (constructs/detection/config-managed-rules.ts; docs/organization.md, "Choosing Config rules"); check the spelling against the AWS managed rule list or add the rule there from its page`
          : `${JSON.stringify(iss.input)} is not an AWS Config managed rule name such as "restricted-ssh" (lower-case words joined by '-', as the AWS managed rule list prints them; not the upper-case identifier)`,
    })
    .describe('AWS Config managed rule name, e.g. restricted-ssh (the AWS managed rule list).'),
  parameters: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe("Input parameters as the rule's page lists them (e.g. MinimumPasswordLength: 14)."),
  resourceTypes: z
    .array(
      z.string().regex(RESOURCE_TYPE_PATTERN, {
        error: (iss) => `${JSON.stringify(iss.input)} is not a resource type such as "AWS::EC2::Volume"`,
      }),
    )
    .min(1, { error: 'list at least one resource type, or leave resourceTypes out' })
    .optional()
    .describe('Resource types the (change-triggered) rule evaluates. Default: those the rule defines.'),
});

const profileSchema = z
  .strictObject({
    guardDuty: z
      .strictObject({
        plans: z
          .array(z.enum(GUARDDUTY_PLANS))
          .default([...GUARDDUTY_PLANS])
          .describe('GuardDuty protection plans auto-enabled for the members (all by default).'),
      })
      .default({ plans: [...GUARDDUTY_PLANS] })
      .describe('GuardDuty: every member auto-enabled; these plans on.'),
    securityHub: z
      .strictObject({
        standards: z
          .array(z.enum(standardNames))
          .min(1, { error: 'enable at least one standard (fsbp is the usual base)' })
          .default(['fsbp', 'cis-3.0'])
          .describe('Security Hub standards the configuration policy enables.'),
        disabledControls: z
          .array(
            z.strictObject({
              controlId: z
                .string()
                .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, {
                  error: (iss) =>
                    `${JSON.stringify(iss.input)} is not a security control id such as "IAM.6" or "EC2.10"`,
                })
                .describe('Security control id (consolidated control findings), e.g. IAM.6.'),
              reason: reason.describe(
                'Why the control is off; kept in the configuration policy description.',
              ),
            }),
          )
          .default([])
          .describe('Controls the configuration policy disables, each with a reason.'),
      })
      .default({ standards: ['fsbp', 'cis-3.0'], disabledControls: [] })
      .describe('Security Hub central configuration: one configuration policy per profile.'),
    macie: z.boolean().default(true).describe('Macie auto-enabled for new members.'),
    detective: z
      .boolean()
      .default(true)
      .describe(
        'Detective: the security tooling account is the administrator of the organization behavior graph, with auto-enable of the members.',
      ),
    inspector: z
      .strictObject({
        ec2: z.boolean().default(true).describe('Inspector EC2 scanning.'),
        ecr: z.boolean().default(true).describe('Inspector ECR scanning.'),
        lambda: z.boolean().default(true).describe('Inspector Lambda standard scanning.'),
      })
      .default({ ec2: true, ecr: true, lambda: true })
      .describe('Inspector auto-enable for new members.'),
    configRules: z
      .array(configRuleSchema)
      .default(DEFAULT_CONFIG_RULES.map((rule) => ({ rule })))
      .describe(
        "AWS Config managed rules the member StackSet deploys into the accounts of this profile's OUs (needs a Config recorder there). Default: the CIS/FSBP core set; [] for none.",
      ),
  })
  .describe('A named set of detection settings for the accounts of the OUs that use it.');

export const organizationSchema = z
  .strictObject({
    organization: z.strictObject({
      id: organizationId.describe('AWS Organizations id, e.g. o-a1b2c3d4e5.'),
      homeRegion: regionName.describe(
        'Region of the org-level stacks that are not regional (trail, SCPs, StackSet) and of the Security Hub aggregator.',
      ),
      governedRegions: z
        .array(regionName)
        .min(1, { error: 'list at least the home region' })
        .describe(
          'Every region the baseline governs: member StackSet instances and the regional org stacks.',
        ),
    }),
    accounts: z
      .strictObject({
        management: accountId.describe(
          'Management (payer) account: Organizations, SCPs/RCPs, the member StackSet.',
        ),
        securityTooling: accountId.describe(
          'Security tooling account: delegated administrator of GuardDuty, Security Hub, Inspector, Macie, Detective, Access Analyzer.',
        ),
        logArchive: accountId.describe('Log archive account: the organization log buckets and their keys.'),
      })
      .describe('The accounts that hold the org-level stacks.'),
    controlTower: z
      .strictObject({
        enabled: z.boolean().describe('An AWS Control Tower landing zone governs the organization.'),
        owns: z
          .strictObject({
            trail: z.boolean().default(false).describe('Control Tower owns the organization trail.'),
            configRecorder: z
              .boolean()
              .default(false)
              .describe('Control Tower owns the AWS Config recorder of enrolled accounts.'),
            configAggregator: z
              .boolean()
              .default(false)
              .describe('Control Tower owns the organization Config aggregator (audit account).'),
          })
          .default({ trail: false, configRecorder: false, configAggregator: false }),
      })
      .default({ enabled: false, owns: { trail: false, configRecorder: false, configAggregator: false } })
      .describe('What an existing Control Tower landing zone owns: the baseline creates none of it.'),
    existingDelegatedAdmins: z
      .strictObject({
        guardduty: accountId.optional(),
        securityhub: accountId.optional(),
        inspector: accountId.optional(),
        macie: accountId.optional(),
        detective: accountId.optional(),
        accessAnalyzer: accountId.optional(),
      })
      .default({})
      .describe(
        'Delegated administrators already registered (npm run preflight -- --org lists them). Each must be the security tooling account: the baseline adopts them.',
      ),
    notifications: z
      .strictObject({
        securityEmails: z
          .array(email)
          .min(1, { error: 'list at least one address that receives security findings' })
          .describe('Subscribed to the organization security topic (security tooling account, home region).'),
      })
      .describe('Who receives the organization findings.'),
    retention: z
      .strictObject({
        auditLogDays: days(365, 3653).describe(
          'Days the organization trail logs are kept under Object Lock.',
        ),
        logDays: logRetentionDays.describe('CloudWatch Logs retention of the org stacks’ own log groups.'),
      })
      .describe('Retention of the organization logs.'),
    guardrails: z
      .strictObject({
        iamPasswordMaxAgeDays: z
          .number()
          .int()
          .min(1)
          .max(1095)
          .default(90)
          .describe('IAM password max age.'),
        breakGlassRoleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/, {
            error: (iss) => `${JSON.stringify(iss.input)} is not an IAM role name`,
          })
          .default('security-baseline-break-glass')
          .describe('Name of the break-glass role in every account (protected by the SCP).'),
        breakGlassPrincipalRoleNames: z
          .array(z.string().regex(/^[\w+=,.@/-]{1,512}$/, { error: 'is not an IAM role name or path/name' }))
          .min(1, { error: 'name at least one operator role that may assume break-glass' })
          .describe(
            'Roles (name or path/name, in each member account) that may assume break-glass, e.g. aws-reserved/sso.amazonaws.com/AWSReservedSSO_Emergency_0123456789abcdef.',
          ),
      })
      .describe('Member account guardrails (member StackSet).'),
    profiles: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, {
          error: (iss) => `profile name ${JSON.stringify(iss.input)}: use lower-case letters, digits and -`,
        }),
        profileSchema,
      )
      .refine((p) => Object.keys(p).length > 0, { error: 'define at least one profile' })
      .describe('Named detection profiles.'),
    targets: z
      .array(
        z.strictObject({
          ou: ouId.describe('Organizational unit: the member StackSet auto-deploys to its accounts.'),
          profile: z.string().describe('Name of a profile under profiles.'),
          configRecorder: z
            .enum(['existing', 'create'])
            .default('existing')
            .describe(
              "'create': the member StackSet creates an AWS Config recorder in the OU's accounts; 'existing': they have one (Control Tower's, or their own).",
            ),
          regions: z
            .array(regionName)
            .optional()
            .describe(
              'Regions for this OU (a subset of the governed regions). Default: every governed region.',
            ),
        }),
      )
      .min(1, { error: 'list at least one OU' })
      .describe('OUs the baseline governs, each with its profile.'),
    exclusions: z
      .array(
        z.strictObject({
          account: accountId.describe(
            'Account left out of the member StackSet and self-managed in Security Hub.',
          ),
          reason: reason.describe('Why the account is excluded.'),
        }),
      )
      .default([])
      .describe('Accounts of the target OUs that the baseline does not govern.'),
  })
  .describe('The AWS Organization the baseline governs.');

export type OrganizationConfig = z.infer<typeof organizationSchema>;

/** The member template's Profile value for an instance no target names a profile for (no profile rules). */
export const NO_PROFILE = 'none';
export type OrganizationProfile = OrganizationConfig['profiles'][string];

/** JSON Schema of config/organization.yaml, for editors. */
export function organizationJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(organizationSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

type OrgRule = Rule<OrganizationConfig>;

const homeRegionGoverned: OrgRule = (c) =>
  c.organization.governedRegions.includes(c.organization.homeRegion)
    ? []
    : [
        {
          path: 'organization.homeRegion',
          message: `'${c.organization.homeRegion}' is not in organization.governedRegions (${c.organization.governedRegions.join(', ')}); add it there`,
        },
      ];

const regionsListedOnce: OrgRule = (c) =>
  c.organization.governedRegions.flatMap((r, i) =>
    c.organization.governedRegions.indexOf(r) < i
      ? [
          {
            path: `organization.governedRegions[${i}]`,
            message: `'${r}' is listed twice; list each region once`,
          },
        ]
      : [],
  );

const targetRegionsGoverned: OrgRule = (c) =>
  c.targets.flatMap((t, i) =>
    (t.regions ?? []).flatMap((r, j) =>
      c.organization.governedRegions.includes(r)
        ? []
        : [
            {
              path: `targets[${i}].regions[${j}]`,
              message: `'${r}' is not a governed region (${c.organization.governedRegions.join(', ')}); add it to organization.governedRegions or remove it here`,
            },
          ],
    ),
  );

const accountsDistinct: OrgRule = (c) => {
  const { management, securityTooling, logArchive } = c.accounts;
  const problems: Problem[] = [];
  if (securityTooling === management) {
    problems.push({
      path: 'accounts.securityTooling',
      message: `'${securityTooling}' is the management account; AWS recommends (and the SCPs assume) a separate delegated administrator account`,
    });
  }
  if (logArchive === management || logArchive === securityTooling) {
    problems.push({
      path: 'accounts.logArchive',
      message: `'${logArchive}' is also the ${logArchive === management ? 'management' : 'security tooling'} account; the log archive needs an account of its own`,
    });
  }
  return problems;
};

const existingAdminsAreSecurityAccount: OrgRule = (c) =>
  Object.entries(c.existingDelegatedAdmins).flatMap(([service, account]) =>
    account && account !== c.accounts.securityTooling
      ? [
          {
            path: `existingDelegatedAdmins.${service}`,
            message: `'${account}' differs from accounts.securityTooling ('${c.accounts.securityTooling}'); the baseline will not move a delegated administrator: deregister ${account} first (docs/organization.md, "Adopting an existing landing zone") or set accounts.securityTooling to it`,
          },
        ]
      : [],
  );

const controlTowerOwnership: OrgRule = (c) => {
  const problems: Problem[] = [];
  const { enabled, owns } = c.controlTower;
  if (!enabled) {
    for (const [what, owned] of Object.entries(owns)) {
      if (owned)
        problems.push({
          path: `controlTower.owns.${what}`,
          message: `true, but controlTower.enabled is false; set enabled: true or owns.${what}: false`,
        });
    }
  }
  if (owns.configRecorder) {
    c.targets.forEach((t, i) => {
      if (t.configRecorder === 'create')
        problems.push({
          path: `targets[${i}].configRecorder`,
          message: `'create', but Control Tower owns the Config recorder (controlTower.owns.configRecorder); a second recorder fails (one per account and region): use 'existing'`,
        });
    });
  }
  return problems;
};

const profileNameFree: OrgRule = (c) =>
  c.profiles[NO_PROFILE]
    ? [
        {
          path: `profiles.${NO_PROFILE}`,
          message: `'${NO_PROFILE}' is reserved: the member StackSet uses it for accounts without a profile; rename the profile`,
        },
      ]
    : [];

const targetsReferToProfiles: OrgRule = (c) =>
  c.targets.flatMap((t, i) =>
    c.profiles[t.profile]
      ? []
      : [
          {
            path: `targets[${i}].profile`,
            message: `'${t.profile}' is not a profile; use one of ${Object.keys(c.profiles).join(', ')}`,
          },
        ],
  );

const ousListedOnce: OrgRule = (c) =>
  c.targets.flatMap((t, i) =>
    c.targets.findIndex((o) => o.ou === t.ou) < i
      ? [{ path: `targets[${i}].ou`, message: `'${t.ou}' is already a target; an OU gets one profile` }]
      : [],
  );

const exclusionsAreMembers: OrgRule = (c) =>
  c.exclusions.flatMap((e, i) => {
    const role = Object.entries(c.accounts).find(([, a]) => a === e.account)?.[0];
    const twice = c.exclusions.findIndex((o) => o.account === e.account) < i;
    return role || twice
      ? [
          {
            path: `exclusions[${i}].account`,
            message: role
              ? `'${e.account}' is the ${role} account, which the member StackSet never targets; remove the exclusion`
              : `'${e.account}' is excluded twice; keep one entry`,
          },
        ]
      : [];
  });

const disabledControlsOnce: OrgRule = (c) =>
  Object.entries(c.profiles).flatMap(([name, p]) =>
    p.securityHub.disabledControls.flatMap((d, i) =>
      p.securityHub.disabledControls.findIndex((o) => o.controlId === d.controlId) < i
        ? [
            {
              path: `profiles.${name}.securityHub.disabledControls[${i}].controlId`,
              message: `'${d.controlId}' is disabled twice; keep one entry`,
            },
          ]
        : [],
    ),
  );

const configRulesValid: OrgRule = (c) =>
  Object.entries(c.profiles).flatMap(([name, p]) =>
    p.configRules.flatMap((r, i): Problem[] => {
      const at = `profiles.${name}.configRules[${i}]`;
      const spec = MANAGED_CONFIG_RULES[r.rule];
      const problems: Problem[] = [];
      if (p.configRules.findIndex((o) => o.rule === r.rule) < i) {
        problems.push({ path: `${at}.rule`, message: `'${r.rule}' is listed twice; keep one entry` });
      }
      for (const key of Object.keys(r.parameters ?? {})) {
        if (!(spec.parameters as readonly string[]).includes(key))
          problems.push({
            path: `${at}.parameters.${key}`,
            message: spec.parameters.length
              ? `'${r.rule}' has no parameter '${key}'; its parameters are ${spec.parameters.join(', ')}`
              : `'${r.rule}' takes no parameters; remove parameters`,
          });
      }
      if (r.resourceTypes && spec.trigger === 'periodic') {
        problems.push({
          path: `${at}.resourceTypes`,
          message: `'${r.rule}' is a periodic rule, which takes no resource-type scope; remove resourceTypes`,
        });
      }
      return problems;
    }),
  );

/**
 * Distinct Config rule set-ups the member template can hold: each adds ~700 bytes to a template of ~16 kB, and
 * a StackSet's TemplateBody is limited to 51,200 bytes (measured: 34 rules, 39 kB).
 */
export const MAX_MEMBER_CONFIG_RULES = 45;

const configRulesFitTemplate: OrgRule = (c) => {
  const count = memberConfigRules(c).length;
  return count > MAX_MEMBER_CONFIG_RULES
    ? [
        {
          path: 'profiles',
          message: `the profiles set up ${count} distinct Config rules (a rule with other parameters in another profile counts again); the member StackSet template holds at most ${MAX_MEMBER_CONFIG_RULES}: share parameters between profiles or list fewer rules`,
        },
      ]
    : [];
};

export const ORGANIZATION_RULES: readonly OrgRule[] = [
  homeRegionGoverned,
  regionsListedOnce,
  targetRegionsGoverned,
  accountsDistinct,
  existingAdminsAreSecurityAccount,
  controlTowerOwnership,
  profileNameFree,
  targetsReferToProfiles,
  ousListedOnce,
  exclusionsAreMembers,
  disabledControlsOnce,
  configRulesValid,
  configRulesFitTemplate,
];

/** Physical names the org stacks share (one place, so the stacks never import each other). */
export function organizationNames(c: OrganizationConfig) {
  const { homeRegion } = c.organization;
  const { logArchive, securityTooling } = c.accounts;
  return {
    logArchiveBucket: `security-baseline-org-logs-${logArchive}-${homeRegion}`,
    /** AWS Config's delivery bucket (no Object Lock, which Config cannot deliver to), in the log archive account. */
    configBucket: `security-baseline-org-config-${logArchive}-${homeRegion}`,
    logKeyAlias: 'alias/security-baseline/org-logs',
    securityTopic: 'security-baseline-org-findings',
    /** ARN parts of the organization security topic (security tooling account, home region). */
    securityTopicArn: (partition: string) =>
      `arn:${partition}:sns:${homeRegion}:${securityTooling}:security-baseline-org-findings`,
    trail: 'security-baseline-org-trail',
    boundaryPolicy: 'security-baseline-member-boundary',
    guardrailsRolePrefix: 'security-baseline-guardrails-',
    /** Role EventBridge of each member account assumes to deliver to the organization security topic. */
    topicPublisherRole: 'security-baseline-org-notify',
    memberStackSet: 'security-baseline-member',
  } as const;
}

/** GuardDuty plans, Macie, Inspector and Detective are organization-wide settings: the union over the profiles. */
export function organizationWideDetection(c: OrganizationConfig) {
  const profiles = Object.values(c.profiles);
  return {
    guardDutyPlans: GUARDDUTY_PLANS.filter((p) => profiles.some((pr) => pr.guardDuty.plans.includes(p))),
    macie: profiles.some((p) => p.macie),
    detective: profiles.some((p) => p.detective),
    inspector: {
      ec2: profiles.some((p) => p.inspector.ec2),
      ecr: profiles.some((p) => p.inspector.ecr),
      lambda: profiles.some((p) => p.inspector.lambda),
    },
  };
}

/** Config rule parameter values as AWS Config reads them (strings; booleans lower-case). */
const parameterString = (v: string | number | boolean): string => String(v);

/**
 * The member template's Config rules: one per distinct rule set-up (name, parameters, scope), with the
 * profiles that use it. A rule that two profiles configure differently becomes two rules with distinct names
 * (an account has one profile, so it gets one of them).
 */
export function memberConfigRules(c: OrganizationConfig) {
  const byDefinition = new Map<
    string,
    { rule: OrganizationProfile['configRules'][number]; profiles: string[] }
  >();
  for (const [name, p] of Object.entries(c.profiles)) {
    for (const rule of p.configRules) {
      const parameters = Object.entries(rule.parameters ?? {})
        .map(([k, v]) => [k, parameterString(v)])
        .sort(([a], [b]) => a.localeCompare(b));
      const key = JSON.stringify([rule.rule, parameters, rule.resourceTypes ?? null]);
      const entry = byDefinition.get(key) ?? { rule, profiles: [] };
      entry.profiles.push(name);
      byDefinition.set(key, entry);
    }
  }
  const entries = [...byDefinition.values()];
  return entries.map(({ rule, profiles }) => {
    const spec = MANAGED_CONFIG_RULES[rule.rule];
    const shared = entries.filter((e) => e.rule.rule === rule.rule).length > 1;
    const suffix = shared ? `-${profiles.join('-')}` : '';
    return {
      id: `${rule.rule}${suffix}`,
      ruleName: `security-baseline-${rule.rule}${suffix}`.slice(0, 128),
      identifier: spec.identifier,
      inputParameters: rule.parameters
        ? Object.fromEntries(Object.entries(rule.parameters).map(([k, v]) => [k, parameterString(v)]))
        : undefined,
      resourceTypes: rule.resourceTypes,
      accountWide: spec.accountWide,
      profiles,
    };
  });
}
