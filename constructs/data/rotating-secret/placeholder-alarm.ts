import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SecureFunction } from '../../compute/secure-function';
import { METRIC_DIMENSION, METRIC_NAME, METRIC_NAMESPACE } from './bootstrap';

/** The scheduled check (bundled with the local esbuild by SecureFunction). */
export const PLACEHOLDER_CHECK_ENTRY = path.join(__dirname, 'placeholder-check', 'index.ts');

export interface PlaceholderAlarmProps {
  readonly secret: secretsmanager.ISecret;
  /** The secret's name (the metric dimension; a plain string). */
  readonly secretName: string;
  /** Days of the secret's `rate(<n> days)` rotation schedule. */
  readonly rotationDays: number;
  /** Key the secret is encrypted with (used through Secrets Manager only). */
  readonly encryptionKey: kms.IKey;
  readonly logKey: kms.IKey;
  readonly logRetentionDays: number;
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  /** Security group whose only egress is HTTPS to the interface endpoints. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The security topic the alarm notifies. */
  readonly alarmTopic: sns.ITopic;
  /**
   * How often the check runs.
   * @default Duration.hours(1)
   */
  readonly checkInterval?: Duration;
}

/**
 * Alarm when a RotatingSecret is still on its bootstrap placeholder after its first scheduled rotation
 * window (the first rotation failed or never ran, so consumers have no key).
 *
 * A scheduled function reads AWSCURRENT, decides with `placeholderOverdue()` and writes the result as an
 * embedded-metric-format log line (`SecurityBaseline/Secrets` `BootstrapPlaceholderOverdue`, dimension
 * `SecretName`). The alarm fires when the 6-hour maximum is >= 1, or when the metric is missing (the
 * check itself stopped), and notifies the security topic like every other alarm.
 */
export class PlaceholderAlarm extends Construct {
  public readonly checkFunction: SecureFunction;
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PlaceholderAlarmProps) {
    super(scope, id);
    const { region } = Stack.of(this);
    const interval = props.checkInterval ?? Duration.hours(1);

    this.checkFunction = new SecureFunction(this, 'CheckFunction', {
      entry: PLACEHOLDER_CHECK_ENTRY,
      description: `Checks that ${props.secretName} left its bootstrap placeholder after the first rotation window`,
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrentExecutions: 1,
      environment: {
        SECRET_ARN: props.secret.secretArn,
        SECRET_NAME: props.secretName,
        ROTATION_DAYS: String(props.rotationDays),
      },
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [props.securityGroup],
      deadLetterQueueExemptionReason:
        'A failed or lost check writes no datapoint, and the placeholder alarm treats missing data as breaching: the failure is alerted without a dead-letter queue',
    });
    const role = this.checkFunction.role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadThisSecretOnly',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        resources: [props.secret.secretArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptTheSecretThroughSecretsManagerOnly',
        actions: ['kms:Decrypt'],
        resources: [props.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
      }),
    );

    new events.Rule(this, 'Schedule', {
      description: `Runs the bootstrap-placeholder check of ${props.secretName}`,
      schedule: events.Schedule.rate(interval),
      targets: [new targets.LambdaFunction(this.checkFunction.function, { retryAttempts: 2 })],
    });

    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription: `${props.secretName} is still on its bootstrap placeholder after its first scheduled rotation window, or the check stopped reporting (runbook: Respond to an alarm)`,
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: METRIC_NAME,
        dimensionsMap: { [METRIC_DIMENSION]: props.secretName },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(6),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
