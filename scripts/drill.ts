/**
 * `npm run drill -- --env <name> [--timeout <seconds>] [--out <dir>]`: an incident-response drill against a
 * DEPLOYED environment, with the operator's AWS credentials (docs/runbook.md, "Incident drill").
 *
 * 1. subscribes a temporary SQS queue (SSE-SQS encrypted, readable only through the topic) to the security
 *    topic of the environment's Foundation stack;
 * 2. raises one alert per route: GuardDuty sample findings (CreateSampleFindings), one test Security Hub
 *    finding (BatchImportFindings), and every CIS alarm set to ALARM (SetAlarmState);
 * 3. waits, up to the timeout, for each route's message on the queue;
 * 4. always cleans up: alarms back to OK, the test finding archived, the subscription and queue deleted;
 * 5. prints a table (route, sent, received, seconds) and writes `drill-<env>-<timestamp>.json`, which the
 *    compliance report can take as evidence that incident response was tested (ST6).
 *
 * Exit status: 0 every route delivered, 1 a route timed out, 2 a usage or credentials problem.
 */
import * as fs from 'node:fs';
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

/** GuardDuty finding type of the sample finding: severity 8 (high), notified at any `alertMinSeverity`. */
export const SAMPLE_FINDING_TYPE = 'Backdoor:EC2/C&CActivity.B!DNS';

export interface DrillOptions {
  /** Environment (stage) name, e.g. `Prod`. */
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  /** Longest wait for all messages, in seconds. */
  readonly timeoutSeconds: number;
  /** Directory the drill file is written to. */
  readonly outDir: string;
}

/** The clients and clock of a drill (tests pass mocks and a fake clock). */
export interface DrillDeps {
  readonly sts: STSClient;
  readonly cloudFormation: CloudFormationClient;
  readonly cloudWatch: CloudWatchClient;
  readonly guardDuty: GuardDutyClient;
  readonly securityHub: SecurityHubClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
}

export interface RouteResult {
  readonly route: string;
  readonly sentAt: string | null;
  readonly receivedAt: string | null;
  readonly seconds: number | null;
  readonly error?: string;
}

/** What `drill-<env>-<timestamp>.json` holds. */
export interface DrillRecord {
  readonly schemaVersion: 1;
  readonly kind: 'incident-response-drill';
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly topicArn: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly timeoutSeconds: number;
  readonly passed: boolean;
  readonly routes: readonly RouteResult[];
}

/** A user or environment problem: reported as a message, exit status 2. */
export class DrillError extends Error {}

interface Route {
  readonly name: string;
  /** Does this queue message (the SNS message text) belong to the route? */
  readonly matches: (body: string) => boolean;
  readonly send: () => Promise<void>;
  sentAt?: Date;
  receivedAt?: Date;
  error?: string;
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/** Runs the drill; returns the record (also written to `outDir`). Cleans up even when a step fails. */
export async function runDrill(
  options: DrillOptions,
  deps: DrillDeps,
): Promise<{ record: DrillRecord; file: string }> {
  const started = deps.now();
  const partition = options.partition ?? 'aws';
  const drillId = `drill-${options.environment.toLowerCase()}-${started.getTime()}`;

  await checkCredentials(options, deps);
  const topicArn = await securityTopicArn(options, deps);
  const alarmNames = await cisAlarmNames(options, deps);

  const cleanups: (() => Promise<unknown>)[] = [];
  const routes: Route[] = [];
  try {
    const queueUrl = (
      await deps.sqs.send(
        new CreateQueueCommand({ QueueName: drillId, Attributes: { SqsManagedSseEnabled: 'true' } }),
      )
    ).QueueUrl!;
    cleanups.push(() => deps.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })));
    const queueArn = (
      await deps.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes!['QueueArn']!;
    await deps.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: { Policy: JSON.stringify(queuePolicy(queueArn, topicArn)) },
      }),
    );
    const subscriptionArn = (
      await deps.sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          Attributes: { RawMessageDelivery: 'true' },
          ReturnSubscriptionArn: true,
        }),
      )
    ).SubscriptionArn!;
    cleanups.push(() => deps.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })));

    routes.push(guardDutyRoute(deps), securityHubRoute(options, deps, partition, drillId, cleanups));
    for (const alarmName of alarmNames) routes.push(alarmRoute(alarmName, drillId, deps, cleanups));

    for (const route of routes) {
      try {
        await route.send();
        route.sentAt = deps.now();
      } catch (e) {
        route.error = (e as Error).message;
      }
    }
    await collect(queueUrl, routes, options.timeoutSeconds, deps);
  } finally {
    // Newest first: alarms and the test finding, then the subscription, then the queue.
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        deps.log(`cleanup failed: ${(e as Error).message} (remove it by hand; docs/runbook.md)`);
      }
    }
  }

  const results: RouteResult[] = routes.map((r) => ({
    route: r.name,
    sentAt: iso(r.sentAt),
    receivedAt: iso(r.receivedAt),
    seconds:
      r.sentAt && r.receivedAt ? Math.round((r.receivedAt.getTime() - r.sentAt.getTime()) / 100) / 10 : null,
    ...(r.error ? { error: r.error } : {}),
  }));
  const finished = deps.now();
  const record: DrillRecord = {
    schemaVersion: 1,
    kind: 'incident-response-drill',
    environment: options.environment,
    account: options.account,
    region: options.region,
    topicArn,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    timeoutSeconds: options.timeoutSeconds,
    passed: results.length > 0 && results.every((r) => r.receivedAt !== null),
    routes: results,
  };
  fs.mkdirSync(options.outDir, { recursive: true });
  const file = path.join(options.outDir, drillFileName(options.environment, started));
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  deps.log(renderTable(results));
  return { record, file };
}

