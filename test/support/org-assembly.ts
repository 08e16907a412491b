import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../lib/app';
import type { OrganizationConfig } from '../../lib/config/organization';

export { exampleOrganization, generatedOrganization, organizationConfig } from '../../scripts/org-scale';

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
