/**
 * What changed in the security posture between two compliance reports of the same environment: statuses per
 * requirement, acknowledgments added or removed (with their reasons), unacknowledged findings, resources per
 * stack, the cost estimate and the provenance (commit, configuration hashes, tool versions), as Markdown for
 * a release note. `npm run report:diff` (report/diff-cli.ts) prints it and gates on it.
 */
import { z } from 'zod';
import { STATUSES, type Status } from './model';
import { table as markdownTable, usd as markdownUsd } from './render/md';

/**
 * The part of report.json the diff reads. Loose on purpose: reports of older releases (without activity
 * records or configuration hashes) and newer ones (with more fields) still compare.
 */
const ack = z.looseObject({
  pack: z.string(),
  rule: z.string(),
  stack: z.string(),
  logicalId: z.string(),
  path: z.string(),
  reason: z.string(),
});
const finding = z.looseObject({
  plugin: z.string(),
  rule: z.string(),
  path: z.string(),
  description: z.string(),
});
export const diffableReportSchema = z.looseObject({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  environment: z.looseObject({
    stage: z.string(),
    stacks: z.array(z.looseObject({ id: z.string(), resources: z.number() })),
  }),
  sources: z.looseObject({
    commit: z.string(),
    tools: z.record(z.string(), z.string()).optional(),
    configFiles: z.array(z.looseObject({ file: z.string(), sha256: z.string() })).optional(),
  }),
  requirements: z.array(
    z.looseObject({ id: z.string(), text: z.string(), status: z.enum(STATUSES), statusReason: z.string() }),
  ),
  nag: z.looseObject({
    packs: z.array(
      z.looseObject({ pack: z.string(), findings: z.array(finding), acknowledgments: z.array(ack) }),
    ),
    cloudFormationFindings: z.array(finding),
    cloudFormationAcknowledgments: z.array(ack),
  }),
  cost: z.looseObject({
    totalMonthlyUsd: z.number(),
    lines: z.array(
      z.looseObject({ id: z.string(), service: z.string(), item: z.string(), monthlyUsd: z.number() }),
    ),
  }),
});
export type DiffableReport = z.infer<typeof diffableReportSchema>;
type Ack = z.infer<typeof ack>;
type Finding = z.infer<typeof finding>;

/**
 * How bad a status is for the gate: a move to a higher number is a regression. `not applicable` ranks with the
 * exceptions: a control declared not applicable (switched off) is a weakening to review, not an improvement.
 */
const SEVERITY: Record<Status, number> = {
  met: 0,
  'not applicable': 1,
  'met with acknowledged exceptions': 1,
  'application responsibility': 1,
  'evidence pending': 2,
  'not met': 3,
};

export interface StatusChange {
  readonly id: string;
  readonly text: string;
  /** null: the requirement is new (old) or gone (new). */
  readonly from: Status | null;
  readonly to: Status | null;
  readonly reason: string;
  readonly worse: boolean;
}

export interface ReportDiff {
  readonly stage: string;
  readonly statusChanges: readonly StatusChange[];
  readonly acknowledgmentsAdded: readonly Ack[];
  readonly acknowledgmentsRemoved: readonly Ack[];
  readonly findingsAdded: readonly Finding[];
  readonly findingsRemoved: readonly Finding[];
  readonly resources: readonly { stack: string; from: number | null; to: number | null }[];
  readonly cost: {
    readonly from: number;
    readonly to: number;
    readonly lines: readonly { id: string; item: string; from: number | null; to: number | null }[];
  };
  readonly provenance: readonly { what: string; from: string; to: string }[];
}

const ackKey = (a: Ack) => `${a.pack}|${a.rule}|${a.stack}|${a.logicalId}`;
const findingKey = (f: Finding) => `${f.plugin}|${f.rule}|${f.path}`;

function added<T>(from: readonly T[], to: readonly T[], key: (t: T) => string): T[] {
  const known = new Set(from.map(key));
  return to.filter((t) => !known.has(key(t)));
}

