/**
 * Runs the ELK layouts in a helper Node process, off the report's thread, so they can run while the report
 * does its other work (`prefetchDiagrams`, index.ts). ELK (elkjs: Java compiled to JavaScript) runs each
 * of its phases only briefly, so V8's optimizing compiler costs more than it saves: the helper runs with
 * `--no-opt` (a V8 flag, process-wide, hence a process rather than a worker thread), which saves about a
 * fifth of the CPU of a cold layout. One helper: each extra one would load and warm up ELK again (~1 s of
 * CPU), which on a shared two-core machine costs more than it saves. It loads ELK once and keeps it for
 * every layout of the run; ELK is deterministic (fixed random seed), so the process that lays a graph
 * out does not change its coordinates.
 *
 * Every layout is handed to the helper as soon as it is asked for, and the helper queues them itself: the
 * report's thread is busy for long stretches (the proofs), and a helper that waited for it to hand over the
 * next graph sat idle for 0.85 s of a cold report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { ElkNode } from 'elkjs';

/** The helper (elk-helper.ts), run with the repository's TypeScript loader and V8 code cache. */
const HELPER = path.join(__dirname, 'elk-helper.ts');
const TS_REGISTER = path.join(__dirname, '..', '..', 'scripts', 'ts-register.js');

interface Job {
  readonly resolve: (out: ElkNode) => void;
  readonly reject: (e: Error) => void;
}

interface Helper {
  readonly process: ChildProcess;
  /** The layouts handed to this helper and not answered yet, by number. */
  readonly jobs: Map<number, Job>;
}

let helper: Helper | undefined;
let nextId = 0;

/** An idle helper never keeps the report's process alive; a busy one does until it has answered. */
function hold(h: Helper): void {
  if (h.jobs.size > 0) {
    h.process.ref();
    h.process.channel?.ref();
  } else {
    h.process.unref();
    h.process.channel?.unref();
  }
}

function start(): Helper {
  const h: Helper = {
    process: spawn(process.execPath, ['--no-opt', '-r', TS_REGISTER, HELPER], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
    jobs: new Map(),
  };
  h.process.on('message', (m: { id: number; output?: string; error?: string }) => {
    const job = h.jobs.get(m.id);
    if (!job) return;
    h.jobs.delete(m.id);
    hold(h);
    if (m.error !== undefined) job.reject(new Error(`ELK layout failed: ${m.error}`));
    else job.resolve(JSON.parse(m.output!) as ElkNode);
  });
  const lost = (why: string) => {
    // A helper that died fails the layouts it held; the next layout starts a fresh one.
    if (helper === h) helper = undefined;
    for (const job of h.jobs.values()) job.reject(new Error(`ELK layout process ${why}`));
    h.jobs.clear();
  };
  h.process.on('error', (e) => lost(`failed: ${e.message}`));
  h.process.on('exit', (code, signal) => lost(`exited (${signal ?? code})`));
  return h;
}

/** How many layouts the helper holds and has not answered yet (for the tests). */
export function layoutsInHelper(): number {
  return helper?.jobs.size ?? 0;
}

/**
 * Lays out `input` (the JSON of an ELK graph) in the helper, after the layouts asked for before it. The
 * helper starts with the first layout a run needs (loading ELK takes ~0.3 s of CPU), so a report whose
 * layouts are all kept on disk (layout.ts) starts none.
 */
export function layoutOnWorker(input: string): Promise<ElkNode> {
  const h = (helper ??= start());
  const id = nextId++;
  return new Promise((resolve, reject) => {
    h.jobs.set(id, { resolve, reject });
    hold(h);
    h.process.send({ id, input });
  });
}
