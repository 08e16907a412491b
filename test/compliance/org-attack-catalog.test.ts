/**
 * The organization attack catalog (compliance/attack-catalog.ts ORG_ATTACK_CATALOG), evaluated over the Org
 * stage of the shared test assembly with @cloud-copilot/iam-simulate: every attack on the log archive, the
 * organization topic and key, and the member template's roles is stopped, and its legitimate twin (AWS Config
 * of a member delivering, the member's publisher role publishing, a named operator with MFA) is allowed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ORG_ATTACK_CATALOG } from '../../compliance/attack-catalog';
import { ROOT } from '../../lib/app';
import { OrgAttackEnvironment } from '../../proofs/attack-evaluation';
import { orgTestSimulator } from '../support/assembly';
import { evidencingNothing, unknownEvidences } from '../support/attack-evidence';

const ORG = parse(fs.readFileSync(path.join(ROOT, 'config', 'organization.yaml'), 'utf8')) as {
  organization: { id: string };
  controlTower: { enabled: boolean; owns: { trail: boolean } };
};
const env = new OrgAttackEnvironment(orgTestSimulator(), { organizationId: ORG.organization.id });
const applicable = ORG_ATTACK_CATALOG.filter((a) => env.applies(a));

describe('organization attack catalog', () => {
  test('has unique ids, distinct from the environment catalog, each evidencing a seed or framework id', () => {
    expect(ORG_ATTACK_CATALOG.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ORG_ATTACK_CATALOG.map((a) => a.id)).size).toBe(ORG_ATTACK_CATALOG.length);
    for (const a of ORG_ATTACK_CATALOG) expect([a.id, a.id.startsWith('ORG-')]).toEqual([a.id, true]);
    expect(evidencingNothing(ORG_ATTACK_CATALOG)).toEqual([]);
    // A mistyped id (`SM 6`) is unknown: it evidences nothing.
    expect(unknownEvidences(ORG_ATTACK_CATALOG)).toEqual([]);
  });

  test('the organization trail entry does not apply while Control Tower owns the trail (the archive has no trail statement)', () => {
    expect(ORG.controlTower).toMatchObject({ enabled: true, owns: { trail: true } });
    expect(ORG_ATTACK_CATALOG.filter((a) => !env.applies(a)).map((a) => a.id)).toEqual(['ORG-S3-06']);
  });

  test.each(applicable.map((a) => [`${a.id} ${a.title}`, a] as const))(
    '%s: stopped, twin allowed',
    async (_, attack) => {
      const result = await env.evaluate(attack);
      expect({ id: attack.id, decision: result.outcome!.decision }).toEqual({
        id: attack.id,
        decision: attack.expected.decision,
      });
      expect({ id: attack.id, twin: attack.twin.title, decision: result.twin!.decision }).toEqual({
        id: attack.id,
        twin: attack.twin.title,
        decision: 'Allowed',
      });
      expect(result.passed).toBe(true);
    },
  );

  test('the outsider is in another organization and the member administrator in this one (the context decides, not a missing key)', async () => {
    const outsider = await env.run(ORG_ATTACK_CATALOG.find((a) => a.id === 'ORG-SNS-01')!);
    const memberAdmin = await env.run(ORG_ATTACK_CATALOG.find((a) => a.id === 'ORG-SNS-02')!);
    expect(outsider.resolved.context['aws:PrincipalOrgID']).toBe('o-zz99zz99zz');
    expect(memberAdmin.resolved.context['aws:PrincipalOrgID']).toBe(ORG.organization.id);
  });
});
