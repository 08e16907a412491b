import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  guardDutyFindingPattern,
  SECURITY_EVENT_PATTERNS,
  type SecurityEventPattern,
  toEventPattern,
} from './cis-patterns';

/** How the notification of one kind of event reads: what, where, how severe, where to look. */
interface EventMessage {
  /** Headline, e.g. 'GuardDuty finding'. */
  readonly subject: string;
  /** Severity: a fixed label, or the JSON path of the event's own severity. */
  readonly severity: string | { readonly path: string };
  /** `Label: value` lines; each value is a JSON path that every matching event carries. */
  readonly fields: readonly (readonly [label: string, path: string])[];
  /** Console page to open, under `https://console.<domain>/`; `<region>` is the event's region. */
  readonly consolePath: string;
}

/**
 * One message per pattern key. Every path here is checked against the matching sample events in
 * test/lib/stacks/audit-stack.test.ts, so a message cannot silently lose a field.
 */
const MESSAGES: Readonly<Record<string, EventMessage>> = {
  guardDutyFindings: {
    subject: 'GuardDuty finding',
    severity: { path: '$.detail.severity' },
    fields: [
      ['Finding', '$.detail.title'],
      ['Type', '$.detail.type'],
      ['Resource type', '$.detail.resource.resourceType'],
      ['Occurrences', '$.detail.service.count'],
      ['Finding id', '$.detail.id'],
    ],
    consolePath: 'guardduty/home?region=<region>#/findings?macros=current&fId=<id>',
  },
  securityHubFindings: {
    subject: 'Security Hub finding',
    severity: { path: '$.detail.findings[0].Severity.Label' },
    fields: [
      ['Finding', '$.detail.findings[0].Title'],
      ['Product', '$.detail.findings[0].ProductName'],
      ['Resource', '$.detail.findings[0].Resources[0].Id'],
      ['Resource type', '$.detail.findings[0].Resources[0].Type'],
      ['Finding id', '$.detail.findings[0].Id'],
    ],
    consolePath: 'securityhub/home?region=<region>#/findings',
  },
  rootConsoleSignIn: {
    subject: 'Root user console sign-in',
    severity: 'CRITICAL',
    fields: [
      ['Result', '$.detail.responseElements.ConsoleLogin'],
      ['MFA used', '$.detail.additionalEventData.MFAUsed'],
      ['Source IP', '$.detail.sourceIPAddress'],
      ['User agent', '$.detail.userAgent'],
      ['Event time', '$.detail.eventTime'],
    ],
    consolePath: 'cloudtrailv2/home?region=<region>#/events?EventName=ConsoleLogin',
  },
  accessAnalyzerFindings: {
    subject: 'IAM Access Analyzer: resource shared outside the account',
    severity: 'HIGH',
    fields: [
      ['Resource', '$.detail.resource'],
      ['Resource type', '$.detail.resourceType'],
      ['Public', '$.detail.isPublic'],
      ['External principal', '$.detail.principal'],
      ['Finding id', '$.detail.id'],
    ],
    consolePath: 'access-analyzer/home?region=<region>#/findings',
  },
  unusedAccessFindings: {
    subject: 'IAM Access Analyzer: unused access',
    severity: 'MEDIUM',
    fields: [
      ['Resource', '$.detail.resource'],
      ['Resource type', '$.detail.resourceType'],
      ['Finding type', '$.detail.findingType'],
      ['Finding id', '$.detail.findingId'],
    ],
    consolePath: 'access-analyzer/home?region=<region>#/unused-access',
  },
  accessAnalyzerErrorFindings: {
    subject: 'IAM Access Analyzer could not analyze a resource',
    severity: 'MEDIUM',
    fields: [
      ['Resource', '$.detail.resource'],
      ['Resource type', '$.detail.resourceType'],
      ['Error', '$.detail.error'],
      ['Finding', '$.detail-type'],
    ],
    consolePath: 'access-analyzer/home?region=<region>#/findings',
  },
  kmsKeyDeletionOrDisable: {
    subject: 'KMS key scheduled for deletion or disabled',
    severity: 'HIGH',
    fields: [
      ['Action', '$.detail.eventName'],
      ['Key', '$.detail.requestParameters.keyId'],
      ['By', '$.detail.userIdentity.arn'],
      ['Source IP', '$.detail.sourceIPAddress'],
      ['Event time', '$.detail.eventTime'],
    ],
    consolePath: 'kms/home?region=<region>#/kms/keys',
  },
  secretRotationFailed: {
    subject: 'Secrets Manager rotation failed',
    severity: 'MEDIUM',
    fields: [
      ['Secret', '$.detail.additionalEventData.SecretId'],
      ['Event', '$.detail.eventName'],
      ['Event time', '$.detail.eventTime'],
    ],
    consolePath: 'secretsmanager/listsecrets?region=<region>',
  },
  backupJobFailed: {
    subject: 'AWS Backup job failed',
    severity: 'MEDIUM',
    fields: [
      ['Job', '$.detail-type'],
      ['Resource', '$.resources[0]'],
      ['Resource type', '$.detail.resourceType'],
      ['Reason', '$.detail.statusMessage'],
    ],
    consolePath: 'backup/home?region=<region>#/jobs',
  },
};

