/**
 * The compliance report's data model: one zod schema that is the single source of the TypeScript types
 * (`ComplianceReport`, ...) and of the published JSON Schema (docs/report.schema.json, `npm run docs`).
 * report.json files validate against it; renderers (HTML, Markdown, CSV) read only this model.
 */
import { z } from 'zod';
import { FRAMEWORKS, type FrameworkKey } from './catalog/frameworks';
import { OUTCOMES, RECORD_KINDS } from './records/schema';
import { STRENGTHS } from './strength';

export { FRAMEWORKS, type FrameworkKey };

/** Status of a requirement or framework control, worst first. */
export const STATUSES = [
  'not met',
  'evidence pending',
  'application responsibility',
  'met with acknowledged exceptions',
  'met',
  'not applicable',
] as const;
export type Status = (typeof STATUSES)[number];

const status = z.enum(STATUSES);

export const evidenceRowSchema = z
  .object({
    kind: z
      .enum(['template', 'test', 'file', 'simulation'])
      .describe(
        'Template property, unit test, repository file, or a policy decision simulated by the report from the templates.',
      ),
    stage: z.string().describe('Environment (CDK stage) the row was evaluated for.'),
    stack: z.string().describe('Stack id within the stage; empty for test and file rows.'),
    logicalId: z
      .string()
      .describe('CloudFormation logical id of the resource; empty for test and file rows.'),
    resourceType: z.string().describe('CloudFormation resource type; empty for test and file rows.'),
    propertyPath: z
      .string()
      .describe('Path of the property inside the resource (relative to Properties), or the file path.'),
    expected: z.string().describe('What the property must be, in words.'),
    actual: z
      .string()
      .describe('The value found (JSON, truncated), or what was found for test and file rows.'),
    result: z
      .enum(['pass', 'fail', 'no-resource', 'not-applicable', 'asserted-by-test'])
      .describe(
        'pass/fail: evaluated now; no-resource: nothing matched; not-applicable: disabled in this environment; asserted-by-test: a unit test asserts it (run by npm test).',
      ),
    test: z.string().describe('The test that asserts the same property: `<file> › <title>`.'),
    proves: z.string().describe('What the row proves, for auditors.'),
    strength: z
      .enum(STRENGTHS)
      .describe(
        'How strong the evidence is: simulated (policy decision from the templates), event-tested, linted, template (property present), document, record (dated activity record), drill (observed in a deployed account).',
      ),
  })
  .describe('One piece of evidence for a requirement.');

export const pendingEvidenceRowSchema = z
  .object({
    stack: z.string(),
    resourceType: z.string(),
    propertyPath: z.string(),
    expected: z.string(),
    test: z.string(),
    proves: z.string(),
  })
  .describe('Evidence a capability branch will provide; not evaluated until merged.');

export const acknowledgmentSchema = z
  .object({
    pack: z.string().describe('cdk-nag pack the rule belongs to.'),
    rule: z.string().describe('Acknowledged finding id, e.g. AwsSolutions-IAM5[Resource::*].'),
    stack: z.string().describe('Stage/stack display path.'),
    logicalId: z.string(),
    path: z.string().describe('Construct path of the resource (aws:cdk:path metadata).'),
    reason: z.string(),
    matchedFinding: z
      .boolean()
      .nullable()
      .describe(
        'True when the rule actually reported this resource at synth (so the acknowledgment is in use); false when it did not (precautionary or stale); null when the synth recorded no statistics.',
      ),
  })
  .describe('An acknowledged cdk-nag finding, from the template Metadata (cdk_nag.rules_to_suppress).');

export const findingSchema = z.object({
  plugin: z.string(),
  rule: z.string(),
  severity: z.string(),
  path: z.string(),
  description: z.string(),
});

const frameworksSchema = z.object({
  cis: z.array(z.string()),
  fsbp: z.array(z.string()),
  nist: z.array(z.string()),
  soc2: z.array(z.string()),
});

