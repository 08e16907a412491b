import type { RecordKind } from '../../report/records/schema';

/** Intervals (months) as the shipped records/policy.yaml sets them, for tests that build activity statuses. */
export const INTERVALS: Readonly<Record<RecordKind, number>> = {
  'threat-model-review': 12,
  'access-review': 3,
  'dast-scan': 3,
  'penetration-test': 12,
  'incident-exercise': 6,
  'restore-test': 12,
  training: 12,
};
