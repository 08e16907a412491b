/**
 * Generated organization configs for the scale checks (`npm run bench -- --org`, test/lib/org): config/organization.yaml
 * with `accounts` target accounts. Accounts are not listed in the OU model (the StackSet reaches them through
 * their OUs), so they show as OUs (one per 25 accounts) and exclusions (one per 10 accounts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../lib/app';
import { validateOrganization } from '../lib/config/load';
import type { OrganizationConfig } from '../lib/config/organization';

/** config/organization.yaml as data. */
export function exampleOrganization(): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(ROOT, 'config', 'organization.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Validates organization data like the loader does; throws with the problems. */
export function organizationConfig(raw: unknown): OrganizationConfig {
  const { config, problems } = validateOrganization(raw);
  if (!config) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return config;
}

export function generatedOrganization(accounts: number): OrganizationConfig {
  const raw = exampleOrganization();
  const ous = Math.max(1, Math.ceil(accounts / 25));
  raw.targets = Array.from({ length: ous }, (_, i) => ({
    ou: `ou-ab12-gen${String(i).padStart(5, '0')}`,
    profile: i % 2 ? 'sandbox' : 'production',
  }));
  raw.exclusions = Array.from({ length: Math.floor(accounts / 10) }, (_, i) => ({
    account: String(400000000000 + i),
    reason: 'Generated exclusion for the scale benchmark of the organization stacks',
  }));
  return organizationConfig(raw);
}