export const activitySchema = z
  .object({
    kinds: z
      .array(
        z.object({
          kind: z.enum(RECORD_KINDS),
          intervalMonths: z
            .number()
            .int()
            .describe('Months a record of this kind stays current (records/policy.yaml).'),
        }),
      )
      .describe('Record kinds that evidence this requirement.'),
    state: z
      .enum(['current', 'due', 'overdue', 'failed'])
      .describe(
        'current: the newest record is younger than the interval (met); due: no record yet (evidence pending); overdue: the newest is older than the interval (not met); failed: the newest record failed (not met).',
      ),
    dueBy: z.string().nullable().describe('Date (YYYY-MM-DD) the next record is due; null without a record.'),
    newest: z
      .object({
        file: z.string().describe('The record file (records/...) or drill output (drills/...).'),
        kind: z.enum(RECORD_KINDS),
        date: z.string(),
        scope: z.string(),
        performedBy: z.string(),
        result: z.enum(OUTCOMES),
        summary: z.string(),
        artefact: z.string().describe('https:// URL or repository path of the report, minutes or list.'),
      })
      .nullable(),
  })
  .describe('The dated activity records (records/) that decide a process requirement.');

export const requirementResultSchema = z.object({
  id: z.string(),
  text: z.string(),
  phase: z.string(),
  parent: z.string().nullable(),
  kind: z.enum(['infrastructure', 'process', 'application']),
  status,
  statusReason: z
    .string()
    .describe('Why the status is what it is (reason for not applicable, pending, not met).'),
  summary: z.string(),
  constructs: z.array(z.string()),
  frameworks: frameworksSchema,
  nagRules: z.array(z.string()),
  evidence: z.array(evidenceRowSchema),
  pendingEvidence: z.array(pendingEvidenceRowSchema),
  application: z.object({ responsibility: z.string(), mitigations: z.array(z.string()) }).nullable(),
  acknowledgedExceptions: z.array(acknowledgmentSchema),
  activityRecord: z.string().nullable(),
  activity: activitySchema.nullable(),
  requiredStrength: z
    .enum(STRENGTHS)
    .describe('The evidence kind this id needs to be met (report/strength.ts).'),
  strongestEvidence: z
    .enum(STRENGTHS)
    .nullable()
    .describe('The strongest kind among the evidence that holds (null: none holds).'),
});

export const frameworkControlSchema = z.object({
  framework: z.enum(Object.keys(FRAMEWORKS) as [FrameworkKey, ...FrameworkKey[]]),
  id: z.string(),
  title: z.string(),
  status,
  requirements: z
    .array(z.string())
    .describe('Requirement ids mapped to this control; the status is the worst of theirs.'),
});

export const packResultSchema = z.object({
  pack: z.string(),
  rulesEvaluated: z
    .number()
    .int()
    .nullable()
    .describe('Distinct rules applied in this environment (null without stats).'),
  resourcesChecked: z.number().int().nullable(),
  evaluations: z
    .object({ compliant: z.number(), nonCompliant: z.number(), notApplicable: z.number(), error: z.number() })
    .nullable(),
  ruleIds: z.array(z.string()),
  findings: z.array(findingSchema).describe('Unacknowledged findings (the synth fails when there are any).'),
  acknowledgments: z.array(acknowledgmentSchema),
});

export const costLineSchema = z.object({
  id: z.string(),
  service: z.string(),
  item: z.string(),
  quantity: z.number(),
  unit: z.string(),
  unitPriceUsd: z.number(),
  monthlyUsd: z.number(),
  controls: z.array(z.string()).describe('Requirement ids this cost serves.'),
  derivedFrom: z
    .string()
    .describe('How the quantity was derived from the templates (or the assumption used).'),
  priceSource: z.string(),
});

export const costSchema = z.object({
  currency: z.literal('USD'),
  totalMonthlyUsd: z.number(),
  lines: z.array(costLineSchema),
  byControl: z.array(z.object({ id: z.string(), monthlyUsd: z.number() })),
  notEnabled: z
    .array(costLineSchema)
    .describe(
      'Options that are off in this environment, priced so the decision to turn them on is informed.',
    ),
  assumptions: z.array(z.object({ key: z.string(), value: z.number(), unit: z.string(), note: z.string() })),
  prices: z.array(
    z.object({
      id: z.string(),
      service: z.string(),
      description: z.string(),
      usd: z.number(),
      unit: z.string(),
      region: z.string(),
      source: z.string(),
      checked: z.string(),
    }),
  ),
});

