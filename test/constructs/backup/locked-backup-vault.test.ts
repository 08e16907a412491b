import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  DENY_RECOVERY_POINT_DELETION_SID,
  LockedBackupVault,
  type VaultLockSettings,
} from '../../../constructs/backup/locked-backup-vault';

function vaultTemplate(lock: VaultLockSettings): { template: Template; stack: Stack; key: kms.Key } {
  const stack = new Stack(new App(), 'S');
  const key = new kms.Key(stack, 'Key');
  new LockedBackupVault(stack, 'Vault', { backupVaultName: 'evidence-vault', encryptionKey: key, lock });
  return { template: Template.fromStack(stack), stack, key };
}

const GOVERNANCE: VaultLockSettings = { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 365 };
const COMPLIANCE: VaultLockSettings = {
  mode: 'compliance',
  minRetentionDays: 35,
  maxRetentionDays: 2555,
  changeableForDays: 3,
};

describe('LockedBackupVault', () => {
  test('encrypts recovery points with the given key', () => {
    const { template, stack, key } = vaultTemplate(GOVERNANCE);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'evidence-vault',
      EncryptionKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] },
    });
  });

  test('governance mode: a lock with min/max retention and no grace period', () => {
    vaultTemplate(GOVERNANCE).template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365, ChangeableForDays: Match.absent() },
    });
  });

  test('compliance mode: the lock becomes immutable after the grace period', () => {
    vaultTemplate(COMPLIANCE).template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 2555, ChangeableForDays: 3 },
    });
  });

  test('the access policy denies deleting a recovery point or shortening its lifecycle, to everyone', () => {
    vaultTemplate(GOVERNANCE).template.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: [
          {
            Sid: DENY_RECOVERY_POINT_DELETION_SID,
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
            Resource: '*',
          },
        ],
      },
    });
  });

  test('is retained when removed from the stack', () => {
    vaultTemplate(GOVERNANCE).template.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test.each([
    [
      { ...GOVERNANCE, minRetentionDays: 400 },
      /'lock.minRetentionDays' must be between 1 and maxRetentionDays \(365\). Received: 400/,
    ],
    [
      { ...COMPLIANCE, changeableForDays: undefined },
      /compliance mode needs 'lock.changeableForDays' of at least 3/,
    ],
    [
      { ...COMPLIANCE, changeableForDays: 1 },
      /compliance mode needs 'lock.changeableForDays' of at least 3 .*Received: 1/,
    ],
    [
      { ...GOVERNANCE, changeableForDays: 3 },
      /'lock.changeableForDays' turns a governance lock into a compliance lock/,
    ],
  ])('fails if the lock is %j', (lock, message) => {
    expect(() => vaultTemplate(lock as VaultLockSettings)).toThrow(message);
  });

  test('fails if the vault name has characters AWS Backup rejects', () => {
    const stack = new Stack();
    expect(
      () =>
        new LockedBackupVault(stack, 'Vault', {
          backupVaultName: 'prod/vault',
          encryptionKey: new kms.Key(stack, 'Key'),
          lock: GOVERNANCE,
        }),
    ).toThrow(
      /'backupVaultName' must be 2-50 letters, digits, hyphens or underscores. Received: prod\/vault/,
    );
  });
});
