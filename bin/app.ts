#!/usr/bin/env node
/**
 * App entry: load and validate every environment file, build one Stage per environment, register the
 * compliance packs, synthesize, record what the packs evaluated, and print a one-screen summary. Exits non-zero on bad config (before
 * anything is written) or on any unacknowledged finding.
 */
import * as path from 'node:path';
import { buildApp, ROOT } from '../lib/app';
import { writeEnvironments } from '../compliance/environments';
import { writeComplianceStats } from '../compliance/stats';
import { summarizeSynth } from '../compliance/summary';
import { ConfigError, loadConfigs } from '../lib/config/load';

function selectedEnvironment(): string | undefined {
  // `cdk synth -c env=prod` arrives through CDK_CONTEXT_JSON; `ENV=prod npm run synth` through the environment.
  const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as Record<string, unknown>;
  const env = context.env ?? process.env.ENV;
  return typeof env === 'string' && env.length > 0 ? env : undefined;
}

function main(): number {
  let configs;
  try {
    configs = loadConfigs(process.env.CONFIG_DIR ?? path.join(ROOT, 'config'), selectedEnvironment());
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`${e.message}\nNothing was synthesized.`);
      return 2;
    }
    throw e;
  }
  const { app, packs } = buildApp({ configs, outdir: process.env.CDK_OUTDIR ?? path.join(ROOT, 'cdk.out') });
  const assembly = app.synth();
  // Rules evaluated and resources checked per pack, for the compliance report (`npm run report`).
  writeComplianceStats(assembly.directory, packs);
  // The validated configuration of each environment, for the report (which reads only cdk.out).
  writeEnvironments(assembly.directory, configs);
  const { text, failed } = summarizeSynth(assembly.directory);
  console.error(text);
  return failed ? 1 : 0;
}

process.exitCode = main();
