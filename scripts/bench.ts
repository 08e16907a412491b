/**
 * `npm run bench [-- N]`: synthesizes the whole app N times (default 5), each in a fresh process exactly as
 * `npm run synth:only` does (every environment, every rule pack, CloudFormation validation on), alternating with
 * the CDK floor (../shared/tools/cdk-floor.js: the same stages, stacks and resource counts made of trivial
 * resources, no packs) when that tool is there, and synthesizing again with the validator reports the first synth
 * kept. Prints median wall times, the ratios to the floor, and the median phases of each environment's synth
 * (import / construct / packs / validator / write), of the merge and of the parent's validation service.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listTemplates } from '../compliance/summary';
import { VALIDATION_CACHE_ENV } from '../compliance/validation-cache';
import { ROOT } from '../lib/app';
import { PROFILE_DIR_ENV, type SynthPhases, type SynthProfile } from '../lib/synth';
import { SYNTH_ARGS, SYNTH_NODE_FLAGS } from './synth-command';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `npm run bench -- --org [N]`: the Org stage alone (every pack, the validator), each in a fresh process, for 1, 50
 * and 500 target accounts (scripts/org-scale.ts), N rounds (default 3) taking the sizes in turn: median synth time,
 * stack count and the member template's hash. One run per size read 1.24x once and 0.87x the next.
 */
function orgBench(rounds: number): void {
  const sizes = [1, 50, 500];
  const seconds = new Map<number, number[]>(sizes.map((n) => [n, []]));
  const shapes = new Map<number, { stacks: number; hash: string }>();
  for (let round = 0; round < rounds; round++) {
    for (const accounts of sizes) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-org-'));
      seconds
        .get(accounts)!
        .push(
          timed([
            ...SYNTH_NODE_FLAGS,
            '-r',
            './scripts/ts-register.js',
            'scripts/bench.ts',
            '--org-child',
            String(accounts),
            outdir,
          ]),
        );
      const templates = listTemplates(outdir);
      const member = templates.find((t) => t.displayName.startsWith('Org/MemberBaseline'))!;
      const hash = createHash('sha256').update(JSON.stringify(member.template)).digest('hex').slice(0, 16);
      fs.rmSync(outdir, { recursive: true, force: true });
      const shape = { stacks: templates.length, hash };
      const before = shapes.get(accounts);
      if (before && JSON.stringify(before) !== JSON.stringify(shape)) {
        throw new Error(
          `${accounts} target accounts: round ${round + 1} synthesized another Org stage than round 1`,
        );
      }
      shapes.set(accounts, shape);
    }
  }
  for (const accounts of sizes) {
    const { stacks, hash } = shapes.get(accounts)!;
    const all = seconds.get(accounts)!;
    console.log(
      `${String(accounts).padStart(4)} target accounts: synth ${median(all).toFixed(2)}s (median of ${all.map((x) => x.toFixed(2)).join(', ')}), ${stacks} stacks, member template ${hash}`,
    );
  }
  const ratio = median(seconds.get(500)!) / median(seconds.get(1)!);
  console.log(
    `500 / 1 accounts median synth time: ${ratio.toFixed(2)}x (target <= 1.2x); ${rounds} rounds; ${os.cpus().length} CPUs`,
  );
}

if (process.argv[2] === '--org-child') {
  // A child of orgBench: synthesizes the generated organization into the given directory.
  const [accounts, outdir] = process.argv.slice(3);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthInProcess } = require('../lib/synth') as typeof import('../lib/synth');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generatedOrganization } = require('./org-scale') as typeof import('./org-scale');
  synthInProcess([], outdir, generatedOrganization(Number(accounts)));
  process.exit(0);
}
if (process.argv.includes('--org')) {
  orgBench(Number(process.argv[process.argv.indexOf('--org') + 1] ?? 3));
  process.exit(0);
}

const runs = Number(process.argv[2] ?? 5);
const FLOOR = path.resolve(ROOT, '..', 'shared', 'tools', 'cdk-floor.js');

function timed(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(r.status ?? 1);
  }
  return seconds;
}

// Each run synthesizes twice: first with an empty CloudFormation-validator report cache (as a fresh clone, CI),
// then again with the reports that run kept (compliance/validation-cache.ts: a synth after a change that left
// the templates of an environment as they were). The phases below are those of the first, cold synth.
const coldTimes: number[] = [];
const warmTimes: number[] = [];
const floorTimes: number[] = [];
const profiles: SynthProfile[] = [];
let resources = 0;
for (let i = 0; i < runs; i++) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const outdir = path.join(work, 'cdk.out');
  // Exactly `npm run synth:only` (and cdk.json's app command).
  const synth = () =>
    timed([...SYNTH_ARGS], {
      ...process.env,
      CDK_OUTDIR: outdir,
      [PROFILE_DIR_ENV]: work,
      [VALIDATION_CACHE_ENV]: path.join(work, 'cfn-validate'),
    });
  coldTimes.push(synth());
  profiles.push(JSON.parse(fs.readFileSync(path.join(work, 'profile.json'), 'utf8')) as SynthProfile);
  resources = listTemplates(outdir).reduce((n, t) => n + Object.keys(t.template.Resources ?? {}).length, 0);
  let line = `run ${i + 1}: synth ${coldTimes[i].toFixed(2)}s`;
  if (fs.existsSync(FLOOR)) {
    floorTimes.push(timed([FLOOR, '.', outdir, path.join(work, 'floor.out')]));
    line += `, floor ${floorTimes[i].toFixed(2)}s`;
  }
  warmTimes.push(synth());
  console.log(`${line}, synth with kept validator reports ${warmTimes[i].toFixed(2)}s`);
  fs.rmSync(work, { recursive: true, force: true });
}

const cold = median(coldTimes);
const warm = median(warmTimes);
console.log(
  `\nmedian synth wall time: ${cold.toFixed(2)}s (with kept validator reports: ${warm.toFixed(2)}s) over ${runs} runs; ${resources} resources; ${os.cpus().length} CPUs`,
);
if (floorTimes.length) {
  const floor = median(floorTimes);
  console.log(
    `median CDK floor: ${floor.toFixed(2)}s; synth / floor = ${(cold / floor).toFixed(2)}x (with kept validator reports: ${(warm / floor).toFixed(2)}x)`,
  );
} else {
  console.log(`(no CDK floor: ${FLOOR} is missing)`);
}

const phases: (keyof Omit<SynthPhases, 'environment'>)[] = [
  'import',
  'construct',
  'packs',
  'validator',
  'write',
];
console.log(`\nphases (median seconds)     ${phases.map((p) => p.padStart(9)).join('')}`);
for (const env of profiles[0].environments.map((e) => e.environment)) {
  const of = (p: (typeof phases)[number]) =>
    median(profiles.map((pr) => pr.environments.find((e) => e.environment === env)![p]));
  console.log(`  ${env.padEnd(26)}${phases.map((p) => of(p).toFixed(2).padStart(9)).join('')}`);
}
console.log(
  `  merge of the assemblies   ${median(profiles.map((p) => p.merge))
    .toFixed(2)
    .padStart(9)}`,
);
console.log(
  `  validation service        ${median(profiles.map((p) => p.validator))
    .toFixed(2)
    .padStart(
      9,
    )}  (the parent's engine; its second engine validated a median ${median(profiles.map((p) => p.secondEngineTemplates))} templates)`,
);
