/**
 * Activity records (`records/*.yaml`): the dated proof that a process activity happened (a threat-model
 * review, a penetration test, a training session). One zod schema is the single source of the record
 * format, of the templates' shape (records/templates/) and of the types the report reads.
 */
import { z } from 'zod';

/** The kinds of activity a record documents. */
export const RECORD_KINDS = [
  'threat-model-review',
  'access-review',
  'dast-scan',
  'penetration-test',
  'incident-exercise',
  'restore-test',
  'training',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** How the activity ended: `failed` (a drill route that did not deliver, a scan with FAIL alerts) keeps the ids not met. */
export const OUTCOMES = ['passed', 'findings', 'failed'] as const;
export type OutcomeResult = (typeof OUTCOMES)[number];

/** Months between two records of a kind when records/policy.yaml does not say otherwise. */
export const DEFAULT_INTERVAL_MONTHS = 12;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const isoDate = z.string().refine(
  (s) => {
    const m = ISO_DATE.exec(s);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === s;
  },
  {
    message:
      'must be the calendar date the activity ended, written YYYY-MM-DD (e.g. 2026-05-14); quote nothing, no time',
  },
);

const text = (what: string) =>
  z
    .string({ message: `must be text: ${what}` })
    .trim()
    .min(3, { message: `must say ${what} (at least 3 characters)` });

export const recordSchema = z.strictObject({
  kind: z.enum(RECORD_KINDS, {
    message: `must be one of ${RECORD_KINDS.join(', ')} (records/templates/ has one file per kind)`,
  }),
  ids: z
    .array(z.string().regex(/^[A-Z]{1,4}\d{1,2}[a-z]?$/, { message: 'must be a requirement id like ST4' }))
    .min(1, { message: 'must name at least one requirement id the activity evidences, e.g. [ST4]' }),
  date: isoDate,
  scope: text('what was covered (environments, components, URLs)'),
  performedBy: text('who performed the activity (name and role, or company)'),
  outcome: z.strictObject({
    result: z.enum(OUTCOMES, {
      message: `must be one of ${OUTCOMES.join(', ')}: passed (nothing to fix), findings (issues found and tracked), failed (the activity showed the control does not work)`,
    }),
    summary: text('what was found and where it is tracked'),
  }),
  artefact: z
    .string({ message: 'must be text: the report, minutes or attendance list' })
    .trim()
    .regex(/^(https:\/\/\S+|[\w./-]+)$/, {
      message:
        'must link to the artefact: an https:// URL or a path inside this repository (e.g. docs/reviews/2026-05-threat-model.md)',
    }),
  environments: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Environments (stage names) the activity covered; omit when it covers every environment.'),
});
export type ActivityRecordData = z.infer<typeof recordSchema>;

export const policySchema = z.strictObject({
  intervalMonths: z
    .partialRecord(
      z.enum(RECORD_KINDS, {
        message: `must be a record kind: ${RECORD_KINDS.join(', ')}`,
      }),
      z
        .number({ message: 'must be a whole number of months' })
        .int({ message: 'must be a whole number of months' })
        .min(1, { message: 'must be at least 1 month' })
        .max(60, { message: 'must be at most 60 months (5 years)' }),
    )
    .default({}),
});
export type RecordPolicy = z.infer<typeof policySchema>;

/** A validated record and where it came from. */
export interface ActivityRecord extends ActivityRecordData {
  /** Repository-relative path of the file. */
  readonly file: string;
}
