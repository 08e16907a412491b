import { performance } from 'node:perf_hooks';
import { writeComplianceStats } from '../compliance/stats';
import { buildApp } from './app';
import { ORG_STAGE_NAME } from './app-names';
import type { LoadedConfig } from './config/load';
import type { OrganizationConfig } from './config/organization';
import { ConstructRejection, type SynthPhases } from './synth';

/** Synthesizes `configs` in this process into `outdir` (every pack, the CloudFormation validator on). */
export function synthInProcess(
  configs: readonly LoadedConfig[],
  outdir: string,
  organization?: OrganizationConfig,
): SynthPhases {
  const started = performance.now();
  let built;
  try {
    built = buildApp({ configs, outdir, organization });
  } catch (e) {
    throw new ConstructRejection((e as Error).message);
  }
  const { app, packs, validator } = built;
  const constructed = performance.now();
  app.synth({ force: true });
  writeComplianceStats(outdir, packs);
  const packSeconds = packs.reduce((s, p) => s + p.seconds, 0);
  const validatorSeconds = validator?.seconds ?? 0;
  return {
    environment: [
      ...configs.map((c) => c.config.environment.name),
      ...(organization ? [ORG_STAGE_NAME] : []),
    ].join('+'),
    import: started / 1000,
    construct: (constructed - started) / 1000,
    packs: packSeconds,
    validator: validatorSeconds,
    write: (performance.now() - constructed) / 1000 - packSeconds - validatorSeconds,
  };
}
