/**
 * Scheduled check of one RotatingSecret: publishes `BootstrapPlaceholderOverdue` (1 or 0) as a
 * CloudWatch metric through the embedded metric format (a structured log line that CloudWatch Logs
 * turns into a metric: no cloudwatch:PutMetricData permission or endpoint needed,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * The PlaceholderAlarm fires on 1, and on missing data (the check stopped running).
 *
 * Reads AWSCURRENT only to compare it with the placeholder; never logs or throws its content.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { METRIC_DIMENSION, METRIC_NAME, METRIC_NAMESPACE, placeholderOverdue } from '../bootstrap';

const secrets = new SecretsManagerClient({});

/** The embedded-metric-format log line for one check. */
export function metricLine(secretName: string, overdue: boolean, now: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[METRIC_DIMENSION]],
          Metrics: [{ Name: METRIC_NAME, Unit: 'Count' }],
        },
      ],
    },
    [METRIC_DIMENSION]: secretName,
    [METRIC_NAME]: overdue ? 1 : 0,
  });
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}

export async function handler(): Promise<void> {
  const secretId = requiredEnv('SECRET_ARN');
  const secretName = requiredEnv('SECRET_NAME');
  const rotationDays = Number(requiredEnv('ROTATION_DAYS'));
  const meta = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (meta.CreatedDate === undefined) throw new Error(`secret ${secretId} has no CreatedDate`);
  const current = await secrets.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }),
  );
  const now = new Date();
  const overdue = placeholderOverdue(current.SecretString, meta.CreatedDate, rotationDays, now);
  console.log(metricLine(secretName, overdue, now));
}
