import { z } from 'zod';
import type { Problem, Rule } from '../problem';
import { days } from './common';
import type { NetworkConfig } from './network';

/** Production floors and ceilings of the data section (checked by DATA_RULES). */
export const DATA_PRODUCTION_LIMITS = {
  /** Aurora automated-backup (point-in-time recovery) window and daily AWS Backup retention. */
  minBackupRetentionDays: 35,
  /** Longest allowed interval between two rotations of a credential or key. */
  maxRotationDays: 30,
} as const;

/** AWS Backup continuous backups (point-in-time recovery) can be kept at most 35 days. */
export const MAX_CONTINUOUS_BACKUP_DAYS = 35;

const instanceClass = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not a DB instance class; write it without the 'db.' prefix, e.g. t4g.medium or r7g.large`,
});

const resourceName = z.string().regex(/^[a-z][a-z0-9-]{1,40}[a-z0-9]$/, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} must be 3-42 lowercase letters, digits and hyphens, starting with a letter, e.g. partner-api-signing`,
});

const cronExpression = z.string().regex(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not an AWS cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 5 ? * SUN *)`,
});

const databaseSchema = z
  .strictObject({
    instanceClass: instanceClass.describe(
      'Aurora instance class without the db. prefix (t4g.medium for dev, r7g.large or larger for production).',
    ),
    reader: z
      .boolean()
      .default(false)
      .describe('Add a reader instance in a second availability zone (fast failover; production).'),
    port: z
      .number()
      .int()
      .min(1150, { error: (iss) => `${String(iss.input)} is not a port Aurora accepts; use 1150-65535` })
      .max(65535, { error: (iss) => `${String(iss.input)} is not a port Aurora accepts; use 1150-65535` })
      .default(5432)
      .describe('Database port; must be one of network.databasePorts (the only port the data tier admits).'),
    backupRetentionDays: days(1, 35).describe(
      'Aurora automated backups (point-in-time recovery window); production requires 35.',
    ),
    credentialRotationDays: days(1, 365).describe(
      'Days between rotations of the master credentials; production requires <= 30.',
    ),
  })
  .describe('The Aurora PostgreSQL cluster of the data tier.');

const apiKeySchema = z
  .strictObject({
    name: resourceName.describe(
      'Short name; the secret is named security-baseline/<env>/api-keys/<name>. Never rename (it replaces the secret).',
    ),
    description: z.string().min(10).max(200).describe('What the key signs or authenticates.'),
    rotationDays: days(1, 365).describe('Days between rotations; production requires <= 30.'),
    keyBytes: z
      .number()
      .int()
      .min(32, {
        error: (iss) => `${String(iss.input)} bytes is too short for an HMAC-SHA256 key; use 32-64`,
      })
      .max(64, { error: (iss) => `${String(iss.input)} bytes is longer than useful; use 32-64` })
      .default(32)
      .describe('Length of each generated key in bytes (32-64).'),
  })
  .describe('A platform-issued API key / HMAC signing key rotated by the custom rotation function.');

const vaultLockSchema = z
  .strictObject({
    mode: z
      .enum(['governance', 'compliance'], {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a vault lock mode; use 'governance' or 'compliance'`,
      })
      .describe(
        "'governance': the lock can be removed by a privileged principal; 'compliance': after changeableForDays nobody (not even AWS) can remove it. Production requires compliance.",
      ),
    minRetentionDays: days(1, 36500).describe(
      'Shortest retention a recovery point in the vault may have; shorter backup jobs fail.',
    ),
    maxRetentionDays: days(1, 36500).describe(
      'Longest retention a recovery point in the vault may have; longer backup jobs fail.',
    ),
    changeableForDays: days(3, 365)
      .optional()
      .describe(
        'Compliance mode only: grace period (>= 3 days) in which the lock can still be changed or removed; after it the lock is immutable.',
      ),
  })
  .describe('AWS Backup Vault Lock (WORM) on the primary and the copy vault.');

const backupSchema = z
  .strictObject({
    dailyRetentionDays: days(1, 36500).describe(
      'Retention of the daily backups (and their cross-region copies); production requires >= 35.',
    ),
    weeklyRetentionDays: days(1, 36500).describe('Retention of the weekly backups and their copies.'),
    monthlyRetentionDays: days(1, 36500).describe('Retention of the monthly backups and their copies.'),
    continuousBackup: z
      .boolean()
      .default(true)
      .describe(
        'The daily rule keeps continuous backups (point-in-time recovery) of Aurora; needs dailyRetentionDays <= 35.',
      ),
    vaultLock: vaultLockSchema,
    restoreTesting: z
      .strictObject({
        scheduleExpression: cronExpression.describe(
          'When the database is restored and validated (UTC), e.g. cron(0 5 ? * SUN *) for every Sunday.',
        ),
        validationWindowHours: z
          .number()
          .int()
          .min(1, { error: 'give at least 1 hour for validation before the restored copy is deleted' })
          .max(168, {
            error: (iss) => `${String(iss.input)} hours is longer than restore testing allows (168)`,
          })
          .default(4)
          .describe('Hours the restored copy is kept for validation before AWS Backup deletes it.'),
      })
      .describe('Scheduled restore tests of the database (recovery proven, not assumed).'),
  })
  .describe('AWS Backup: encrypted, locked vaults, a daily/weekly/monthly plan with cross-region copies.');