const decision = z.enum(['Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied']);
const requestContext = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .describe('Request context keys the caller presents.');

export const simulatedCallSchema = z
  .object({
    principal: z.string(),
    action: z.string(),
    resource: z.string(),
    context: requestContext,
    expected: z.enum(['Allowed', 'ImplicitlyDenied']),
    decision,
    deciding: z.array(z.string()).describe('Sid (or #position) of each statement that decided.'),
    contextSource: z.string().describe('AWS documentation page of the request context used.'),
    passed: z.boolean(),
  })
  .describe('One request simulated with @cloud-copilot/iam-simulate over the synthesized policies.');

const routeSourceSchema = z.object({
  stack: z.string().describe('Stack id within the stage.'),
  logicalId: z.string(),
  resourceType: z.string().describe('AWS::Events::Rule or AWS::CloudWatch::Alarm.'),
  arn: z.string(),
});

export const alertRouteProofSchema = z
  .object({
    kind: z.enum([
      'rule-to-topic',
      'rule-to-cross-account-topic',
      'alarm-to-topic',
      'rule-to-role-target',
      'rule-to-function',
    ]),
    source: routeSourceSchema,
    eventSources: z.array(z.string()).describe('EventPattern.source of a rule (empty for alarms).'),
    target: z.string().describe('Topic, function, state machine or event bus ARN.'),
    key: z.string().nullable().describe('KMS key of the target topic.'),
    role: z.string().nullable().describe('Role EventBridge assumes to invoke the target.'),
    calls: z.array(simulatedCallSchema),
    passed: z.boolean().describe('Every call was Allowed.'),
  })
  .describe('An alert route found in the templates, with the simulated calls of its delivery.');

export const negativeProofSchema = z
  .object({
    case: z.string().describe('What must not happen.'),
    subject: z.string().describe('The topic or role attacked.'),
    source: routeSourceSchema.describe('The route whose topic, key or role the case is about.'),
    calls: z.array(simulatedCallSchema),
    passed: z.boolean().describe('Every call was denied.'),
  })
  .describe('A negative case of the alert routes: must be denied.');

const attackRequestSchema = z.object({
  persona: z.string().describe('Who makes the request (catalog persona).'),
  principal: z.string(),
  action: z.string(),
  resource: z.string(),
  context: requestContext,
  decision,
  deciding: z.array(z.string()).describe('Sid (or #position) of each statement that decided.'),
});

export const attackProofSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    ...attackRequestSchema.shape,
    expected: z.object({ decision, sid: z.string().nullable() }),
    evidences: z.array(z.string()).describe('Seed ids and framework controls the attack evidences.'),
    passed: z.boolean().describe('Stopped as expected (decision and deciding Sid) and the twin was Allowed.'),
    twin: z
      .object({ title: z.string(), ...attackRequestSchema.shape, passed: z.boolean() })
      .describe('The legitimate request of the same shape: must be Allowed.'),
  })
  .describe('An attack of compliance/attack-catalog.ts simulated over the synthesized policies.');

export const proofsSchema = z
  .object({
    evaluated: z
      .boolean()
      .describe('False when the proofs could not be evaluated (then every proof-backed status is not met).'),
    error: z.string().nullable().describe('Why the proofs could not be evaluated.'),
    alertRoutes: z.array(alertRouteProofSchema),
    alertRouteNegatives: z.array(negativeProofSchema),
    attacks: z.array(attackProofSchema),
  })
  .describe('Behaviour proven offline from the synthesized templates with a policy evaluator.');