const acksOf = (r: DiffableReport): Ack[] => [
  ...r.nag.packs.flatMap((p) => p.acknowledgments),
  ...r.nag.cloudFormationAcknowledgments.map((a) => ({ ...a, pack: a.pack || 'CloudFormation' })),
];
const findingsOf = (r: DiffableReport): Finding[] => [
  ...r.nag.packs.flatMap((p) => p.findings),
  ...r.nag.cloudFormationFindings,
];

/** Changes from `from` to `to` (both of the same environment). */
export function diffReports(from: DiffableReport, to: DiffableReport): ReportDiff {
  const oldById = new Map(from.requirements.map((r) => [r.id, r]));
  const newById = new Map(to.requirements.map((r) => [r.id, r]));
  const statusChanges: StatusChange[] = [];
  for (const r of to.requirements) {
    const before = oldById.get(r.id);
    if (before?.status === r.status) continue;
    statusChanges.push({
      id: r.id,
      text: r.text,
      from: before?.status ?? null,
      to: r.status,
      reason: r.statusReason,
      // A new requirement is a regression only when it is not met.
      worse: before ? SEVERITY[r.status] > SEVERITY[before.status] : r.status === 'not met',
    });
  }
  for (const r of from.requirements) {
    if (!newById.has(r.id)) {
      statusChanges.push({
        id: r.id,
        text: r.text,
        from: r.status,
        to: null,
        reason: 'the requirement is no longer in the report',
        worse: true,
      });
    }
  }

  const stacks = [...new Set([...from.environment.stacks, ...to.environment.stacks].map((s) => s.id))];
  const count = (r: DiffableReport, id: string) =>
    r.environment.stacks.find((s) => s.id === id)?.resources ?? null;
  const resources = stacks
    .map((stack) => ({ stack, from: count(from, stack), to: count(to, stack) }))
    .filter((s) => s.from !== s.to);

  const lineIds = [...new Set([...from.cost.lines, ...to.cost.lines].map((l) => l.id))];
  const line = (r: DiffableReport, id: string) => r.cost.lines.find((l) => l.id === id);
  const costLines = lineIds
    .map((id) => ({
      id,
      item: (line(to, id) ?? line(from, id))!.item,
      from: line(from, id)?.monthlyUsd ?? null,
      to: line(to, id)?.monthlyUsd ?? null,
    }))
    .filter((l) => l.from !== l.to);

  const provenance: { what: string; from: string; to: string }[] = [];
  if (from.sources.commit !== to.sources.commit) {
    provenance.push({ what: 'source commit', from: from.sources.commit, to: to.sources.commit });
  }
  const hashes = (r: DiffableReport) => new Map((r.sources.configFiles ?? []).map((c) => [c.file, c.sha256]));
  const [oldHashes, newHashes] = [hashes(from), hashes(to)];
  for (const file of [...new Set([...oldHashes.keys(), ...newHashes.keys()])].sort()) {
    if (oldHashes.get(file) !== newHashes.get(file)) {
      provenance.push({
        what: file,
        from: oldHashes.get(file) ?? '(not recorded)',
        to: newHashes.get(file) ?? '(not recorded)',
      });
    }
  }
  const [oldTools, newTools] = [from.sources.tools ?? {}, to.sources.tools ?? {}];
  for (const tool of [...new Set([...Object.keys(oldTools), ...Object.keys(newTools)])].sort()) {
    if (oldTools[tool] !== newTools[tool]) {
      provenance.push({ what: tool, from: oldTools[tool] ?? '(none)', to: newTools[tool] ?? '(none)' });
    }
  }

  return {
    stage: to.environment.stage,
    statusChanges,
    acknowledgmentsAdded: added(acksOf(from), acksOf(to), ackKey),
    acknowledgmentsRemoved: added(acksOf(to), acksOf(from), ackKey),
    findingsAdded: added(findingsOf(from), findingsOf(to), findingKey),
    findingsRemoved: added(findingsOf(to), findingsOf(from), findingKey),
    resources,
    cost: { from: from.cost.totalMonthlyUsd, to: to.cost.totalMonthlyUsd, lines: costLines },
    provenance,
  };
}

