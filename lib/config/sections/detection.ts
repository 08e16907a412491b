import { z } from 'zod';
import { CIS_CONTROLS } from '../../../constructs/detection/cis-controls';
import { MIN_TRAIL_RETENTION_DAYS } from '../../../constructs/detection/detection-constants';
import {
  MIN_DISABLE_REASON_LENGTH,
  SECURITY_HUB_STANDARDS,
  type GuardDutyProtectionPlans,
  type SecurityHubStandard,
} from '../../../constructs/detection/detection-constants';
import type { Problem, Rule } from '../problem';
import { days } from './common';

const on = (description: string) => z.boolean().default(true).describe(description);

const trailSchema = z
  .strictObject({
    retentionDays: days(MIN_TRAIL_RETENTION_DAYS, 3653).describe(
      `Days each CloudTrail log file is kept under S3 Object Lock (compliance mode in production, governance otherwise) before it expires; at least ${MIN_TRAIL_RETENTION_DAYS}.`,
    ),
    s3DataEvents: z
      .enum(['off', 'sensitive-buckets', 'all-buckets'])
      .default('sensitive-buckets')
      .describe(
        "S3 object-level events: 'sensitive-buckets' records the log archive and the buckets other stacks register; 'all-buckets' every bucket but the trail's own (CIS 3.8/3.9).",
      ),
    lambdaDataEvents: z
      .boolean()
      .default(false)
      .describe('Record Lambda Invoke data events of every function.'),
    insights: on('CloudTrail Insights on API call rate and API error rate (extra cost per analysed event).'),
    organizationId: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/, {
        error: (iss) => `${JSON.stringify(iss.input)} is not an AWS Organizations id such as "o-a1b2c3d4e5"`,
      })
      .optional()
      .describe(
        'Set only in the organization management account or a CloudTrail delegated administrator: the trail becomes an organization trail.',
      ),
  })
  .describe('The multi-region audit trail.');

const cisAlarmsSchema = z
  .strictObject(
    Object.fromEntries(CIS_CONTROLS.map((c) => [c.key, on(`CIS ${c.id}: ${c.title}.`)])) as Record<
      string,
      ReturnType<typeof on>
    >,
  )
  .default(Object.fromEntries(CIS_CONTROLS.map((c) => [c.key, true])))
  .describe('CIS AWS Foundations v3.0.0 section 4 metric-filter alarms, each on by default.');

const guardDutySchema = z
  .strictObject({
    alertMinSeverity: z
      .number()
      .min(1, {
        error: (iss) =>
          `${String(iss.input)} is below GuardDuty's severity range 1-10; use 7 for high and above`,
      })
      .max(10, {
        error: (iss) =>
          `${String(iss.input)} is above GuardDuty's severity range 1-10; use 7 for high and above`,
      })
      .default(7)
      .describe(
        'Findings at or above this severity are notified (1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical).',
      ),
    s3DataEvents: on('S3 Protection (S3 data-plane events).'),
    eksAuditLogs: on('EKS Protection (Kubernetes audit logs).'),
    runtimeMonitoring: on('Runtime Monitoring for EKS, ECS Fargate and EC2, agent managed by GuardDuty.'),
    ebsMalwareProtection: on('Malware Protection for EC2 (EBS volume scans on suspicious findings).'),
    rdsLoginEvents: on('RDS Protection (Aurora/RDS login activity).'),
    lambdaNetworkActivity: on('Lambda Protection (network activity of functions).'),
  })
  .describe('GuardDuty detector and its protection plans.');

const standardNames = Object.keys(SECURITY_HUB_STANDARDS) as [SecurityHubStandard, ...SecurityHubStandard[]];

const securityHubSchema = z
  .strictObject({
    nist80053: z.boolean().default(false).describe('Also enable NIST SP 800-53 Rev. 5.'),
    pciDss: z.boolean().default(false).describe('Also enable PCI DSS v4.0.1.'),
    disabledControls: z
      .array(
        z.strictObject({
          standard: z.enum(standardNames).describe('Standard the control is disabled in.'),
          controlId: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, {
              error: (iss) => `${JSON.stringify(iss.input)} is not a control id such as "IAM.6" or "1.14"`,
            })
            .describe('Control id as the standard numbers it: IAM.6 (FSBP, NIST, PCI), 1.14 (CIS 3.0).'),
          reason: z
            .string()
            .trim()
            .min(MIN_DISABLE_REASON_LENGTH, {
              error: `give a reason of at least ${MIN_DISABLE_REASON_LENGTH} characters that an auditor can check (what compensates, or why the control does not apply)`,
            })
            .describe('Why the control is off; recorded in Security Hub.'),
        }),
      )
      .default([])
      .describe('Controls turned off, each with a reason. FSBP and CIS 3.0 are always enabled.'),
  })
  .describe('Security Hub: FSBP and CIS AWS Foundations 3.0 always, consolidated control findings.');