export const reportSchema = z
  .object({
    schemaVersion: z.literal(1),
    generatedAt: z.string().describe('ISO-8601 time the report was generated.'),
    environment: z.object({
      stage: z.string(),
      account: z.string(),
      region: z.string(),
      production: z.boolean(),
      stacks: z.array(z.object({ id: z.string(), stackName: z.string(), resources: z.number().int() })),
      detectionExceptions: z
        .array(z.object({ setting: z.string(), reason: z.string() }))
        .describe(
          'Detection controls switched off in this environment (config detection.exceptions), each with the reason the configuration requires in production.',
        ),
    }),
    sources: z.object({
      requirements: z.string(),
      assembly: z.string(),
      commit: z
        .string()
        .describe(
          'Source commit the report was built from: `git rev-parse HEAD`, suffixed `-dirty` when the working tree had uncommitted changes; `unknown` outside a git checkout.',
        ),
      tools: z
        .record(z.string(), z.string())
        .describe(
          'Versions of the tools the report was built with (node, aws-cdk-lib, cdk-nag, cfn-lint when installed).',
        ),
      configFiles: z
        .array(
          z.object({
            environment: z.string(),
            file: z.string().describe('Configuration file the synth read, relative to the repository root.'),
            sha256: z.string().describe('SHA-256 of the file as the synth read it (hex).'),
          }),
        )
        .describe('The configuration files used, hashed at synth time (empty when the synth recorded none).'),
    }),
    summary: z.object({
      requirements: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      frameworkControls: z.number().int(),
      frameworkByStatus: z.record(z.string(), z.number().int()),
      findings: z.number().int(),
      acknowledgments: z.number().int().describe('Acknowledged cdk-nag findings (all packs).'),
      monthlyCostUsd: z.number(),
      evidenceByStrength: z
        .record(z.string(), z.object({ rows: z.number().int(), holding: z.number().int() }))
        .describe('Evidence rows of all requirements per strength, and how many of them hold.'),
      proofs: z
        .object({
          alertRoutes: z.number().int(),
          alertRoutesPassed: z.number().int(),
          negatives: z.number().int(),
          negativesPassed: z.number().int(),
          attacks: z.number().int(),
          attacksPassed: z.number().int(),
        })
        .describe('Counts of the simulated proofs and of those that decided as required.'),
    }),
    requirements: z.array(requirementResultSchema),
    frameworks: z.array(frameworkControlSchema),
    proofs: proofsSchema,
    nag: z.object({
      statsRecorded: z.boolean().describe('False when the assembly has no compliance-stats.json.'),
      packs: z.array(packResultSchema),
      cloudFormationFindings: z.array(findingSchema),
      cloudFormationAcknowledgments: z
        .array(acknowledgmentSchema)
        .describe(
          'Warnings of the built-in CloudFormation validator that aws-cdk-lib acknowledges itself (not cdk-nag).',
        ),
    }),
    cost: costSchema,
    diagram: z
      .object({ file: z.string(), nodes: z.number().int(), edges: z.number().int() })
      .describe('The architecture overview (also the first of `diagrams`).'),
    diagrams: z
      .array(
        z.object({
          id: z.enum(['architecture', 'data-protection', 'logging', 'alerting', 'network']),
          title: z.string(),
          file: z.string().describe('Self-contained SVG next to report.json.'),
          nodes: z.number().int(),
          edges: z.number().int(),
          width: z.number().int().describe('Width in px (at most 1,600: one screen).'),
          height: z.number().int(),
        }),
      )
      .describe('The architecture overview and the views: data protection, logging, alerting, network.'),
  })
  .describe(
    'Compliance report of one environment of the AWS security baseline (cdk.out/compliance/<Stage>/report.json).',
  );

export type EvidenceRow = z.infer<typeof evidenceRowSchema>;
export type PendingEvidenceRow = z.infer<typeof pendingEvidenceRowSchema>;
export type Acknowledgment = z.infer<typeof acknowledgmentSchema>;
export type FindingRow = z.infer<typeof findingSchema>;
export type ActivityResult = z.infer<typeof activitySchema>;
export type RequirementResult = z.infer<typeof requirementResultSchema>;
export type FrameworkControlResult = z.infer<typeof frameworkControlSchema>;
export type PackResult = z.infer<typeof packResultSchema>;
export type CostLine = z.infer<typeof costLineSchema>;
export type CostEstimate = z.infer<typeof costSchema>;
export type ComplianceReport = z.infer<typeof reportSchema>;
export type SimulatedCallResult = z.infer<typeof simulatedCallSchema>;
export type AlertRouteProofResult = z.infer<typeof alertRouteProofSchema>;
export type NegativeProofResult = z.infer<typeof negativeProofSchema>;
export type AttackProofResult = z.infer<typeof attackProofSchema>;
export type ProofResults = z.infer<typeof proofsSchema>;

/** JSON Schema of report.json (draft 2020-12), published as docs/report.schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
