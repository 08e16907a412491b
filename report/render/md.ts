/** report.md: the report as Markdown (renders on GitHub; the diagrams are linked as their SVG files). */
import { FRAMEWORKS, type FrameworkKey } from '../catalog/frameworks';
import type { ComplianceReport, EvidenceRow, Status } from '../model';
import { STATUSES } from '../model';
import { ACTIVITY_COLUMNS, activityRows, activityState, provenanceLines, recordKinds } from './records';
import { proofsLead, proofsMarkdown } from './proofs';
import { STRENGTH_MEANING, STRENGTHS } from '../strength';

const cell = (s: string | number | null | undefined): string =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');

/** A Markdown table (cells escaped: `|` and newlines). */
export const table = (
  head: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string[] => [
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];

export const usd = (n: number): string =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** Unit prices keep their precision: $0.048 per hour, $0.0010 per check. */
const unitUsd = (n: number): string =>
  n >= 1 ? usd(n) : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;

const evidenceCounts = (rows: readonly EvidenceRow[]): string => {
  const held = rows.filter((e) => e.result === 'pass' || e.result === 'asserted-by-test').length;
  return `${held}/${rows.length}`;
};

/** Configuration file hashes and tool versions, under the header line. */
function provenanceMarkdown(report: ComplianceReport): string[] {
  const { config, tools } = provenanceLines(report);
  return [
    `Configuration: ${config.map((c) => `\`${c}\``).join(', ') || 'not recorded by the synth'}. Tools: ${tools}.`,
    '',
  ];
}

/** The requirement ids decided by dated activity records (records/, drills/). */
function activityMarkdown(report: ComplianceReport): string[] {
  const rows = activityRows(report);
  if (!rows.length) return [];
  return [
    '## Activity records',
    '',
    'Process requirements are met only with a dated record younger than its interval (records/README.md).',
    '',
    ...table([...ACTIVITY_COLUMNS], rows),
    '',
  ];
}

export function renderMarkdown(report: ComplianceReport): string {
  const env = report.environment;
  const out: string[] = [
    `# Compliance report: ${env.stage}`,
    '',
    `Account \`${env.account}\`, region \`${env.region}\`, ${env.production ? 'production' : 'non-production'}. ` +
      `Generated ${report.generatedAt} from \`${report.sources.assembly}\` against \`${report.sources.requirements}\`, ` +
      `source commit \`${report.sources.commit}\`.`,
    '',
    ...provenanceMarkdown(report),
    '## Summary',
    '',
    ...table(
      ['Status', 'Requirements', 'Framework controls'],
      STATUSES.map((s: Status) => [
        s,
        report.summary.byStatus[s] ?? 0,
        report.summary.frameworkByStatus[s] ?? 0,
      ]),
    ),
    '',
    `Simulated proofs: ${proofsLead(report)}`,
    '',
    ...table(
      ['Evidence strength', 'Rows', 'Holding', 'Meaning'],
      STRENGTHS.map((s) => [
        s,
        report.summary.evidenceByStrength[s]?.rows ?? 0,
        report.summary.evidenceByStrength[s]?.holding ?? 0,
        STRENGTH_MEANING[s],
      ]),
    ),
    '',
    ...table(
      ['cdk-nag pack', 'Rules evaluated', 'Resources checked', 'Unacknowledged findings', 'Acknowledgments'],
      report.nag.packs.map((p) => [
        p.pack,
        p.rulesEvaluated ?? 'n/a',
        p.resourcesChecked ?? 'n/a',
        p.findings.length,
        p.acknowledgments.length,
      ]),
    ),
    '',
    `Estimated monthly cost of the security controls: **${usd(report.cost.totalMonthlyUsd)}** (see below for assumptions).`,
    '',
    ...(env.detectionExceptions.length
      ? [
          '## Detection switched off, with reasons',
          '',
          ...table(
            ['Setting', 'Reason'],
            env.detectionExceptions.map((x) => [`detection.${x.setting}`, x.reason]),
          ),
          '',
        ]
      : []),
    ...activityMarkdown(report),
    '## Requirements',
    '',
    ...table(
      ['Id', 'Requirement', 'How met', 'Status', 'Evidence held', 'Pending'],
      report.requirements.map((r) => [
        r.id,
        r.text,
        r.kind,
        r.status,
        evidenceCounts(r.evidence),
        r.pendingEvidence.length,
      ]),
    ),
    '',
  ];
  for (const r of report.requirements) {
    out.push(
      `### ${r.id}: ${r.text}`,
      '',
      `**${r.status}**: ${r.statusReason}`,
      '',
      `Evidence needed: ${r.requiredStrength}; strongest held: ${r.strongestEvidence ?? 'none'}.`,
      '',
      r.summary,
      '',
    );
    if (r.activity)
      out.push(`Activity record, ${recordKinds(r.activity)}: ${activityState(r.activity)}.`, '');
    if (r.application) {
      out.push(
        `Application responsibility: ${r.application.responsibility}`,
        '',
        'Infrastructure mitigations:',
        '',
      );
      for (const m of r.application.mitigations) out.push(`- ${m}`);
      out.push('');
    }
    if (r.evidence.length) {
      out.push(
        ...table(
          [
            'Stack',
            'Logical id',
            'Resource type',
            'Property / file',
            'Expected',
            'Actual',
            'Result',
            'Strength',
            'Test',
          ],
          r.evidence.map((e) => [
            e.stack,
            e.logicalId,
            e.resourceType || e.kind,
            e.propertyPath,
            e.expected,
            e.actual,
            e.result,
            e.strength,
            e.test,
          ]),
        ),
        '',
      );
    }
    if (r.pendingEvidence.length) {
      out.push(
        'Pending evidence (capability stacks not merged yet):',
        '',
        ...table(
          ['Stack', 'Resource type', 'Property', 'Expected', 'Test'],
          r.pendingEvidence.map((p) => [p.stack, p.resourceType, p.propertyPath, p.expected, p.test]),
        ),
        '',
      );
    }
    if (r.acknowledgedExceptions.length) {
      out.push(
        'Acknowledged exceptions:',
        '',
        ...table(
          ['Rule', 'Resource', 'Reason'],
          r.acknowledgedExceptions.map((a) => [a.rule, `${a.stack}/${a.logicalId}`, a.reason]),
        ),
        '',
      );
    }
  }

  out.push('## Framework controls', '');
  for (const key of Object.keys(FRAMEWORKS) as FrameworkKey[]) {
    const controls = report.frameworks.filter((f) => f.framework === key);
    out.push(
      `### ${FRAMEWORKS[key]}`,
      '',
      ...table(
        ['Control', 'Title', 'Status', 'Requirements'],
        controls.map((c) => [c.id, c.title, c.status, c.requirements.join(', ')]),
      ),
      '',
    );
  }

  out.push(...proofsMarkdown(report, table));
  out.push('## cdk-nag packs', '');
  if (!report.nag.statsRecorded) {
    out.push('Rule statistics were not recorded by this synth (no compliance-stats.json).', '');
  }
  for (const p of report.nag.packs) {
    out.push(
      `### ${p.pack}`,
      '',
      `Rules evaluated: ${p.rulesEvaluated ?? 'n/a'}; resources checked: ${p.resourcesChecked ?? 'n/a'}; ` +
        (p.evaluations
          ? `evaluations: ${p.evaluations.compliant} compliant, ${p.evaluations.nonCompliant} non-compliant, ${p.evaluations.notApplicable} not applicable, ${p.evaluations.error} errors.`
          : 'evaluations: n/a.'),
      '',
    );
    if (p.findings.length) {
      out.push(
        ...table(
          ['Rule', 'Path', 'Description'],
          p.findings.map((f) => [f.rule, f.path, f.description]),
        ),
        '',
      );
    } else {
      out.push('Unacknowledged findings: none.', '');
    }
    if (p.acknowledgments.length) {
      out.push(
        ...table(
          ['Rule', 'Path', 'Reason', 'Matched a finding at synth'],
          p.acknowledgments.map((a) => [
            a.rule,
            a.path,
            a.reason,
            a.matchedFinding === null ? 'n/a' : a.matchedFinding ? 'yes' : 'no',
          ]),
        ),
        '',
      );
    }
  }
  out.push('### CloudFormation validation', '');
  out.push(
    ...(report.nag.cloudFormationFindings.length
      ? table(
          ['Rule', 'Path', 'Description'],
          report.nag.cloudFormationFindings.map((f) => [f.rule, f.path, f.description]),
        )
      : ['The built-in CloudFormation validator reports nothing.']),
    '',
  );
  if (report.nag.cloudFormationAcknowledgments.length) {
    out.push(
      'Validator warnings acknowledged by aws-cdk-lib itself:',
      '',
      ...table(
        ['Rule', 'Path', 'Reason'],
        report.nag.cloudFormationAcknowledgments.map((a) => [
          a.rule,
          a.path || `${a.stack}/${a.logicalId}`,
          a.reason,
        ]),
      ),
      '',
    );
  }

  out.push(
    '## Estimated monthly cost',
    '',
    ...table(
      ['Service', 'Item', 'Quantity', 'Unit price', 'Monthly', 'Controls', 'Derived from'],
      report.cost.lines.map((l) => [
        l.service,
        l.item,
        `${l.quantity} ${l.unit}`,
        unitUsd(l.unitPriceUsd),
        usd(l.monthlyUsd),
        l.controls.join(', '),
        l.derivedFrom,
      ]),
    ),
    '',
    `Total: **${usd(report.cost.totalMonthlyUsd)}** per month.`,
    '',
  );
  if (report.cost.notEnabled.length) {
    out.push(
      'Not enabled in this environment (what turning them on would add):',
      '',
      ...table(
        ['Service', 'Item', 'Monthly', 'Controls', 'Note'],
        report.cost.notEnabled.map((l) => [
          l.service,
          l.item,
          usd(l.monthlyUsd),
          l.controls.join(', '),
          l.derivedFrom,
        ]),
      ),
      '',
    );
  }
  out.push(
    ...table(
      ['Assumption', 'Value', 'Unit', 'Note'],
      report.cost.assumptions.map((a) => [a.key, a.value, a.unit, a.note]),
    ),
    '',
    '## Architecture',
    '',
    `![Architecture of ${env.stage}](${report.diagram.file})`,
    '',
    ...report.diagrams
      .filter((d) => d.id !== 'architecture')
      .flatMap((d) => [`### ${d.title}`, '', `![${d.title}](${d.file})`, '']),
  );
  return `${out.join('\n')}`;
}