/** Audit-stack template metadata key listing the detection settings switched off, each `{ setting, reason }`. */
export const DETECTION_EXCEPTIONS_METADATA = 'SecurityBaseline::DetectionExceptions';

/**
 * Settings that are on by default and weaken detection when switched off (Lambda data events are an
 * opt-in extra, not guarded). In production each one that is off needs an entry
 * in `detection.exceptions` with a reason; the reasons land in the Audit stack's template metadata
 * (`SecurityBaseline::DetectionExceptions`) for the compliance report, like disabled Security Hub controls.
 */
export const GUARDED_DETECTION_SETTINGS: readonly {
  setting: string;
  what: string;
  isOff: (d: DetectionLike) => boolean;
}[] = [
  {
    setting: 'trail.s3DataEvents',
    what: 'CloudTrail S3 data events (CIS 3.8/3.9)',
    isOff: (d) => d.trail.s3DataEvents === 'off',
  },
  { setting: 'trail.insights', what: 'CloudTrail Insights', isOff: (d) => !d.trail.insights },
  ...CIS_CONTROLS.map((c) => ({
    setting: `cisAlarms.${c.key}`,
    what: `the CIS ${c.id} alarm (${c.title})`,
    isOff: (d: DetectionLike) => d.cisAlarms[c.key] === false,
  })),
  ...(
    [
      's3DataEvents',
      'eksAuditLogs',
      'runtimeMonitoring',
      'ebsMalwareProtection',
      'rdsLoginEvents',
      'lambdaNetworkActivity',
    ] as const
  ).map((plan) => ({
    setting: `guardDuty.${plan}`,
    what: `the GuardDuty ${plan} protection plan`,
    isOff: (d: DetectionLike) => !d.guardDuty[plan],
  })),
  {
    setting: 'awsConfig.recordGlobalResourceTypes',
    what: 'AWS Config recording of IAM and other global types',
    isOff: (d) => !d.awsConfig.recordGlobalResourceTypes,
  },
  {
    setting: 'vulnerabilityScanning',
    what: 'Amazon Inspector vulnerability scanning',
    isOff: (d) => !d.vulnerabilityScanning,
  },
  { setting: 'macie', what: 'Amazon Macie', isOff: (d) => !d.macie },
  { setting: 'detective', what: 'Amazon Detective', isOff: (d) => !d.detective },
  {
    setting: 'forwardGlobalSignInEvents',
    what: 'forwarding of us-east-1 console sign-in (root usage) events',
    isOff: (d) => !d.forwardGlobalSignInEvents,
  },
];

/** The parts of a detection config the guards read (the parsed config, before the exceptions). */
interface DetectionLike {
  readonly trail: { readonly s3DataEvents: string; readonly insights: boolean };
  readonly cisAlarms: Readonly<Record<string, boolean>>;
  readonly guardDuty: Readonly<
    Record<
      | 's3DataEvents'
      | 'eksAuditLogs'
      | 'runtimeMonitoring'
      | 'ebsMalwareProtection'
      | 'rdsLoginEvents'
      | 'lambdaNetworkActivity',
      boolean
    >
  >;
  readonly awsConfig: { readonly recordGlobalResourceTypes: boolean };
  readonly vulnerabilityScanning: boolean;
  readonly macie: boolean;
  readonly detective: boolean;
  readonly forwardGlobalSignInEvents: boolean;
}

