/**
 * Runs the ELK layouts in a helper Node process, off the report's thread, so they can run while the report
 * does its other work (`prefetchDiagrams`, index.ts). ELK (elkjs: Java compiled to JavaScript) runs each
 * of its phases only briefly, so V8's optimizing compiler costs more than it saves: the helper runs with
 * `--no-opt` (a V8 flag, process-wide, hence a process rather than a worker thread), which saves about a
 * fifth of the CPU of a cold layout. One helper: each extra one would load and warm up ELK again (~1 s of
 * CPU), which on a shared two-core machine costs more than it saves. It loads ELK once and keeps it for
 * every layout of the run; ELK is deterministic (fixed random seed), so the process that lays a graph
 * out does not change its coordinates.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { ElkNode } from 'elkjs';

/** The helper: plain JavaScript (no TypeScript loader needed), ELK loaded once, exits with its parent. */
const HELPER_SOURCE = `
const ELK = require(process.env.ELKJS_MAIN);
const elk = new ELK();
process.on('message', ({ input }) => {
  elk.layout(JSON.parse(input)).then(
    (out) => process.send({ output: JSON.stringify(out) }),
    (e) => process.send({ error: String((e && e.message) || e) }),
  );
});
`;

interface Job {
  readonly input: string;
  readonly resolve: (out: ElkNode) => void;
  readonly reject: (e: Error) => void;
}

interface Helper {
  readonly process: ChildProcess;
  job?: Job;
}

const SIZE = 1;
const queue: Job[] = [];
const helpers: Helper[] = [];

/** An idle helper never keeps the report's process alive; a busy one does until it answers. */
function hold(h: Helper, busy: boolean): void {
  if (busy) {
    h.process.ref();
    h.process.channel?.ref();
  } else {
    h.process.unref();
    h.process.channel?.unref();
  }
}

function start(): Helper {
  const h: Helper = {
    process: spawn(process.execPath, ['--no-opt', '-e', HELPER_SOURCE], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, ELKJS_MAIN: require.resolve('elkjs') },
    }),
  };
  h.process.on('message', (m: { output?: string; error?: string }) => {
    const job = h.job!;
    h.job = undefined;
    if (m.error !== undefined) job.reject(new Error(`ELK layout failed: ${m.error}`));
    else job.resolve(JSON.parse(m.output!) as ElkNode);
    dispatch();
  });
  const lost = (why: string) => {
    // A helper that died fails its layout and leaves the pool; the next layout starts a fresh one.
    const i = helpers.indexOf(h);
    if (i < 0) return;
    helpers.splice(i, 1);
    h.job?.reject(new Error(`ELK layout process ${why}`));
    h.job = undefined;
    dispatch();
  };
  h.process.on('error', (e) => lost(`failed: ${e.message}`));
  h.process.on('exit', (code, signal) => lost(`exited (${signal ?? code})`));
  return h;
}

function dispatch(): void {
  while (queue.length > 0) {
    let idle = helpers.find((h) => h.job === undefined);
    if (!idle && helpers.length < SIZE) {
      idle = start();
      helpers.push(idle);
    }
    if (!idle) return;
    const job = queue.shift()!;
    idle.job = job;
    hold(idle, true);
    idle.process.send({ input: job.input });
  }
  for (const h of helpers) if (h.job === undefined) hold(h, false);
}

/**
 * Starts the helper now (it loads ELK, ~0.2 s), so that the first layout does not wait for it: the report
 * calls this before it reads the assembly. Idle, the helper never keeps the report's process alive.
 */
export function startLayoutHelper(): void {
  if (helpers.length > 0) return;
  const h = start();
  helpers.push(h);
  hold(h, false);
}

/** Lays out `input` (the JSON of an ELK graph) in the next free helper. */
export function layoutOnWorker(input: string): Promise<ElkNode> {
  return new Promise((resolve, reject) => {
    queue.push({ input, resolve, reject });
    dispatch();
  });
}
