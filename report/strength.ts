/**
 * Evidence strength (issue 16): every evidence row has a kind from one fixed scale, every requirement id
 * declares the kind it needs, and a requirement is met only when evidence of that kind (or a kind that
 * satisfies it) holds. Where behaviour can be proven offline, a template property alone is not enough.
 *
 * Kept apart from status.ts on purpose: status.ts decides from the evidence, this gate only lowers a
 * `met` status whose evidence is weaker than declared (never raises one).
 */
// Imports nothing of model.ts (which reads the scale from here): rows and statuses are typed structurally.

/** The part of an evidence row the gate reads. */
interface StrengthRow {
  readonly result: string;
  readonly strength: Strength;
}

/** The scale, from a decision proven offline to an observation in a deployed account. */
export const STRENGTHS = [
  'simulated',
  'event-tested',
  'linted',
  'template',
  'document',
  'record',
  'drill',
] as const;
export type Strength = (typeof STRENGTHS)[number];

/**
 * Strongest first, for "strongest held" only: an observation in a deployed account, then offline proofs of
 * behaviour, then presence. Kinds of different things (a record and a template) are not comparable, so the
 * gate never uses this order: it uses SATISFIED_BY.
 */
export const STRONGEST_FIRST: readonly Strength[] = [
  'drill',
  'simulated',
  'event-tested',
  'linted',
  'record',
  'template',
  'document',
];

/** What each kind means, for the report legend. */
export const STRENGTH_MEANING: Record<Strength, string> = {
  simulated: 'a policy decision evaluated by @cloud-copilot/iam-simulate from the synthesized templates',
  'event-tested': 'a rule or filter proven on events shaped as the AWS documentation prints them',
  linted: 'a linter or validator (cfn-lint, the CloudFormation validator) passes',
  template: 'a property is present in the synthesized template, or a unit test asserts it',
  document: 'a document or workflow file of the repository states the procedure',
  record: 'a dated record shows the activity happened',
  drill: 'observed in a deployed account (incident drill)',
};

/** Which kinds of evidence satisfy a requirement that needs each kind (a stronger proof of the same thing counts). */
export const SATISFIED_BY: Record<Strength, readonly Strength[]> = {
  simulated: ['simulated', 'drill'],
  'event-tested': ['event-tested', 'drill'],
  linted: ['linted', 'simulated', 'event-tested', 'drill'],
  template: ['template', 'linted', 'simulated', 'event-tested', 'drill'],
  document: ['document', 'record', 'drill'],
  record: ['record', 'drill'],
  drill: ['drill'],
};

/**
 * The kind each requirement id needs, where it differs from its kind's default (see `requiredStrength`).
 * `simulated`: the behaviour is proven offline by the report (alert routes, attack catalog), so the template
 * alone is not enough. Ids that take activity records (report/records/requirements.ts) need a `record`.
 */
export const REQUIRED_STRENGTH: Readonly<Record<string, Strength>> = {
  SM5: 'simulated',
  SM7: 'simulated',
  DP4: 'simulated',
  DP7: 'simulated',
  DP8: 'simulated',
  AA7: 'simulated',
};

/**
 * The kind an entry needs: its declaration, else `record` for ids that take activity records, `template` for
 * infrastructure and `document` otherwise.
 */
export function requiredStrength(
  entry: { readonly id: string; readonly kind: string },
  takesRecords = false,
): Strength {
  if (REQUIRED_STRENGTH[entry.id]) return REQUIRED_STRENGTH[entry.id];
  if (takesRecords) return 'record';
  return entry.kind === 'infrastructure' ? 'template' : 'document';
}

/** The strength of a row by its kind (a test row may declare a stronger one: `event-tested`). */
export function strengthOfRow(
  kind: 'template' | 'test' | 'file' | 'simulation',
  declared?: Strength,
): Strength {
  if (declared) return declared;
  switch (kind) {
    case 'simulation':
      return 'simulated';
    case 'file':
      return 'document';
    case 'template':
    case 'test':
      return 'template';
  }
}

const holds = (r: StrengthRow) => r.result === 'pass' || r.result === 'asserted-by-test';

/** The strongest kind (STRONGEST_FIRST) among the rows that hold and the activity `observed` (a current record). */
export function strongestEvidence(
  rows: readonly StrengthRow[],
  observed: readonly Strength[] = [],
): Strength | null {
  const present = new Set<Strength>([...rows.filter(holds).map((r) => r.strength), ...observed]);
  return STRONGEST_FIRST.find((s) => present.has(s)) ?? null;
}

/**
 * Lowers a met status whose evidence lacks the required kind: to `evidence pending` when the missing kind
 * is an activity (record, drill), else to `not met`. Other statuses are returned unchanged.
 */
export function strengthGate<S extends string>(
  decided: { status: S; statusReason: string },
  required: Strength,
  rows: readonly StrengthRow[],
  observed: readonly Strength[] = [],
): { status: S | 'not met' | 'evidence pending'; statusReason: string } {
  if (decided.status !== 'met' && decided.status !== 'met with acknowledged exceptions') return decided;
  const present = new Set<Strength>([...rows.filter(holds).map((r) => r.strength), ...observed]);
  if (SATISFIED_BY[required].some((s) => present.has(s))) return decided;
  const activity = required === 'record' || required === 'drill';
  return {
    status: activity ? 'evidence pending' : 'not met',
    statusReason: `needs ${required} evidence (${STRENGTH_MEANING[required]}); the strongest that holds is ${
      STRONGEST_FIRST.find((s) => present.has(s)) ?? 'none'
    }`,
  };
}