/** Absent on one side: a dash in the table. */
const table = (head: readonly string[], rows: readonly (string | number | null)[][]): string[] =>
  markdownTable(
    head,
    rows.map((r) => r.map((c) => c ?? '—')),
  );
const usd = (n: number | null): string => (n === null ? '—' : markdownUsd(n));
const signedUsd = (n: number): string => `${n < 0 ? '-' : '+'}${markdownUsd(Math.abs(n))}`;

/** The release-note section of one environment. */
export function renderDiffMarkdown(d: ReportDiff): string[] {
  const out = [`## ${d.stage}`, ''];
  const worse = d.statusChanges.filter((c) => c.worse);
  out.push(
    `${d.statusChanges.length} status change(s) (${worse.length} worse), ${d.acknowledgmentsAdded.length} acknowledgment(s) added, ` +
      `${d.acknowledgmentsRemoved.length} removed, ${d.findingsAdded.length} finding(s) new, ${d.findingsRemoved.length} resolved; ` +
      `estimated cost ${usd(d.cost.from)} → ${usd(d.cost.to)} per month (${signedUsd(d.cost.to - d.cost.from)}).`,
    '',
  );
  if (d.statusChanges.length) {
    out.push(
      '### Status changes',
      '',
      ...table(
        ['Id', 'Requirement', 'Before', 'After', 'Why', ''],
        d.statusChanges.map((c) => [
          c.id,
          c.text,
          c.from ?? '(new)',
          c.to ?? '(removed)',
          c.reason,
          c.worse ? '**worse**' : '',
        ]),
      ),
      '',
    );
  }
  const acks = (title: string, list: readonly Ack[]) =>
    list.length
      ? [
          `### ${title}`,
          '',
          ...table(
            ['Rule', 'Stack', 'Resource', 'Reason'],
            list.map((a) => [a.rule, a.stack, a.path || a.logicalId, a.reason]),
          ),
          '',
        ]
      : [];
  out.push(...acks('Acknowledgments added (review each reason)', d.acknowledgmentsAdded));
  out.push(...acks('Acknowledgments removed', d.acknowledgmentsRemoved));
  const findings = (title: string, list: readonly Finding[]) =>
    list.length
      ? [
          `### ${title}`,
          '',
          ...table(
            ['Rule', 'Path', 'Description'],
            list.map((f) => [f.rule, f.path, f.description]),
          ),
          '',
        ]
      : [];
  out.push(...findings('Unacknowledged findings, new', d.findingsAdded));
  out.push(...findings('Unacknowledged findings, resolved', d.findingsRemoved));
  if (d.resources.length) {
    out.push(
      '### Resources per stack',
      '',
      ...table(
        ['Stack', 'Before', 'After', 'Change'],
        d.resources.map((r) => [
          r.stack,
          r.from ?? '(new)',
          r.to ?? '(removed)',
          (r.to ?? 0) - (r.from ?? 0),
        ]),
      ),
      '',
    );
  }
  if (d.cost.lines.length) {
    out.push(
      '### Cost (USD per month)',
      '',
      ...table(
        ['Line', 'Item', 'Before', 'After', 'Change'],
        d.cost.lines.map((l) => [
          l.id,
          l.item,
          usd(l.from),
          usd(l.to),
          signedUsd((l.to ?? 0) - (l.from ?? 0)),
        ]),
      ),
      '',
    );
  }
  if (d.provenance.length) {
    out.push(
      '### Provenance',
      '',
      ...table(
        ['What', 'Before', 'After'],
        d.provenance.map((p) => [p.what, p.from, p.to]),
      ),
      '',
    );
  }
  return out;
}
