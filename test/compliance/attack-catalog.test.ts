/**
 * The attack catalog (compliance/attack-catalog.ts), evaluated over the synthesized templates of every
 * environment with @cloud-copilot/iam-simulate: every attack is stopped as expected (decision and deciding
 * statement), and its legitimate twin is Allowed, so a deny-everything policy cannot pass.
 */
import { ATTACK_CATALOG } from '../../compliance/attack-catalog';
import { loadRequirements } from '../../report/requirements';
import { STAGES, testSimulator } from '../support/assembly';
import { AttackEnvironment } from '../../proofs/attack-evaluation';

/**
 * What an attack may name as its evidence: a requirement id of the document, a framework control in the form
 * the catalog writes it (`NIST.800-53 AC-6(10)`, `CIS 1.16`, `CT.KMS.PR.3`), or the AWS practice it
 * demonstrates. A mistyped id (`SM 6`, `NIST AC-3`) evidences nothing, so it must not pass as one.
 */
const FRAMEWORK_ID = /^(NIST\.800-53 [A-Z]{2}-\d+(\(\d+\))?|CIS \d+\.\d+|CT\.[A-Z0-9]+\.PR\.\d+)$/;
const PRACTICES = ['IAM confused-deputy prevention'];

/** `attack -> evidence` for every evidence of `catalog` that is neither a requirement id nor a framework id. */
function unknownEvidences(catalog: readonly { id: string; evidences: readonly string[] }[]): string[] {
  const requirements = new Set(loadRequirements().map((r) => r.id));
  return catalog.flatMap((a) =>
    a.evidences
      .filter((e) => !requirements.has(e) && !FRAMEWORK_ID.test(e) && !PRACTICES.includes(e))
      .map((e) => `${a.id} -> ${e}`),
  );
}

/** Ids of the attacks of `catalog` that evidence no requirement id and no framework control. */
function evidencingNothing(catalog: readonly { id: string; evidences: readonly string[] }[]): string[] {
  const requirements = new Set(loadRequirements().map((r) => r.id));
  return catalog
    .filter((a) => !a.evidences.some((e) => requirements.has(e) || FRAMEWORK_ID.test(e)))
    .map((a) => a.id);
}

describe('attack catalog', () => {
  test('has at least 40 attacks with unique ids, each evidencing at least one seed or framework id', () => {
    expect(ATTACK_CATALOG.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ATTACK_CATALOG.map((a) => a.id)).size).toBe(ATTACK_CATALOG.length);
    expect(evidencingNothing(ATTACK_CATALOG)).toEqual([]);
    expect(unknownEvidences(ATTACK_CATALOG)).toEqual([]);
  });

  test('every seed id an attack evidences is a requirement of the document (a mistyped id evidences nothing)', () => {
    const ids = new Set(loadRequirements().map((r) => r.id));
    const seedIds = ATTACK_CATALOG.flatMap((a) =>
      a.evidences.filter((e) => /^[A-Z]+\d+[a-e]?$/.test(e)).map((e) => `${a.id} -> ${e}`),
    );
    expect(seedIds.length).toBeGreaterThan(0);
    expect(seedIds.filter((x) => !ids.has(x.split(' -> ')[1]))).toEqual([]);
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
