import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeRules } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { SecureLogGroup } from '../logging/secure-log-group';
import { eventRulesOfThisAccount, serviceOfThisAccount } from '../iam/event-rule-principal';

/** Restore testing names every restored cluster with this prefix. */
export const RESTORE_TEST_CLUSTER_PREFIX = 'awsbackup-restore-test';

export interface DatabaseRestoreTestingProps {
  /** Plan name: letters, digits and underscores only (it cannot be changed after creation). */
  readonly restoreTestingPlanName: string;
  /** When to restore, an AWS cron expression in UTC, e.g. `cron(0 5 ? * SUN *)`. */
  readonly scheduleExpression: string;
  /** Hours the restored cluster is kept for validation before AWS Backup deletes it (1-168). */
  readonly validationWindowHours: number;
  /** Vault whose latest recovery point of the cluster is restored. */
  readonly vault: backup.IBackupVault;
  /**
   * Restore from continuous (point-in-time) recovery points as well as snapshots.
   * @default true
   */
  readonly includeContinuous?: boolean;
  /** ARN of the Aurora cluster under test. */
  readonly clusterArn: string;
  /** Where the copy is restored: the cluster's DB subnet group (data tier), zones and security group. */
  readonly dbSubnetGroupName: string;
  readonly availabilityZones: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Cluster parameter group of the copy (TLS forced), so it is restored as it runs. */
  readonly clusterParameterGroupName: string;
  readonly port: number;
  /** Key the copy must be encrypted with (the data data-class key); validation checks it. */
  readonly encryptionKeyArn: string;
  /** Key and retention of the validation workflow's log group. */
  readonly logKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * Proves that the database can be recovered, on a schedule: an AWS Backup restore testing plan restores
 * the cluster's latest recovery point into the data tier (its subnet group, security group, parameter
 * group and KMS key), and a Step Functions workflow, started by the restore job's COMPLETED event,
 * checks the restored cluster (available, storage encrypted with the expected key, IAM authentication
 * on) and records SUCCESSFUL or FAILED on the restore job (PutRestoreValidationResult). A failed check
 * fails the execution; `validationStateMachine` failures and restore-job failures are meant to be routed
 * to the security topic (BackupAlerts). AWS Backup deletes the restored copy after the validation window.
 */
