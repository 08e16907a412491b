/**
 * `npm run bootstrap -- --env <name> [--execute]`: prints the one-time steps of the project's hardened CDK
 * bootstrap of one environment (docs/runbook.md), or runs them with `--execute` (then, and only then, with
 * the operator's AWS credentials): deploy the bootstrap policies (`<Env>/Bootstrap/Policies`), then
 * `cdk bootstrap` every region of the environment with them.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { bootstrapCommands } from '../lib/bootstrap';
import { ConfigError, loadConfigs } from '../lib/config/load';

const ROOT = path.resolve(__dirname, '..');

function usage(message: string): number {
  console.error(`${message}\nUsage: npm run bootstrap -- --env <name> [--execute]`);
  return 2;
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

function main(argv: readonly string[]): number {
  const envAt = argv.indexOf('--env');
  const env = envAt >= 0 ? argv[envAt + 1] : undefined;
  const unknown = argv.filter(
    (a, i) => a.startsWith('--') && !['--env', '--execute'].includes(a) && i !== envAt + 1,
  );
  if (!env || env.startsWith('--'))
    return usage('--env <name> is required (the name of a file in config/, e.g. prod)');
  if (unknown.length > 0) return usage(`unknown option ${unknown.join(', ')}`);
  let config;
  try {
    [{ config }] = loadConfigs(process.env.CONFIG_DIR ?? path.join(ROOT, 'config'), env);
  } catch (e) {
    console.error(
      e instanceof ConfigError ? e.message : `Configuration could not be loaded: ${(e as Error).message}`,
    );
    return 2;
  }
  const { policies, bootstrap } = bootstrapCommands(config);
  if (!argv.includes('--execute')) {
    console.log(
      `# One-time hardened bootstrap of ${config.environment.name} (docs/runbook.md), with the operator's credentials:`,
    );
    console.log('# 1. the execution policy and the boundary of the bootstrap roles');
    console.log(policies.map(quote).join(' '));
    console.log('# 2. every region of the environment, naming them');
    console.log(bootstrap.map(quote).join(' '));
    return 0;
  }
  for (const command of [policies, bootstrap]) {
    console.log(`$ ${command.map(quote).join(' ')}`);
    const run = spawnSync(command[0], command.slice(1), { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) return run.status ?? 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
