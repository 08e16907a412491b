import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SecureRestApi } from '../api/secure-rest-api';
import type { WebAcl } from './web-acl';

const FIVE_MINUTES = Duration.minutes(5);

function alarm(
  scope: Construct,
  id: string,
  topic: sns.ITopic,
  description: string,
  metric: cloudwatch.IMetric,
  threshold: number,
): cloudwatch.Alarm {
  const a = new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  a.addAlarmAction(new cloudwatchActions.SnsAction(topic));
  return a;
}

export interface WafAbuseAlarmsProps {
  readonly webAcl: WebAcl;
  /** Topic in the web ACL's region (CloudFront web ACL metrics live in us-east-1). */
  readonly topic: sns.ITopic;
  /** Blocked requests per 5 minutes (all rules) that raise the spike alarm. */
  readonly blockedRequestsThreshold: number;
  /** Requests blocked by the rate-based rules per 5 minutes that raise the alarm. */
  readonly rateRuleMatchesThreshold: number;
}

/** Abuse detection on a web ACL: a spike of blocked requests, and rate-based rule matches. */
export class WafAbuseAlarms extends Construct {
  public readonly blockedSpike: cloudwatch.Alarm;
  public readonly rateRuleMatches?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WafAbuseAlarmsProps) {
    super(scope, id);
    const { webAcl, topic } = props;
    this.blockedSpike = alarm(
      this,
      'BlockedRequestsSpike',
      topic,
      `WAF ${webAcl.scope} web ACL blocked at least ${props.blockedRequestsThreshold} requests in 5 minutes: probing or an attack`,
      webAcl.metric('BlockedRequests'),
      props.blockedRequestsThreshold,
    );
    if (webAcl.rateBasedRuleNames.length) {
      const usingMetrics = Object.fromEntries(
        webAcl.rateBasedRuleNames.map((rule, i) => [`m${i}`, webAcl.metric('BlockedRequests', rule)]),
      );
      this.rateRuleMatches = alarm(
        this,
        'RateRuleMatches',
        topic,
        `WAF rate-based rules (${webAcl.rateBasedRuleNames.join(', ')}) answered 429 at least ${props.rateRuleMatchesThreshold} times in 5 minutes: flooding, scraping or credential stuffing`,
        new cloudwatch.MathExpression({
          expression: `SUM([${Object.keys(usingMetrics).join(',')}])`,
          usingMetrics,
          period: FIVE_MINUTES,
          label: 'Rate-limited requests',
        }),
        props.rateRuleMatchesThreshold,
      );
    }
  }
}

export interface ApiAbuseAlarmsProps {
  readonly api: SecureRestApi;
  readonly topic: sns.ITopic;
  /** Fraction (0-1) of requests answered 4xx over 5 minutes that raises the alarm. */
  readonly clientErrorRate: number;
  /** Fraction (0-1) of requests answered 5xx over 5 minutes that raises the alarm. */
  readonly serverErrorRate: number;
  /** 429 answers to one client (API key) per 5 minutes that raise that client's alarm. */
  readonly clientThrottledThreshold: number;
}

/**
 * Abuse detection on the API: 4xx and 5xx rates, and per-client throttling. API Gateway publishes no
 * per-API-key metric, so a metric filter on the JSON access log counts 429s by `apiKeyId`.
 */
export class ApiAbuseAlarms extends Construct {
  public static readonly NAMESPACE = 'SecurityBaseline/Api';

  constructor(scope: Construct, id: string, props: ApiAbuseAlarmsProps) {
    super(scope, id);
    const { api, topic } = props;
    const apiName = api.api.restApiName;
    const rate = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiName: apiName, Stage: api.stage.stageName },
        statistic: cloudwatch.Stats.AVERAGE,
        period: FIVE_MINUTES,
      });
    alarm(
      this,
      'ClientErrorRate',
      topic,
      `${apiName}: at least ${props.clientErrorRate * 100}% of requests answered 4xx in 5 minutes (authorization failures, validation errors or throttling)`,
      rate('4XXError'),
      props.clientErrorRate,
    );
    alarm(
      this,
      'ServerErrorRate',
      topic,
      `${apiName}: at least ${props.serverErrorRate * 100}% of requests answered 5xx in 5 minutes`,
      rate('5XXError'),
      props.serverErrorRate,
    );

    const filter = new logs.MetricFilter(this, 'ThrottledByClient', {
      logGroup: api.accessLogGroup,
      filterPattern: logs.FilterPattern.numberValue('$.status', '=', 429),
      metricNamespace: ApiAbuseAlarms.NAMESPACE,
      metricName: 'ThrottledRequests',
      metricValue: '1',
      dimensions: { ApiKeyId: '$.apiKeyId' },
    });
    for (const client of api.clients) {
      alarm(
        this,
        `Throttled-${client.name}`,
        topic,
        `${apiName}: client ${client.name} was throttled (429) at least ${props.clientThrottledThreshold} times in 5 minutes: runaway client or stolen API key`,
        filter.metric({
          dimensionsMap: { ApiKeyId: client.apiKey.keyId },
          statistic: cloudwatch.Stats.SUM,
          period: FIVE_MINUTES,
        }),
        props.clientThrottledThreshold,
      );
    }
  }
}
