import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DrillRecord, latestDrill } from '../../report/drills';
import { activityStatus, drillActivityRecord } from '../../report/records/status';
import { INTERVALS } from '../support/records';

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

  test('ignores a record of another account, region or environment (it proves nothing about this environment)', () => {
    // The same file with this environment's record is read: only the differing field excludes it.
    const file = 'drill-prod-20261101T100500Z.json';
    expect(latestDrill(rootWith({ [file]: record() }), ENV)).toMatchObject({
      file: path.join('drills', file),
    });
    for (const other of [
      { account: '999999999999' },
      { region: 'eu-central-1' },
      { environment: 'Staging' },
    ]) {
      expect({ other, drill: latestDrill(rootWith({ [file]: record(other) }), ENV) }).toEqual({
        other,
        drill: undefined,
      });
    }
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

describe('an incident drill is the incident-exercise record of ST6', () => {
  const drill: DrillRecord = {
    file: 'drills/drill-prod-20261101T100500Z.json',
    finishedAt: '2026-11-01T10:05:00.000Z',
    passed: true,
    routes: 3,
    failedRoutes: [],
  };
  const status = (d: DrillRecord, stage = 'Prod') =>
    activityStatus({
      id: 'ST6',
      stage,
      records: [drillActivityRecord(d, 'Prod')],
      intervalMonths: INTERVALS,
      asOf: new Date('2026-11-30T12:00:00Z'),
    });

  test('met when the newest drill delivered every route', () => {
    expect(status(drill)).toMatchObject({
      status: 'met',
      reason: expect.stringContaining('all 3 alert routes delivered'),
      activity: { state: 'current', dueBy: '2027-05-01', newest: { file: drill.file, date: '2026-11-01' } },
    });
  });

  test('not met when a route did not deliver, naming it', () => {
    expect(status({ ...drill, passed: false, failedRoutes: ['guardduty'] })).toMatchObject({
      status: 'not met',
      reason: expect.stringContaining('no message from guardduty'),
      activity: { state: 'failed' },
    });
  });

  test('a drill of Prod does not count for Dev (it proves nothing about another environment)', () => {
    expect(status(drill, 'Dev')).toMatchObject({ status: 'evidence pending', activity: { state: 'due' } });
  });

  test('a drill evidences ST6 only: it exercises the alert routes, not the plan (SM8)', () => {
    expect(drillActivityRecord(drill, 'Prod').ids).toEqual(['ST6']);
  });
});
