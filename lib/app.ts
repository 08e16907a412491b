import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import {
  type CountingNagPack,
  registerCloudFormationValidation,
  registerCompliancePacks,
  type TimedCloudFormationValidation,
} from '../compliance/packs';
import type { LoadedConfig } from './config/load';
import type { OrganizationConfig } from './config/organization';
import { EnvironmentStage } from './environment-stage';
import { OrgStage } from './org-stage';
import { ORG_STAGE_NAME, ROOT } from './app-names';

export { ORG_STAGE_NAME, ROOT } from './app-names';

/** Feature flags and settings from cdk.json, so tests and direct runs synthesize exactly like the CLI. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface BuildAppOptions {
  readonly configs: readonly LoadedConfig[];
  /**
   * The organization (config/organization.yaml): adds the Org stage.
   * @default - no Org stage
   */
  readonly organization?: OrganizationConfig;
  /**
   * Cloud assembly directory.
   * @default - CDK_OUTDIR (set by the CLI) or a temporary directory
   */
  readonly outdir?: string;
  /**
   * Run the cdk-nag packs.
   * @default true
   */
  readonly compliance?: boolean;
}

/**
 * Builds the app: one Stage per environment file, every compliance pack registered once. `packs` carry
 * the rule-evaluation counts the compliance report needs (`writeComplianceStats` after synth).
 */
export function buildApp(options: BuildAppOptions): {
  app: App;
  stages: EnvironmentStage[];
  org?: OrgStage;
  packs: CountingNagPack[];
  validator?: TimedCloudFormationValidation;
} {
  const app = new App({
    outdir: options.outdir,
    context: {
      ...cdkJsonContext(),
      // As the CDK CLI does: every resource's Metadata carries its construct path (aws:cdk:path), so
      // `npm run synth` and `cdk synth` write the same templates and the compliance report can name paths.
      'aws:cdk:enable-path-metadata': true,
      // The app reports findings itself (bin/app.ts, test/compliance/app-compliance.test.ts) instead of throwing.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  // The Org stage first, as the merged assembly of a parallel synth lists it (lib/synth.ts), also when one
  // process synthesizes it with an environment.
  const org = options.organization
    ? new OrgStage(app, ORG_STAGE_NAME, { config: options.organization })
    : undefined;
  const stages = options.configs.map(
    ({ config }) => new EnvironmentStage(app, config.environment.name, { config }),
  );
  const packs = (options.compliance ?? true) ? registerCompliancePacks(app) : [];
  const validator = registerCloudFormationValidation(app);
  return { app, stages, org, packs, validator };
}
