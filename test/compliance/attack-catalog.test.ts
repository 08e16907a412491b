/**
 * The attack catalog (compliance/attack-catalog.ts), evaluated over the synthesized templates of every
 * environment with @cloud-copilot/iam-simulate: every attack is stopped as expected (decision and deciding
 * statement), and its legitimate twin is Allowed, so a deny-everything policy cannot pass.
 */
import { ATTACK_CATALOG } from '../../compliance/attack-catalog';
import { STAGES, testSimulator } from '../support/assembly';
import { evidencingNothing, requirementEvidences, unknownEvidences } from '../support/attack-evidence';
import { AttackEnvironment } from '../../proofs/attack-evaluation';

describe('attack catalog', () => {
  test('has at least 40 attacks with unique ids, each evidencing at least one seed or framework id', () => {
    expect(ATTACK_CATALOG.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ATTACK_CATALOG.map((a) => a.id)).size).toBe(ATTACK_CATALOG.length);
    expect(evidencingNothing(ATTACK_CATALOG)).toEqual([]);
    // A mistyped id (`DP44`, `SM 6`) is unknown: it evidences nothing.
    expect(unknownEvidences(ATTACK_CATALOG)).toEqual([]);
    expect(requirementEvidences(ATTACK_CATALOG).length).toBeGreaterThan(0);
  });
});

describe.each(STAGES)('%s: every attack is stopped and its legitimate twin is allowed', (stage) => {
  const env = new AttackEnvironment(testSimulator(), stage);

  test.each(ATTACK_CATALOG.map((a) => [`${a.id} ${a.title}`, a] as const))('%s', async (_, attack) => {
    const result = await env.evaluate(attack);
    const deciding = result.outcome.deciding.map((d) => d.sid ?? `#${d.index}`);
    expect({ id: attack.id, decision: result.outcome.decision, deciding }).toEqual({
      id: attack.id,
      decision: attack.expected.decision,
      deciding:
        attack.expected.decision === 'ExplicitlyDenied' ? expect.arrayContaining([attack.expected.sid]) : [],
    });
    expect({ id: attack.id, twin: attack.twin.title, decision: result.twin.decision }).toEqual({
      id: attack.id,
      twin: attack.twin.title,
      decision: 'Allowed',
    });
  });
});
