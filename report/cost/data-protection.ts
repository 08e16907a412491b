/** Cost lines of backup storage, cross-region copies and Secrets Manager secrets. */
import { type CostContext, line, count } from './context';
import { readProperty } from '../evidence';

export function dataProtectionCost(ctx: CostContext): void {
  const { of, usage, lines, perResource } = ctx;
  const plans = of('AWS::Backup::BackupPlan');
  if (plans.length) {
    const stored = usage('databaseGb') * usage('backupStoredPerGb');
    lines.push(
      line(
        'backup-storage',
        'Backup storage',
        stored,
        'backupStorage',
        ['DP7', 'ST7'],
        `${count(plans.length, 'AWS::Backup::BackupPlan')}; assumptions databaseGb x backupStoredPerGb`,
      ),
    );
    const copies = plans.filter((p) =>
      JSON.stringify(readProperty(p.resource, 'BackupPlan.BackupPlanRule[*].CopyActions') ?? []).includes(
        'DestinationBackupVaultArn',
      ),
    );
    if (copies.length) {
      lines.push(
        line(
          'backup-copy',
          'Cross-region copy transfer',
          usage('databaseGb'),
          'backupCopyTransfer',
          ['DP7'],
          'plan rules with CopyActions; assumption databaseGb (first full copy; increments are smaller)',
        ),
      );
    }
  }
  perResource('AWS::SecretsManager::Secret', 'secrets', 'Secrets', 'secret', ['DP4', 'DP5', 'APIS6']);
}
