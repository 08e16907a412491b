import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** AWS Backup Vault Lock settings. */
export interface VaultLockSettings {
  /**
   * 'governance': principals with backup:DeleteBackupVaultLockConfiguration can remove the lock.
   * 'compliance': after `changeableForDays` the lock is immutable, for everyone, AWS included.
   */
  readonly mode: 'governance' | 'compliance';
  /** Shortest retention a recovery point may have in this vault (shorter jobs fail). */
  readonly minRetentionDays: number;
  /** Longest retention a recovery point may have in this vault (longer jobs fail). */
  readonly maxRetentionDays: number;
  /** Compliance mode only: days (>= 3) in which the lock can still be changed or removed. */
  readonly changeableForDays?: number;
}

export interface LockedBackupVaultProps {
  /** Vault name; deterministic so that other regions can address the vault by ARN. Never change it. */
  readonly backupVaultName: string;
  /** Key that encrypts the recovery points (the backup data-class key of the vault's region). */
  readonly encryptionKey: kms.IKey;
  readonly lock: VaultLockSettings;
}

/** Sid of the access-policy statement that denies recovery-point deletion. */
export const DENY_RECOVERY_POINT_DELETION_SID = 'DenyRecoveryPointDeletionAndShortening';

/**
 * An AWS Backup vault that holds recovery points as evidence: encrypted with a customer-managed key,
 * Vault Lock (WORM) with a minimum and maximum retention, an access policy that denies deleting a
 * recovery point or shortening its lifecycle to everyone (expiry by the plan's lifecycle still
 * happens), and RETAIN on stack deletion.
 */
export class LockedBackupVault extends Construct {
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: LockedBackupVaultProps) {
    super(scope, id);
    const { lock } = props;
    const where = `LockedBackupVault ${this.node.path}`;
    if (!/^[a-zA-Z0-9\-_]{2,50}$/.test(props.backupVaultName)) {
      throw new Error(
        `${where}: 'backupVaultName' must be 2-50 letters, digits, hyphens or underscores. Received: ${props.backupVaultName}`,
      );
    }
    if (lock.minRetentionDays < 1 || lock.minRetentionDays > lock.maxRetentionDays) {
      throw new Error(
        `${where}: 'lock.minRetentionDays' must be between 1 and maxRetentionDays (${lock.maxRetentionDays}). Received: ${lock.minRetentionDays}`,
      );
    }
    if (lock.mode === 'compliance' && (lock.changeableForDays === undefined || lock.changeableForDays < 3)) {
      throw new Error(
        `${where}: compliance mode needs 'lock.changeableForDays' of at least 3 (the grace period before the lock becomes immutable). Received: ${lock.changeableForDays}`,
      );
    }
    if (lock.mode === 'governance' && lock.changeableForDays !== undefined) {
      throw new Error(
        `${where}: 'lock.changeableForDays' turns a governance lock into a compliance lock; remove it or use mode 'compliance'`,
      );
    }

    this.vault = new backup.BackupVault(this, 'Resource', {
      backupVaultName: props.backupVaultName,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: {
        minRetention: Duration.days(lock.minRetentionDays),
        maxRetention: Duration.days(lock.maxRetentionDays),
        changeableFor: lock.mode === 'compliance' ? Duration.days(lock.changeableForDays!) : undefined,
      },
    });
    this.vault.addToAccessPolicy(
      new iam.PolicyStatement({
        sid: DENY_RECOVERY_POINT_DELETION_SID,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
        resources: ['*'],
      }),
    );
  }
}