const exceptionSchema = z.strictObject({
  setting: z
    .enum(GUARDED_DETECTION_SETTINGS.map((g) => g.setting) as [string, ...string[]], {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not a guarded detection setting; use the key under detection, e.g. cisAlarms.rootAccountUsage or guardDuty.runtimeMonitoring`,
    })
    .describe('Key under detection that is switched off, e.g. cisAlarms.rootAccountUsage.'),
  reason: z
    .string()
    .trim()
    .min(MIN_DISABLE_REASON_LENGTH, {
      error: `give a reason of at least ${MIN_DISABLE_REASON_LENGTH} characters that an auditor can check (what compensates, or why it does not apply)`,
    })
    .describe('Why it is off; shown in the compliance report.'),
});

export const detectionSchema = z
  .strictObject({
    trail: trailSchema,
    cisAlarms: cisAlarmsSchema,
    guardDuty: guardDutySchema,
    securityHub: securityHubSchema.default({ nist80053: false, pciDss: false, disabledControls: [] }),
    awsConfig: z
      .strictObject({
        recordGlobalResourceTypes: on(
          'Record IAM and other global types; true in exactly one region per account.',
        ),
        createServiceLinkedRole: z
          .boolean()
          .default(false)
          .describe(
            'Create AWSServiceRoleForConfig in CloudFormation. Off: most accounts already have it (any account that opened the Config console), and creating it again fails the deployment; create it once with `aws iam create-service-linked-role --aws-service-name config.amazonaws.com` if missing, or set true in a brand-new account.',
          ),
      })
      .default({ recordGlobalResourceTypes: true, createServiceLinkedRole: false })
      .describe('AWS Config recorder, delivery to the log archive, managed rules.'),
    vulnerabilityScanning: on('Amazon Inspector for EC2, ECR and Lambda; ECR enhanced scanning on push.'),
    macie: on('Amazon Macie (sensitive data discovery in S3).'),
    detective: on('Amazon Detective (behavior graph for investigations).'),
    forwardGlobalSignInEvents: on(
      'Forward console sign-in events from us-east-1 (where root sign-ins are emitted) to the primary region.',
    ),
    exceptions: z
      .array(exceptionSchema)
      .default([])
      .describe(
        'Detection settings switched off, each with a reason the compliance report shows. Required in production for every CIS alarm, GuardDuty plan, detection service and trail data-event setting that is off.',
      ),
  })
  .describe('Detection and audit: CloudTrail, CIS alarms, GuardDuty, Security Hub, Config, Inspector.');

export type DetectionConfig = z.infer<typeof detectionSchema>;

type ConfigRule = Rule<{ readonly detection: DetectionConfig }>;

/** The Security Hub standards a detection config enables. */
export function enabledStandards(c: DetectionConfig): SecurityHubStandard[] {
  return [
    'fsbp',
    'cis-3.0',
    ...(c.securityHub.nist80053 ? (['nist-800-53-r5'] as const) : []),
    ...(c.securityHub.pciDss ? (['pci-dss-4.0.1'] as const) : []),
  ];
}

/** GuardDuty protection plans of a detection config, the same in every region. */
export function guardDutyPlans(c: DetectionConfig): GuardDutyProtectionPlans {
  const g = c.guardDuty;
  return {
    s3DataEvents: g.s3DataEvents,
    eksAuditLogs: g.eksAuditLogs,
    runtimeMonitoring: g.runtimeMonitoring,
    ebsMalwareProtection: g.ebsMalwareProtection,
    rdsLoginEvents: g.rdsLoginEvents,
    lambdaNetworkActivity: g.lambdaNetworkActivity,
  };
}

/**
 * The regions besides the primary one where an environment runs resources, each watched by detection: the
 * backup region (backup copies) and us-east-1 (CloudFront's WAF, the edge and global-service stacks).
 */
export function furtherDetectionRegions(environment: { region: string; backupRegion: string }): string[] {
  return [...new Set([environment.backupRegion, 'us-east-1'])].filter((r) => r !== environment.region);
}

/** A disabled control must belong to an enabled standard, and be listed once. */
const disabledControlsReferToEnabledStandards: ConfigRule = (c) => {
  const enabled = enabledStandards(c.detection);
  const seen = new Set<string>();
  return c.detection.securityHub.disabledControls.flatMap((d, i): Problem[] => {
    const path = `detection.securityHub.disabledControls[${i}]`;
    const key = `${d.standard}/${d.controlId}`;
    const problems: Problem[] = [];
    if (!enabled.includes(d.standard)) {
      problems.push({
        path: `${path}.standard`,
        message: `'${d.standard}' is not enabled; enable it (securityHub.${d.standard.startsWith('nist') ? 'nist80053' : 'pciDss'}: true) or remove this entry`,
      });
    }
    if (seen.has(key))
      problems.push({ path: `${path}.controlId`, message: `${key} is listed twice; keep one entry` });
    seen.add(key);
    return problems;
  });
};

type WithDetection = {
  readonly environment: { readonly production: boolean };
  readonly detection: DetectionConfig;
};

/** Production guard: a weakened detection setting needs a listed reason; a listed reason needs a weakened setting. */
const detectionExceptionsWithReasons: Rule<WithDetection> = (c) => {
  const d = c.detection;
  const listed = new Map(d.exceptions.map((e, i) => [e.setting, i]));
  const problems: Problem[] = [];
  for (const g of GUARDED_DETECTION_SETTINGS) {
    const i = listed.get(g.setting);
    if (g.isOff(d) && i === undefined && c.environment.production) {
      problems.push({
        path: `detection.${g.setting}`,
        message: `switches off ${g.what} in production; turn it back on, or add { setting: ${g.setting}, reason: '...' } to detection.exceptions with a reason an auditor can check`,
      });
    }
    if (!g.isOff(d) && i !== undefined) {
      problems.push({
        path: `detection.exceptions[${i}].setting`,
        message: `${g.setting} is not switched off; remove this exception`,
      });
    }
  }
  d.exceptions.forEach((e, i) => {
    if (d.exceptions.findIndex((o) => o.setting === e.setting) < i) {
      problems.push({
        path: `detection.exceptions[${i}].setting`,
        message: `${e.setting} is listed twice; keep one entry`,
      });
    }
  });
  return problems;
};

export const DETECTION_RULES: readonly Rule<WithDetection>[] = [
  disabledControlsReferToEnabledStandards,
  detectionExceptionsWithReasons,
];
