/**
 * Reads a synthesized cloud assembly for the report, grouped by environment (stage): templates (with the
 * stack names cross-stack references use), acknowledgments from template Metadata, unacknowledged
 * findings from the validation report and the rule statistics the synth recorded. Reuses
 * compliance/ (listTemplates, listAcknowledgments, readFindings, readComplianceStats).
 */
import { type Finding, readFindings } from '../compliance/findings';
import { type ComplianceStats, readComplianceStats } from '../compliance/stats';
import { listAcknowledgments, listTemplates } from '../compliance/summary';
import type { Json } from './catalog/types';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: { readonly [key: string]: Json };
  readonly Metadata?: { readonly [key: string]: Json };
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: Json;
  readonly Condition?: string;
}

export interface CfnTemplate {
  readonly Resources?: { readonly [logicalId: string]: CfnResource };
  readonly Outputs?: {
    readonly [name: string]: { readonly Value: Json; readonly Export?: { readonly Name: Json } };
  };
}

export interface StackTemplate {
  /** Stack id within the stage, e.g. `Foundation`. */
  readonly id: string;
  /** `<Stage>/<stack>`. */
  readonly displayName: string;
  /** CloudFormation stack name (what `Fn::GetStackOutput` names). */
  readonly stackName: string;
  /** Region the stack deploys to. @default - unknown (environment-agnostic stack) */
  readonly region?: string;
  readonly template: CfnTemplate;
}

export interface RawAcknowledgment {
  readonly stack: string;
  readonly logicalId: string;
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

export interface StageAssembly {
  readonly stage: string;
  readonly stacks: readonly StackTemplate[];
  readonly acknowledgments: readonly RawAcknowledgment[];
  /** Unacknowledged findings on this stage's resources (cdk-nag and CloudFormation validation). */
  readonly findings: readonly Finding[];
}

export interface AssemblyData {
  readonly directory: string;
  readonly stages: readonly StageAssembly[];
  readonly stats?: ComplianceStats;
}

/** The assembly at `dir`, grouped by stage in manifest order. */
export function readAssembly(dir: string): AssemblyData {
  const templates = listTemplates(dir);
  const findings = readFindings(dir);
  const acks = listAcknowledgments(templates);
  const stageNames = [...new Set(templates.map((t) => t.displayName.split('/')[0]))];
  const stages = stageNames.map((stage): StageAssembly => {
    const prefix = `${stage}/`;
    return {
      stage,
      stacks: templates
        .filter((t) => t.displayName.startsWith(prefix))
        .map((t) => ({
          id: t.displayName.slice(prefix.length),
          displayName: t.displayName,
          stackName: t.stackName,
          region: t.region,
          template: t.template as unknown as CfnTemplate,
        })),
      acknowledgments: acks.filter((a) => a.stack.startsWith(prefix)),
      findings: findings.filter((f) => f.path.startsWith(prefix)),
    };
  });
  return { directory: dir, stages, stats: readComplianceStats(dir) };
}
