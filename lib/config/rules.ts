import type { AppConfig } from './schema';
import { NETWORK_RULES } from './sections/network';
import { edgeRules } from './sections/edge';
import { DETECTION_RULES } from './sections/detection';
import { IDENTITY_RULES } from './sections/identity';
import { DATA_RULES } from './sections/data';

import { nameLengthProblems } from './names';
import type { Rule } from './problem';

/** Second validation pass: rules that need more than one field. Each returns every problem it sees. */
export type ConfigRule = Rule<AppConfig>;

/** Production floors from the requirements (audit logs >= 365 days, backups >= 35 days, ...). */
export const PRODUCTION_MINIMUMS = {
  auditLogDays: 365,
} as const;

const backupRegionDiffers: ConfigRule = (c) =>
  c.environment.backupRegion === c.environment.region
    ? [
        {
          path: 'environment.backupRegion',
          message: `'${c.environment.backupRegion}' is the primary region; backup copies must go to a different region`,
        },
      ]
    : [];

const productionAuditRetention: ConfigRule = (c) =>
  c.environment.production && c.retention.auditLogDays < PRODUCTION_MINIMUMS.auditLogDays
    ? [
        {
          path: 'retention.auditLogDays',
          message: `${c.retention.auditLogDays} days is below the production minimum of ${PRODUCTION_MINIMUMS.auditLogDays}; set 365 or more`,
        },
      ]
    : [];

/** Every physical name derived from config fits its AWS limit (names.ts). */
const derivedNamesFit: ConfigRule = (c) =>
  nameLengthProblems(c.environment.name, {
    apiClients: c.edge.api.clients.map((client) => client.name),
    apiKeys: c.data.apiKeys.map((key) => key.name),
  });

export const CONFIG_RULES: readonly ConfigRule[] = [
  backupRegionDiffers,
  derivedNamesFit,
  productionAuditRetention,
  ...NETWORK_RULES,
  ...edgeRules,
  ...DETECTION_RULES,
  ...IDENTITY_RULES,
  ...DATA_RULES,
];
