import * as path from 'node:path';
import { ROOT } from '../../../lib/app';
import { loadConfigs } from '../../../lib/config/load';
import { CATALOG } from '../../../report/catalog';
import type { CatalogEntry } from '../../../report/catalog/types';
import { RECORD_REQUIREMENTS } from '../../../report/records/requirements';
import { activityStatus, addMonths } from '../../../report/records/status';
import type { ActivityRecord } from '../../../report/records/schema';
import { requirementResult } from '../../../report/status';
import { INTERVALS } from '../../support/records';

function record(overrides: Partial<ActivityRecord> = {}): ActivityRecord {
  return {
    file: 'records/2025-11-30-penetration-test.yaml',
    kind: 'penetration-test',
    ids: ['ST4', 'ST8'],
    date: '2025-11-30',
    scope: 'Prod API and site',
    performedBy: 'Example Security Ltd',
    outcome: { result: 'passed', summary: 'no findings' },
    artefact: 'https://example.com/report',
    ...overrides,
  };
}

const status = (id: string, records: ActivityRecord[], asOf: string, stage = 'Prod') =>
  activityStatus({ id, stage, records, intervalMonths: INTERVALS, asOf: new Date(asOf) });

describe('record intervals', () => {
  test('a month later is the same day, clamped to the end of a shorter month', () => {
    expect(addMonths('2026-05-14', 12)).toBe('2027-05-14');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  test('every kind a requirement takes has a template, and every listed id is in the catalog', () => {
    const ids = Object.keys(RECORD_REQUIREMENTS);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids)
      expect({ id, inCatalog: CATALOG.some((e) => e.id === id) }).toEqual({ id, inCatalog: true });
  });
});

describe('status from activity records', () => {
  test('an id that takes no records gets no activity status', () => {
    expect(status('IS1a', [record()], '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  test('due (evidence pending) without a record, naming the kind and the template', () => {
    expect(status('ST4', [], '2026-01-01T00:00:00Z')).toEqual({
      status: 'evidence pending',
      reason:
        'due: no penetration-test record for Prod yet (one every 12 months; start from records/templates/penetration-test.yaml)',
      activity: {
        kinds: [{ kind: 'penetration-test', intervalMonths: 12 }],
        state: 'due',
        dueBy: null,
        newest: null,
      },
    });
  });

  test('due for an id two kinds evidence names each kind with its interval', () => {
    expect(status('A4', [], '2026-01-01T00:00:00Z')?.reason).toBe(
      'due: no threat-model-review or access-review record for Prod yet (threat-model-review one every 12 months, access-review one every 3 months; start from records/templates/threat-model-review.yaml)',
    );
  });

  test('met on the last day of the interval (the build date is the due date)', () => {
    expect(status('ST4', [record()], '2026-11-30T23:59:59Z')).toMatchObject({
      status: 'met',
      activity: { state: 'current', dueBy: '2026-11-30', newest: { date: '2025-11-30', result: 'passed' } },
    });
  });

  test('overdue (not met) from the day after the due date', () => {
    expect(status('ST4', [record()], '2026-12-01T00:00:00Z')).toMatchObject({
      status: 'not met',
      reason: expect.stringMatching(
        /^overdue since 2026-11-30: the newest record is penetration-test records\//,
      ),
      activity: { state: 'overdue', dueBy: '2026-11-30' },
    });
  });

  test('the interval is the kind’s (a quarterly access review is overdue after 3 months)', () => {
    const review = record({ kind: 'access-review', ids: ['ST5'], date: '2026-08-31' });
    expect(status('ST5', [review], '2026-11-30T12:00:00Z')?.activity.state).toBe('current');
    expect(status('ST5', [review], '2026-12-01T12:00:00Z')?.activity.state).toBe('overdue');
  });

  test('the newest record decides: an older failure does not count against a newer pass', () => {
    const old = record({ date: '2026-01-10', outcome: { result: 'failed', summary: 'SQL injection' } });
    expect(status('ST4', [old, record({ date: '2026-06-01' })], '2026-11-30T00:00:00Z')?.status).toBe('met');
  });

  test('not met when the newest record failed, with its summary', () => {
    const failed = record({
      date: '2026-06-01',
      outcome: { result: 'failed', summary: 'admin API reachable' },
    });
    expect(status('ST4', [record(), failed], '2026-11-30T00:00:00Z')).toMatchObject({
      status: 'not met',
      reason: expect.stringContaining('failed: admin API reachable'),
      activity: { state: 'failed' },
    });
  });

  test('on the same day a failure beats a pass (the worse outcome decides)', () => {
    const failed = record({ outcome: { result: 'failed', summary: 'x' } });
    expect(status('ST4', [record(), failed], '2026-01-01T00:00:00Z')?.activity.state).toBe('failed');
  });

  test('findings still count as the activity done (met), naming the summary', () => {
    const findings = record({ outcome: { result: 'findings', summary: '2 medium, SEC-12' } });
    expect(status('ST4', [findings], '2026-01-01T00:00:00Z')).toMatchObject({
      status: 'met',
      reason: expect.stringContaining('findings, 2 medium, SEC-12; next due by 2026-11-30'),
    });
  });

  test('a record scoped to Prod does not count for Dev', () => {
    const prodOnly = record({ environments: ['Prod'] });
    expect(status('ST4', [prodOnly], '2026-01-01T00:00:00Z', 'Prod')?.status).toBe('met');
    expect(status('ST4', [prodOnly], '2026-01-01T00:00:00Z', 'Dev')?.status).toBe('evidence pending');
  });

  test('a record of another kind does not count, even naming the id', () => {
    const training = record({ kind: 'training', ids: ['ST4'] });
    expect(status('ST4', [training], '2026-01-01T00:00:00Z')?.status).toBe('evidence pending');
  });

  test('a record counts only for the ids it names', () => {
    expect(status('ST8', [record({ ids: ['ST4'] })], '2026-01-01T00:00:00Z')?.status).toBe(
      'evidence pending',
    );
  });
});

describe('requirement status of a record-evidenced id', () => {
  const config = loadConfigs(path.join(ROOT, 'config')).find(
    (c) => c.config.environment.name === 'Prod',
  )!.config;
  const entry: CatalogEntry = {
    id: 'ST4',
    text: 'Conduct penetration testing',
    kind: 'process',
    summary: 'Yearly penetration test.',
    constructs: [],
    evidence: [
      { kind: 'file', path: 'docs/security-testing.md', contains: '## Penetration testing', proves: 'scope' },
    ],
    frameworks: { nist: ['CA-8'] },
    nagRules: [],
    activityRecord: 'a penetration-test record',
  };
  const result = (e: CatalogEntry, records: ActivityRecord[], asOf: string) =>
    requirementResult({
      requirement: { id: 'ST4', text: e.text, phase: 'Phase 8' },
      entry: e,
      pending: [],
      acknowledgments: [],
      evidence: { stage: 'Prod', config, stacks: [], root: ROOT },
      activity: status('ST4', records, asOf),
    });

  test('met with a current record, the reason naming the record and the documents', () => {
    expect(result(entry, [record()], '2026-01-01T00:00:00Z')).toMatchObject({
      status: 'met',
      statusReason: expect.stringMatching(
        /^1 evidence item\(s\) hold; penetration-test records\/2025-11-30-penetration-test\.yaml/,
      ),
      activity: { state: 'current' },
    });
  });

  test('evidence pending (due) without a record although the procedure is documented', () => {
    expect(result(entry, [], '2026-01-01T00:00:00Z')).toMatchObject({
      status: 'evidence pending',
      statusReason: expect.stringMatching(/^due: /),
      activity: { state: 'due' },
    });
  });

  test('not met when the record is overdue', () => {
    expect(result(entry, [record()], '2027-01-01T00:00:00Z')).toMatchObject({
      status: 'not met',
      activity: { state: 'overdue' },
    });
  });

  test('not met when the documented procedure is gone, whatever the record says', () => {
    const gone: CatalogEntry = {
      ...entry,
      evidence: [{ kind: 'file', path: 'docs/missing.md', proves: 'scope' }],
    };
    expect(result(gone, [record()], '2026-01-01T00:00:00Z').status).toBe('not met');
  });
});
