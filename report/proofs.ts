/**
 * The offline proofs of one environment, evaluated from the cloud assembly for the report (proofs/, the
 * same code the tests assert): every alert route's delivery and its negative cases, and every attack of the
 * catalog with its legitimate twin. The result is report data (model.ts `proofs`); catalog entries with
 * `proof` evidence and the alerting view read it, so a failing or missing proof lowers the status.
 */
import {
  ATTACK_CATALOG,
  type Attack,
  ORG_ATTACK_CATALOG,
  type OrgAttack,
} from '../compliance/attack-catalog';
import { type AlertDeliveryProofs, proveAlertDelivery, type SimulatedCall } from '../proofs/alert-delivery';
import type { AlertRoute } from '../proofs/alert-routes';
import {
  type AttackResult,
  AttackEnvironment,
  type OrgAttackResult,
  OrgAttackEnvironment,
  type ResolvedRequest,
} from '../proofs/attack-evaluation';
import { PolicySimulator, type SimulationOutcome } from '../proofs/policy-simulation';
import { STACKSET_MEMBER_ACCOUNT } from '../proofs/resolved-assembly';
import type { ProofResults } from './model';

/** No proof evaluated: what the report says when the assembly cannot be simulated. */
export function proofsNotEvaluated(error: string): ProofResults {
  return { evaluated: false, error, alertRoutes: [], alertRouteNegatives: [], attacks: [] };
}

const callResult = (c: SimulatedCall) => ({
  principal: c.principal,
  action: c.action,
  resource: c.resource,
  context: { ...c.context },
  expected: c.expected,
  decision: c.decision,
  deciding: [...c.deciding],
  contextSource: c.contextSource,
  passed: c.passed,
});

function sourceOf(route: AlertRoute) {
  const { stack, logicalId, resource } = route.source;
  return {
    stack: stack.displayName.split('/').slice(1).join('/'),
    logicalId,
    resourceType: resource.Type,
    arn: route.sourceArn,
  };
}

function eventSourcesOf(sim: PolicySimulator, route: AlertRoute): string[] {
  if (route.source.resource.Type !== 'AWS::Events::Rule') return [];
  const pattern = sim.assembly.property(route.source, 'EventPattern') as { source?: unknown } | undefined;
  const source = pattern?.source;
  return (Array.isArray(source) ? source : source === undefined ? [] : [source]).map(String);
}

const deciding = (o: SimulationOutcome) => o.deciding.map((d) => d.sid ?? `#${d.index}`);
const request = (r: ResolvedRequest, o: SimulationOutcome) => ({
  persona: r.persona,
  principal: r.principal,
  action: r.action,
  resource: r.resource,
  context: Object.fromEntries(
    Object.entries(r.context).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
  ),
  decision: o.decision,
  deciding: deciding(o),
});

/** An evaluated attack of either catalog (the organization's only when it applies). */
type DecidedAttack = Pick<AttackResult, 'request' | 'outcome' | 'twinRequest' | 'twin' | 'asExpected'> & {
  readonly attack: Pick<Attack | OrgAttack, 'id' | 'title' | 'expected' | 'evidences' | 'twin'>;
};

function attackResult(r: DecidedAttack) {
  const { attack } = r;
  const twinPassed = r.twin.decision === 'Allowed';
  return {
    id: attack.id,
    title: attack.title,
    ...request(r.request, r.outcome),
    expected: {
      decision: attack.expected.decision,
      sid: attack.expected.decision === 'ExplicitlyDenied' ? attack.expected.sid : null,
    },
    evidences: [...attack.evidences],
    passed: r.asExpected && twinPassed,
    twin: { title: attack.twin.title, ...request(r.twinRequest, r.twin), passed: twinPassed },
  };
}

/** The alert routes and negative cases as report data. */
function deliveryResults(sim: PolicySimulator, delivery: AlertDeliveryProofs) {
  return {
    alertRoutes: delivery.routes.map((p) => ({
      kind: p.route.kind,
      source: sourceOf(p.route),
      eventSources: eventSourcesOf(sim, p.route),
      target: p.route.targetArn,
      key: p.route.topicKeyArn ?? null,
      role: p.route.roleArn ?? null,
      calls: p.calls.map(callResult),
      passed: p.passed,
    })),
    alertRouteNegatives: delivery.negatives.map((n) => ({
      case: n.title,
      subject: n.subject,
      source: sourceOf(n.route),
      calls: n.calls.map(callResult),
      passed: n.passed,
    })),
  };
}

