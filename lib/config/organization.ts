import { z } from 'zod';
import {
  GUARDDUTY_FEATURE_NAMES,
  type GuardDutyProtectionPlans,
  MIN_DISABLE_REASON_LENGTH,
  SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
} from '../../constructs/detection/detection-constants';
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
    inspector: z
      .strictObject({
        ec2: z.boolean().default(true).describe('Inspector EC2 scanning.'),
        ecr: z.boolean().default(true).describe('Inspector ECR scanning.'),
        lambda: z.boolean().default(true).describe('Inspector Lambda standard scanning.'),
      })
      .default({ ec2: true, ecr: true, lambda: true })
      .describe('Inspector auto-enable for new members.'),
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

export const ORGANIZATION_RULES: readonly OrgRule[] = [
  homeRegionGoverned,
  regionsListedOnce,
  targetRegionsGoverned,
  accountsDistinct,
  existingAdminsAreSecurityAccount,
  controlTowerOwnership,
  targetsReferToProfiles,
  ousListedOnce,
  exclusionsAreMembers,
  disabledControlsOnce,
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

/** GuardDuty plans, Macie and Inspector are organization-wide settings: the union over the profiles. */
export function organizationWideDetection(c: OrganizationConfig) {
  const profiles = Object.values(c.profiles);
  return {
    guardDutyPlans: GUARDDUTY_PLANS.filter((p) => profiles.some((pr) => pr.guardDuty.plans.includes(p))),
    macie: profiles.some((p) => p.macie),
    inspector: {
      ec2: profiles.some((p) => p.inspector.ec2),
      ecr: profiles.some((p) => p.inspector.ecr),
      lambda: profiles.some((p) => p.inspector.lambda),
    },
  };
}
