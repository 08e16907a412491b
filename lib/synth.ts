import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeControlTowerResults } from '../compliance/control-tower';
import { writeEnvironments } from '../compliance/environments';
import { writeOrganization } from '../compliance/organization';
import { VALIDATION_SERVICE_ENV, ValidationService } from '../compliance/validation-service';
import { ROOT } from './app-names';
import { mergeAssemblies } from './assembly-merge';
import { environmentFiles, organizationFile } from './config/files';
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
  /** Templates the service's second engine validated (compliance/validation-service.ts). */
  readonly secondEngineTemplates: number;
  readonly environments: SynthPhases[];
}

/**
 * Set by the parent on each child process: the part the child synthesizes, a config file's basename or ORG_CHILD,
 * or several joined by PART_SEPARATOR (`childParts`).
 */
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
 * thread each child keeps to its own core. Measured with `npm run bench`: 24.4 s -> 14.4 s on 2 cores. The
 * parent, which builds the validator's engine and validates every child's templates, runs with the same flags
 * (package.json `synth:only`, cdk.json `app`): with its default GC threads it used 12-14 s of CPU instead of
 * 7 s, and the synth took 18.6 s instead of 15.3 s (alternating runs, 3 each). `--no-opt` leaves V8's optimizing
 * compiler out: a synth process runs most of its JavaScript once or a few times, so compiling it again (on
 * background threads that compete with the other process for the second core) costs more than it saves. With
 * it, a synth with an empty validator cache took 6.25 s instead of 6.79 s, and one with kept validator reports
 * 3.74 s instead of 4.11 s (4 alternating pairs, medians; every pair was faster).
 */
const CHILD_NODE_FLAGS = (
  process.env.BASELINE_CHILD_NODE_FLAGS ??
  '--liftoff-only --no-opt --single-threaded-gc --max-semi-space-size=32'
)
  .split(' ')
  .filter(Boolean);

