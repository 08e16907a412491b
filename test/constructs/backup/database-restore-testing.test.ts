import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  DatabaseRestoreTesting,
  type DatabaseRestoreTestingProps,
} from '../../../constructs/backup/database-restore-testing';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import { onlyKeyArn } from '../../support/resources';

const PARTITION = 'aws';
const CLUSTER_ARN = `arn:${PARTITION}:rds:eu-west-1:111111111111:cluster:orders-db`;
const DATA_KEY_ARN = `arn:${PARTITION}:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555`;

function build(stack: Stack, overrides: Partial<DatabaseRestoreTestingProps> = {}): DatabaseRestoreTesting {
  return new DatabaseRestoreTesting(stack, 'RestoreTesting', {
    restoreTestingPlanName: 'orders_database',
    scheduleExpression: 'cron(0 5 ? * SUN *)',
    validationWindowHours: 4,
    vault: new backup.BackupVault(stack, 'Vault'),
    clusterArn: CLUSTER_ARN,
    dbSubnetGroupName: 'orders-data-subnets',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    securityGroupIds: ['sg-0123456789abcdef0'],
    clusterParameterGroupName: 'orders-tls-only',
    port: 5432,
    encryptionKeyArn: DATA_KEY_ARN,
    logKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
    logRetentionDays: 90,
    ...overrides,
  });
}

function newStack(): Stack {
  return new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
}

describe('DatabaseRestoreTesting', () => {
  let template: Template;
  let stack: Stack;
  let testing: DatabaseRestoreTesting;
  beforeAll(() => {
    stack = newStack();
    testing = build(stack);
    template = Template.fromStack(stack);
  });

  test('restores the latest recovery point of the vault on the schedule', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'orders_database',
      ScheduleExpression: 'cron(0 5 ? * SUN *)',
      RecoveryPointSelection: Match.objectLike({
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Vault'), 'BackupVaultArn'] }],
        RecoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'],
      }),
    });
  });

  test('selects the Aurora cluster and keeps the copy for the validation window', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'Aurora',
      ProtectedResourceArns: [CLUSTER_ARN],
      ValidationWindowHours: 4,
    });
  });

  test('restores into the data tier with TLS-forcing parameters, the data key and IAM authentication', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      RestoreMetadataOverrides: {
        dbSubnetGroupName: 'orders-data-subnets',
        availabilityZones: '["eu-west-1a","eu-west-1b"]',
        vpcSecurityGroupIds: '["sg-0123456789abcdef0"]',
        dbClusterParameterGroupName: 'orders-tls-only',
        kmsKeyId: DATA_KEY_ARN,
        enableIamDatabaseAuthentication: 'true',
        port: '5432',
      },
    });
  });

  test('restores with its own role, which holds only the AWS Backup restore policy', () => {
    const selection = Object.values(template.findResources('AWS::Backup::RestoreTestingSelection'))[0];
    const roleId = selection.Properties.IamRoleArn['Fn::GetAtt'][0];
    const role = template.toJSON().Resources[roleId];
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain(
      'AWSBackupServiceRolePolicyForRestores',
    );
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'backup.amazonaws.com',
    });
  });

  test('starts the validation when a restore test of this plan completes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        detail: {
          status: ['COMPLETED'],
          restoreTestingPlanArn: [{ 'Fn::GetAtt': [Match.anyValue(), 'RestoreTestingPlanArn'] }],
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: stack.getLogicalId(testing.validationStateMachine.node.defaultChild as never) },
        }),
      ],
    });
  });

  test('validation checks the restored cluster is available, encrypted with the data key and uses IAM auth', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('aws-sdk:rds:describeDBClusters');
    for (const check of [
      '\\"Variable\\":\\"$.restored.cluster.Status\\",\\"StringEquals\\":\\"available\\"',
      '\\"Variable\\":\\"$.restored.cluster.StorageEncrypted\\",\\"BooleanEquals\\":true',
      `\\"Variable\\":\\"$.restored.cluster.KmsKeyId\\",\\"StringEquals\\":\\"${DATA_KEY_ARN}\\"`,
      '\\"Variable\\":\\"$.restored.cluster.IamDatabaseAuthenticationEnabled\\",\\"BooleanEquals\\":true',
    ]) {
      expect(definition).toContain(check);
    }
  });

  test('validation records SUCCESSFUL or FAILED on the restore job, and a failure fails the execution', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('aws-sdk:backup:putRestoreValidationResult');
    expect(definition).toContain('\\"ValidationStatus\\":\\"SUCCESSFUL\\"');
    expect(definition).toContain('\\"ValidationStatus\\":\\"FAILED\\"');
    expect(definition).toContain('\\"Type\\":\\"Fail\\",\\"Error\\":\\"RestoreValidationFailed\\"');
  });

  test('validation may describe only restore-test clusters', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'rds:DescribeDBClusters',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':rds:eu-west-1:111111111111:cluster:awsbackup-restore-test*',
                ],
              ],
            },
          },
        ]),
      },
    });
  });

  test('validation logs every event to an encrypted log group and is traced', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
      TracingConfiguration: { Enabled: true },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: onlyKeyArn(template),
      RetentionInDays: 90,
    });
  });

  test('raises no cdk-nag finding of any pack', () => {
    const findings = nagFindingsOf((s) => build(s));
    expect(findings.filter((f) => f.path.includes('/RestoreTesting/')).map(formatFinding)).toEqual([]);
  });

  test.each([
    [
      { restoreTestingPlanName: 'orders-db' },
      /'restoreTestingPlanName' may hold only letters, digits and underscores/,
    ],
    [{ scheduleExpression: 'rate(7 days)' }, /'scheduleExpression' must be an AWS cron expression/],
    [{ validationWindowHours: 200 }, /'validationWindowHours' must be between 1 and 168. Received: 200/],
  ])('fails if %j', (overrides, message) => {
    expect(() => build(newStack(), overrides)).toThrow(message);
  });
});