export class DatabaseRestoreTesting extends Construct {
  public readonly plan: backup.CfnRestoreTestingPlan;
  public readonly selection: backup.CfnRestoreTestingSelection;
  public readonly role: ManagedPolicyRole;
  public readonly validationStateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: DatabaseRestoreTestingProps) {
    super(scope, id);
    this.validate(props);
    const stack = Stack.of(this);
    const { account, region, partition } = stack;

    this.role = new ManagedPolicyRole(this, 'RestoreRole', {
      assumedBy: serviceOfThisAccount(this, 'backup.amazonaws.com'),
      description: `AWS Backup restore testing of ${this.node.path}: restores and deletes test copies`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    acknowledgeRule(
      this.role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      'AWSBackupServiceRolePolicyForRestores is the AWS-maintained policy AWS Backup documents for restores and restore testing (including deleting the test copies it created); a hand-written copy would miss updates',
    );

    this.plan = new backup.CfnRestoreTestingPlan(this, 'Resource', {
      restoreTestingPlanName: props.restoreTestingPlanName,
      scheduleExpression: props.scheduleExpression,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: 2,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vault.backupVaultArn],
        recoveryPointTypes: (props.includeContinuous ?? true) ? ['CONTINUOUS', 'SNAPSHOT'] : ['SNAPSHOT'],
        selectionWindowDays: 7,
      },
    });

    this.selection = new backup.CfnRestoreTestingSelection(this, 'DatabaseSelection', {
      restoreTestingPlanName: this.plan.ref,
      restoreTestingSelectionName: 'database',
      protectedResourceType: 'Aurora',
      protectedResourceArns: [props.clusterArn],
      iamRoleArn: this.role.roleArn,
      validationWindowHours: props.validationWindowHours,
      // Restored like production: data tier, TLS-forcing parameters, the data key, IAM authentication.
      restoreMetadataOverrides: {
        dbSubnetGroupName: props.dbSubnetGroupName,
        availabilityZones: stack.toJsonString([...props.availabilityZones]),
        vpcSecurityGroupIds: stack.toJsonString([...props.securityGroupIds]),
        dbClusterParameterGroupName: props.clusterParameterGroupName,
        kmsKeyId: props.encryptionKeyArn,
        enableIamDatabaseAuthentication: 'true',
        port: String(props.port),
      },
    });

    this.validationStateMachine = this.createValidation(props, { account, region, partition });

    const startRole = new ManagedPolicyRole(this, 'ValidationStartRole', {
      assumedBy: eventRulesOfThisAccount(this),
      description: `Lets EventBridge start the restore validation of ${this.node.path}`,
    });
    new events.Rule(this, 'OnRestoreCompleted', {
      description: 'Starts the validation of each completed restore test of the database',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: ['COMPLETED'], restoreTestingPlanArn: [this.plan.attrRestoreTestingPlanArn] },
      },
      targets: [new targets.SfnStateMachine(this.validationStateMachine, { role: startRole })],
    });
  }

  private createValidation(
    props: DatabaseRestoreTestingProps,
    env: { account: string; region: string; partition: string },
  ): sfn.StateMachine {
    const restoreJobId = sfn.JsonPath.stringAt('$.detail.restoreJobId');
    const report = (id: string, status: 'SUCCESSFUL' | 'FAILED', message: string) =>
      new tasks.CallAwsService(this, id, {
        service: 'backup',
        action: 'putRestoreValidationResult',
        parameters: {
          RestoreJobId: restoreJobId,
          ValidationStatus: status,
          ValidationStatusMessage: message,
        },
        iamAction: 'backup:PutRestoreValidationResult',
        iamResources: ['*'],
        resultPath: sfn.JsonPath.DISCARD,
      });

    const failed = report(
      'ReportFailed',
      'FAILED',
      'Restored cluster missing, not available, not encrypted with the data key, or without IAM database authentication',
    ).next(
      new sfn.Fail(this, 'RestoreNotValid', {
        error: 'RestoreValidationFailed',
        cause: 'The restored database did not pass validation; see the execution history',
      }),
    );
    const succeeded = report(
      'ReportSuccessful',
      'SUCCESSFUL',
      'Restored cluster is available, encrypted with the data key, with IAM database authentication',
    ).next(new sfn.Succeed(this, 'RestoreValid'));

    const restoredClusters = `arn:${env.partition}:rds:${env.region}:${env.account}:cluster:${RESTORE_TEST_CLUSTER_PREFIX}*`;
    const describe = new tasks.CallAwsService(this, 'DescribeRestoredCluster', {
      service: 'rds',
      action: 'describeDBClusters',
      parameters: { DbClusterIdentifier: sfn.JsonPath.stringAt('$.detail.createdResourceArn') },
      iamAction: 'rds:DescribeDBClusters',
      iamResources: [restoredClusters],
      resultSelector: { 'cluster.$': '$.DbClusters[0]' },
      resultPath: '$.restored',
    });
    // Retries cover throttling and a copy that is not yet visible; then the restore counts as failed.
    describe.addRetry({ maxAttempts: 3, interval: Duration.seconds(30), backoffRate: 2 });
    describe.addCatch(failed, { resultPath: '$.error' });

    const c = '$.restored.cluster';
    const fieldsPresent = sfn.Condition.and(
      sfn.Condition.isPresent(`${c}.Status`),
      sfn.Condition.isPresent(`${c}.StorageEncrypted`),
      sfn.Condition.isPresent(`${c}.KmsKeyId`),
      sfn.Condition.isPresent(`${c}.IamDatabaseAuthenticationEnabled`),
    );
    const meetsBaseline = sfn.Condition.and(
      sfn.Condition.stringEquals(`${c}.Status`, 'available'),
      sfn.Condition.booleanEquals(`${c}.StorageEncrypted`, true),
      sfn.Condition.stringEquals(`${c}.KmsKeyId`, props.encryptionKeyArn),
      sfn.Condition.booleanEquals(`${c}.IamDatabaseAuthenticationEnabled`, true),
    );
    const definition = describe.next(
      new sfn.Choice(this, 'ClusterDescribed')
        .when(
          fieldsPresent,
          new sfn.Choice(this, 'MeetsBaseline').when(meetsBaseline, succeeded).otherwise(failed),
        )
        .otherwise(failed),
    );

    const role = new ManagedPolicyRole(this, 'ValidationRole', {
      assumedBy: serviceOfThisAccount(this, 'states.amazonaws.com', {
        service: 'states',
        resource: 'stateMachine:*',
      }),
      description: `Restore validation workflow of ${this.node.path}`,
    });
    const logGroup = new SecureLogGroup(this, 'ValidationLogGroup', {
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    }).logGroup;
    const stateMachine = new sfn.StateMachine(this, 'Validation', {
      comment: 'Validates a restore test of the database and records the result on the restore job',
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      role,
      timeout: Duration.minutes(15),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    acknowledgeRules(
      role.policy!,
      ['AwsSolutions-IAM5[Resource::*]'],
      'Only actions without resource-level permissions use "*" (Service Authorization Reference): backup:PutRestoreValidationResult, X-Ray PutTraceSegments/PutTelemetryRecords/GetSampling*, and the CloudWatch Logs log-delivery actions Step Functions needs to log to its log group',
    );
    acknowledgeRule(
      role.policy!,
      `AwsSolutions-IAM5[Resource::${nagRendering(Stack.of(this), restoredClusters)}]`,
      'The restored cluster gets a random name chosen by AWS Backup restore testing; the wildcard is limited to that prefix, and the action is read-only (rds:DescribeDBClusters)',
    );
    return stateMachine;
  }

  private validate(props: DatabaseRestoreTestingProps): void {
    const where = `DatabaseRestoreTesting ${this.node.path}`;
    if (!/^[A-Za-z0-9_]{1,50}$/.test(props.restoreTestingPlanName)) {
      throw new Error(
        `${where}: 'restoreTestingPlanName' may hold only letters, digits and underscores (1-50). Received: ${props.restoreTestingPlanName}`,
      );
    }
    if (!/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/.test(props.scheduleExpression)) {
      throw new Error(
        `${where}: 'scheduleExpression' must be an AWS cron expression such as cron(0 5 ? * SUN *). Received: ${props.scheduleExpression}`,
      );
    }
    const hours = props.validationWindowHours;
    if (!Token.isUnresolved(hours) && (!Number.isInteger(hours) || hours < 1 || hours > 168)) {
      throw new Error(`${where}: 'validationWindowHours' must be between 1 and 168. Received: ${hours}`);
    }
    if (props.availabilityZones.length === 0 || props.securityGroupIds.length === 0) {
      throw new Error(`${where}: give the zones and security groups the test copy is restored into`);
    }
  }
}

/**
 * A string as cdk-nag names it in a finding id: literal parts as they are, pseudo parameters as
 * `<AWS::Partition>` (how the partition renders depends on whether the stack's region is known).
 */
function nagRendering(stack: Stack, value: string): string {
  const resolved: unknown = stack.resolve(value);
  if (typeof resolved === 'string') return resolved;
  const parts = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return parts.map((p) => (typeof p === 'string' ? p : `<${(p as { Ref: string }).Ref}>`)).join('');
}
