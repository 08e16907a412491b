import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ManagedPolicyRole } from '../../../constructs/iam/managed-policy-role';
import { isNagFinding, readFindings } from '../../../lib/compliance/findings';
import { acknowledgeFrameworkResources } from '../../../lib/compliance/framework-resources';
import { registerCompliancePacks } from '../../../lib/compliance/packs';
import { listTemplates } from '../../../lib/compliance/summary';
import { nagFindingsOf } from '../../support/nag';

function customResource(stack: Stack): void {
  const role = new ManagedPolicyRole(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  new cr.AwsCustomResource(stack, 'Call', {
    onCreate: {
      service: 'STS',
      action: 'getCallerIdentity',
      physicalResourceId: cr.PhysicalResourceId.of('x'),
    },
    role,
    installLatestAwsSdk: false,
  });
}

describe('acknowledgeFrameworkResources', () => {
  test('fails if the stack has no such framework resource (a stale call cannot hide)', () => {
    expect(() =>
      acknowledgeFrameworkResources(new Stack(new App(), 'S'), 'awsCustomResourceProvider'),
    ).toThrow(
      /S has no 'awsCustomResourceProvider' resource; call it after creating the construct that generates it/,
    );
  });

  test('the AwsCustomResource provider has findings without it, and none with it', () => {
    const provider = (f: { path: string }) => f.path.includes('/AWS679f53fac002430cb0da5b7982bd2287/');
    const without = nagFindingsOf(customResource).filter(provider);
    expect(without.map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'NIST.800.53.R5-LambdaInsideVPC',
        'HIPAA.Security-LambdaDLQ',
        'PCI.DSS.321-LambdaInsideVPC',
      ]),
    );
    const withIt = nagFindingsOf((stack) => {
      customResource(stack);
      acknowledgeFrameworkResources(stack, 'awsCustomResourceProvider');
      acknowledgeFrameworkResources(stack, 'awsCustomResourceProvider'); // idempotent
    }).filter(provider);
    expect(withIt).toEqual([]);
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
  beforeAll(() => {
    // The CloudFormation validator prints a summary of the throw-away app; not under test here.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
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
    expect(findings.filter((f) => !f.path.includes('/Topic/')).map((f) => `${f.rule} ${f.path}`)).toEqual([]);
  });
});
