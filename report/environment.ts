/**
 * An environment's configuration as the report sees it: what the synth recorded in the cloud assembly
 * (`environments.json`, written by bin/app.ts). The report reads only the keys below and the dotted keys
 * catalog entries name in `enabledWhen`; it never imports the app's config schema.
 */
import { z } from 'zod';
import { type ConfigFileHash, ENVIRONMENTS_FILE, readEnvironments } from '../compliance/environments';

const environmentConfigSchema = z.looseObject({
  environment: z.looseObject({
    name: z.string(),
    account: z.string(),
    region: z.string(),
    production: z.boolean(),
  }),
});

export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;

/** The recorded configuration of every environment in the assembly, by name. */
export function readEnvironmentConfigs(assemblyDir: string): Map<string, EnvironmentConfig> {
  const recorded = readEnvironments(assemblyDir);
  if (!recorded) {
    throw new Error(
      `${assemblyDir} has no ${ENVIRONMENTS_FILE}: synthesize with \`npm run synth\` (bin/app.ts records each environment's configuration there)`,
    );
  }
  const out = new Map<string, EnvironmentConfig>();
  for (const [name, config] of Object.entries(recorded.environments)) {
    const parsed = environmentConfigSchema.safeParse(config);
    if (!parsed.success) {
      throw new Error(
        `${assemblyDir}/${ENVIRONMENTS_FILE}: environment '${name}' is not a configuration the report can read (${parsed.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}); synthesize again with \`npm run synth\``,
      );
    }
    out.set(name, parsed.data);
  }
  return out;
}

/** The configuration file of each environment with its SHA-256, as the synth recorded them (empty for older assemblies). */
export function readConfigFileHashes(assemblyDir: string): Map<string, ConfigFileHash> {
  return new Map(Object.entries(readEnvironments(assemblyDir)?.files ?? {}));
}
