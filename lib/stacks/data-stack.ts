import { ArnFormat, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BackupAlerts } from '../../constructs/backup/backup-alerts';
import { BackupSchedule } from '../../constructs/backup/backup-schedule';
import { DatabaseRestoreTesting } from '../../constructs/backup/database-restore-testing';
import { LockedBackupVault } from '../../constructs/backup/locked-backup-vault';
import { EncryptedDatabase } from '../../constructs/data/encrypted-database';
import { RotatingSecret } from '../../constructs/data/rotating-secret/rotating-secret';
import type { DataClassKeys } from '../../constructs/kms/data-class-keys';
import type { SegmentedVpc } from '../../constructs/network/segmented-vpc';
import { backupVaultName } from '../config/props';
import type { AppConfig } from '../config/schema';

export interface DataStackProps extends StackProps {
  readonly config: AppConfig;
  /** The environment's data-class keys (data, secrets, logs, backup). */
  readonly keys: DataClassKeys;
  /** The segmented VPC: data tier for the database, app tier for rotation functions. */
  readonly network: SegmentedVpc;
  /** Receives backup, copy, restore and restore-validation failures. */
  readonly securityTopic: sns.ITopic;
}

/**
 * Data protection of one environment: the encrypted Aurora database with rotated master credentials,
 * the platform's API keys with custom rotation, and AWS Backup (locked vault, daily/weekly/monthly plan
 * with cross-region copies into the DataBackupCopy stack's vault, scheduled and validated restore tests,
 * failure alerts).
 */
export class DataStack extends Stack {
  public readonly database: EncryptedDatabase;
  public readonly cluster: rds.DatabaseCluster;
  /** Master credentials of the database. */
  public readonly databaseSecret: secretsmanager.ISecret;
  /** Platform-issued API keys / HMAC signing keys by configured name. */
  public readonly apiKeys: Readonly<Record<string, RotatingSecret>>;
  public readonly vault: backup.BackupVault;
  public readonly backupPlan: backup.BackupPlan;
  public readonly restoreTesting: DatabaseRestoreTesting;
  public readonly alerts: BackupAlerts;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, keys, network } = props;
    const { environment, data, retention } = config;
    const env = environment.name.toLowerCase();
    // A reference by ARN: CDK's Secret would otherwise add a statement to the Foundation stack's key
    // policy, which already lets Secrets Manager use the key for this account (UseThroughSecretsManagerOnly).
    const secretsKey = kms.Key.fromKeyArn(this, 'SecretsKey', keys.secrets.keyArn);

    this.database = new EncryptedDatabase(this, 'Database', {
      clusterIdentifier: `security-baseline-${env}`,
      secretName: `security-baseline/${env}/database/master`,
      instanceType: new ec2.InstanceType(data.database.instanceClass),
      reader: data.database.reader,
      port: data.database.port,
      vpc: network.vpc,
      vpcSubnets: network.subnets.data,
      securityGroup: network.securityGroups.data,
      storageKey: keys.data,
      secretsKey,
      logKey: keys.logs,
      // Connection, DDL and pgaudit records are audit data.
      logRetentionDays: retention.auditLogDays,
      backupRetentionDays: data.database.backupRetentionDays,
      credentialRotationDays: data.database.credentialRotationDays,
      // The app tier reaches the database port and the Secrets Manager endpoint.
      rotationSubnets: network.subnets.app,
      rotationSecurityGroup: network.securityGroups.app,
    });
    this.cluster = this.database.cluster;
    this.databaseSecret = this.database.secret;

    const apiKeys: Record<string, RotatingSecret> = {};
    const apiKeyScope = new Construct(this, 'ApiKeys');
    for (const key of data.apiKeys) {
      apiKeys[key.name] = new RotatingSecret(apiKeyScope, key.name, {
        secretName: `security-baseline/${env}/api-keys/${key.name}`,
        description: key.description,
        encryptionKey: secretsKey,
        rotationDays: key.rotationDays,
        keyBytes: key.keyBytes,
        logKey: keys.logs,
        logRetentionDays: retention.logDays,
        vpc: network.vpc,
        vpcSubnets: network.subnets.app,
        endpointsSecurityGroup: network.securityGroups.endpoints,
        alarmTopic: props.securityTopic,
      });
    }
    this.apiKeys = apiKeys;

    this.vault = new LockedBackupVault(this, 'Vault', {
      backupVaultName: backupVaultName(environment.name, 'primary'),
      encryptionKey: keys.backup,
      lock: data.backup.vaultLock,
    }).vault;

    // The copy vault lives in the DataBackupCopy stack of the backup region; its name is deterministic.
    const copyVaultArn = this.formatArn({
      service: 'backup',
      region: environment.backupRegion,
      resource: 'backup-vault',
      resourceName: backupVaultName(environment.name, 'copy'),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.backupPlan = new BackupSchedule(this, 'Backups', {
      backupPlanName: `security-baseline-${env}`,
      vault: this.vault,
      copyVaultArn,
      dailyRetentionDays: data.backup.dailyRetentionDays,
      weeklyRetentionDays: data.backup.weeklyRetentionDays,
      monthlyRetentionDays: data.backup.monthlyRetentionDays,
      continuousBackup: data.backup.continuousBackup,
      resources: [backup.BackupResource.fromRdsDatabaseCluster(this.cluster)],
    }).plan;

    const dataSubnets = network.vpc.selectSubnets(network.subnets.data);
    this.restoreTesting = new DatabaseRestoreTesting(this, 'RestoreTesting', {
      restoreTestingPlanName: `security_baseline_${env}_database`,
      scheduleExpression: data.backup.restoreTesting.scheduleExpression,
      validationWindowHours: data.backup.restoreTesting.validationWindowHours,
      vault: this.vault,
      includeContinuous: data.backup.continuousBackup,
      clusterArn: this.cluster.clusterArn,
      dbSubnetGroupName: this.database.subnetGroup.subnetGroupName,
      availabilityZones: dataSubnets.availabilityZones,
      securityGroupIds: [network.securityGroups.data.securityGroupId],
      clusterParameterGroupName: this.database.parameterGroup.bindToCluster({}).parameterGroupName,
      port: this.database.port,
      encryptionKeyArn: keys.data.keyArn,
      logKey: keys.logs,
      logRetentionDays: retention.logDays,
    });

    this.alerts = new BackupAlerts(this, 'BackupAlerts', {
      topic: props.securityTopic,
      // Backup/copy/restore job failures are routed once, by the Audit stack's security event rules
      // (readable message, dashboard metric); this stack alerts on failed restore validations.
      notifyJobFailures: false,
      validationStateMachines: [this.restoreTesting.validationStateMachine],
    });
  }
}
