import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeControlTowerResults } from '../compliance/control-tower';
import { writeEnvironments } from '../compliance/environments';
import { writeOrganization } from '../compliance/organization';
import { VALIDATION_SERVICE_ENV, ValidationService } from '../compliance/validation-service';
import { ORG_STAGE_NAME, ROOT } from './app-names';
import { mergeAssemblies } from './assembly-merge';
import type { LoadedConfig, LoadedOrganization } from './config/load';
import type { OrganizationConfig } from './config/organization';

/** Seconds spent per phase of one environment's synth (what `npm run bench` prints). */
export interface SynthPhases {
  readonly environment: string;
  /** Process start to the first line of the app (node, aws-cdk-lib and the app's modules). */
  readonly import: number;
  /** Constructing the stages and stacks. */
  readonly construct: number;
  /** The four cdk-nag packs. */
  readonly packs: number;
  /**
   * aws-cdk-lib's built-in CloudFormation validator: in a child of a parallel synth, the wait for the parent's
   * validation service (compliance/validation-service.ts).
   */
  readonly validator: number;
  /** Everything else in `app.synth()`: aspects, template rendering, asset bundling, writing files. */
  readonly write: number;
}

/** Written by the parent when environments are synthesized in parallel. */
export interface SynthProfile {
  readonly wall: number;
  readonly merge: number;
  /** The parent's validation service: building the shared engine and validating every child's templates. */
  readonly validator: number;
  readonly environments: SynthPhases[];
}

/** Set by the parent on each child process: the config file (basename) the child synthesizes. */
export const CHILD_ENV = 'BASELINE_SYNTH_CHILD';
/** CHILD_ENV value of the child that synthesizes the Org stage (config/organization.yaml). */
export const ORG_CHILD = '@organization';
/** When set, each synth writes its phases as JSON into this directory (`npm run bench`). */
export const PROFILE_DIR_ENV = 'BASELINE_SYNTH_PROFILE_DIR';

/**
 * Files a synth writes into its output directory. They are removed before each synth so that
 * `ENV=prod npm run synth` does not leave another environment's old assembly or report behind; anything
 * else in the directory (the CDK CLI's lock files) is left alone.
 */
export function clearAssembly(outdir: string): void {
  if (!fs.existsSync(outdir)) return;
  for (const entry of fs.readdirSync(outdir)) {
    if (
      /^(assembly-|asset\.)/.test(entry) ||
      [
        'manifest.json',
        'tree.json',
        'validation-report.json',
        'compliance-stats.json',
        'environments.json',
        'organization.json',
        'compliance',
      ].includes(entry)
    ) {
      fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
    }
  }
}

/** A construct threw while the app was built: a value the config checks let through (exit 2, no stack trace). */
export class ConstructRejection extends Error {}

/**
 * Synthesizes `configs` in this process (lib/synth-in-process.ts). Loaded on demand: the parent of a
 * parallel synth only starts, serves and merges its children, and never loads the CDK app itself.
 */
export function synthInProcess(
  configs: readonly LoadedConfig[],
  outdir: string,
  organization?: OrganizationConfig,
): SynthPhases {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const inProcess = require('./synth-in-process') as typeof import('./synth-in-process');
  return inProcess.synthInProcess(configs, outdir, organization);
}

/**
 * V8 flags of the per-environment children (override with BASELINE_CHILD_NODE_FLAGS). aws-cdk-lib's built-in
 * CloudFormation validator is a 9 MB WebAssembly module: Liftoff, V8's baseline compiler, gets it running in
 * less than half the CPU of the optimizing tier (which also compiles on background threads), and with one GC
 * thread each child keeps to its own core. Measured with `npm run bench`: 24.4 s -> 14.4 s on 2 cores.
 */
const CHILD_NODE_FLAGS = (
  process.env.BASELINE_CHILD_NODE_FLAGS ?? '--liftoff-only --single-threaded-gc --max-semi-space-size=32'
)
  .split(' ')
  .filter(Boolean);

