/**
 * Evidence rows of `proof` catalog evidence: one row per simulated proof the evidence selects (an alert
 * route, a negative case, an attack), read from the proofs the report evaluated for the environment
 * (report/proofs.ts). Holds only when proofs were selected and all passed; missing proofs never hold.
 */
import type { ProofEvidence } from './catalog/types';
import type { EvidenceRow, ProofResults, SimulatedCallResult } from './model';

/** What `evaluateEvidence` returns (kept structural to avoid an import cycle with evidence.ts). */
export interface EvaluatedProofEvidence {
  readonly rows: EvidenceRow[];
  readonly holds: boolean;
}

const calls = (cs: readonly SimulatedCallResult[]) =>
  cs
    .map((c) => `${c.action} ${c.decision}${c.deciding.length ? ` (${c.deciding.join(', ')})` : ''}`)
    .join('; ');

const actions = (cs: readonly SimulatedCallResult[]) => [...new Set(cs.map((c) => c.action))].join(', ');

export function evaluateProofEvidence(
  e: ProofEvidence,
  stage: string,
  proofs: ProofResults | undefined,
): EvaluatedProofEvidence {
  const base = {
    kind: 'simulation' as const,
    strength: 'simulated' as const,
    stage,
    stack: '',
    logicalId: '',
    resourceType: '',
    test: e.test,
    proves: e.proves,
  };
  if (!proofs || !proofs.evaluated) {
    return {
      holds: false,
      rows: [
        {
          ...base,
          propertyPath: e.proof,
          expected: 'proofs evaluated from the synthesized templates',
          actual: `proofs not evaluated${proofs?.error ? `: ${proofs.error}` : ''}`,
          result: 'fail',
        },
      ],
    };
  }
  let rows: EvidenceRow[];
  switch (e.proof) {
    case 'alert-routes': {
      const selected = proofs.alertRoutes.filter(
        (r) => !e.eventSources || r.eventSources.some((s) => e.eventSources!.includes(s)),
      );
      rows = selected.map((r) => ({
        ...base,
        stack: r.source.stack,
        logicalId: r.source.logicalId,
        resourceType: r.source.resourceType,
        propertyPath: `delivery to ${r.target}`,
        expected: r.calls.length
          ? `Allowed: ${actions(r.calls)}`
          : 'Allowed (topic encrypted with a key of the assembly)',
        actual: r.calls.length ? calls(r.calls) : 'no call simulated: the topic has no key of the assembly',
        result: r.passed ? 'pass' : 'fail',
      }));
      break;
    }
    case 'alert-route-negatives':
      rows = proofs.alertRouteNegatives.map((n) => ({
        ...base,
        stack: n.source.stack,
        logicalId: n.source.logicalId,
        resourceType: n.source.resourceType,
        propertyPath: `${n.case}: ${n.subject}`,
        expected: `denied: ${actions(n.calls)}`,
        actual: calls(n.calls),
        result: n.passed ? 'pass' : 'fail',
      }));
      break;
    case 'attack-catalog':
      rows = proofs.attacks
        .filter((a) => a.evidences.includes(e.requirement))
        .map((a) => ({
          ...base,
          logicalId: a.id,
          propertyPath: `${a.id} ${a.title} (${a.persona}: ${a.action} on ${a.resource})`,
          expected: `${a.expected.decision}${a.expected.sid ? ` by ${a.expected.sid}` : ''}; twin Allowed`,
          actual: `${a.decision}${a.deciding.length ? ` by ${a.deciding.join(', ')}` : ''}; twin ${a.twin.decision}`,
          result: a.passed ? 'pass' : 'fail',
        }));
      break;
  }
  if (rows.length === 0) {
    return {
      holds: false,
      rows: [
        {
          ...base,
          propertyPath: e.proof,
          expected: 'at least one proof',
          actual: 'no proof of this kind found in the environment',
          result: 'no-resource',
        },
      ],
    };
  }
  return { holds: rows.every((r) => r.result === 'pass'), rows };
}
