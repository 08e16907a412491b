import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { LockedBackupVault } from '../../constructs/backup/locked-backup-vault';
import { secureKeyProps } from '../../constructs/kms/key-defaults';
import { allowUseThroughServices } from '../../constructs/kms/service-bound-key-use';
import { backupVaultName } from '../config/props';
import type { AppConfig } from '../config/schema';

export interface DataBackupCopyStackProps extends StackProps {
  readonly config: AppConfig;
}

/**
 * The cross-region copy target of AWS Backup, deployed in `environment.backupRegion`: its own backup
 * data-class key (KMS keys are regional) and a vault with the same lock as the primary vault. A region
 * outage or a compromised primary vault leaves these copies intact.
 */
export class DataBackupCopyStack extends Stack {
  public readonly key: kms.Key;
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: DataBackupCopyStackProps) {
    super(scope, id, props);
    const { environment, keys, data } = props.config;

    // The backup data class of this region (KMS keys are regional), with the data-class key defaults.
    this.key = new kms.Key(
      this,
      'BackupKey',
      secureKeyProps({
        alias: `alias/security-baseline/${environment.name.toLowerCase()}/backup`,
        description: 'AWS Backup cross-region copies of recovery points',
        pendingWindowDays: keys.pendingWindowDays,
      }),
    );
    // Copies arrive through AWS Backup; RDS re-encrypts Aurora snapshot copies with this key.
    allowUseThroughServices(this.key, 'UseThroughBackupOnly', ['backup', 'rds']);

    this.vault = new LockedBackupVault(this, 'Vault', {
      backupVaultName: backupVaultName(environment.name, 'copy'),
      encryptionKey: this.key,
      lock: data.backup.vaultLock,
    }).vault;
  }
}
