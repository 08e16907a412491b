import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { loadRecords } from '../../report/records/load';
import { alertCounts, dastRecord, main, UsageError, type ZapReport } from '../../scripts/dast-record';

// ZAP traditional JSON reports as zaproxy/action-baseline writes them (report_json.json), shaped as documented at
// https://www.zaproxy.org/docs/desktop/addons/report-generation/report-traditional-json/
const ZAP = path.join(ROOT, 'test', 'fixtures', 'zap');
const API = path.join(ZAP, 'api-report_json.json');
const SITE = path.join(ZAP, 'site-report_json.json');
const zap = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as ZapReport;
const RUN = 'https://github.com/example/baseline/actions/runs/123';

/** The API report with one more alert of the given ZAP risk code. */
function withAlert(riskcode: '0' | '1' | '2' | '3'): ZapReport {
  const report = zap(API);
  report.site[0].alerts.push({ alert: 'Injected', riskcode });
  return report;
}

const record = (api: ZapReport) =>
  dastRecord({
    scans: [
      { name: 'api', report: api },
      { name: 'site', report: zap(SITE) },
    ],
    runUrl: RUN,
    environment: 'Dev',
    date: '2026-11-30',
    performedBy: 'GitHub Actions run 123 (CI, commit abc)',
  });

describe('dast-scan record from ZAP baseline reports', () => {
  test('counts alerts per risk code', () => {
    expect(alertCounts(zap(API))).toEqual({ informational: 1, low: 1, medium: 0, high: 0 });
  });

  test('Low alerts make the outcome findings, naming the counts per target', () => {
    expect(record(zap(API))).toEqual({
      kind: 'dast-scan',
      ids: ['ST2', 'ST8'],
      date: '2026-11-30',
      scope:
        'OWASP ZAP baseline scan (passive) of the Dev deployment: api https://abc123def4.execute-api.eu-west-1.amazonaws.com; site https://d111111abcdef8.cloudfront.net',
      performedBy: 'GitHub Actions run 123 (CI, commit abc)',
      outcome: {
        result: 'findings',
        summary:
          'api: 0 high, 0 medium, 1 low, 1 informational; site: 0 high, 0 medium, 0 low, 1 informational',
      },
      artefact: RUN,
      environments: ['Dev'],
    });
  });

  test('a High alert fails the scan; Informational alerts only pass it', () => {
    expect(record(withAlert('3')).outcome.result).toBe('failed');
    expect(record(withAlert('2')).outcome.result).toBe('findings');
    const clean = zap(API);
    clean.site[0].alerts = clean.site[0].alerts.filter((a) => a.riskcode === '0');
    expect(record(clean).outcome.result).toBe('passed');
  });
});

describe('npm run dast:record', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dast-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const args = (out: string, api = API) => [
    '--scan',
    `api=${api}`,
    '--scan',
    `site=${SITE}`,
    '--run-url',
    RUN,
    '--out',
    out,
  ];

  test('writes a record the report loads (committed to records/, it evidences ST2 and ST8 for Dev)', () => {
    const out = path.join(dir, 'records', 'dast-scan-123.yaml');
    expect(main(args(out), new Date('2026-11-30T10:20:00Z'))).toBe(0);
    const { records } = loadRecords(dir, { asOf: new Date('2026-11-30T12:00:00Z') });
    expect(records).toEqual([
      expect.objectContaining({
        kind: 'dast-scan',
        ids: ['ST2', 'ST8'],
        date: '2026-11-30',
        environments: ['Dev'],
      }),
    ]);
  });

  test('exits 1 after writing the record when a High alert was found', () => {
    const high = path.join(dir, 'high.json');
    fs.writeFileSync(high, JSON.stringify(withAlert('3')));
    const out = path.join(dir, 'r.yaml');
    expect(main(args(out, high), new Date('2026-11-30T10:20:00Z'))).toBe(1);
    expect(fs.readFileSync(out, 'utf8')).toContain('result: failed');
  });

  test('fails if the run URL or a report is missing, or a report is not a ZAP JSON report', () => {
    expect(() => main(['--scan', `api=${API}`, '--out', path.join(dir, 'r.yaml')])).toThrow(UsageError);
    expect(() => main(args(path.join(dir, 'r.yaml'), path.join(dir, 'none.json')))).toThrow(
      /--scan api=.*none\.json cannot be read as JSON/,
    );
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ site: [{ alerts: [] }] }));
    expect(() => main(args(path.join(dir, 'r.yaml'), other))).toThrow(
      /other\.json is not a ZAP JSON report \(site\.0\.@name: /,
    );
  });
});
