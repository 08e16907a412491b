import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CIS_CONTROLS, type CisControl } from './cis-patterns';

export interface CisAlarmsProps {
  /** The CloudTrail log group (multi-region trail) the metric filters read. */
  readonly logGroup: logs.ILogGroup;
  /** Topic every alarm notifies. */
  readonly alarmTopic: sns.ITopic;
  /**
   * The metric-filter controls to monitor (e.g. guardrailControls() of guardrail-patterns.ts).
   * @default CIS_CONTROLS
   */
  readonly controls?: readonly CisControl[];
  /**
   * Label in the alarm names (`<prefix><label>-<id>-<metric>`).
   * @default 'CIS'
   */
  readonly alarmNameLabel?: string;
  /**
   * Keys of the controls to leave out (e.g. 'organizationsChanges' in an account outside an organization).
   * @default - none: every control 4.1-4.15 is monitored
   */
  readonly disabledControls?: readonly string[];
  /**
   * CloudWatch namespace of the filter metrics.
   * @default 'SecurityBaseline/CIS'
   */
  readonly metricNamespace?: string;
  /**
   * Prefix of the alarm names (`<prefix>CIS-4.1-UnauthorizedApiCalls`).
   * @default - no prefix
   */
  readonly alarmNamePrefix?: string;
}

/** One monitored control: its metric filter and its alarm. */
export interface CisMonitor {
  readonly control: CisControl;
  readonly metricFilter: logs.MetricFilter;
  readonly alarm: cloudwatch.Alarm;
}

/**
 * CIS AWS Foundations Benchmark v3.0.0 section 4: one metric filter on the CloudTrail log group and one alarm
 * per control. Each matching log event counts 1; the alarm fires when the 5-minute sum is >= 1 (a single
 * event), treats missing data as not breaching (no events is the normal state) and notifies the topic.
 */
export class CisAlarms extends Construct {
  /** Monitored controls, in CIS order. */
  public readonly monitors: readonly CisMonitor[];
  /** The alarms, in CIS order. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: CisAlarmsProps) {
    super(scope, id);
    const controls = props.controls ?? CIS_CONTROLS;
    const label = props.alarmNameLabel ?? 'CIS';
    const disabled = new Set(props.disabledControls ?? []);
    const unknown = [...disabled].filter((k) => !controls.some((c) => c.key === k));
    if (unknown.length > 0) {
      throw new Error(
        `'disabledControls' names unknown ${label} controls: ${unknown.join(', ')}. Valid keys: ${controls.map((c) => c.key).join(', ')}`,
      );
    }
    const namespace = props.metricNamespace ?? 'SecurityBaseline/CIS';
    const action = new actions.SnsAction(props.alarmTopic);

    this.monitors = controls
      .filter((c) => !disabled.has(c.key))
      .map((control) => {
        const name = control.key.charAt(0).toUpperCase() + control.key.slice(1);
        const metricFilter = new logs.MetricFilter(this, `${name}Filter`, {
          logGroup: props.logGroup,
          filterPattern: logs.FilterPattern.literal(control.pattern),
          metricNamespace: namespace,
          metricName: control.metricName,
          metricValue: '1',
        });
        const alarm = new cloudwatch.Alarm(this, `${name}Alarm`, {
          alarmName: `${props.alarmNamePrefix ?? ''}${label}-${control.id}-${control.metricName}`,
          alarmDescription: control.description,
          metric: metricFilter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(action);
        return { control, metricFilter, alarm };
      });
    this.alarms = this.monitors.map((m) => m.alarm);
  }
}
