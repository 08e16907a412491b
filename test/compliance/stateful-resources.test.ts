import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import { STATEFUL_RESOURCE_TYPES, unprotectedStatefulResources } from '../../compliance/stateful-resources';
import type { SynthesizedTemplate } from '../../compliance/summary';
import { allTemplates, STAGES } from '../support/assembly';
import { nonEmpty } from '../support/non-empty';

/** The stateful resource types the app deploys (an Aurora instance holds no data of its own: its cluster does). */
const DEPLOYED_STATEFUL_TYPES = [
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
  'AWS::RDS::DBCluster',
  'AWS::Cognito::UserPool',
] as const;

/** `t` with every resource on DeletionPolicy and UpdateReplacePolicy Delete (CloudFormation's default for both). */
function deletingEverything(t: SynthesizedTemplate): SynthesizedTemplate {
  const resources = Object.entries(t.template.Resources ?? {}).map(([id, r]) => [
    id,
    { ...r, DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
  ]);
  return { ...t, template: { ...t.template, Resources: Object.fromEntries(resources) } };
}

function templateOf(stack: Stack): SynthesizedTemplate {
  return {
    displayName: `Fixture/${stack.stackName}`,
    stackName: stack.stackName,
    file: '',
    template: Template.fromStack(stack).toJSON(),
  };
}

describe('stateful resources across the whole app (every stage, every stack)', () => {
  test('the shared assembly holds every stage', () => {
    for (const stage of STAGES) {
      expect(allTemplates().some((t) => t.displayName.startsWith(`${stage}/`))).toBe(true);
    }
  });

  test('every database, bucket, key, log group, vault, secret and user pool keeps its data (Retain/Snapshot)', () => {
    // On failure the list names stack, logical id, type and the offending policies.
    expect(unprotectedStatefulResources(allTemplates())).toEqual([]);
  });

  test('the check covers the stateful types the app actually deploys', () => {
    const deployed = new Set(
      allTemplates().flatMap((t) => Object.values(t.template.Resources ?? {}).map((r) => r.Type)),
    );
    for (const type of DEPLOYED_STATEFUL_TYPES) {
      expect(deployed.has(type)).toBe(true);
      expect(STATEFUL_RESOURCE_TYPES[type]).toBeDefined();
    }
    // Covered means: every deployed resource of these types is flagged once its policies say Delete. An entry
    // that allowed Delete or declared the type's resources data-less would let the whole-app check above
    // pass whatever the stacks say.
    const named = (stack: string, logicalId: string, type: string) => `${stack} ${logicalId} ${type}`;
    const stateful = nonEmpty(
      allTemplates().flatMap((t) =>
        Object.entries(t.template.Resources ?? {})
          .filter(([, r]) => (DEPLOYED_STATEFUL_TYPES as readonly string[]).includes(r.Type))
          .map(([id, r]) => named(t.displayName, id, r.Type)),
      ),
      'stateful resources in the app',
    );
    expect(
      unprotectedStatefulResources(allTemplates().map(deletingEverything))
        .map((f) => named(f.stack, f.logicalId, f.type))
        .sort(),
    ).toEqual([...stateful].sort());
  });
});

describe('the stateful-resource check can fail', () => {
  test('flags a bucket and a log group left on the default Delete policy', () => {
    const stack = new Stack(new App(), 'Insecure');
    new s3.Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
    new logs.LogGroup(stack, 'Logs', { removalPolicy: RemovalPolicy.DESTROY });
    const found = unprotectedStatefulResources([templateOf(stack)]);
    expect(found.map((f) => f.type).sort()).toEqual(['AWS::Logs::LogGroup', 'AWS::S3::Bucket']);
  });

  test('flags a resource with no policy (CloudFormation deletes by default) and one kept on delete but not on replacement', () => {
    const template = (Resources: Record<string, unknown>): SynthesizedTemplate => ({
      displayName: 'Fixture/S',
      stackName: 'S',
      file: '',
      template: { Resources } as SynthesizedTemplate['template'],
    });
    expect(
      unprotectedStatefulResources([
        template({
          Default: { Type: 'AWS::S3::Bucket' },
          Replaced: { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Delete' },
          Kept: { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
        }),
      ]),
    ).toEqual([
      {
        stack: 'Fixture/S',
        logicalId: 'Default',
        type: 'AWS::S3::Bucket',
        deletionPolicy: 'Delete (default) / Delete (default)',
      },
      { stack: 'Fixture/S', logicalId: 'Replaced', type: 'AWS::KMS::Key', deletionPolicy: 'Retain / Delete' },
    ]);
  });

  test('flags a database cluster whose replacement would delete it, but not its Aurora instances', () => {
    const stack = new Stack(new App(), 'Insecure');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    new rds.DatabaseCluster(stack, 'Db', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_9 }),
      writer: rds.ClusterInstance.provisioned('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const found = unprotectedStatefulResources([templateOf(stack)]);
    expect(found.map((f) => f.type)).toContain('AWS::RDS::DBCluster');
    expect(found.map((f) => f.type)).not.toContain('AWS::RDS::DBInstance');
  });
});
