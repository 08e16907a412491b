/**
 * Turns catalog entries into requirement results for one environment: evaluates the evidence, attaches
 * pending evidence and acknowledged exceptions, and decides the status. Also rolls requirement statuses
 * up to framework controls (worst status wins).
 */
import { COMPLIANCE_PACKS } from '../constructs/core/acknowledge';
import type { CatalogEntry } from './catalog/types';
import { frameworkTitle } from './catalog/frameworks';
import type { Requirement } from './requirements';
import type { TemplateEvidence } from './catalog/types';
import { describeExpected, type EvidenceContext, evaluateEvidence } from './evidence';
import {
  type Acknowledgment,
  FRAMEWORKS,
  type FrameworkControlResult,
  type FrameworkKey,
  type RequirementResult,
  type Status,
  STATUSES,
} from './model';
import type { ActivityStatus } from './records/status';
import { requiredStrength, type Strength, strengthGate, strongestEvidence } from './strength';

/** The rule id without the per-finding suffix: `AwsSolutions-IAM5[Resource::*]` -> `AwsSolutions-IAM5`. */
export const baseRule = (rule: string): string => rule.replace(/\[.*\]$/, '');

/**
 * The check a rule id names, without its pack: NIST, HIPAA and PCI share check names
 * (`S3DefaultEncryptionKMS`), so an exception acknowledged in any of them counts for the requirement.
 */
export const ruleCheck = (rule: string): string => {
  const base = baseRule(rule);
  const pack = COMPLIANCE_PACKS.find((p) => base.startsWith(`${p}-`));
  return pack ? base.slice(pack.length + 1) : base;
};

export interface StatusInputs {
  readonly requirement: Requirement;
  /** Undefined when the catalog has no entry (the report then says `not met`: nothing accounts for it). */
  readonly entry: CatalogEntry | undefined;
  readonly pending: readonly TemplateEvidence[];
  /** This environment's acknowledgments. */
  readonly acknowledgments: readonly Acknowledgment[];
  readonly evidence: EvidenceContext;
  /** What the activity records say, for ids that take records (report/records/requirements.ts). */
  readonly activity?: ActivityStatus;
}

