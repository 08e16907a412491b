import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../../lib/app';
import { loadRecords, RecordError } from '../../../report/records/load';
import { RECORD_KINDS } from '../../../report/records/schema';
import { INTERVALS } from '../../support/records';

const AS_OF = new Date('2026-11-30T12:00:00Z');

/** A repository root with `files` (path -> text) and the artefact the good record links. */
function repo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'records-'));
  for (const [rel, text] of Object.entries({ 'docs/pentest-2026.pdf': 'report', ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const GOOD = `kind: penetration-test
ids: [ST4, ST8]
date: 2026-05-14
scope: 'Prod: public API and site, external black box'
performedBy: 'Example Security Ltd (J. Doe)'
outcome:
  result: findings
  summary: '2 medium findings, tracked in SEC-12 and SEC-13'
artefact: docs/pentest-2026.pdf
environments: [Prod]
`;

/** The problems loadRecords reports for a repository, or [] when it loads. */
function problems(files: Record<string, string>): string[] {
  try {
    loadRecords(repo(files), { asOf: AS_OF });
    return [];
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    return [...e.problems];
  }
}

describe('loading activity records', () => {
  test('loads a good record with its repository-relative file', () => {
    const { records } = loadRecords(repo({ 'records/2026-05-14-penetration-test.yaml': GOOD }), {
      asOf: AS_OF,
    });
    expect(records).toEqual([
      expect.objectContaining({
        file: 'records/2026-05-14-penetration-test.yaml',
        kind: 'penetration-test',
        ids: ['ST4', 'ST8'],
        date: '2026-05-14',
        outcome: { result: 'findings', summary: '2 medium findings, tracked in SEC-12 and SEC-13' },
        environments: ['Prod'],
      }),
    ]);
  });

  test('reads subfolders but never templates/ or policy.yaml as records', () => {
    const { records } = loadRecords(
      repo({
        'records/2026/pentest.yaml': GOOD,
        'records/templates/penetration-test.yaml': GOOD.replace('2026-05-14', 'YYYY-MM-DD'),
        'records/README.md': '# not a record',
      }),
      { asOf: AS_OF },
    );
    expect(records.map((r) => r.file)).toEqual(['records/2026/pentest.yaml']);
  });

  test('without a records folder there are no records and every interval is 12 months', () => {
    const { records, intervalMonths } = loadRecords(fs.mkdtempSync(path.join(os.tmpdir(), 'none-')), {
      asOf: AS_OF,
    });
    expect(records).toEqual([]);
    expect(Object.values(intervalMonths)).toEqual(RECORD_KINDS.map(() => 12));
  });

  test('the shipped records/ folder holds no records (no activity is claimed) and the policy loads', () => {
    const { records, intervalMonths } = loadRecords(ROOT, { asOf: AS_OF });
    expect(records).toEqual([]);
    expect(intervalMonths).toEqual(INTERVALS);
  });

  test.each(RECORD_KINDS)('the %s template loads once its date is filled in', (kind) => {
    const template = fs.readFileSync(path.join(ROOT, 'records', 'templates', `${kind}.yaml`), 'utf8');
    const root = repo({
      [`records/${kind}.yaml`]: template.replace('YYYY-MM-DD', '2026-11-02'),
      'docs/threat-model.md': '#',
      'docs/incident-response.md': '#',
    });
    const { records } = loadRecords(root, { asOf: AS_OF });
    expect(records.map((r) => [r.kind, r.date])).toEqual([[kind, '2026-11-02']]);
  });

  test('fails if a template is copied without filling in the date', () => {
    const template = fs.readFileSync(path.join(ROOT, 'records', 'templates', 'training.yaml'), 'utf8');
    expect(problems({ 'records/training.yaml': template })).toEqual([
      expect.stringMatching(
        /^records\/training\.yaml: date: "YYYY-MM-DD" must be the calendar date .* YYYY-MM-DD/,
      ),
    ]);
  });
});

describe('bad records get a message naming file, path, value and fix', () => {
  const at = 'records/r.yaml';
  const bad = (text: string) => problems({ [at]: text });

  test('fails if the kind is unknown', () => {
    expect(bad(GOOD.replace('kind: penetration-test', 'kind: pentest'))).toEqual([
      expect.stringMatching(
        /^records\/r\.yaml: kind: "pentest" must be one of threat-model-review, .*training \(records\/templates\/ has one file per kind\)$/,
      ),
    ]);
  });

  test('fails if a key is misspelt', () => {
    expect(bad(GOOD.replace('performedBy:', 'performed_by:'))).toEqual([
      `${at}: performedBy: is required (must be text: who performed the activity (name and role, or company))`,
      expect.stringContaining(`${at}: (root): unknown key 'performed_by'`),
    ]);
  });

  test('fails if a field is missing, naming its path', () => {
    expect(bad(GOOD.replace("  summary: '2 medium findings, tracked in SEC-12 and SEC-13'\n", ''))).toEqual([
      expect.stringMatching(
        /^records\/r\.yaml: outcome\.summary: is required \(must be text: what was found and where it is tracked\)$/,
      ),
    ]);
  });

  test('fails if the outcome is not one of the results', () => {
    expect(bad(GOOD.replace('result: findings', 'result: ok'))).toEqual([
      expect.stringMatching(
        /^records\/r\.yaml: outcome\.result: "ok" must be one of passed, findings, failed/,
      ),
    ]);
  });

  test('fails if the date does not exist on the calendar', () => {
    expect(bad(GOOD.replace('2026-05-14', '2026-02-30'))).toEqual([
      expect.stringMatching(/^records\/r\.yaml: date: "2026-02-30" must be the calendar date/),
    ]);
  });

  test('fails if the date is after the report build date (an activity that has not happened)', () => {
    expect(bad(GOOD.replace('2026-05-14', '2026-12-01'))).toEqual([
      `${at}: date: '2026-12-01' is after the report's build date 2026-11-30; a record documents an activity that has happened: commit it once the activity ended`,
    ]);
  });

  test('fails if an id needs another kind of record (a training cannot evidence a penetration test)', () => {
    const training = GOOD.replace('kind: penetration-test', 'kind: training').replace(
      '[ST4, ST8]',
      '[DOC6, ST4]',
    );
    expect(bad(training)).toEqual([
      `${at}: ids[1]: 'ST4' is evidenced by penetration-test records, not training; name it in a record of that kind, or list only DOC6 here`,
    ]);
  });

  test('fails if an id takes no records', () => {
    expect(bad(GOOD.replace('[ST4, ST8]', '[ST4, AA1]'))).toEqual([
      `${at}: ids[1]: 'AA1' takes no activity record; a penetration-test record evidences ST4, ST8 (report/records/requirements.ts)`,
    ]);
  });

  test('fails if the artefact is neither an https link nor a file of the repository', () => {
    expect(bad(GOOD.replace('docs/pentest-2026.pdf', 'docs/missing.pdf'))).toEqual([
      `${at}: artefact: 'docs/missing.pdf' is not a file of this repository; commit the artefact there or link it with an https:// URL`,
    ]);
    expect(bad(GOOD.replace('docs/pentest-2026.pdf', '../outside.pdf'))).toEqual([
      expect.stringContaining(`${at}: artefact: '../outside.pdf' is not a file of this repository`),
    ]);
    expect(bad(GOOD.replace('docs/pentest-2026.pdf', 'http://example.com/report'))).toEqual([
      expect.stringMatching(
        /^records\/r\.yaml: artefact: "http:\/\/example\.com\/report" must link to the artefact: an https:\/\/ URL/,
      ),
    ]);
  });

  test('fails if the YAML is broken, naming the line', () => {
    expect(bad(GOOD.replace('scope:', 'scope: [\n'))).toEqual([
      expect.stringMatching(/^records\/r\.yaml: line \d+: YAML: /),
    ]);
  });

  test('fails if a key is repeated', () => {
    expect(bad(`${GOOD}date: 2026-05-15\n`)).toEqual([
      expect.stringMatching(/^records\/r\.yaml: line 11: YAML: .*; keep one of the two entries$/),
    ]);
  });

  test('fails if the file is empty', () => {
    expect(bad('')).toEqual([`${at}: (root): the file is empty; start from records/templates/<kind>.yaml`]);
  });

  test('reports the problems of every file at once, and the error message lists them', () => {
    const root = repo({ 'records/a.yaml': GOOD.replace('2026-05-14', '2026-13-01'), 'records/b.yaml': '' });
    expect(() => loadRecords(root, { asOf: AS_OF })).toThrow(
      /^Invalid activity records \(2 problems\):\n {2}records\/a\.yaml: date: .*\n {2}records\/b\.yaml: \(root\): the file is empty/,
    );
  });
});

describe('the interval policy (records/policy.yaml)', () => {
  test('overrides the default per kind', () => {
    const { intervalMonths } = loadRecords(
      repo({ 'records/policy.yaml': 'intervalMonths:\n  dast-scan: 1\n' }),
      {
        asOf: AS_OF,
      },
    );
    expect(intervalMonths).toMatchObject({ 'dast-scan': 1, training: 12 });
  });

  test('fails if an interval is not a whole number of months from 1 to 60', () => {
    expect(problems({ 'records/policy.yaml': 'intervalMonths:\n  training: 0\n  dast-scan: 2.5\n' })).toEqual(
      [
        'records/policy.yaml: intervalMonths.training: 0 must be at least 1 month',
        'records/policy.yaml: intervalMonths.dast-scan: 2.5 must be a whole number of months',
      ],
    );
  });

  test('fails if a kind is unknown', () => {
    expect(problems({ 'records/policy.yaml': 'intervalMonths:\n  pentest: 12\n' })).toEqual([
      expect.stringMatching(
        /^records\/policy\.yaml: intervalMonths: unknown key 'pentest': check the spelling against the record kinds \(threat-model-review, .*training\)/,
      ),
    ]);
  });
});