/** GuardDuty severity bands (GuardDuty User Guide, "Severity levels of findings"), for the finding counters. */
export const GUARDDUTY_SEVERITY_BANDS = [
  { label: 'Low', from: 1, below: 4 },
  { label: 'Medium', from: 4, below: 7 },
  { label: 'High', from: 7, below: 9 },
  { label: 'Critical', from: 9, below: 10.1 },
] as const;
export type GuardDutySeverityLabel = (typeof GUARDDUTY_SEVERITY_BANDS)[number]['label'];

export interface SecurityEventRulesProps {
  /** Topic the rules publish to. Its policy must allow `events.amazonaws.com` (this construct grants nothing). */
  readonly topic: sns.ITopic;
  /**
   * GuardDuty findings at or above this severity are notified (GuardDuty: 1-3.9 low, 4-6.9 medium, 7-8.9 high,
   * 9-10 critical).
   * @default 7
   */
  readonly guardDutyMinSeverity?: number;
  /**
   * Prefix of rule names.
   * @default - names generated by CloudFormation
   */
  readonly ruleNamePrefix?: string;
}

/** One notifying rule. */
export interface SecurityEventRule {
  readonly key: string;
  readonly pattern: SecurityEventPattern;
  readonly rule: events.Rule;
}

/**
 * EventBridge rules for security events that need no log processing (GuardDuty and Security Hub findings,
 * root sign-in, Access Analyzer findings, KMS key deletion, rotation and backup failures), each publishing a
 * readable message (what, where, severity, console link, what to check) to the security topic. Also one
 * target-less counting rule per GuardDuty severity band, whose `MatchedEvents` metric feeds the dashboard,
 * and an alarm when any rule fails to deliver to the topic.
 */