export function requirementResult(inputs: StatusInputs): RequirementResult {
  const { requirement, entry, pending } = inputs;
  const base = {
    id: requirement.id,
    text: requirement.text,
    phase: requirement.phase,
    parent: requirement.parent ?? null,
  };
  if (!entry) {
    return {
      ...base,
      kind: 'infrastructure',
      status: 'not met',
      statusReason: 'the control catalog has no entry for this requirement',
      summary: '',
      constructs: [],
      frameworks: { cis: [], fsbp: [], nist: [], soc2: [] },
      nagRules: [],
      evidence: [],
      pendingEvidence: [],
      application: null,
      acknowledgedExceptions: [],
      activityRecord: null,
      activity: null,
      requiredStrength: requiredStrength({ id: requirement.id, kind: 'infrastructure' }),
      strongestEvidence: null,
    };
  }

  const evaluated = entry.evidence.map((e) => evaluateEvidence(e, inputs.evidence));
  const rows = evaluated.flatMap((e) => e.rows);
  const checks = new Set(entry.nagRules.map(ruleCheck));
  const exceptions = inputs.acknowledgments.filter((a) => checks.has(ruleCheck(a.rule)));
  const pendingRows = pending.map((p) => ({
    stack: p.stack,
    resourceType: p.resourceType,
    propertyPath: p.propertyPath,
    expected: describeExpected(p.expected),
    test: p.test,
    proves: p.proves,
  }));

  let status: Status;
  let statusReason: string;
  const failed = evaluated.filter((e) => e.holds === false);
  const applicable = evaluated.filter((e) => e.holds !== undefined);
  if (entry.notApplicable) {
    status = 'not applicable';
    statusReason = entry.notApplicable;
  } else if (entry.kind === 'application') {
    status = 'application responsibility';
    statusReason =
      'met in application code, outside this infrastructure; the duty and the mitigations that still apply are listed';
  } else if (failed.length > 0) {
    status = 'not met';
    statusReason = `${failed.length} evidence item(s) do not hold: ${failed
      .flatMap((f) => f.rows.filter((r) => r.result !== 'pass' && r.result !== 'asserted-by-test'))
      .map((r) => `${r.stack ? `${r.stack} ` : ''}${r.resourceType || r.kind} ${r.propertyPath}: ${r.actual}`)
      .slice(0, 3)
      .join('; ')}`;
  } else if (pendingRows.length > 0) {
    status = 'evidence pending';
    statusReason = `${pendingRows.length} evidence row(s) come from capability stacks not merged into this branch yet (${[
      ...new Set(pendingRows.map((p) => p.stack)),
    ].join(', ')})`;
  } else if (inputs.activity && inputs.activity.status !== 'met') {
    // Due or overdue or failed: the dated record decides, whatever the documents say.
    status = inputs.activity.status;
    statusReason = inputs.activity.reason;
  } else if (entry.activityRecord && !inputs.activity) {
    status = 'evidence pending';
    statusReason = `procedure documented; record of each run pending: ${entry.activityRecord}`;
  } else if (evaluated.length > 0 && applicable.length === 0) {
    status = 'not applicable';
    statusReason = `disabled in this environment (${[...new Set(evaluated.map((e) => e.disabledBy))].join('; ')})`;
  } else if (evaluated.length === 0) {
    status = 'not met';
    statusReason = 'no evidence is recorded for this requirement';
  } else if (exceptions.length > 0) {
    status = 'met with acknowledged exceptions';
    statusReason = `${exceptions.length} acknowledged finding(s) of ${[...new Set(exceptions.map((a) => baseRule(a.rule)))].join(', ')}`;
  } else {
    status = 'met';
    statusReason = [`${applicable.length} evidence item(s) hold`, inputs.activity?.reason]
      .filter(Boolean)
      .join('; ');
  }

  // Evidence strength (report/strength.ts): a met status needs evidence of the kind the id declares.
  // Ids that take activity records need one (a drill's output counts as an incident-exercise record).
  const observed: Strength[] = inputs.activity?.status === 'met' ? ['record'] : [];
  const required = requiredStrength(entry, inputs.activity !== undefined);
  ({ status, statusReason } = strengthGate({ status, statusReason }, required, rows, observed));

  return {
    ...base,
    kind: entry.kind,
    status,
    statusReason,
    requiredStrength: required,
    strongestEvidence: strongestEvidence(rows, observed),
    summary: entry.summary,
    constructs: [...entry.constructs],
    frameworks: {
      cis: [...(entry.frameworks.cis ?? [])],
      fsbp: [...(entry.frameworks.fsbp ?? [])],
      nist: [...entry.frameworks.nist],
      soc2: [...(entry.frameworks.soc2 ?? [])],
    },
    nagRules: [...entry.nagRules],
    evidence: rows,
    pendingEvidence: pendingRows,
    application: entry.application
      ? { responsibility: entry.application.responsibility, mitigations: [...entry.application.mitigations] }
      : null,
    acknowledgedExceptions: exceptions,
    activityRecord: entry.activityRecord ?? null,
    activity: inputs.activity?.activity ?? null,
  };
}

const rank = (s: Status): number => STATUSES.indexOf(s);

/** Worst status of a set; `not applicable` only when every member is not applicable. */
export function worstStatus(statuses: readonly Status[]): Status {
  const relevant = statuses.filter((s) => s !== 'not applicable');
  if (relevant.length === 0) return 'not applicable';
  return relevant.reduce((a, b) => (rank(a) <= rank(b) ? a : b));
}

/** Every framework control the requirements map to, with the worst status of its requirements. */
export function frameworkControls(results: readonly RequirementResult[]): FrameworkControlResult[] {
  const out: FrameworkControlResult[] = [];
  for (const framework of Object.keys(FRAMEWORKS) as FrameworkKey[]) {
    const byId = new Map<string, RequirementResult[]>();
    for (const r of results) {
      for (const id of r.frameworks[framework]) byId.set(id, [...(byId.get(id) ?? []), r]);
    }
    const ids = [...byId.keys()].sort(compareControlIds);
    for (const id of ids) {
      const reqs = byId.get(id)!;
      out.push({
        framework,
        id,
        title: frameworkTitle(framework, id),
        status: worstStatus(reqs.map((r) => r.status)),
        requirements: reqs.map((r) => r.id),
      });
    }
  }
  return out;
}

/** Natural order for ids like `1.10` after `1.9`, `AC-2` before `AC-10`, `CC6.1` before `CC6.10`. */
export function compareControlIds(a: string, b: string): number {
  const split = (s: string) => s.split(/(\d+)/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}
