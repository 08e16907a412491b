import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { parse } from 'yaml';
import { buildApp, ROOT } from '../../lib/app';
import { validateOrganization } from '../../lib/config/load';
import type { OrganizationConfig } from '../../lib/config/organization';

/** One synthesized stack of the Org stage. */
export interface OrgStack {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly template: {
    Resources: Record<string, { Type: string; Properties?: any; Condition?: string }>;
  } & Record<string, any>;
  readonly artifact: CloudFormationStackArtifact;
}

/** config/organization.yaml as data (edit it, then `organizationConfig`). */
export function exampleOrganization(): Record<string, any> {
  return parse(fs.readFileSync(path.join(ROOT, 'config', 'organization.yaml'), 'utf8')) as Record<
    string,
    any
  >;
}

/** Validates organization data like the loader does; throws with the problems. */
export function organizationConfig(raw: unknown): OrganizationConfig {
  const { config, problems } = validateOrganization(raw);
  if (!config) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return config;
}

/**
 * An example organization with `accounts` target accounts: the accounts are not listed (the StackSet reaches
 * them through their OUs), so they show as OUs (one per 25 accounts) and exclusions (one per 10 accounts).
 */
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

/** Synthesizes the Org stage alone (no packs, no validator unless asked) and returns its stacks. */
export function synthOrganization(
  config: OrganizationConfig,
  options: { compliance?: boolean } = {},
): OrgStack[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-synth-'));
  const { app } = buildApp({
    configs: [],
    organization: config,
    outdir,
    compliance: options.compliance ?? false,
  });
  const assembly = app.synth({ force: true });
  const org = assembly.getNestedAssembly('assembly-Org');
  return org.stacks.map((s) => ({
    name: s.hierarchicalId,
    account: s.environment.account,
    region: s.environment.region,
    template: s.template,
    artifact: s,
  }));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
