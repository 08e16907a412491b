/**
 * Builds the report model of one environment from its part of the cloud assembly: requirement statuses
 * with evidence, framework controls, cdk-nag pack statistics with findings and acknowledgments, the cost
 * estimate and the architecture diagram.
 */
import * as path from 'node:path';
import { COMPLIANCE_PACKS } from '../constructs/core/acknowledge';
import type { ComplianceStats } from '../compliance/stats';
import { CATALOG, PENDING_EVIDENCE } from './catalog';
import { type Requirement, REQUIREMENTS_FILE } from './requirements';
import type { StageAssembly } from './assembly';
import type { EnvironmentConfig } from './environment';
import { estimateCost } from './cost';
import { buildDiagrams, type RenderedDiagram } from './diagram';
import { REPO_ROOT } from './evidence';
import {
  type Acknowledgment,
  type ComplianceReport,
  type PackResult,
  reportSchema,
  type Status,
  STATUSES,
} from './model';
import { latestDrill } from './drills';
import type { LoadedRecords } from './records/load';
import { activityStatus, drillActivityRecord } from './records/status';
import { DEFAULT_INTERVAL_MONTHS, RECORD_KINDS } from './records/schema';
import { evaluateProofs, proofCounts, provenSources } from './proofs';
import type { ProofResults, RequirementResult } from './model';
import { STRENGTHS } from './strength';
import { frameworkControls, requirementResult } from './status';

export interface BuildOptions {
  readonly stage: StageAssembly;
  readonly config: EnvironmentConfig;
  readonly requirements: readonly Requirement[];
  readonly stats?: ComplianceStats;
  readonly assemblyDir: string;
  /** @default - now */
  readonly generatedAt?: Date;
  /** Source commit the report names (`sourceCommit()`). @default 'unknown' */
  readonly commit?: string;
  /** Tool versions printed in the report. @default - none */
  readonly tools?: Record<string, string>;
  /**
   * The activity records (`loadRecords()`); the report's build date (`generatedAt`) decides which are current.
   * @default - no records: every record-evidenced id is due
   */
  readonly records?: LoadedRecords;
  /** Repository whose `drills/` are read. @default REPO_ROOT */
  readonly root?: string;
  /** The configuration file of this environment as the synth read it. @default - none recorded */
  readonly configFiles?: readonly { environment: string; file: string; sha256: string }[];
  /**
   * The environment's proofs, already evaluated.
   * @default - evaluated from `assemblyDir` (report/proofs.ts)
   */
  readonly proofs?: ProofResults;
}

const NO_RECORDS: LoadedRecords = {
  records: [],
  intervalMonths: Object.fromEntries(
    RECORD_KINDS.map((k) => [k, DEFAULT_INTERVAL_MONTHS]),
  ) as LoadedRecords['intervalMonths'],
};

export interface BuiltReport {
  readonly report: ComplianceReport;
  /** The architecture overview first, then the views (data protection, logging, alerting, network). */
  readonly diagrams: readonly RenderedDiagram[];
}

function packOf(rule: string): string {
  return COMPLIANCE_PACKS.find((p) => rule.startsWith(`${p}-`)) ?? '(unknown)';
}

const countBy = <T extends string>(values: readonly T[], keys: readonly T[]): Record<string, number> =>
  Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length]));

/** Evidence rows of every requirement per strength (the whole scale, zeros included), and how many hold. */
function evidenceByStrength(requirements: readonly RequirementResult[]) {
  const rows = requirements.flatMap((r) => r.evidence);
  return Object.fromEntries(
    STRENGTHS.map((s) => {
      const of = rows.filter((r) => r.strength === s);
      const holding = of.filter((r) => r.result === 'pass' || r.result === 'asserted-by-test').length;
      return [s, { rows: of.length, holding }];
    }),
  );
}

/** `detection.exceptions` of the recorded configuration (controls switched off, each with its reason). */
function detectionExceptionsOf(config: EnvironmentConfig): { setting: string; reason: string }[] {
  const exceptions = (config as { detection?: { exceptions?: { setting: string; reason: string }[] } })
    .detection?.exceptions;
  return (exceptions ?? []).map(({ setting, reason }) => ({ setting, reason }));
}

