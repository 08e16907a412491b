import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';

/** The project root (computed here, not imported from lib/app: test/bin/app.test.ts loads no CDK code). */
const ROOT = path.resolve(__dirname, '..', '..');

/** A deep copy of a shipped example config (config/<name>.yaml) as plain data, to mutate in tests. */
export function exampleConfig(name: 'dev' | 'prod'): Record<string, any> {
  return parse(fs.readFileSync(path.join(ROOT, 'config', `${name}.yaml`), 'utf8'));
}

/** Writes config files into a fresh temp directory and returns it. */
export function writeConfigDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}
