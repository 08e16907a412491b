#!/usr/bin/env node
/**
 * App entry: load and validate every environment file, synthesize every environment (one process each, merged
 * into one cloud assembly), record what the packs evaluated, and print a one-screen summary. Exits 2 on bad
 * config (before anything is written) and 1 on any unacknowledged finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summarizeSynth } from '../compliance/summary';
import { ROOT } from '../lib/app';
import { ConfigError, loadConfigs } from '../lib/config/load';
import { CHILD_ENV, PHASES_FILE, PROFILE_DIR_ENV, synthesize, synthInProcess } from '../lib/synth';

function selectedEnvironment(): string | undefined {
  // `cdk synth -c env=prod` arrives through CDK_CONTEXT_JSON; `ENV=prod npm run synth` through the environment.
  const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as Record<string, unknown>;
  const env = context.env ?? process.env.ENV;
  return typeof env === 'string' && env.length > 0 ? env : undefined;
}

const configDir = process.env.CONFIG_DIR ?? path.join(ROOT, 'config');
const outdir = process.env.CDK_OUTDIR ?? path.join(ROOT, 'cdk.out');

/** A child of `synthesize()`: one environment into its own directory; the parent merges and reports. */
function child(file: string): number {
  const phases = synthInProcess(loadConfigs(configDir, file), outdir);
  fs.writeFileSync(path.join(outdir, PHASES_FILE), JSON.stringify(phases));
  return 0;
}

async function main(): Promise<number> {
  let configs;
  try {
    configs = loadConfigs(configDir, selectedEnvironment());
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`${e.message}\nNothing was synthesized.`);
      return 2;
    }
    throw e;
  }
  const profile = await synthesize(configs, outdir);
  if (process.env[PROFILE_DIR_ENV]) {
    fs.writeFileSync(path.join(process.env[PROFILE_DIR_ENV], 'profile.json'), JSON.stringify(profile));
  }
  const { text, failed } = summarizeSynth(outdir);
  console.log(text);
  return failed ? 1 : 0;
}

const childFile = process.env[CHILD_ENV];
if (childFile) {
  process.exitCode = child(childFile);
} else {
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
