import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../core/acknowledge';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { serviceOfThisAccount } from '../iam/event-rule-principal';

/** Continuous backups (point-in-time recovery) can be kept at most 35 days. */
const MAX_CONTINUOUS_DAYS = 35;

/** The tag that opts any supported resource of the account and region into the plan. */
export const BACKUP_SELECTION_TAG = { key: 'backup', value: 'true' } as const;

/** AWS managed policies the backup role needs to back up (and read for copying) every resource type. */
const BACKUP_SERVICE_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'AWSBackupServiceRolePolicyForS3Backup',
] as const;

export interface BackupScheduleProps {
  /** Plan name shown in the AWS Backup console and in job events. */
  readonly backupPlanName: string;
  /** Vault the rules write to. */
  readonly vault: backup.IBackupVault;
  /**
   * ARN of a vault in another region that receives a copy of every recovery point (same retention).
   * @default - no copies
   */
  readonly copyVaultArn?: string;
  /** Retention of the daily recovery points (continuous ones: at most 35). */
  readonly dailyRetentionDays: number;
  /** Retention of the weekly recovery points. */
  readonly weeklyRetentionDays: number;
  /** Retention of the monthly recovery points. */
  readonly monthlyRetentionDays: number;
  /**
   * The daily rule keeps continuous backups (point-in-time recovery) for resources that support it
   * (Aurora, RDS, S3) and snapshots for the others.
   * @default true
   */
  readonly continuousBackup?: boolean;
  /** Resources always in the plan, whatever their tags (e.g. the database cluster). */
  readonly resources: backup.BackupResource[];
}

/**
 * The AWS Backup plan of an environment: daily (03:00 UTC), weekly (Sunday 04:00 UTC) and monthly
 * (1st, 05:00 UTC) rules into one vault, each with a copy to the second-region vault, selecting the
 * given resources explicitly plus every resource tagged `backup=true`. The backup role carries only the
 * AWS-maintained backup policies (no restore permissions: restores use their own role).
 */
export class BackupSchedule extends Construct {
  public readonly plan: backup.BackupPlan;
  public readonly selection: backup.BackupSelection;
  public readonly role: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: BackupScheduleProps) {
    super(scope, id);
    const continuous = props.continuousBackup ?? true;
    const where = `BackupSchedule ${this.node.path}`;
    for (const [name, value] of [
      ['dailyRetentionDays', props.dailyRetentionDays],
      ['weeklyRetentionDays', props.weeklyRetentionDays],
      ['monthlyRetentionDays', props.monthlyRetentionDays],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(`${where}: '${name}' must be a whole number of days >= 1. Received: ${value}`);
      }
    }
    if (continuous && props.dailyRetentionDays > MAX_CONTINUOUS_DAYS) {
      throw new Error(
        `${where}: continuous backups can be kept at most ${MAX_CONTINUOUS_DAYS} days. Received dailyRetentionDays: ${props.dailyRetentionDays}; lower it or set continuousBackup: false`,
      );
    }
    if (props.resources.length === 0) {
      throw new Error(`${where}: 'resources' must name at least one resource to protect explicitly`);
    }

    const copyVault = props.copyVaultArn
      ? backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyVaultArn)
      : undefined;
    const rule = (
      ruleName: string,
      schedule: events.CronOptions,
      days: number,
      enableContinuousBackup = false,
    ): backup.BackupPlanRule =>
      new backup.BackupPlanRule({
        ruleName,
        backupVault: props.vault,
        scheduleExpression: events.Schedule.cron(schedule),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(days),
        enableContinuousBackup: enableContinuousBackup || undefined,
        copyActions: copyVault
          ? [{ destinationBackupVault: copyVault, deleteAfter: Duration.days(days) }]
          : [],
      });

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.backupPlanName,
      backupVault: props.vault,
      backupPlanRules: [
        rule('Daily', { minute: '0', hour: '3' }, props.dailyRetentionDays, continuous),
        rule('Weekly', { minute: '0', hour: '4', weekDay: 'SUN' }, props.weeklyRetentionDays),
        rule('Monthly', { minute: '0', hour: '5', day: '1' }, props.monthlyRetentionDays),
      ],
    });

    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: serviceOfThisAccount(this, 'backup.amazonaws.com'),
      description: `AWS Backup role of ${this.node.path}: creates and copies recovery points`,
      managedPolicies: BACKUP_SERVICE_POLICIES.map((name) =>
        iam.ManagedPolicy.fromAwsManagedPolicyName(name),
      ),
    });
    for (const name of BACKUP_SERVICE_POLICIES) {
      acknowledgeRule(
        this.role,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        `${name.replace('service-role/', '')} is the AWS-maintained policy AWS Backup documents for its service role; AWS updates it as resource types are added, which a hand-written copy would miss (backup jobs would then fail silently)`,
      );
    }

    this.selection = this.plan.addSelection('Selection', {
      backupSelectionName: 'explicit-and-tagged',
      role: this.role,
      disableDefaultBackupPolicy: true,
      resources: [
        ...props.resources,
        backup.BackupResource.fromTag(BACKUP_SELECTION_TAG.key, BACKUP_SELECTION_TAG.value),
      ],
    });
  }
}