export async function buildReport(options: BuildOptions): Promise<BuiltReport> {
  const { stage, config, stats } = options;
  const generatedAt = options.generatedAt ?? new Date();
  const statsOf = (pack: string) => stats?.packs[pack]?.[stage.stage];

  // Acknowledgments, each checked against the non-compliant results the synth recorded.
  const acknowledgments: Acknowledgment[] = stage.acknowledgments.map((a) => {
    const pack = packOf(a.rule);
    const recorded = statsOf(pack);
    return {
      pack,
      rule: a.rule,
      stack: a.stack,
      logicalId: a.logicalId,
      path: a.path,
      reason: a.reason,
      matchedFinding: recorded
        ? recorded.nonCompliant.some(
            (n) => n.rule === a.rule && n.logicalId === a.logicalId && n.stack === a.stack,
          )
        : null,
    };
  });

  const proofs = options.proofs ?? (await evaluateProofs(options.assemblyDir, stage.stage));
  const evidenceContext = { stage: stage.stage, config, stacks: stage.stacks, root: REPO_ROOT, proofs };
  const drill = latestDrill(options.root ?? REPO_ROOT, {
    stage: stage.stage,
    account: config.environment.account,
    region: config.environment.region,
  });
  const loaded = options.records ?? NO_RECORDS;
  const records = [...loaded.records, ...(drill ? [drillActivityRecord(drill, stage.stage)] : [])];
  const requirements = options.requirements.map((requirement) =>
    requirementResult({
      requirement,
      entry: CATALOG.find((e) => e.id === requirement.id),
      pending: PENDING_EVIDENCE[requirement.id] ?? [],
      acknowledgments: acknowledgments.filter((a) => a.pack !== '(unknown)'),
      evidence: evidenceContext,
      activity: activityStatus({
        id: requirement.id,
        stage: stage.stage,
        records,
        intervalMonths: loaded.intervalMonths,
        asOf: generatedAt,
      }),
    }),
  );
  const frameworks = frameworkControls(requirements);

  const packs: PackResult[] = COMPLIANCE_PACKS.map((pack) => {
    const s = statsOf(pack);
    return {
      pack,
      rulesEvaluated: s ? s.rulesEvaluated.length : null,
      resourcesChecked: s ? s.resourcesChecked : null,
      evaluations: s ? s.evaluations : null,
      ruleIds: s ? s.rulesEvaluated : [],
      findings: stage.findings.filter((f) => f.rule.startsWith(`${pack}-`)),
      acknowledgments: acknowledgments.filter((a) => a.pack === pack),
    };
  });
  const cloudFormationFindings = stage.findings.filter((f) => packOf(f.rule) === '(unknown)');
  const packAcknowledgments = acknowledgments.filter((a) => a.pack !== '(unknown)');

  const cost = estimateCost({ stacks: stage.stacks, production: config.environment.production });
  const diagrams = await buildDiagrams(
    stage.stacks,
    stage.stage,
    config.environment.region,
    provenSources(proofs),
  );
  const overview = diagrams[0];

  const report: ComplianceReport = {
    schemaVersion: 1,
    generatedAt: generatedAt.toISOString(),
    environment: {
      stage: stage.stage,
      account: config.environment.account,
      region: config.environment.region,
      production: config.environment.production,
      stacks: stage.stacks.map((s) => ({
        id: s.id,
        stackName: s.stackName,
        resources: Object.keys(s.template.Resources ?? {}).length,
      })),
      detectionExceptions: detectionExceptionsOf(config),
    },
    sources: {
      requirements: path.relative(REPO_ROOT, REQUIREMENTS_FILE),
      assembly: path.relative(REPO_ROOT, options.assemblyDir) || '.',
      commit: options.commit ?? 'unknown',
      tools: options.tools ?? {},
      configFiles: [...(options.configFiles ?? [])],
    },
    summary: {
      requirements: requirements.length,
      byStatus: countBy(
        requirements.map((r) => r.status),
        STATUSES as readonly Status[],
      ),
      frameworkControls: frameworks.length,
      frameworkByStatus: countBy(
        frameworks.map((f) => f.status),
        STATUSES as readonly Status[],
      ),
      findings: stage.findings.length,
      acknowledgments: packAcknowledgments.length,
      monthlyCostUsd: cost.totalMonthlyUsd,
      evidenceByStrength: evidenceByStrength(requirements),
      proofs: proofCounts(proofs),
    },
    requirements,
    frameworks,
    proofs,
    nag: {
      statsRecorded: stats !== undefined,
      packs,
      cloudFormationFindings,
      cloudFormationAcknowledgments: acknowledgments.filter((a) => a.pack === '(unknown)'),
    },
    cost,
    diagram: { file: overview.file, nodes: overview.nodes, edges: overview.edges },
    diagrams: diagrams.map((d) => ({
      id: d.id,
      title: d.title,
      file: d.file,
      nodes: d.nodes,
      edges: d.edges,
      width: d.width,
      height: d.height,
    })),
  };
  // The schema is the contract of report.json: never write a report that breaks it.
  reportSchema.parse(report);
  return { report, diagrams };
}
