import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../lib/app-names';

/**
 * The `node` arguments of `npm run synth:only` (cdk.json's app command is the same, test/bin/cdk-cli.test.ts):
 * its V8 flags, the TypeScript loader and bin/app.ts. The benchmark and the tests run the entry point with
 * them; without the flags a synth takes twice the CPU (lib/synth.ts).
 */
export const SYNTH_ARGS: readonly string[] = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts['synth:only']
  .split(' ')
  .slice(1);

/** The V8 flags of `npm run synth:only`. */
export const SYNTH_NODE_FLAGS: readonly string[] = SYNTH_ARGS.filter((a) => a.startsWith('--'));
