/**
 * Which requirement ids an activity record evidences, and which record kinds count for each. A record
 * naming an id for a kind not listed here is rejected, so a training log cannot stand in for a
 * penetration test. An id listed here is `met` only with a current record (report/records/status.ts).
 */
import type { RecordKind } from './schema';

export const RECORD_REQUIREMENTS: Readonly<Record<string, readonly RecordKind[]>> = {
  /** Conduct threat modeling session. */
  A1: ['threat-model-review'],
  /** Review OWASP Top 10 compliance: part of the threat-model review (docs/threat-model.md). */
  A2: ['threat-model-review'],
  /** Review authentication flows. */
  A4: ['threat-model-review', 'access-review'],
  /** Assess authorization controls. */
  A5: ['threat-model-review', 'access-review'],
  /** Check third-party integrations: part of the threat-model review. */
  A7: ['threat-model-review'],
  /** Create incident response plan: a tabletop exercise walks the plan and keeps it current. */
  SM8: ['incident-exercise'],
  /** Run DAST: the pipeline's ZAP baseline scan writes this record (.github/workflows/ci.yml, job dast). */
  ST2: ['dast-scan'],
  /** Conduct penetration testing. */
  ST4: ['penetration-test'],
  /** Review access controls: the quarterly access review (docs/runbook.md). */
  ST5: ['access-review'],
  /** Test incident response procedures: tabletop records and `npm run drill` output (drills/). */
  ST6: ['incident-exercise'],
  /** Validate backup recovery: a restore observed end to end (not only scheduled). */
  ST7: ['restore-test'],
  /** Document security test results: the dated DAST or penetration-test record is the documented result. */
  ST8: ['dast-scan', 'penetration-test'],
  /** Conduct security training for team. */
  DOC6: ['training'],
};

/** The ids a record of `kind` may name. */
export function idsFor(kind: RecordKind): string[] {
  return Object.entries(RECORD_REQUIREMENTS)
    .filter(([, kinds]) => kinds.includes(kind))
    .map(([id]) => id);
}