/** `drill-<env>-<timestamp>.json`, e.g. `drill-prod-20260130T101500Z.json` (what the report looks for). */
export function drillFileName(environment: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `drill-${environment.toLowerCase()}-${stamp}.json`;
}

async function checkCredentials(options: DrillOptions, deps: DrillDeps): Promise<void> {
  let account: string | undefined;
  try {
    account = (await deps.sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'CredentialsProviderError' || /credential/i.test((e as Error).message)) {
      throw new DrillError(
        `no AWS credentials for ${options.environment} (${options.account}, ${options.region}): sign in first ` +
          `(e.g. 'aws sso login' or export AWS_PROFILE), then run the drill again. (${(e as Error).message})`,
      );
    }
    throw e;
  }
  if (account !== options.account) {
    throw new DrillError(
      `the credentials are for account ${account}, but ${options.environment} is deployed in ${options.account}; use that account's credentials`,
    );
  }
}

async function securityTopicArn(options: DrillOptions, deps: DrillDeps): Promise<string> {
  const stackName = `${options.environment}-Foundation`;
  const resources = (
    await deps.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName }))
  ).StackResources;
  const topics = (resources ?? []).filter((r) => r.ResourceType === 'AWS::SNS::Topic');
  if (topics.length !== 1 || !topics[0].PhysicalResourceId) {
    throw new DrillError(
      `${stackName} has ${topics.length} SNS topics; expected the security topic only. Is it deployed?`,
    );
  }
  return topics[0].PhysicalResourceId;
}

async function cisAlarmNames(options: DrillOptions, deps: DrillDeps): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await deps.cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: `${options.environment}-CIS-`, NextToken: nextToken }),
    );
    names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName!));
    nextToken = page.NextToken;
  } while (nextToken);
  if (names.length === 0) {
    throw new DrillError(
      `no CIS alarms named ${options.environment}-CIS-* in ${options.region}; is the Audit stack deployed?`,
    );
  }
  return names;
}

/** Only the security topic may send to the queue; everyone else is denied by default. */
function queuePolicy(queueArn: string, topicArn: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SecurityTopicOnly',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  };
}

