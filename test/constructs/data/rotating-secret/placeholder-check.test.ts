import { Template } from 'aws-cdk-lib/assertions';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  firstRotationDeadline,
  placeholderOverdue,
} from '../../../../constructs/data/rotating-secret/bootstrap';
import { handler } from '../../../../constructs/data/rotating-secret/placeholder-check';
import { RotatingSecret } from '../../../../constructs/data/rotating-secret/rotating-secret';
import { dataFixture } from '../../../support/data-fixture';
import { rotatingSecretProps } from '../../../support/rotating-secret';

const sm = mockClient(SecretsManagerClient);
const DAY_MS = 86_400_000;
const PARTITION = 'aws';
const SECRET_ARN = `arn:${PARTITION}:secretsmanager:eu-west-1:111122223333:secret:platform/api-keys/webhook-signing-AbCdEf`;
const SECRET_NAME = 'platform/api-keys/webhook-signing';
const PLACEHOLDER = JSON.stringify({ bootstrap: true });
const ROTATED_KEY = Buffer.alloc(32, 7).toString('base64');
const ROTATED = JSON.stringify({
  keyId: 'key-1',
  key: ROTATED_KEY,
  algorithm: 'HMAC-SHA256',
  createdAt: '2025-04-09T10:00:00.000Z',
});

describe('first rotation deadline and verdict', () => {
  // Created 15:00 UTC; rate(30 days) -> due 30 days later; the day's rotation window closes at midnight UTC.
  const created = new Date('2025-03-10T15:00:00.000Z');
  const deadline = new Date('2025-04-10T00:00:00.000Z');

  test('the first scheduled window of rate(30 days) closes at the end of the UTC day 30 days after creation', () => {
    expect(firstRotationDeadline(created, 30).toISOString()).toBe(deadline.toISOString());
  });

  test('fires on the placeholder once the first window has closed', () => {
    expect(placeholderOverdue(PLACEHOLDER, created, 30, deadline)).toBe(true);
    expect(placeholderOverdue(PLACEHOLDER, created, 30, new Date(deadline.getTime() + 40 * DAY_MS))).toBe(
      true,
    );
  });

  test('does not fire on the placeholder while the first window is still open', () => {
    expect(placeholderOverdue(PLACEHOLDER, created, 30, new Date(deadline.getTime() - 1))).toBe(false);
  });

  test('does not fire on a rotated secret, however late', () => {
    expect(placeholderOverdue(ROTATED, created, 30, new Date(deadline.getTime() + 400 * DAY_MS))).toBe(false);
  });

  test('does not take a document with other fields, or a non-JSON value, for the placeholder', () => {
    const late = new Date(deadline.getTime() + DAY_MS);
    expect(placeholderOverdue(JSON.stringify({ bootstrap: true, key: ROTATED_KEY }), created, 30, late)).toBe(
      false,
    );
    expect(placeholderOverdue('{"bootstrap":', created, 30, late)).toBe(false);
    expect(placeholderOverdue(undefined, created, 30, late)).toBe(false);
  });
});

/** The check's metric and the alarm that reads it, from a synthesized RotatingSecret. */
function synthesizedAlarm(): Record<string, any> {
  const f = dataFixture();
  new RotatingSecret(f.stack, 'ApiKey', rotatingSecretProps(f, { secretName: SECRET_NAME }));
  const alarms = Object.values(Template.fromStack(f.stack).findResources('AWS::CloudWatch::Alarm'));
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

/** CloudWatch's comparison for one datapoint against the alarm's threshold (only the operators we use). */
function breaches(alarm: Record<string, any>, value: number): boolean {
  switch (alarm.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.Threshold;
    case 'GreaterThanThreshold':
      return value > alarm.Threshold;
    default:
      throw new Error(`unexpected operator ${alarm.ComparisonOperator}`);
  }
}

describe('placeholder check handler and alarm', () => {
  let alarm: Record<string, any>;
  const output: string[] = [];

  beforeAll(() => {
    alarm = synthesizedAlarm();
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      output.push(args.map(String).join(' '));
    });
  });

  afterAll(() => jest.restoreAllMocks());

  beforeEach(() => {
    sm.reset();
    output.length = 0;
    process.env.SECRET_ARN = SECRET_ARN;
    process.env.SECRET_NAME = SECRET_NAME;
    process.env.ROTATION_DAYS = '30';
  });

  function given(current: string, createdDaysAgo: number): void {
    sm.on(DescribeSecretCommand, { SecretId: SECRET_ARN }).resolves({
      ARN: SECRET_ARN,
      CreatedDate: new Date(Date.now() - createdDaysAgo * DAY_MS),
    });
    sm.on(GetSecretValueCommand, { SecretId: SECRET_ARN, VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: current,
    });
  }

  /** Runs the check and returns the value it reported for the alarm's metric (from its EMF line). */
  async function reported(): Promise<number> {
    await handler();
    expect(output).toHaveLength(1);
    const line = JSON.parse(output[0]);
    const [directive] = line._aws.CloudWatchMetrics;
    // The line declares exactly the metric the alarm watches, with the alarm's dimension value.
    expect(directive.Namespace).toBe(alarm.Namespace);
    expect(directive.Metrics.map((m: { Name: string }) => m.Name)).toEqual([alarm.MetricName]);
    expect(directive.Dimensions).toEqual([alarm.Dimensions.map((d: { Name: string }) => d.Name)]);
    for (const d of alarm.Dimensions) expect(line[d.Name]).toBe(d.Value);
    return line[alarm.MetricName];
  }

  test('the alarm fires for a secret still on its placeholder after the first window (32 days, rate 30 days)', async () => {
    given(PLACEHOLDER, 32);
    const value = await reported();
    expect(value).toBe(1);
    expect(breaches(alarm, value)).toBe(true);
  });

  test('the alarm stays quiet for a rotated secret', async () => {
    given(ROTATED, 400);
    const value = await reported();
    expect(value).toBe(0);
    expect(breaches(alarm, value)).toBe(false);
    expect(output.join('\n')).not.toContain(ROTATED_KEY);
  });

  test('the alarm stays quiet for a new secret whose first window has not come yet', async () => {
    given(PLACEHOLDER, 2);
    const value = await reported();
    expect(value).toBe(0);
    expect(breaches(alarm, value)).toBe(false);
  });

  test('the alarm fires when the check stops reporting (missing data is breaching)', () => {
    expect(alarm.TreatMissingData).toBe('breaching');
  });

  test('fails if the secret has no creation date, reporting nothing', async () => {
    sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN });
    await expect(handler()).rejects.toThrow(/has no CreatedDate/);
    expect(output).toHaveLength(0);
  });
});
