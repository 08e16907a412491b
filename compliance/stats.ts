import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CfnResource, Stack, Stage } from 'aws-cdk-lib';

/** What one pack evaluated in one stage (environment). */
export interface PackStageStats {
  /** Rule ids applied at least once (sorted). cdk-nag applies every rule of a pack to every resource. */
  readonly rulesEvaluated: string[];
  /** Distinct CloudFormation resources the pack checked. */
  readonly resourcesChecked: number;
  /** Rule x resource evaluations, by outcome. */
  readonly evaluations: {
    readonly compliant: number;
    readonly nonCompliant: number;
    readonly notApplicable: number;
    readonly error: number;
  };
  /**
   * Every non-compliant result, acknowledged or not (acknowledged ones are absent from the validation
   * report, so this is how the report shows that an acknowledgment matched a real finding).
   */
  readonly nonCompliant: {
    readonly rule: string;
    readonly path: string;
    readonly logicalId: string;
    readonly stack: string;
  }[];
}

/** The file bin/app.ts writes after synth; the report reads it from the same directory. */
export interface ComplianceStats {
  readonly version: 1;
  /** pack name -> stage name -> stats. Resources outside any stage are under `(app)`. */
  readonly packs: Record<string, Record<string, PackStageStats>>;
}

export const COMPLIANCE_STATS_FILE = 'compliance-stats.json';

type Outcome = 'compliant' | 'nonCompliant' | 'notApplicable' | 'error';

interface StageAccumulator {
  rules: Set<string>;
  resources: Set<string>;
  evaluations: Record<Outcome, number>;
  nonCompliant: PackStageStats['nonCompliant'][number][];
}

/** Counts what a pack evaluates during one validation; see `registerCompliancePacks`. */
export class PackStatsCollector {
  private stages = new Map<string, StageAccumulator>();

  public reset(): void {
    this.stages = new Map();
  }

  /**
   * Stage name and path of each resource seen, and the rule of each finding id: `record` runs for every
   * (rule, resource) pair of four packs, and both walk the construct tree each time they are computed.
   */
  private readonly resourceOf = new WeakMap<CfnResource, { readonly stage: string; readonly path: string }>();
  private readonly ruleOf = new Map<string, string>();

  public record(node: CfnResource, ruleId: string, outcome: Outcome): void {
    let resource = this.resourceOf.get(node);
    if (!resource) {
      // The environment's stage: a nested stage (<Env>/Bootstrap) counts for the environment it is part of.
      let stage = Stage.of(node);
      for (let parent = stage && Stage.of(stage); parent?.stageName; parent = Stage.of(parent))
        stage = parent;
      resource = { stage: stage && stage.stageName ? stage.stageName : '(app)', path: node.node.path };
      this.resourceOf.set(node, resource);
    }
    let acc = this.stages.get(resource.stage);
    if (!acc) {
      acc = {
        rules: new Set(),
        resources: new Set(),
        evaluations: { compliant: 0, nonCompliant: 0, notApplicable: 0, error: 0 },
        nonCompliant: [],
      };
      this.stages.set(resource.stage, acc);
    }
    // Findings with a suffix (`IAM5[Resource::*]`) count under their rule.
    let rule = this.ruleOf.get(ruleId);
    if (rule === undefined) {
      rule = ruleId.replace(/\[.*\]$/, '');
      this.ruleOf.set(ruleId, rule);
    }
    acc.rules.add(rule);
    acc.resources.add(resource.path);
    acc.evaluations[outcome] += 1;
    if (outcome === 'nonCompliant' || outcome === 'error') {
      const stack = Stack.of(node);
      acc.nonCompliant.push({
        rule: ruleId,
        path: node.node.path,
        logicalId: stack.resolve(node.logicalId) as string,
        stack: stack.node.path,
      });
    }
  }

  /** Stats per stage name. */
  public snapshot(): Record<string, PackStageStats> {
    const out: Record<string, PackStageStats> = {};
    for (const [stage, acc] of [...this.stages.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      out[stage] = {
        rulesEvaluated: [...acc.rules].sort(),
        resourcesChecked: acc.resources.size,
        evaluations: { ...acc.evaluations },
        nonCompliant: acc.nonCompliant,
      };
    }
    return out;
  }
}

/** Collects the stats of the packs `registerCompliancePacks` returned. */
export function complianceStats(
  packs: readonly { readonly name: string; readonly stats: PackStatsCollector }[],
): ComplianceStats {
  return { version: 1, packs: Object.fromEntries(packs.map((p) => [p.name, p.stats.snapshot()])) };
}

/** Writes `compliance-stats.json` into the cloud assembly directory (after `app.synth()`). */
export function writeComplianceStats(
  assemblyDir: string,
  packs: readonly { readonly name: string; readonly stats: PackStatsCollector }[],
): string {
  const file = path.join(assemblyDir, COMPLIANCE_STATS_FILE);
  fs.writeFileSync(file, `${JSON.stringify(complianceStats(packs), null, 2)}\n`);
  return file;
}

/** Reads the stats a synth wrote; undefined when the assembly was synthesized without them. */
export function readComplianceStats(assemblyDir: string): ComplianceStats | undefined {
  const file = path.join(assemblyDir, COMPLIANCE_STATS_FILE);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ComplianceStats;
}
