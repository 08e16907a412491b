import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { loadConfigs } from '../../lib/config/load';
import type { CatalogEntry } from '../../report/catalog/types';
import { type DrillRecord, latestDrill } from '../../report/drills';
import { requirementResult } from '../../report/status';

const ENV = { stage: 'Prod', account: '222222222222', region: 'eu-west-1' };

/** A drill record as scripts/drill.ts writes it (schema version 1). */
function record(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    kind: 'incident-response-drill',
    environment: 'Prod',
    account: ENV.account,
    region: ENV.region,
    topicArn: `arn:${'aws'}:sns:eu-west-1:222222222222:security`,
    startedAt: '2026-11-01T10:00:00.000Z',
    finishedAt: '2026-11-01T10:05:00.000Z',
    timeoutSeconds: 600,
    passed: true,
    routes: [
      { route: 'guardduty', sentAt: 'x', receivedAt: 'y', seconds: 40 },
      { route: 'cis-root-usage', sentAt: 'x', receivedAt: 'y', seconds: 20 },
    ],
    ...overrides,
  };
}

function rootWith(files: Record<string, unknown>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-'));
  fs.mkdirSync(path.join(root, 'drills'));
  for (const [name, content] of Object.entries(files))
    fs.writeFileSync(path.join(root, 'drills', name), JSON.stringify(content));
  return root;
}

describe('latestDrill', () => {
  test('is undefined without a drills folder', () => {
    expect(latestDrill(fs.mkdtempSync(path.join(os.tmpdir(), 'none-')), ENV)).toBeUndefined();
  });

  test('takes the newest record of the environment', () => {
    const root = rootWith({
      'drill-prod-20261101T100500Z.json': record(),
      'drill-prod-20261120T100500Z.json': record({ finishedAt: '2026-11-20T10:05:00.000Z', passed: false }),
    });
    expect(latestDrill(root, ENV)).toMatchObject({
      file: path.join('drills', 'drill-prod-20261120T100500Z.json'),
      passed: false,
    });
  });

  test('ignores a record of another account or region (it proves nothing about this environment)', () => {
    const root = rootWith({ 'drill-prod-20261101T100500Z.json': record({ account: '999999999999' }) });
    expect(latestDrill(root, ENV)).toBeUndefined();
  });

  test('names the routes that did not deliver', () => {
    const root = rootWith({
      'drill-prod-1.json': record({
        passed: false,
        routes: [
          { route: 'guardduty', receivedAt: null },
          { route: 'securityhub', receivedAt: 'y' },
        ],
      }),
    });
    expect(latestDrill(root, ENV)?.failedRoutes).toEqual(['guardduty']);
  });

  test('fails if a file in drills/ is not a drill record', () => {
    const root = rootWith({ 'drill-prod-1.json': { passed: true } });
    expect(() => latestDrill(root, ENV)).toThrow(/drill-prod-1\.json: not an incident-drill record/);
  });
});

describe('status of an entry evidenced by incident drills (ST6)', () => {
  const config = loadConfigs(path.join(ROOT, 'config')).find(
    (c) => c.config.environment.name === 'Prod',
  )!.config;
  const entry: CatalogEntry = {
    id: 'ST6',
    text: 'Test incident response procedures',
    kind: 'process',
    summary: 'A yearly technical drill proves every alert route delivers.',
    constructs: [],
    evidence: [],
    frameworks: { nist: ['IR-3'] },
    nagRules: [],
    activityRecord: 'drill records',
    drillRecord: true,
  };
  const status = (drill?: DrillRecord) =>
    requirementResult({
      requirement: { id: 'ST6', text: entry.text, phase: 'Phase 5: Testing' },
      entry,
      pending: [],
      acknowledgments: [],
      evidence: { stage: 'Prod', config, stacks: [], root: ROOT },
      drill,
    });
  const drill: DrillRecord = {
    file: 'drills/d.json',
    finishedAt: '2026-11-01',
    passed: true,
    routes: 3,
    failedRoutes: [],
  };

  test('evidence pending without a drill record', () => {
    expect(status().status).toBe('evidence pending');
  });

  test('met when the newest drill delivered every route', () => {
    expect(status(drill)).toMatchObject({
      status: 'met',
      statusReason: expect.stringContaining('all 3 alert routes'),
    });
  });

  test('not met when a route did not deliver, naming it', () => {
    expect(status({ ...drill, passed: false, failedRoutes: ['guardduty'] })).toMatchObject({
      status: 'not met',
      statusReason: expect.stringContaining('guardduty'),
    });
  });
});
