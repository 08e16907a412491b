/**
 * The offline proofs of one environment, evaluated from the cloud assembly for the report (proofs/, the
 * same code the tests assert): every alert route's delivery and its negative cases, and every attack of the
 * catalog with its legitimate twin. The result is report data (model.ts `proofs`); catalog entries with
 * `proof` evidence and the alerting view read it, so a failing or missing proof lowers the status.
 */
import { ATTACK_CATALOG, type Attack } from '../compliance/attack-catalog';
import { proveAlertDelivery, type SimulatedCall } from '../proofs/alert-delivery';
import type { AlertRoute } from '../proofs/alert-routes';
import { type AttackResult, AttackEnvironment, type ResolvedRequest } from '../proofs/attack-evaluation';
import { PolicySimulator, type SimulationOutcome } from '../proofs/policy-simulation';
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

function attackResult(r: AttackResult) {
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
      attacks: attacks.map(attackResult),
    };
  } catch (e) {
    return proofsNotEvaluated(`${stage}: ${(e as Error).message}`);
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