function runChild(
  file: string,
  outdir: string,
  validationService: string | undefined,
  onStart: (child: ChildProcess) => void,
): Promise<void> {
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
    onStart(child);
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

/** A part's name for its child (CHILD_ENV): the environment file's name without its extension. */
const partName = (file: string): string => path.basename(file).replace(/\.ya?ml$/, '');

/** Joins the parts one child synthesizes together (CHILD_ENV). */
export const PART_SEPARATOR = '+';

/**
 * The parts of a synth as its children take them: with more parts than cores, the Org stage (the lightest part:
 * half an environment's construct time) is synthesized in the first environment's process, one start and one
 * load of aws-cdk-lib and the app fewer. Measured with the three example files on 2 cores (alternating runs, 3
 * runs each, quiet host): cold synth 7.8 s -> 6.9 s, with kept validator reports 5.0 s -> 4.1 s.
 */
export function childParts(parts: readonly string[], cpus = os.cpus().length): string[] {
  if (parts.length <= cpus || parts[0] !== ORG_CHILD) return [...parts];
  return [`${parts[0]}${PART_SEPARATOR}${parts[1]}`, ...parts.slice(2)];
}

/** The child-process name of each part of a synth, the Org stage first (the merge order). */
function partFiles(configs: readonly LoadedConfig[], organization: boolean): string[] {
  return childParts([...(organization ? [ORG_CHILD] : []), ...configs.map((c) => partName(c.file))]);
}

/**
 * The parts of a synth of every environment in `configDir` (no `-c env=`), from the file names alone, before
 * the files are read. Undefined for a single part (which is synthesized in this process) or an unreadable
 * directory.
 */
function everyPartOf(configDir: string, cpus: number): string[] | undefined {
  try {
    const parts = childParts(
      [...(organizationFile(configDir) ? [ORG_CHILD] : []), ...environmentFiles(configDir).map(partName)],
      cpus,
    );
    return parts.length > 1 ? parts : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the children of a synth of every environment in `configDir` before bin/app.ts has checked the files
 * (each child checks its own again; on a mistake `cancel()` stops them): they start 0.4 s earlier, while one
 * core would otherwise check the files alone. The price is on a config mistake: the message comes after 1.1 s
 * instead of 0.6 s (three files on 2 cores), while the children start beside the check. Hence not with more
 * parts than cores + 1 (the Org stage and two environments on 2 cores): with 7 files it would take 2.2 s.
 */
export function startEarly(configDir: string, cpus = os.cpus().length): ParallelSynth | undefined {
  const parts = everyPartOf(configDir, cpus);
  return parts && parts.length <= cpus + 1 ? new ParallelSynth(parts) : undefined;
}

/**
 * The children of a parallel synth, one per part (an environment, or the Org stage), and the validation
 * service they share (compliance/validation-service.ts), started together. Each child loads, checks and
 * synthesizes its part into its own directory; `finish()` waits for them, `cancel()` stops them and removes
 * everything they wrote (nothing of theirs is in the output directory until the merge).
 */
export class ParallelSynth {
  private readonly work = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  public readonly parts: readonly { readonly file: string; readonly dir: string }[];
  private readonly service?: ValidationService;
  private readonly children = new Set<ChildProcess>();
  private readonly done: Promise<void[]>;

  public constructor(public readonly files: readonly string[]) {
    this.parts = files.map((file) => ({ file, dir: path.join(this.work, file) }));
    // Every part at once, even with more parts than cores: queued, the third part (the Org stage next to two
    // environments on 2 cores) waits for a whole child and the synth takes 22.6 s; all at once, 19.4 s (npm run
    // bench). BASELINE_SYNTH_PARALLEL caps the number of children (e.g. on a machine short of memory).
    const limit = Number(process.env.BASELINE_SYNTH_PARALLEL ?? 0) || this.parts.length;
    const queue = [...this.parts];
    // One CloudFormation validator engine for every child (compliance/validation-service.ts) instead of one
    // each (1.5 s of CPU per engine), and no validation at all for an environment whose templates are unchanged
    // since a previous synth (compliance/validation-cache.ts).
    this.service =
      process.env.CDK_VALIDATION === 'false'
        ? undefined
        : new ValidationService(path.join(this.work, 'validation'));
    const workers = Array.from({ length: Math.min(limit, this.parts.length) }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        await runChild(p.file, p.dir, this.service?.dir, (c) => this.children.add(c));
      }
    });
    this.done = Promise.all(workers);
  }

  /** Waits for every child; returns the seconds of the validation service and its second engine's templates. */
  public async finish(): Promise<{ seconds: number; secondEngineTemplates: number }> {
    try {
      await this.done;
    } finally {
      this.service?.stop();
    }
    return { seconds: this.service?.seconds ?? 0, secondEngineTemplates: this.service?.helperTemplates ?? 0 };
  }

  /** Stops the children and the service and removes what they wrote. */
  public cancel(): void {
    this.done.catch(() => undefined);
    for (const child of this.children) child.kill();
    this.service?.stop();
    this.remove();
  }

  public remove(): void {
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}

/**
 * Synthesizes every environment into `outdir`: one child process per environment (environments share
 * nothing, so each process builds, checks and validates one stage on its own core; see `childParts` for the
 * Org stage), merged into one cloud assembly that the CDK CLI reads like a single app's. A single part is
 * synthesized in this process.
 * `started`: the children bin/app.ts started before it checked the config files (used if they are the
 * right ones, otherwise cancelled).
 */
export async function synthesize(
  configs: readonly LoadedConfig[],
  outdir: string,
  organization?: LoadedOrganization,
  started?: ParallelSynth,
): Promise<SynthProfile> {
  const begun = performance.now();
  const files = partFiles(configs, organization !== undefined);
  let synth = started;
  if (synth && synth.files.join('\n') !== files.join('\n')) {
    synth.cancel();
    synth = undefined;
  }
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
  if (files.length === 1) {
    synth?.cancel();
    const phases = synthInProcess(configs, outdir, organization?.config);
    writeConfigs();
    return {
      wall: (performance.now() - begun) / 1000,
      merge: 0,
      validator: 0,
      secondEngineTemplates: 0,
      environments: [phases],
    };
  }
  synth ??= new ParallelSynth(files);
  try {
    const validation = await synth.finish().catch((e: unknown) => {
      synth.cancel(); // the other children's work is of no use now
      throw e;
    });
    const merging = performance.now();
    mergeAssemblies(
      synth.parts.map((p) => p.dir),
      outdir,
    );
    writeConfigs();
    const done = performance.now();
    const environments = synth.parts.flatMap((p) => {
      const f = path.join(p.dir, PHASES_FILE);
      return fs.existsSync(f) ? [JSON.parse(fs.readFileSync(f, 'utf8')) as SynthPhases] : [];
    });
    return {
      wall: (done - begun) / 1000,
      merge: (done - merging) / 1000,
      validator: validation.seconds,
      secondEngineTemplates: validation.secondEngineTemplates,
      environments,
    };
  } finally {
    synth.remove();
  }
}

/** A child's phases, next to its partial assembly (read by the parent, not merged into the output). */
export const PHASES_FILE = 'synth-phases.json';
