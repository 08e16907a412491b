#!/usr/bin/env node
/**
 * App entry: load and validate every environment file, build one Stage per environment, register the
 * compliance packs, synthesize, record what the packs evaluated, and print a one-screen summary. Exits 2
 * on bad config (before anything is written, with no stack trace) and 1 on any unacknowledged finding.
 */
import * as path from 'node:path';
import { ConfigError, type LoadedConfig, loadConfigs } from '../lib/config/load';

/** Repository root (where cdk.json and config/ live). */
const ROOT = path.resolve(__dirname, '..');

function selectedEnvironment(): string | undefined {
  // `cdk synth -c env=prod` arrives through CDK_CONTEXT_JSON; `ENV=prod npm run synth` through the environment.
  let context: Record<string, unknown> = {};
  try {
    context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as Record<string, unknown>;
  } catch {
    // Not ours to validate: the CDK CLI writes it.
  }
  const env = context.env ?? process.env.ENV;
  return typeof env === 'string' && env.length > 0 ? env : undefined;
}

/** Prints a configuration failure the way every one is printed, and returns the exit code. */
function configFailure(message: string): number {
  console.error(`${message}\nNothing was synthesized.`);
  return 2;
}

async function main(): Promise<number> {
  let configs: LoadedConfig[];
  try {
    configs = loadConfigs(process.env.CONFIG_DIR ?? path.join(ROOT, 'config'), selectedEnvironment());
  } catch (e) {
    return configFailure(
      e instanceof ConfigError ? e.message : `Configuration could not be loaded: ${(e as Error).message}`,
    );
  }
  // The CDK app and the packs load only for a valid config, so a config mistake is reported in well under a second.
  const { buildApp } = await import('../lib/app');
  const { writeComplianceStats } = await import('../compliance/stats');
  const { summarizeSynth } = await import('../compliance/summary');
  let built;
  try {
    built = buildApp({ configs, outdir: process.env.CDK_OUTDIR ?? path.join(ROOT, 'cdk.out') });
  } catch (e) {
    // A construct rejected a value the config checks let through: a gap in lib/config, reported without a stack trace.
    return configFailure(
      `A construct rejected the configuration (please report this: the config checks should have caught it):\n  ${(e as Error).message}`,
    );
  }
  const assembly = built.app.synth();
  // Rules evaluated and resources checked per pack, for the compliance report (`npm run report`).
  writeComplianceStats(assembly.directory, built.packs);
  const { text, failed } = summarizeSynth(assembly.directory);
  console.error(text);
  return failed ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