function guardDutyRoute(deps: DrillDeps): Route {
  return {
    name: 'GuardDuty sample finding -> EventBridge -> topic',
    matches: (body) => body.includes('GuardDuty finding') && body.includes(SAMPLE_FINDING_TYPE),
    send: async () => {
      const detectorId = (await deps.guardDuty.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
      if (!detectorId) throw new Error('no GuardDuty detector in this region');
      await deps.guardDuty.send(
        new CreateSampleFindingsCommand({ DetectorId: detectorId, FindingTypes: [SAMPLE_FINDING_TYPE] }),
      );
    },
  };
}

function securityHubRoute(
  options: DrillOptions,
  deps: DrillDeps,
  partition: string,
  drillId: string,
  cleanups: (() => Promise<unknown>)[],
): Route {
  const { account, region } = options;
  const finding = (recordState: 'ACTIVE' | 'ARCHIVED') => {
    const at = deps.now().toISOString();
    return {
      SchemaVersion: '2018-10-08',
      Id: drillId,
      ProductArn: `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`,
      GeneratorId: 'security-baseline-incident-drill',
      AwsAccountId: account,
      Types: ['Software and Configuration Checks/Incident drill'],
      CreatedAt: at,
      UpdatedAt: at,
      Severity: { Label: 'HIGH' as const },
      Title: `Incident drill ${drillId} (test finding, no action needed)`,
      Description:
        'Test finding imported by npm run drill to prove Security Hub findings reach the security topic.',
      Resources: [{ Type: 'Other', Id: drillId }],
      Compliance: { Status: 'FAILED' as const },
      Workflow: { Status: 'NEW' as const },
      RecordState: recordState,
    };
  };
  return {
    name: 'Security Hub finding -> EventBridge -> topic',
    matches: (body) => body.includes('Security Hub finding') && body.includes(drillId),
    send: async () => {
      const result = await deps.securityHub.send(
        new BatchImportFindingsCommand({ Findings: [finding('ACTIVE')] }),
      );
      if (result.FailedCount)
        throw new Error(`BatchImportFindings failed: ${JSON.stringify(result.FailedFindings)}`);
      cleanups.push(() =>
        deps.securityHub.send(new BatchImportFindingsCommand({ Findings: [finding('ARCHIVED')] })),
      );
    },
  };
}

function alarmRoute(
  alarmName: string,
  drillId: string,
  deps: DrillDeps,
  cleanups: (() => Promise<unknown>)[],
): Route {
  return {
    name: `CloudWatch alarm ${alarmName} -> topic`,
    // CloudWatch alarm notifications are JSON with the alarm name and new state.
    matches: (body) =>
      body.includes(`"AlarmName":"${alarmName}"`) && body.includes('"NewStateValue":"ALARM"'),
    send: async () => {
      await deps.cloudWatch.send(
        new SetAlarmStateCommand({
          AlarmName: alarmName,
          StateValue: 'ALARM',
          StateReason: `Incident drill ${drillId}`,
        }),
      );
      cleanups.push(() =>
        deps.cloudWatch.send(
          new SetAlarmStateCommand({
            AlarmName: alarmName,
            StateValue: 'OK',
            StateReason: `Incident drill ${drillId} done`,
          }),
        ),
      );
    },
  };
}

/** Long-polls the queue until every sent route has its message or the timeout passes. */
async function collect(
  queueUrl: string,
  routes: Route[],
  timeoutSeconds: number,
  deps: DrillDeps,
): Promise<void> {
  const deadline = deps.now().getTime() + timeoutSeconds * 1000;
  const pending = () => routes.filter((r) => r.sentAt && !r.receivedAt);
  while (pending().length > 0 && deps.now().getTime() < deadline) {
    const waitSeconds = Math.max(0, Math.min(20, Math.ceil((deadline - deps.now().getTime()) / 1000)));
    const { Messages } = await deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
      }),
    );
    for (const message of Messages ?? []) {
      const route = pending().find((r) => r.matches(message.Body ?? ''));
      if (route) route.receivedAt = deps.now();
      await deps.sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    if (!Messages?.length) await deps.sleep(1000);
  }
}

/** route | sent | received | seconds */
export function renderTable(results: readonly RouteResult[]): string {
  const rows = [
    ['route', 'sent', 'received', 'seconds'],
    ...results.map((r) => [
      r.route,
      r.sentAt ? 'yes' : `no (${r.error ?? 'not sent'})`,
      r.receivedAt ? 'yes' : 'NO (timed out)',
      r.seconds === null ? '-' : String(r.seconds),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  // Imported here so the unit tests of runDrill do not load the CDK config loader.
  const { ConfigError, loadConfigs } = await import('../lib/config/load');
  const { ROOT } = await import('../lib/app');
  const env = argument('env');
  if (!env) throw new DrillError('usage: npm run drill -- --env <name> [--timeout <seconds>] [--out <dir>]');
  let configs;
  try {
    configs = loadConfigs(path.join(ROOT, 'config'));
  } catch (e) {
    if (e instanceof ConfigError) throw new DrillError(e.message);
    throw e;
  }
  const found = configs.find((c) => c.config.environment.name.toLowerCase() === env.toLowerCase());
  if (!found) {
    throw new DrillError(
      `--env ${env}: no such environment; environments are ${configs.map((c) => c.config.environment.name).join(', ')}`,
    );
  }
  const timeoutSeconds = Number(argument('timeout') ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 30 || timeoutSeconds > 3600) {
    throw new DrillError(`--timeout must be 30-3600 seconds. Received: ${argument('timeout')}`);
  }
  const { account, region, name } = found.config.environment;
  const clientConfig = { region };
  const { record, file } = await runDrill(
    {
      environment: name,
      account,
      region,
      timeoutSeconds,
      outDir: path.resolve(argument('out') ?? path.join(ROOT, 'drills')),
    },
    {
      sts: new STSClient(clientConfig),
      cloudFormation: new CloudFormationClient(clientConfig),
      cloudWatch: new CloudWatchClient(clientConfig),
      guardDuty: new GuardDutyClient(clientConfig),
      securityHub: new SecurityHubClient(clientConfig),
      sns: new SNSClient(clientConfig),
      sqs: new SQSClient(clientConfig),
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      log: (line) => console.log(line),
    },
  );
  console.log(`\n${record.passed ? 'PASSED' : 'FAILED'}: wrote ${path.relative(process.cwd(), file)}`);
  return record.passed ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      if (!(e instanceof DrillError)) throw e;
      console.error(`drill: ${e.message}`);
      process.exitCode = 2;
    },
  );
}