/**
 * Evaluates the proofs of environment `stage` from the assembly at `assemblyDir`. An assembly that cannot be
 * resolved or simulated yields `evaluated: false` with the error (statuses that need a proof are then not
 * met), never an exception that would hide the rest of the report.
 */
export async function evaluateProofs(
  assemblyDir: string,
  stage: string,
  catalog: readonly Attack[] = ATTACK_CATALOG,
): Promise<ProofResults> {
  try {
    const sim = PolicySimulator.forAssembly(assemblyDir);
    const delivery = await proveAlertDelivery(sim, stage);
    const env = new AttackEnvironment(sim, stage);
    const attacks: AttackResult[] = [];
    for (const attack of catalog) attacks.push(await env.evaluate(attack));
    return {
      evaluated: true,
      error: null,
      ...deliveryResults(sim, delivery),
      attacks: attacks.map(attackResult),
    };
  } catch (e) {
    return proofsNotEvaluated(`${stage}: ${(e as Error).message}`);
  }
}

/** The organization's proofs: the environment proofs' shape, and the catalog entries that do not apply. */
export type OrganizationProofs = ProofResults & {
  /** The member account the member template's StackSet instance was proven in (a stand-in). */
  readonly memberAccount: string;
  readonly organizationId: string;
  /** Entries of the organization catalog whose policy statement the templates do not have. */
  readonly notApplicable: readonly { id: string; title: string; missingStatement: string }[];
};

/** No organization proof evaluated (the view then shows every proof as failing). */
export function organizationProofsNotEvaluated(organizationId: string, error: string): OrganizationProofs {
  return {
    ...proofsNotEvaluated(error),
    memberAccount: STACKSET_MEMBER_ACCOUNT,
    organizationId,
    notApplicable: [],
  };
}

/**
 * Evaluates the Org stage's proofs from the assembly: every alert route of the Org stacks and of the member
 * template (as its StackSet instance in a member account of `organizationId`, cross-account delivery to the
 * organization topic included), their negative cases, and the organization attack catalog.
 */
export async function evaluateOrganizationProofs(
  assemblyDir: string,
  organizationId: string,
  stage = 'Org',
  catalog: readonly OrgAttack[] = ORG_ATTACK_CATALOG,
): Promise<OrganizationProofs> {
  try {
    const sim = PolicySimulator.forAssembly(assemblyDir);
    const delivery = await proveAlertDelivery(sim, stage, { organizationId });
    const env = new OrgAttackEnvironment(sim, { organizationId }, stage);
    const results: OrgAttackResult[] = [];
    for (const attack of catalog) results.push(await env.evaluate(attack));
    return {
      evaluated: true,
      error: null,
      memberAccount: STACKSET_MEMBER_ACCOUNT,
      organizationId,
      ...deliveryResults(sim, delivery),
      attacks: results
        .filter((r) => r.applicable)
        .map((r) =>
          attackResult({
            attack: r.attack,
            request: r.request!,
            outcome: r.outcome!,
            twinRequest: r.twinRequest!,
            twin: r.twin!,
            asExpected: r.asExpected,
          }),
        ),
      notApplicable: results
        .filter((r) => !r.applicable)
        .map((r) => ({
          id: r.attack.id,
          title: r.attack.title,
          missingStatement: `${r.attack.appliesIf!.of} ${r.attack.appliesIf!.sid}`,
        })),
    };
  } catch (e) {
    return organizationProofsNotEvaluated(organizationId, `${stage}: ${(e as Error).message}`);
  }
}

/** `Stack:LogicalId` of every rule and alarm all of whose routes were proven delivered (the alerting view). */
export function provenSources(proofs: ProofResults): Set<string> {
  const bySource = new Map<string, boolean>();
  for (const r of proofs.alertRoutes) {
    const key = `${r.source.stack}:${r.source.logicalId}`;
    bySource.set(key, (bySource.get(key) ?? true) && r.passed);
  }
  return new Set([...bySource].filter(([, ok]) => ok).map(([k]) => k));
}

/** Counts for the summary. */
export function proofCounts(proofs: ProofResults) {
  const passed = (xs: readonly { passed: boolean }[]) => xs.filter((x) => x.passed).length;
  return {
    alertRoutes: proofs.alertRoutes.length,
    alertRoutesPassed: passed(proofs.alertRoutes),
    negatives: proofs.alertRouteNegatives.length,
    negativesPassed: passed(proofs.alertRouteNegatives),
    attacks: proofs.attacks.length,
    attacksPassed: passed(proofs.attacks),
  };
}
