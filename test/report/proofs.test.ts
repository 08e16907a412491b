/**
 * The report's proofs (report/proofs.ts) decide statuses: SM5/SM7 read the alert-route proofs, DP4, DP7,
 * DP8 and AA7 the attack catalog. A failing proof, a proof that was not evaluated, or a requirement no proof
 * evidences must make the status "not met"; the alerting view marks only proven routes.
 */
import * as path from 'node:path';
import { ATTACK_CATALOG, type Attack } from '../../compliance/attack-catalog';
import { ROOT } from '../../lib/app';
import { loadConfigs } from '../../lib/config/load';
import { readAssembly } from '../../report/assembly';
import { attackProofs, negativeRouteProofs, routeProofs } from '../../report/catalog/rows';
import type { CatalogEntry } from '../../report/catalog/types';
import { environmentGraphs } from '../../report/diagram';
import type { AlertRouteProofResult, ProofResults } from '../../report/model';
import { evaluateProofs, proofCounts, proofsNotEvaluated, provenSources } from '../../report/proofs';
import { requirementResult } from '../../report/status';
import { TEST_ASSEMBLY_DIR } from '../support/assembly';
import { nonEmpty } from '../support/non-empty';

/** Fixture ARNs (no 'arn:aws:' literals). */
const PARTITION = 'aws';

const config = loadConfigs(path.join(ROOT, 'config')).find(
  (c) => c.config.environment.name === 'Prod',
)!.config;
const prod = readAssembly(TEST_ASSEMBLY_DIR).stages.find((s) => s.stage === 'Prod')!;

const entry = (evidence: CatalogEntry['evidence']): CatalogEntry => ({
  id: 'DP4',
  text: 'Secure API key storage',
  kind: 'infrastructure',
  summary: 'The secrets key is usable only through Secrets Manager.',
  constructs: [],
  evidence,
  frameworks: { nist: ['SC-28'] },
  nagRules: [],
});

function statusWith(e: CatalogEntry, proofs: ProofResults | undefined) {
  return requirementResult({
    requirement: { id: e.id, text: e.text, phase: 'Phase 1' },
    entry: e,
    pending: [],
    acknowledgments: [],
    evidence: { stage: 'Prod', config, stacks: prod.stacks, root: ROOT, proofs },
  });
}

let proofs: ProofResults;
beforeAll(async () => {
  proofs = await evaluateProofs(TEST_ASSEMBLY_DIR, 'Prod');
});