export class SecurityEventRules extends Construct {
  public readonly rules: readonly SecurityEventRule[];
  /** GuardDuty findings per severity band (EventBridge MatchedEvents, Sum over the graph period). */
  public readonly guardDutyFindingsBySeverity: Readonly<Record<GuardDutySeverityLabel, cloudwatch.IMetric>>;
  /** Fires when EventBridge could not deliver a notification to the topic (permissions, KMS, throttling). */
  public readonly deliveryFailureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SecurityEventRulesProps) {
    super(scope, id);
    const minSeverity = props.guardDutyMinSeverity ?? 7;
    if (!Number.isFinite(minSeverity) || minSeverity < 1 || minSeverity > 10) {
      throw new Error(
        `'guardDutyMinSeverity' must be between 1 and 10 (7 = high and above). Received: ${minSeverity}`,
      );
    }
    const patterns = [guardDutyFindingPattern(minSeverity), ...SECURITY_EVENT_PATTERNS];
    const domain = consoleDomain(Stack.of(this).partition);

    this.rules = patterns.map((pattern) => {
      const message = MESSAGES[pattern.key];
      if (!message) throw new Error(`SecurityEventRules: no message defined for pattern '${pattern.key}'`);
      const rule = new events.Rule(this, pascal(pattern.key), {
        ruleName: props.ruleNamePrefix ? `${props.ruleNamePrefix}${pascal(pattern.key)}` : undefined,
        description: truncate(pattern.description, 512),
        eventPattern: toEventPattern(pattern.pattern),
      });
      rule.addTarget(new TopicTarget(props.topic, renderMessage(message, pattern, domain)));
      return { key: pattern.key, pattern, rule };
    });

    const counters = GUARDDUTY_SEVERITY_BANDS.map(({ label, from, below }) => {
      const rule = new events.Rule(this, `GuardDuty${label}Findings`, {
        ruleName: props.ruleNamePrefix ? `${props.ruleNamePrefix}GuardDuty${label}Findings` : undefined,
        description: `Counts GuardDuty findings of severity ${from} to below ${below} for the security dashboard (no target).`,
        eventPattern: {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: { severity: [{ numeric: ['>=', from, '<', below] }] },
        },
      });
      return [label, matchedEvents(rule, `GuardDuty ${label}`)] as const;
    });
    this.guardDutyFindingsBySeverity = Object.fromEntries(counters) as Record<
      GuardDutySeverityLabel,
      cloudwatch.IMetric
    >;

    const failed = Object.fromEntries(
      this.rules.map((r, i) => [
        `f${i}`,
        new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'FailedInvocations',
          dimensionsMap: { RuleName: r.rule.ruleName },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(5),
        }),
      ]),
    );
    this.deliveryFailureAlarm = new cloudwatch.Alarm(this, 'DeliveryFailureAlarm', {
      alarmDescription:
        'EventBridge failed to deliver a security notification to the security topic (FailedInvocations of the ' +
        'security event rules). Check the topic policy and the KMS key policy (events.amazonaws.com), and SNS ' +
        'throttling; notifications are lost until fixed.',
      metric: new cloudwatch.MathExpression({
        expression: `SUM([${Object.keys(failed).join(',')}])`,
        usingMetrics: failed,
        label: 'Failed security notifications',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // CloudWatch publishes as cloudwatch.amazonaws.com, so this still arrives when only EventBridge is refused.
    this.deliveryFailureAlarm.addAlarmAction(new actions.SnsAction(props.topic));
  }

  /** MatchedEvents of the notifying rule for `key` (e.g. 'secretRotationFailed'), for dashboards. */
  public matchedEvents(key: string, label?: string): cloudwatch.IMetric {
    const found = this.rules.find((r) => r.key === key);
    if (!found) {
      throw new Error(
        `SecurityEventRules: no rule '${key}'; rules are ${this.rules.map((r) => r.key).join(', ')}`,
      );
    }
    return matchedEvents(found.rule, label ?? key);
  }
}

/**
 * An SNS target that relies on the topic's own policy (publishing allowed to events.amazonaws.com of this
 * account) instead of adding an unconditioned grant to it, as `aws-events-targets.SnsTopic` would.
 */
class TopicTarget implements events.IRuleTarget {
  constructor(
    private readonly topic: sns.ITopic,
    private readonly input: events.RuleTargetInput,
  ) {}

  public bind(): events.RuleTargetConfig {
    return {
      arn: this.topic.topicArn,
      input: this.input,
      retryPolicy: { maximumEventAgeInSeconds: Duration.hours(24).toSeconds(), maximumRetryAttempts: 185 },
    };
  }
}

function renderMessage(
  message: EventMessage,
  pattern: SecurityEventPattern,
  domain: string,
): events.RuleTargetInput {
  const field = (path: string): string => events.EventField.fromPath(path);
  const region = field('$.region');
  const severity = typeof message.severity === 'string' ? message.severity : field(message.severity.path);
  const link = message.consolePath.replace(/<region>/g, region).replace(/<id>/g, field('$.detail.id'));
  return events.RuleTargetInput.fromMultilineText(
    [
      `[${severity}] ${message.subject}`,
      `Where: account ${field('$.account')}, region ${region}, at ${field('$.time')}`,
      ...message.fields.map(([label, path]) => `${label}: ${field(path)}`),
      `Console: https://console.${domain}/${link}`,
      `What to check: ${pattern.description}`,
    ].join('\n'),
  );
}

function matchedEvents(rule: events.Rule, label: string): cloudwatch.IMetric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Events',
    metricName: 'MatchedEvents',
    dimensionsMap: { RuleName: rule.ruleName },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.hours(1),
    label,
  });
}

/** Console host per partition; the commercial console when the partition is only known at deploy time. */
function consoleDomain(partition: string): string {
  if (Token.isUnresolved(partition)) return 'aws.amazon.com';
  return { 'aws-cn': 'amazonaws.cn', 'aws-us-gov': 'amazonaws-us-gov.com' }[partition] ?? 'aws.amazon.com';
}

function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
