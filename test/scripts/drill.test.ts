import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateSampleFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import {
  type DrillDeps,
  DrillError,
  drillFileName,
  runDrill,
  SAMPLE_FINDING_TYPE,
} from '../../scripts/drill';

const P = 'aws';
const ACCOUNT = '222222222222';
const REGION = 'eu-west-1';
const TOPIC = `arn:${P}:sns:${REGION}:${ACCOUNT}:Prod-Foundation-SecurityTopic901229C0-ABC`;
const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/drill`;
const QUEUE_ARN = `arn:${P}:sqs:${REGION}:${ACCOUNT}:drill`;
const SUBSCRIPTION = `${TOPIC}:1234`;
const ALARMS = ['Prod-CIS-4.1-UnauthorizedApiCalls', 'Prod-CIS-4.3-RootAccountUsage'];

const mocks = {
  sts: mockClient(STSClient),
  cloudFormation: mockClient(CloudFormationClient),
  cloudWatch: mockClient(CloudWatchClient),
  guardDuty: mockClient(GuardDutyClient),
  securityHub: mockClient(SecurityHubClient),
  sns: mockClient(SNSClient),
  sqs: mockClient(SQSClient),
};

const START = Date.parse('2026-01-30T10:15:00Z');
/** The drill id the run derives from its first clock reading (START + 1 s). */
const DRILL_ID = `drill-prod-${START + 1000}`;

/** A clock that advances one second per reading and per sleep, so timeouts pass without waiting. */
function fakeClock() {
  let t = START;
  return {
    now: () => new Date((t += 1000)),
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

function deps(log: string[] = []): DrillDeps {
  return {
    sts: new STSClient({ region: REGION }),
    cloudFormation: new CloudFormationClient({ region: REGION }),
    cloudWatch: new CloudWatchClient({ region: REGION }),
    guardDuty: new GuardDutyClient({ region: REGION }),
    securityHub: new SecurityHubClient({ region: REGION }),
    sns: new SNSClient({ region: REGION }),
    sqs: new SQSClient({ region: REGION }),
    ...fakeClock(),
    log: (line) => log.push(line),
  };
}

let outDir: string;
const options = () => ({
  environment: 'Prod',
  account: ACCOUNT,
  region: REGION,
  timeoutSeconds: 120,
  outDir,
});

/** The messages the security topic delivers when every route works (shapes as the rules and CloudWatch send). */
function deliveredMessages(drillIdPart: string) {
  return [
    { Body: `[8] GuardDuty finding\nType: ${SAMPLE_FINDING_TYPE}`, ReceiptHandle: 'r1' },
    { Body: `[HIGH] Security Hub finding\nFinding: Incident drill ${drillIdPart}`, ReceiptHandle: 'r2' },
    ...ALARMS.map((a, i) => ({
      Body: JSON.stringify({ AlarmName: a, NewStateValue: 'ALARM' }),
      ReceiptHandle: `a${i}`,
    })),
  ];
}

beforeEach(() => {
  for (const m of Object.values(mocks)) m.reset();
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-'));
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
  mocks.cloudFormation.on(DescribeStackResourcesCommand).resolves({
    StackResources: [
      {
        ResourceType: 'AWS::SNS::Topic',
        PhysicalResourceId: TOPIC,
        LogicalResourceId: 'T',
        ResourceStatus: 'CREATE_COMPLETE',
        Timestamp: new Date(),
      },
      {
        ResourceType: 'AWS::KMS::Key',
        PhysicalResourceId: 'k',
        LogicalResourceId: 'K',
        ResourceStatus: 'CREATE_COMPLETE',
        Timestamp: new Date(),
      },
    ],
  });
  mocks.cloudWatch
    .on(DescribeAlarmsCommand)
    .resolves({ MetricAlarms: ALARMS.map((AlarmName) => ({ AlarmName })) });
  mocks.cloudWatch.on(SetAlarmStateCommand).resolves({});
  mocks.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  mocks.guardDuty.on(CreateSampleFindingsCommand).resolves({});
  mocks.securityHub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1 });
  mocks.sqs.on(CreateQueueCommand).resolves({ QueueUrl: QUEUE_URL });
  mocks.sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: QUEUE_ARN } });
  mocks.sqs.on(SetQueueAttributesCommand).resolves({});
  mocks.sqs.on(DeleteMessageCommand).resolves({});
  mocks.sqs.on(DeleteQueueCommand).resolves({});
  mocks.sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUBSCRIPTION });
  mocks.sns.on(UnsubscribeCommand).resolves({});
});

describe('npm run drill', () => {
  test('every route delivered: passes, writes drill-<env>-<timestamp>.json and prints the table', async () => {
    mocks.sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: deliveredMessages(DRILL_ID) });
    const log: string[] = [];
    const { record, file } = await runDrill(options(), deps(log));
    expect(record.routes.map((r) => [r.route, r.receivedAt !== null])).toEqual([
      ['GuardDuty sample finding -> EventBridge -> topic', true],
      ['Security Hub finding -> EventBridge -> topic', true],
      ...ALARMS.map((a) => [`CloudWatch alarm ${a} -> topic`, true]),
    ]);
    expect(record.passed).toBe(true);
    expect(path.basename(file)).toMatch(/^drill-prod-\d{8}T\d{6}Z\.json$/);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({
      schemaVersion: 1,
      kind: 'incident-response-drill',
      environment: 'Prod',
      account: ACCOUNT,
      topicArn: TOPIC,
      passed: true,
    });
    expect(log.join('\n')).toMatch(/^route\s+sent\s+received\s+seconds/);
  });

  test('makes each API call with the values the routes need', async () => {
    mocks.sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: deliveredMessages(DRILL_ID) });
    await runDrill(options(), deps());
    expect(mocks.sqs.commandCalls(CreateQueueCommand)[0].args[0].input.Attributes).toEqual({
      SqsManagedSseEnabled: 'true',
    });
    const policy = JSON.parse(
      mocks.sqs.commandCalls(SetQueueAttributesCommand)[0].args[0].input.Attributes!.Policy!,
    );
    // Only the security topic may send, and only messages (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html).
    expect(policy.Statement).toEqual([
      {
        Sid: 'SecurityTopicOnly',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE_ARN,
        Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } },
      },
    ]);
    // Raw delivery: the routes match the alarm and finding JSON itself, which SNS would otherwise wrap in
    // its own envelope with the body as an escaped string.
    expect(mocks.sns.commandCalls(SubscribeCommand)[0].args[0].input).toEqual({
      TopicArn: TOPIC,
      Protocol: 'sqs',
      Endpoint: QUEUE_ARN,
      Attributes: { RawMessageDelivery: 'true' },
      ReturnSubscriptionArn: true,
    });
    expect(mocks.guardDuty.commandCalls(CreateSampleFindingsCommand)[0].args[0].input).toEqual({
      DetectorId: 'det-1',
      FindingTypes: [SAMPLE_FINDING_TYPE],
    });
    const imported = mocks.securityHub
      .commandCalls(BatchImportFindingsCommand)
      .map((c) => c.args[0].input.Findings![0]);
    expect(imported.map((f) => f.RecordState)).toEqual(['ACTIVE', 'ARCHIVED']);
    expect(imported[0]).toMatchObject({
      AwsAccountId: ACCOUNT,
      ProductArn: `arn:${P}:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
      Severity: { Label: 'HIGH' },
      Workflow: { Status: 'NEW' },
    });
    const states = mocks.cloudWatch
      .commandCalls(SetAlarmStateCommand)
      .map((c) => [c.args[0].input.AlarmName, c.args[0].input.StateValue]);
    expect(states).toEqual([
      ...ALARMS.map((a) => [a, 'ALARM']),
      ...[...ALARMS].reverse().map((a) => [a, 'OK']),
    ]);
    expect(mocks.sqs.commandCalls(DeleteMessageCommand)).toHaveLength(2 + ALARMS.length);
    expect(mocks.sns.commandCalls(UnsubscribeCommand)[0].args[0].input).toEqual({
      SubscriptionArn: SUBSCRIPTION,
    });
    expect(mocks.sqs.commandCalls(DeleteQueueCommand)[0].args[0].input).toEqual({ QueueUrl: QUEUE_URL });
  });

  test('timeout: routes without a message are reported as not received, the drill fails, cleanup still runs', async () => {
    mocks.sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
    const { record } = await runDrill({ ...options(), timeoutSeconds: 30 }, deps());
    expect(record.passed).toBe(false);
    expect(record.routes).toHaveLength(2 + ALARMS.length);
    expect(record.routes.every((r) => r.sentAt !== null && r.receivedAt === null && r.seconds === null)).toBe(
      true,
    );
    expect(mocks.sqs.commandCalls(ReceiveMessageCommand).length).toBeGreaterThan(0);
    for (const c of mocks.sqs.commandCalls(ReceiveMessageCommand)) {
      expect(c.args[0].input.WaitTimeSeconds).toBeLessThanOrEqual(20);
    }
    expect(mocks.sns.commandCalls(UnsubscribeCommand)).toHaveLength(1);
    expect(mocks.sqs.commandCalls(DeleteQueueCommand)).toHaveLength(1);
  });

  test('cleanup after failure: when receiving fails, alarms are reset, the finding archived, subscription and queue deleted', async () => {
    mocks.sqs.on(ReceiveMessageCommand).rejects(new Error('AccessDenied on ReceiveMessage'));
    await expect(runDrill(options(), deps())).rejects.toThrow('AccessDenied on ReceiveMessage');
    const ok = mocks.cloudWatch
      .commandCalls(SetAlarmStateCommand)
      .filter((c) => c.args[0].input.StateValue === 'OK');
    expect(ok.map((c) => c.args[0].input.AlarmName).sort()).toEqual([...ALARMS].sort());
    expect(
      mocks.securityHub
        .commandCalls(BatchImportFindingsCommand)
        .map((c) => c.args[0].input.Findings![0].RecordState),
    ).toEqual(['ACTIVE', 'ARCHIVED']);
    expect(mocks.sns.commandCalls(UnsubscribeCommand)).toHaveLength(1);
    expect(mocks.sqs.commandCalls(DeleteQueueCommand)).toHaveLength(1);
  });

  test('a route that cannot be sent is reported with its error, the others still run', async () => {
    mocks.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    mocks.sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: deliveredMessages(DRILL_ID).slice(1) });
    const { record } = await runDrill(options(), deps());
    expect(record.routes).toHaveLength(2 + ALARMS.length);
    expect(record.routes[0]).toMatchObject({ sentAt: null, error: 'no GuardDuty detector in this region' });
    expect(record.routes.slice(1).every((r) => r.receivedAt !== null)).toBe(true);
    expect(record.passed).toBe(false);
  });

  test('fails with a clear error without credentials, before creating anything', async () => {
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    mocks.sts.on(GetCallerIdentityCommand).rejects(noCredentials);
    const run = runDrill(options(), deps());
    await expect(run).rejects.toThrow(DrillError);
    await expect(runDrill(options(), deps())).rejects.toThrow(
      /no AWS credentials for Prod \(222222222222, eu-west-1\): sign in first/,
    );
    expect(mocks.sqs.commandCalls(CreateQueueCommand)).toHaveLength(0);
  });

  test('fails if the credentials are for another account', async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    await expect(runDrill(options(), deps())).rejects.toThrow(
      'the credentials are for account 999999999999, but Prod is deployed in 222222222222',
    );
  });

  test('drill file names carry the environment and a UTC timestamp', () => {
    expect(drillFileName('Prod', new Date('2026-01-30T10:15:00.123Z'))).toBe(
      'drill-prod-20260130T101500Z.json',
    );
  });
});