export const dataSchema = z
  .strictObject({
    database: databaseSchema,
    apiKeys: z
      .array(apiKeySchema)
      .default([])
      .describe('Platform-issued API keys / HMAC signing keys kept in Secrets Manager and rotated.'),
    backup: backupSchema,
  })
  .describe('Data protection: encrypted database, rotated secrets, AWS Backup with tested restores.');

export type DataConfig = z.infer<typeof dataSchema>;

type WithData = {
  readonly environment: { readonly production: boolean };
  readonly network: Pick<NetworkConfig, 'databasePorts'>;
  readonly data: DataConfig;
};
type ConfigRule = Rule<WithData>;

const productionFloors: ConfigRule = (c) => {
  if (!c.environment.production) return [];
  const { minBackupRetentionDays: minDays, maxRotationDays: maxDays } = DATA_PRODUCTION_LIMITS;
  const { database, apiKeys, backup } = c.data;
  const problems: Problem[] = [];
  if (database.backupRetentionDays < minDays) {
    problems.push({
      path: 'data.database.backupRetentionDays',
      message: `${database.backupRetentionDays} days is below the production minimum of ${minDays}; set ${minDays}`,
    });
  }
  if (backup.dailyRetentionDays < minDays) {
    problems.push({
      path: 'data.backup.dailyRetentionDays',
      message: `${backup.dailyRetentionDays} days is below the production minimum of ${minDays}; set ${minDays} or more`,
    });
  }
  if (database.credentialRotationDays > maxDays) {
    problems.push({
      path: 'data.database.credentialRotationDays',
      message: `${database.credentialRotationDays} days is above the production maximum of ${maxDays}; set ${maxDays} or less`,
    });
  }
  apiKeys.forEach((key, i) => {
    if (key.rotationDays > maxDays) {
      problems.push({
        path: `data.apiKeys[${i}].rotationDays`,
        message: `${key.rotationDays} days is above the production maximum of ${maxDays}; set ${maxDays} or less`,
      });
    }
  });
  if (backup.vaultLock.mode !== 'compliance') {
    problems.push({
      path: 'data.backup.vaultLock.mode',
      message: `'${backup.vaultLock.mode}' lets a privileged principal remove the lock; production requires 'compliance'`,
    });
  }
  return problems;
};

const vaultLockConsistent: ConfigRule = (c) => {
  const { vaultLock, dailyRetentionDays, weeklyRetentionDays, monthlyRetentionDays } = c.data.backup;
  const problems: Problem[] = [];
  if (vaultLock.minRetentionDays > vaultLock.maxRetentionDays) {
    problems.push({
      path: 'data.backup.vaultLock.minRetentionDays',
      message: `${vaultLock.minRetentionDays} is greater than maxRetentionDays (${vaultLock.maxRetentionDays}); set min <= max`,
    });
    return problems;
  }
  if (vaultLock.mode === 'compliance' && vaultLock.changeableForDays === undefined) {
    problems.push({
      path: 'data.backup.vaultLock.changeableForDays',
      message:
        'is required in compliance mode: the grace period (>= 3 days) in which a wrong lock can still be removed; e.g. 3',
    });
  }
  if (vaultLock.mode === 'governance' && vaultLock.changeableForDays !== undefined) {
    problems.push({
      path: 'data.backup.vaultLock.changeableForDays',
      message: `${vaultLock.changeableForDays} turns the lock into compliance mode after the grace period; remove it or set mode: compliance`,
    });
  }
  // The vault rejects recovery points whose retention is outside the lock's range: the job would fail.
  for (const [field, value] of [
    ['dailyRetentionDays', dailyRetentionDays],
    ['weeklyRetentionDays', weeklyRetentionDays],
    ['monthlyRetentionDays', monthlyRetentionDays],
  ] as const) {
    if (value < vaultLock.minRetentionDays || value > vaultLock.maxRetentionDays) {
      problems.push({
        path: `data.backup.${field}`,
        message: `${value} days is outside the vault lock range ${vaultLock.minRetentionDays}-${vaultLock.maxRetentionDays}; the vault would reject these backups. Change the retention or the lock range`,
      });
    }
  }
  return problems;
};

const continuousBackupLimit: ConfigRule = (c) =>
  c.data.backup.continuousBackup && c.data.backup.dailyRetentionDays > MAX_CONTINUOUS_BACKUP_DAYS
    ? [
        {
          path: 'data.backup.dailyRetentionDays',
          message: `${c.data.backup.dailyRetentionDays} days is longer than continuous backups can be kept (${MAX_CONTINUOUS_BACKUP_DAYS}); set ${MAX_CONTINUOUS_BACKUP_DAYS} or less, or continuousBackup: false`,
        },
      ]
    : [];

const databasePortOpen: ConfigRule = (c) =>
  c.network.databasePorts.includes(c.data.database.port)
    ? []
    : [
        {
          path: 'data.database.port',
          message: `${c.data.database.port} is not one of network.databasePorts (${c.network.databasePorts.join(', ')}); the app tier could not reach the database. Use one of them or add it there`,
        },
      ];

const apiKeyNamesUnique: ConfigRule = (c) =>
  c.data.apiKeys.flatMap((key, i) =>
    c.data.apiKeys.findIndex((k) => k.name === key.name) < i
      ? [
          {
            path: `data.apiKeys[${i}].name`,
            message: `'${key.name}' is used twice; every API key needs its own name`,
          },
        ]
      : [],
  );

export const DATA_RULES: readonly ConfigRule[] = [
  productionFloors,
  vaultLockConsistent,
  continuousBackupLimit,
  databasePortOpen,
  apiKeyNamesUnique,
];
