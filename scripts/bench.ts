/**
 * `npm run bench [-- N]`: synthesizes the whole app N times (default 3), each in a fresh process
 * exactly as `npm run synth` does (every environment, every rule pack, CloudFormation validation on),
 * and prints the median wall time and the resource count.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../lib/app';
import { listTemplates } from '../compliance/summary';

const runs = Number(process.argv[2] ?? 3);
const times: number[] = [];
let resources = 0;
for (let i = 0; i < runs; i++) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', './scripts/ts-register.js', 'bin/app.ts'], {
    cwd: ROOT,
    env: { ...process.env, CDK_OUTDIR: outdir },
    encoding: 'utf8',
  });
  times.push(Number(process.hrtime.bigint() - started) / 1e9);
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(r.status ?? 1);
  }
  resources = listTemplates(outdir).reduce((n, t) => n + Object.keys(t.template.Resources ?? {}).length, 0);
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(`run ${i + 1}: ${times[i].toFixed(2)}s`);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `median synth wall time: ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}s over ${runs} runs; ${resources} resources; ${os.cpus().length} CPUs`,
);
