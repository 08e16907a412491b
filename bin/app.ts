#!/usr/bin/env node
/**
 * App entry: load and validate every environment file, synthesize every environment (one process each, merged
 * into one cloud assembly), record what the packs evaluated, and print a one-screen summary. Exits 2 on bad
 * config (before anything is written, with no stack trace) and 1 on any unacknowledged finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadedConfig, LoadedOrganization } from '../lib/config/load';

/** Repository root (where cdk.json and config/ live). */
const ROOT = path.resolve(__dirname, '..');
const configDir = process.env.CONFIG_DIR ?? path.join(ROOT, 'config');
const outdir = process.env.CDK_OUTDIR ?? path.join(ROOT, 'cdk.out');

function selectedEnvironment(): string | undefined {
  // `cdk synth -c env=prod` arrives through CDK_CONTEXT_JSON; `ENV=prod npm run synth` through the environment.
  const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as Record<string, unknown>;
  const env = context.env ?? process.env.ENV;
  return typeof env === 'string' && env.length > 0 ? env : undefined;
}

/** Prints a configuration failure the way every one is printed, and returns the exit code. */
function configFailure(message: string): number {
  console.error(`${message}\nNothing was synthesized.`);
  return 2;
}

async function main(): Promise<number> {
  const { ConstructRejection, PROFILE_DIR_ENV, startEarly, synthesize } = await import('../lib/synth');
  const selected = selectedEnvironment();
  // Every environment: their processes start now, and load and check their own file while this one checks
  // every file; on a config mistake they are stopped, having written nothing but their temporary directories.
  const started = selected ? undefined : startEarly(configDir);
  let configs: LoadedConfig[];
  let organization: LoadedOrganization | undefined;
  const { ConfigError, loadSelection } = await import('../lib/config/load');
  try {
    ({ configs, organization } = loadSelection(configDir, selected));
  } catch (e) {
    started?.cancel();
    return configFailure(
      e instanceof ConfigError ? e.message : `Configuration could not be loaded: ${(e as Error).message}`,
    );
  }
  let profile;
  try {
    profile = await synthesize(configs, outdir, organization, started);
  } catch (e) {
    // A construct rejected a value the config checks let through: a gap in lib/config, reported without a stack trace.
    if (e instanceof ConstructRejection) {
      return configFailure(
        `A construct rejected the configuration (please report this: the config checks should have caught it):\n  ${e.message}`,
      );
    }
    throw e;
  }
  if (process.env[PROFILE_DIR_ENV]) {
    fs.writeFileSync(path.join(process.env[PROFILE_DIR_ENV], 'profile.json'), JSON.stringify(profile));
  }
  const { summarizeSynth } = await import('../compliance/summary');
  const { text, failed } = summarizeSynth(outdir);
  console.log(text);
  return failed ? 1 : 0;
}

/**
 * A child of `synthesize()`: one environment, the Org stage, or the Org stage and an environment (lib/synth.ts
 * `childParts`) into its own directory; the parent merges and reports.
 */
async function child(parts: string): Promise<number> {
  const { ConstructRejection, ORG_CHILD, PART_SEPARATOR, PHASES_FILE, synthInProcess } =
    await import('../lib/synth');
  const { loadConfigs, loadOrganization } = await import('../lib/config/load');
  const files = parts.split(PART_SEPARATOR);
  try {
    const phases = synthInProcess(
      files.filter((f) => f !== ORG_CHILD).flatMap((f) => loadConfigs(configDir, f)),
      outdir,
      files.includes(ORG_CHILD) ? loadOrganization(configDir)!.config : undefined,
    );
    fs.writeFileSync(path.join(outdir, PHASES_FILE), JSON.stringify(phases));
    return 0;
  } catch (e) {
    if (!(e instanceof ConstructRejection)) throw e;
    console.error(e.message);
    return 2;
  }
}

// lib/synth.ts CHILD_ENV: set on the per-environment child processes (named here so a config error loads no CDK code).
const childFile = process.env.BASELINE_SYNTH_CHILD;
(childFile ? child(childFile) : main()).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  },
);
