import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../lib/app';

/**
 * The config corpus (test/fixtures/bad-config, test/fixtures/good-config): each case is an edit of an
 * example file (config/dev.yaml or config/prod.yaml), applied to the text so YAML-level mistakes (tabs,
 * tags, aliases, line endings) are covered as well as values.
 */
export interface ConfigCase {
  readonly name: string;
  /** First comment line: the class of mistake or edge case. */
  readonly title: string;
  readonly base: 'dev' | 'prod' | 'organization';
  readonly edits: readonly { readonly find: string; readonly replace: string }[];
  readonly transform: readonly ('crlf' | 'bom')[];
  /** Text one of the problems must contain (bad cases). */
  readonly expect?: string;
  /** The config path that problem names (`file.yaml: <path>: message`); absent for YAML syntax errors. */
  readonly path?: string;
  /** Also run through a real `bin/app.ts` process (bad cases). */
  readonly spawn?: boolean;
  /** Environment to select (-c env=...). */
  readonly only?: string;
}

/** The config paths named by those of `problems` that contain the case's text (`<file>.yaml: <path>: <message>`). */
export function pathsNamed(problems: readonly string[], c: ConfigCase): (string | undefined)[] {
  return problems.filter((p) => p.includes(c.expect!)).map((p) => /^[^:]*\.yaml: (.*?): /.exec(p)?.[1]);
}

export const BAD_CONFIG_DIR = path.join(ROOT, 'test', 'fixtures', 'bad-config');
export const GOOD_CONFIG_DIR = path.join(ROOT, 'test', 'fixtures', 'good-config');
/** Edits of config/organization.yaml (`base: organization`). */
export const BAD_ORGANIZATION_DIR = path.join(ROOT, 'test', 'fixtures', 'bad-org-config');

export function readCases(dir: string): ConfigCase[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const doc = parse(text) as Record<string, any>;
      return {
        name: f.replace(/\.yaml$/, ''),
        title: /^# (.*)/.exec(text)?.[1] ?? '',
        base: doc.base,
        edits: doc.edits ?? (doc.find !== undefined ? [{ find: doc.find, replace: doc.replace }] : []),
        transform: doc.transform ?? [],
        expect: doc.expect,
        path: doc.path,
        spawn: doc.spawn,
        only: doc.only,
      };
    });
}

/** Expands generators in a replacement: `{{ipv4:N}}` (N distinct /32 CIDRs), `{{tags:N}}` (N tag lines). */
function expand(text: string): string {
  return text
    .replace(/\{\{ipv4:(\d+)\}\}/g, (_, n: string) =>
      Array.from(
        { length: Number(n) },
        (_x, i) => `'10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32'`,
      ).join(', '),
    )
    .replace(/\{\{tags:(\d+)\}\}/g, (_, n: string) =>
      Array.from({ length: Number(n) }, (_x, i) => `    team-${i + 1}: value-${i + 1}`).join('\n'),
    );
}

/** The example file with the case's edits applied; each `find` must occur exactly once. */
export function editedText(c: ConfigCase): string {
  let text = fs.readFileSync(path.join(ROOT, 'config', `${c.base}.yaml`), 'utf8');
  for (const { find, replace } of c.edits) {
    const at = text.indexOf(find);
    if (at < 0 || text.indexOf(find, at + 1) >= 0) {
      throw new Error(`${c.name}: ${JSON.stringify(find)} must occur exactly once in config/${c.base}.yaml`);
    }
    text = text.slice(0, at) + expand(replace) + text.slice(at + find.length);
  }
  if (c.transform.includes('crlf')) text = text.replace(/\n/g, '\r\n');
  if (c.transform.includes('bom')) text = `\uFEFF${text}`;
  return text;
}

/** A config directory holding the example files, the case's base file edited. */
export function caseConfigDir(c: ConfigCase): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `config-case-${c.name}-`));
  for (const name of ['dev', 'prod', 'organization']) {
    fs.copyFileSync(path.join(ROOT, 'config', `${name}.yaml`), path.join(dir, `${name}.yaml`));
  }
  fs.writeFileSync(path.join(dir, `${c.base}.yaml`), editedText(c));
  return dir;
}
