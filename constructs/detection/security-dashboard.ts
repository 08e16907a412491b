import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

export interface SecurityDashboardProps {
  /** Dashboard name (unique per account and region). */
  readonly dashboardName: string;
  /** Every security alarm whose state the dashboard shows (CIS alarms, delivery failures, other stacks'). */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** GuardDuty findings per severity label. */
  readonly guardDutyFindingsBySeverity: Readonly<Record<string, cloudwatch.IMetric>>;
  /** Security Hub HIGH/CRITICAL findings notified. */
  readonly securityHubFindings: cloudwatch.IMetric;
  /** Failed secret rotations. */
  readonly rotationFailures: cloudwatch.IMetric;
  /** Failed backup, copy and restore jobs. */
  readonly backupFailures: cloudwatch.IMetric;
  /**
   * Region of CloudFront-scope (global) WAF metrics.
   * @default 'us-east-1'
   */
  readonly globalWafRegion?: string;
}

/** A CloudWatch metrics search (finds metrics of resources other stacks create, whatever their names). */
function search(query: string, label: string, searchRegion?: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('${query}', 'Sum', 300)`,
    usingMetrics: {},
    label,
    period: Duration.minutes(5),
    searchRegion,
  });
}

/**
 * The security dashboard of one environment: the state of every security alarm, GuardDuty findings by
 * severity, Security Hub findings, WAF allowed/blocked requests (regional and CloudFront), API Gateway 4xx/5xx,
 * and secret-rotation and backup failures. Metrics of other stacks' resources are found by metric search, so
 * the dashboard does not depend on those stacks.
 */
export class SecurityDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: SecurityDashboardProps) {
    super(scope, id);
    if (props.alarms.length === 0) {
      throw new Error(
        `SecurityDashboard ${this.node.path}: 'alarms' is empty; a security dashboard needs its alarms`,
      );
    }
    const globalRegion = props.globalWafRegion ?? 'us-east-1';
    const wide = { width: 12, height: 6 };

    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Security alarms (CIS 4.x metric filters, notification delivery, other stacks)',
        alarms: [...props.alarms],
        width: 24,
        height: Math.min(12, 2 + Math.ceil(props.alarms.length / 4) * 2),
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'GuardDuty findings by severity',
        left: Object.values(props.guardDutyFindingsBySeverity),
        stacked: true,
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'Security Hub: new HIGH/CRITICAL findings notified',
        left: [props.securityHubFindings],
        ...wide,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'WAF requests (all web ACLs, regional and CloudFront)',
        left: [
          search('Namespace="AWS/WAFV2" MetricName="AllowedRequests" Rule="ALL"', 'Allowed (regional)'),
          search(
            'Namespace="AWS/WAFV2" MetricName="AllowedRequests" Rule="ALL"',
            'Allowed (CloudFront)',
            globalRegion,
          ),
        ],
        right: [
          search('Namespace="AWS/WAFV2" MetricName="BlockedRequests" Rule="ALL"', 'Blocked (regional)'),
          search(
            'Namespace="AWS/WAFV2" MetricName="BlockedRequests" Rule="ALL"',
            'Blocked (CloudFront)',
            globalRegion,
          ),
        ],
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'API Gateway client and server errors',
        left: [
          search('{AWS/ApiGateway,ApiName} MetricName="4XXError"', '4xx (REST)'),
          search('{AWS/ApiGateway,ApiId,Stage} MetricName="4xx"', '4xx (HTTP)'),
        ],
        right: [
          search('{AWS/ApiGateway,ApiName} MetricName="5XXError"', '5xx (REST)'),
          search('{AWS/ApiGateway,ApiId,Stage} MetricName="5xx"', '5xx (HTTP)'),
        ],
        ...wide,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Secret rotation and backup failures',
        left: [props.rotationFailures, props.backupFailures],
        width: 24,
        height: 6,
      }),
    );
  }
}
