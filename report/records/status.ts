/**
 * The status a requirement takes from its activity records (report/records/requirements.ts lists which):
 * `met` while the newest record is younger than its kind's interval and did not fail; `evidence pending`
 * ("due") when there is no record yet; `not met` when the newest is older than the interval ("overdue") or
 * failed. Dates are compared with the report's build date, never the clock, so reports are reproducible.
 */
import type { DrillRecord } from '../drills';
import type { ActivityResult, Status } from '../model';
import { RECORD_REQUIREMENTS } from './requirements';
import type { ActivityRecord, RecordKind } from './schema';

export interface ActivityInputs {
  readonly id: string;
  /** The environment the report is for: records scoped to other environments do not count. */
  readonly stage: string;
  readonly records: readonly ActivityRecord[];
  readonly intervalMonths: Readonly<Record<RecordKind, number>>;
  /** The report's build date. */
  readonly asOf: Date;
}

export interface ActivityStatus {
  readonly status: Extract<Status, 'met' | 'evidence pending' | 'not met'>;
  readonly reason: string;
  readonly activity: ActivityResult;
}

/** `date` plus `months` calendar months, clamped to the month's last day (2026-01-31 + 1 = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

const RESULT_RANK = { failed: 0, findings: 1, passed: 2 } as const;

const appliesTo = (record: ActivityRecord, stage: string): boolean =>
  !record.environments || record.environments.some((e) => e.toLowerCase() === stage.toLowerCase());

/** The status of `id` from its records, or undefined when the id takes no records. */
export function activityStatus(inputs: ActivityInputs): ActivityStatus | undefined {
  const kinds = RECORD_REQUIREMENTS[inputs.id];
  if (!kinds) return undefined;
  const today = inputs.asOf.toISOString().slice(0, 10);
  // Newest first; on the same day the worse outcome decides.
  const relevant = inputs.records
    .filter((r) => r.ids.includes(inputs.id) && kinds.includes(r.kind) && appliesTo(r, inputs.stage))
    .sort(
      (a, b) => b.date.localeCompare(a.date) || RESULT_RANK[a.outcome.result] - RESULT_RANK[b.outcome.result],
    );
  const newest = relevant[0];
  const every = (k: RecordKind) => `one every ${inputs.intervalMonths[k]} months`;
  const accepted = kinds.map((kind) => ({ kind, intervalMonths: inputs.intervalMonths[kind] }));
  if (!newest) {
    return {
      status: 'evidence pending',
      reason: `due: no ${kinds.join(' or ')} record for ${inputs.stage} yet (${accepted
        .map((k) => `${kinds.length > 1 ? `${k.kind} ` : ''}${every(k.kind)}`)
        .join(', ')}; start from records/templates/${kinds[0]}.yaml)`,
      activity: { kinds: accepted, state: 'due', dueBy: null, newest: null },
    };
  }
  const dueBy = addMonths(newest.date, inputs.intervalMonths[newest.kind]);
  const activity = (state: ActivityResult['state']): ActivityResult => ({
    kinds: accepted,
    state,
    dueBy,
    newest: {
      file: newest.file,
      kind: newest.kind,
      date: newest.date,
      scope: newest.scope,
      performedBy: newest.performedBy,
      result: newest.outcome.result,
      summary: newest.outcome.summary,
      artefact: newest.artefact,
    },
  });
  const named = `${newest.kind} ${newest.file} (${newest.date}, ${newest.performedBy})`;
  if (today > dueBy) {
    return {
      status: 'not met',
      reason: `overdue since ${dueBy}: the newest record is ${named}, ${every(newest.kind)} are required`,
      activity: activity('overdue'),
    };
  }
  if (newest.outcome.result === 'failed') {
    return {
      status: 'not met',
      reason: `the newest record ${named} failed: ${newest.outcome.summary}`,
      activity: activity('failed'),
    };
  }
  return {
    status: 'met',
    reason: `${named}: ${newest.outcome.result}, ${newest.outcome.summary}; next due by ${dueBy}`,
    activity: activity('current'),
  };
}

/** An `npm run drill` record as the incident-exercise record of its environment (evidences ST6). */
export function drillActivityRecord(drill: DrillRecord, stage: string): ActivityRecord {
  return {
    file: drill.file.split('\\').join('/'),
    kind: 'incident-exercise',
    ids: ['ST6'],
    date: drill.finishedAt.slice(0, 10),
    scope: `technical drill of ${drill.routes} alert routes in ${stage}`,
    performedBy: 'npm run drill (operator credentials)',
    outcome: drill.passed
      ? { result: 'passed', summary: `all ${drill.routes} alert routes delivered` }
      : {
          result: 'failed',
          summary: `no message from ${drill.failedRoutes.join(', ') || 'some routes'}`,
        },
    artefact: drill.file,
    environments: [stage],
  };
}
