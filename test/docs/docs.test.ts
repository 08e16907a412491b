/**
 * The security documents exist, and every construct, file and command they name in backticks exists:
 * `PascalCase` names are exported classes (or consts/types) of bin/, lib/, constructs/ or scripts/,
 * `name()` names exported functions, paths under the repository's folders are files, and `npm run x`
 * names a package.json script. Names of constructs built in parallel branches must be listed in
 * PENDING_CONSTRUCTS, and nothing listed there may exist yet.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { PENDING_CONSTRUCTS } from '../../report/catalog';
import { COMPLIANCE_DOC, renderComplianceDoc, renderReportSchema, REPORT_SCHEMA } from '../../report/docs';
import { exportedNames } from '../support/exports';

const DOCS = [
  'threat-model.md',
  'architecture.md',
  'SECURITY.md',
  'incident-response.md',
  'runbook.md',
  'data-handling.md',
  'developer-security-checklist.md',
  'compliance.md',
  'security-testing.md',
  'compliance-report.md',
];
const PATH_ROOTS =
  /^(\.github|\.ci|bin|lib|compliance|report|constructs|test|docs|config|scripts)\/|^(README\.md|package\.json|cdk\.json|tsconfig\.json|jest\.config\.js)$/;
const scripts = Object.keys(
  (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts,
);

/** Backticked spans of a Markdown file, outside fenced code blocks. */
function codeSpans(markdown: string): string[] {
  const withoutFences = markdown.replace(/```[\s\S]*?```/g, '');
  return [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((m) => m[1].trim());
}

type Reference = { kind: 'command' | 'file' | 'construct' | 'function'; name: string };

/** What a code span names, if it is something this test checks. */
export function classify(span: string): Reference | undefined {
  const command = /^npm run ([\w:-]+)/.exec(span);
  if (command) return { kind: 'command', name: command[1] };
  const file = span.replace(/[#:].*$/, '');
  if (PATH_ROOTS.test(file) && !/[<>*\s]/.test(file)) return { kind: 'file', name: file };
  if (/^[A-Z][a-z][A-Za-z0-9]*$/.test(span) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(span)) {
    return { kind: 'construct', name: span };
  }
  const fn = /^([a-z][A-Za-z0-9]*)\(\)$/.exec(span);
  if (fn) return { kind: 'function', name: fn[1] };
  return undefined;
}

function exists(ref: Reference): boolean {
  switch (ref.kind) {
    case 'command':
      return scripts.includes(ref.name);
    case 'file':
      return fs.existsSync(path.join(ROOT, ref.name));
    case 'construct':
    case 'function':
      return exportedNames().has(ref.name);
  }
}

describe('security documentation', () => {
  test('every security document exists', () => {
    for (const doc of DOCS)
      expect({ doc, exists: fs.existsSync(path.join(ROOT, 'docs', doc)) }).toEqual({ doc, exists: true });
  });

  test.each(DOCS)('every construct, file and command named in docs/%s exists', (doc) => {
    const refs = codeSpans(fs.readFileSync(path.join(ROOT, 'docs', doc), 'utf8'))
      .map(classify)
      .filter((r): r is Reference => r !== undefined);
    expect(refs.length).toBeGreaterThan(0);
    const missing = refs.filter(
      (r) => !exists(r) && !(r.kind === 'construct' && PENDING_CONSTRUCTS.includes(r.name)),
    );
    expect(missing).toEqual([]);
  });

  test('names listed as pending do not exist yet (remove them from PENDING_CONSTRUCTS after merging)', () => {
    expect(PENDING_CONSTRUCTS.filter((c) => exportedNames().has(c))).toEqual([]);
  });

  test('the reference check can fail', () => {
    expect(exists(classify('NoSuchConstructAnywhere')!)).toBe(false);
    expect(exists(classify('docs/no-such-file.md')!)).toBe(false);
    expect(exists(classify('npm run no-such-script')!)).toBe(false);
    expect(exists(classify('noSuchFunction()')!)).toBe(false);
    expect(classify('AWS::KMS::Key')).toBeUndefined();
  });

  test('the playbooks cover the required incidents and name what triggers them', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'incident-response.md'), 'utf8');
    for (const playbook of [
      'Compromised credentials',
      'GuardDuty high finding',
      'Root sign-in',
      'Key deletion scheduled',
      'Data exfiltration suspicion',
      'DDoS',
    ]) {
      const section = text.split(`### ${playbook}`)[1]?.split('\n### ')[0] ?? '';
      expect({ playbook, trigger: /^Trigger: /m.test(section) }).toEqual({ playbook, trigger: true });
    }
  });

  test('the runbook has every required procedure', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'runbook.md'), 'utf8');
    for (const heading of [
      '## Rotate a secret now',
      '## Restore the database from backup',
      '## Unlock a user',
      '## Respond to an alarm',
      '## Add an environment',
      '## Acknowledge a rule properly',
    ]) {
      expect(text).toContain(heading);
    }
  });
});

describe('generated documents', () => {
  test('docs/compliance.md is up to date with the catalog (run `npm run docs`)', () => {
    expect(fs.readFileSync(COMPLIANCE_DOC, 'utf8')).toEqual(renderComplianceDoc());
  });

  test('docs/report.schema.json is up to date with the report model (run `npm run docs`)', () => {
    expect(fs.readFileSync(REPORT_SCHEMA, 'utf8')).toEqual(renderReportSchema());
  });
});