describe('proofs evaluated by the report from the synthesized Prod templates', () => {
  test('every alert route is delivered, every negative case denied, every attack stopped with its twin allowed', () => {
    expect(proofs.error).toBeNull();
    const counts = proofCounts(proofs);
    expect(counts.alertRoutes).toBeGreaterThanOrEqual(25);
    expect(counts.attacks).toBe(ATTACK_CATALOG.length);
    // Without negative cases "every negative passed" would hold vacuously.
    expect(counts.negatives).toBeGreaterThan(0);
    expect(counts).toEqual({
      ...counts,
      alertRoutesPassed: counts.alertRoutes,
      negativesPassed: counts.negatives,
      attacksPassed: counts.attacks,
    });
  });

  test('each simulated call names the AWS page documenting its request context', () => {
    const calls = proofs.alertRoutes.flatMap((r) => r.calls);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.contextSource).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe('statuses follow from the proofs', () => {
  const dp4 = entry([attackProofs('DP4', 'the secrets key and secrets resist the catalog')]);

  test('met when every attack evidencing the id passed', () => {
    const r = statusWith(dp4, proofs);
    expect(r.status).toBe('met');
    expect(r.evidence.length).toBe(proofs.attacks.filter((a) => a.evidences.includes('DP4')).length);
    expect(r.evidence.every((e) => e.kind === 'simulation' && e.result === 'pass')).toBe(true);
  });

  test('fails (not met) when one attack is allowed', async () => {
    // GIVEN the first DP4 attack of the catalog, expected to be stopped by a statement that does not stop it
    const attack = ATTACK_CATALOG.find((a) => a.evidences.includes('DP4'))!;
    const wrong: Attack = { ...attack, expected: { decision: 'ExplicitlyDenied', sid: 'NoSuchStatement' } };
    const failing = await evaluateProofs(TEST_ASSEMBLY_DIR, 'Prod', [wrong]);
    expect(failing.attacks.map((a) => [a.id, a.passed])).toEqual([[attack.id, false]]);
    // THEN the status drops
    const r = statusWith(dp4, failing);
    expect(r.status).toBe('not met');
    expect(r.statusReason).toContain(attack.id);
  });

  test('fails (not met) when the proofs were not evaluated, or not given at all', () => {
    expect(statusWith(dp4, proofsNotEvaluated('Prod: the assembly is unreadable')).status).toBe('not met');
    expect(statusWith(dp4, undefined).status).toBe('not met');
  });

  test('fails (not met) when no attack evidences the id', () => {
    const r = statusWith(entry([attackProofs('NO-SUCH-ID', 'nothing')]), proofs);
    expect(r.status).toBe('not met');
    expect(r.evidence.map((e) => e.result)).toEqual(['no-resource']);
  });

  test('fails (not met) when one alert route is not delivered', () => {
    // GIVEN the proofs with the first route's key call denied
    const [first, ...rest] = proofs.alertRoutes;
    const denied = {
      ...first,
      passed: false,
      calls: first.calls.map((c) => ({ ...c, decision: 'ImplicitlyDenied' as const, passed: false })),
    };
    const sm5 = { ...entry([routeProofs('every route is delivered')]), id: 'SM5' };
    expect(statusWith(sm5, proofs).status).toBe('met');
    // THEN
    const r = statusWith(sm5, { ...proofs, alertRoutes: [denied, ...rest] });
    expect(r.status).toBe('not met');
    expect(r.evidence.filter((e) => e.result === 'fail').map((e) => e.logicalId)).toEqual([
      first.source.logicalId,
    ]);
  });

  test('fails (not met) when one negative case is allowed (SM5 cites the negative cases)', () => {
    // GIVEN the proofs with the first negative case's calls allowed (what must not reach the topic does)
    const [first, ...rest] = proofs.alertRouteNegatives;
    const allowed = {
      ...first,
      passed: false,
      calls: first.calls.map((c) => ({ ...c, decision: 'Allowed' as const, passed: false })),
    };
    const sm5 = { ...entry([negativeRouteProofs('the topics refuse what must not reach them')]), id: 'SM5' };
    const met = statusWith(sm5, proofs);
    expect(met.status).toBe('met');
    expect(met.evidence.map((e) => e.result)).toEqual(proofs.alertRouteNegatives.map(() => 'pass'));
    // THEN
    const r = statusWith(sm5, { ...proofs, alertRouteNegatives: [allowed, ...rest] });
    expect(r.status).toBe('not met');
    expect(r.evidence.filter((e) => e.result === 'fail').map((e) => e.propertyPath)).toEqual([
      `${first.case}: ${first.subject}`,
    ]);
  });

  test('route proofs filtered by event source select only those rules', () => {
    const sm7 = entry([routeProofs('GuardDuty findings are delivered', ['aws.guardduty'])]);
    const rows = statusWith(sm7, proofs).evidence;
    const guardDuty = proofs.alertRoutes.filter((r) => r.eventSources.includes('aws.guardduty'));
    expect(guardDuty.length).toBeGreaterThan(0);
    expect(rows.map((e) => e.logicalId)).toEqual(guardDuty.map((r) => r.source.logicalId));
  });
});

describe('the alerting view marks a route proven only when its simulation passed', () => {
  const marks = (proven: Set<string>) => {
    const graph = environmentGraphs(prod.stacks, 'Prod', config.environment.region, proven).find(
      (g) => g.id === 'alerting',
    )!;
    return new Map(graph.nodes.filter((n) => n.mark).map((n) => [n.id, n.mark!.text]));
  };

  test('proven routes are marked "delivery proven"; a failed one is not', () => {
    const all = marks(provenSources(proofs));
    expect([...all.values()].filter((t) => t === 'delivery proven').length).toBeGreaterThan(3);
    // GIVEN one rule's route failed
    const rule = proofs.alertRoutes.find(
      (r) =>
        r.source.resourceType === 'AWS::Events::Rule' && all.has(`${r.source.stack}:${r.source.logicalId}`),
    )!;
    const key = `${rule.source.stack}:${rule.source.logicalId}`;
    const failed = {
      ...proofs,
      alertRoutes: proofs.alertRoutes.map((r) => (r === rule ? { ...r, passed: false } : r)),
    };
    // THEN that rule is no longer proven, the others stay
    const after = marks(provenSources(failed));
    expect(after.get(key)).toBe('delivery not yet proven');
    expect(all.get(key)).toBe('delivery proven');
  });

  test('without proofs nothing is marked proven', () => {
    // Every rule and alarm of the view is still marked, as not yet proven (an empty list would prove nothing).
    const marked = nonEmpty([...marks(provenSources(proofsNotEvaluated('none'))).values()], 'marked route');
    expect(new Set(marked)).toEqual(new Set(['delivery not yet proven']));
  });
});

describe('provenSources: a rule or alarm is proven only when every route of it passed', () => {
  const route = (logicalId: string, passed: boolean): AlertRouteProofResult => ({
    kind: 'rule-to-topic',
    source: {
      stack: 'Audit',
      logicalId,
      resourceType: 'AWS::Events::Rule',
      arn: `arn:${PARTITION}:events:eu-west-1:222222222222:rule/${logicalId}`,
    },
    eventSources: ['aws.guardduty'],
    target: `arn:${PARTITION}:sns:eu-west-1:222222222222:security`,
    key: null,
    role: null,
    calls: [],
    passed,
  });
  const proven = (alertRoutes: AlertRouteProofResult[]) => [
    ...provenSources({ ...proofsNotEvaluated('unused'), evaluated: true, error: null, alertRoutes }),
  ];

  test('a rule with two passing routes is proven', () => {
    expect(proven([route('Rule', true), route('Rule', true)])).toEqual(['Audit:Rule']);
  });

  test('fails (not proven) when one of its routes failed, whichever comes first; other rules stay proven', () => {
    expect(proven([route('Rule', true), route('Rule', false), route('Other', true)])).toEqual([
      'Audit:Other',
    ]);
    expect(proven([route('Rule', false), route('Rule', true), route('Other', true)])).toEqual([
      'Audit:Other',
    ]);
  });
});