function runChild(file: string, outdir: string, validationService?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...CHILD_NODE_FLAGS,
        '-r',
        path.join(ROOT, 'scripts', 'ts-register.js'),
        path.join(ROOT, 'bin', 'app.ts'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          [CHILD_ENV]: file,
          CDK_OUTDIR: outdir,
          ...(validationService ? { [VALIDATION_SERVICE_ENV]: validationService } : {}),
        },
        stdio: ['ignore', 'inherit', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      // The child printed the construct's message only (see bin/app.ts).
      else if (code === 2) reject(new ConstructRejection(stderr.trim().split('\n').at(-1) ?? ''));
      else reject(new Error(`synthesizing ${file} failed (exit ${code}):\n${stderr.trimEnd()}`));
    });
  });
}

/**
 * Synthesizes every environment into `outdir`: one child process per environment (environments share
 * nothing, so each process builds, checks and validates one stage on its own core), merged into one cloud
 * assembly that the CDK CLI reads like a single app's. One environment is synthesized in this process.
 */
export async function synthesize(
  configs: readonly LoadedConfig[],
  outdir: string,
  organization?: LoadedOrganization,
): Promise<SynthProfile> {
  const started = performance.now();
  clearAssembly(outdir);
  fs.mkdirSync(outdir, { recursive: true });
  // The validated configuration of each environment, for the report (which reads only cdk.out).
  // ... the organization's (the report's organization view) and the AWS Control Tower proactive controls
  // evaluated over the templates (compliance/control-tower.ts).
  const writeConfigs = () => {
    writeEnvironments(outdir, configs);
    if (organization) writeOrganization(outdir, organization);
    writeControlTowerResults(outdir);
  };
  // One part (one environment, or the Org stage alone): in this process, no child to start or merge.
  if (configs.length + (organization ? 1 : 0) === 1) {
    const phases = synthInProcess(configs, outdir, organization?.config);
    writeConfigs();
    return { wall: (performance.now() - started) / 1000, merge: 0, validator: 0, environments: [phases] };
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  let validatorSeconds = 0;
  try {
    const parts = [
      ...(organization ? [{ file: ORG_CHILD, dir: path.join(work, ORG_STAGE_NAME) }] : []),
      ...configs.map((c) => ({
        file: path.basename(c.file).replace(/\.ya?ml$/, ''),
        dir: path.join(work, c.config.environment.name),
      })),
    ];
    // Every part at once, even with more parts than cores: queued, the third part (the Org stage next to two
    // environments on 2 cores) waits for a whole child and the synth takes 22.6 s; all at once, 19.4 s (npm run
    // bench). BASELINE_SYNTH_PARALLEL caps the number of children (e.g. on a machine short of memory).
    const limit = Number(process.env.BASELINE_SYNTH_PARALLEL ?? 0) || parts.length;
    const queue = [...parts];
    // One CloudFormation validator engine for every child (compliance/validation-service.ts) instead of one
    // each (1.5 s of CPU per engine), and no validation at all for an environment whose templates are unchanged
    // since a previous synth (compliance/validation-cache.ts).
    const service =
      process.env.CDK_VALIDATION === 'false'
        ? undefined
        : new ValidationService(path.join(work, 'validation'));
    const workers = Array.from({ length: Math.min(limit, parts.length) }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await runChild(p.file, p.dir, service?.dir);
    });
    try {
      await Promise.all(workers);
    } finally {
      service?.stop();
    }
    validatorSeconds = service?.seconds ?? 0;
    const merging = performance.now();
    mergeAssemblies(
      parts.map((p) => p.dir),
      outdir,
    );
    writeConfigs();
    const done = performance.now();
    const environments = parts.flatMap((p) => {
      const f = path.join(p.dir, PHASES_FILE);
      return fs.existsSync(f) ? [JSON.parse(fs.readFileSync(f, 'utf8')) as SynthPhases] : [];
    });
    return {
      wall: (done - started) / 1000,
      merge: (done - merging) / 1000,
      validator: validatorSeconds,
      environments,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A child's phases, next to its partial assembly (read by the parent, not merged into the output). */
export const PHASES_FILE = 'synth-phases.json';
