import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, Stack, Stage } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { formatFinding, isNagFinding, readFindings } from '../../../compliance/findings';
import { acknowledgeFrameworkResources } from '../../../constructs/core/framework-resources';
import { registerCompliancePacks } from '../../../compliance/packs';
import { listTemplates } from '../../../compliance/summary';
import { nagFindingsOf } from '../../support/nag';

/** An AwsCustomResource as most code writes it: generated inline policy, default provider role. */
function plainCustomResource(stack: Stack): void {
  new cr.AwsCustomResource(stack, 'Cr', {
    onUpdate: {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: '/test/parameter' },
      physicalResourceId: cr.PhysicalResourceId.of('parameter'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
      resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: 'test/parameter' })],
    }),
    installLatestAwsSdk: false,
  });
}

describe('acknowledgeFrameworkResources: AwsCustomResourceProvider', () => {
  test('the gate can fail: without the helper the provider is flagged by every pack', () => {
    const rules = nagFindingsOf(plainCustomResource).map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'NIST.800.53.R5-LambdaInsideVPC',
        'HIPAA.Security-LambdaDLQ',
        'PCI.DSS.321-LambdaInsideVPC',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ]),
    );
  });

  test('acknowledges the provider function, its default role and the generated inline policies', () => {
    const findings = nagFindingsOf((stack) => {
      plainCustomResource(stack);
      acknowledgeFrameworkResources(stack, 'AwsCustomResourceProvider');
      acknowledgeFrameworkResources(stack, 'AwsCustomResourceProvider'); // a second call is harmless
    });
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('fails if the stack has no AwsCustomResource (the call would acknowledge nothing)', () => {
    expect(() => acknowledgeFrameworkResources(new Stack(), 'AwsCustomResourceProvider')).toThrow(
      /has no AwsCustomResource provider; create the AwsCustomResource before acknowledging/,
    );
  });
});

function crossRegionApp(mode: 'weak' | 'strong') {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'xregion-'));
  const app = new App({
    outdir,
    context: {
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      '@aws-cdk/core:defaultCrossStackReferences': mode,
    },
  });
  const stage = new Stage(app, 'T');
  const producer = new Stack(stage, 'Producer', {
    env: { account: '111111111111', region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const topic = new sns.Topic(producer, 'Topic', { enforceSSL: true });
  const consumer = new Stack(stage, 'Consumer', {
    env: { account: '111111111111', region: 'eu-west-1' },
    crossRegionReferences: true,
  });
  new CfnOutput(consumer, 'TopicArn', { value: topic.topicArn });
  registerCompliancePacks(app);
  app.synth();
  const findings = readFindings(outdir).filter(isNagFinding);
  const types = listTemplates(outdir).flatMap((t) =>
    Object.values(t.template.Resources ?? {}).map((r) => r.Type),
  );
  fs.rmSync(outdir, { recursive: true, force: true });
  return { findings, types };
}

describe('framework resources of cross-region references', () => {
  // The policy-validation report of the throw-away app goes to console.error; not under test here. Put
  // back afterwards by hand (no jest spy: this file shares a module registry in a shard).
  const consoleError = console.error;
  beforeAll(() => {
    console.error = () => undefined;
  });
  afterAll(() => {
    console.error = consoleError;
  });

  test('weak references (cdk.json) create no framework resource', () => {
    const { types } = crossRegionApp('weak');
    expect(types.filter((t) => t.startsWith('Custom::'))).toEqual([]);
  });

  test('strong references create export providers that raise no cdk-nag finding, so need no acknowledgment', () => {
    const { findings, types } = crossRegionApp('strong');
    expect(types).toEqual(
      expect.arrayContaining(['Custom::CrossRegionExportWriter', 'Custom::CrossRegionExportReader']),
    );
    // The packs ran and their report was read: the fixture's plain topic is flagged.
    expect(findings.filter((f) => f.path.includes('/Topic/')).length).toBeGreaterThan(0);
    expect(findings.filter((f) => !f.path.includes('/Topic/')).map((f) => `${f.rule} ${f.path}`)).toEqual([]);
  });
});
