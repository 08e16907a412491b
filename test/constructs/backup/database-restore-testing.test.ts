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
import { definitionOf, runStateMachine, TaskError } from '../../support/state-machine';

const PARTITION = 'aws';
const CLUSTER_ARN = `arn:${PARTITION}:rds:eu-west-1:111111111111:cluster:orders-db`;
const DATA_KEY_ARN = `arn:${PARTITION}:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555`;

/** A Restore Job State Change event of a completed restore test (the fields the validation reads). */
const RESTORE_EVENT = {
  detail: {
    restoreJobId: 'restore-job-1',
    createdResourceArn: `arn:${PARTITION}:rds:eu-west-1:111111111111:cluster:awsbackup-restore-test-abc123`,
  },
};
const OTHER_KEY_ARN = `arn:${PARTITION}:kms:eu-west-1:111111111111:key/99999999-8888-7777-6666-555555555555`;
/**
 * The restored cluster as the Step Functions AWS SDK integration returns it from rds:DescribeDBClusters
 * (SDK v2 member names: DbClusters, IamDatabaseAuthenticationEnabled), meeting every check.
 */
const COMPLIANT_CLUSTER: Record<string, unknown> = {
  Status: 'available',
  StorageEncrypted: true,
  KmsKeyId: DATA_KEY_ARN,
  IamDatabaseAuthenticationEnabled: true,
};
function withoutField(field: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(COMPLIANT_CLUSTER).filter(([k]) => k !== field));
}

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

  /** Runs the validation workflow on a restore event, the restored cluster being `cluster` (or describe failing). */
  function validate(outcome: { cluster: Record<string, unknown> } | { error: string }) {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const describeCalls: unknown[] = [];
    const reports: unknown[] = [];
    const end = runStateMachine(
      definitionOf(machine.Properties.DefinitionString),
      RESTORE_EVENT,
      (resource, params) => {
        if (resource === `arn:${PARTITION}:states:::aws-sdk:rds:describeDBClusters`) {
          describeCalls.push(params);
          if ('error' in outcome) throw new TaskError(outcome.error);
          return { DbClusters: [outcome.cluster] };
        }
        if (resource === `arn:${PARTITION}:states:::aws-sdk:backup:putRestoreValidationResult`) {
          reports.push(params);
          return {};
        }
        throw new Error(`unexpected task resource ${resource}`);
      },
    );
    return { end, describeCalls, reports };
  }

  test('validation describes the cluster the restore job created', () => {
    expect(validate({ cluster: COMPLIANT_CLUSTER }).describeCalls).toEqual([
      { DbClusterIdentifier: RESTORE_EVENT.detail.createdResourceArn },
    ]);
  });

  test('validation passes a restored cluster that is available, encrypted with the data key and uses IAM auth', () => {
    const { end, reports } = validate({ cluster: COMPLIANT_CLUSTER });
    expect(reports).toEqual([
      {
        RestoreJobId: RESTORE_EVENT.detail.restoreJobId,
        ValidationStatus: 'SUCCESSFUL',
        ValidationStatusMessage: expect.any(String),
      },
    ]);
    expect(end).toEqual({ Type: 'Succeed' });
  });

  // Each case breaks one check; every one must be reported FAILED and fail the execution.
  test.each<[string, Record<string, unknown>]>([
    ['not available', { ...COMPLIANT_CLUSTER, Status: 'creating' }],
    ['not encrypted', { ...COMPLIANT_CLUSTER, StorageEncrypted: false }],
    ['encrypted with another key', { ...COMPLIANT_CLUSTER, KmsKeyId: OTHER_KEY_ARN }],
    [
      'without IAM database authentication',
      { ...COMPLIANT_CLUSTER, IamDatabaseAuthenticationEnabled: false },
    ],
    ['missing the Status field', withoutField('Status')],
    ['missing the StorageEncrypted field', withoutField('StorageEncrypted')],
    ['missing the KmsKeyId field', withoutField('KmsKeyId')],
    ['missing the IamDatabaseAuthenticationEnabled field', withoutField('IamDatabaseAuthenticationEnabled')],
  ])('validation reports FAILED and fails the execution for a restored cluster %s', (_what, cluster) => {
    const { end, reports } = validate({ cluster });
    expect(reports).toEqual([
      {
        RestoreJobId: RESTORE_EVENT.detail.restoreJobId,
        ValidationStatus: 'FAILED',
        ValidationStatusMessage: expect.any(String),
      },
    ]);
    expect(end).toMatchObject({ Type: 'Fail', Error: 'RestoreValidationFailed' });
  });

  test('validation reports FAILED and fails the execution when the restored cluster cannot be described', () => {
    const { end, reports } = validate({ error: 'Rds.DbClusterNotFoundException' });
    expect(reports).toEqual([
      {
        RestoreJobId: RESTORE_EVENT.detail.restoreJobId,
        ValidationStatus: 'FAILED',
        ValidationStatusMessage: expect.any(String),
      },
    ]);
    expect(end).toMatchObject({ Type: 'Fail', Error: 'RestoreValidationFailed' });
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
