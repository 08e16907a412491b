import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { loadConfigs } from '../../lib/config/load';
import type { CatalogEntry, TemplateEvidence } from '../../report/catalog/types';
import { m, whenConfig } from '../../report/catalog/types';
import type { StackTemplate } from '../../report/assembly';
import type { Acknowledgment, RequirementResult } from '../../report/model';
import { compareControlIds, frameworkControls, requirementResult, worstStatus } from '../../report/status';

const config = loadConfigs(path.join(ROOT, 'config')).find(
  (c) => c.config.environment.name === 'Prod',
)!.config;
const stacks: StackTemplate[] = [
  {
    id: 'Foundation',
    displayName: 'Prod/Foundation',
    stackName: 'Prod-Foundation',
    template: { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } } } },
  },
];
const requirement = { id: 'X1', text: 'Do the thing', phase: 'Phase 1: Test' };
const rotation: TemplateEvidence = {
  kind: 'template',
  stack: 'Foundation',
  resourceType: 'AWS::KMS::Key',
  propertyPath: 'EnableKeyRotation',
  expected: true,
  test: 'test/x.test.ts › y',
  proves: 'keys rotate',
};
const entry = (overrides: Partial<CatalogEntry> = {}): CatalogEntry => ({
  id: 'X1',
  text: 'Do the thing',
  kind: 'infrastructure',
  summary: 'Keys rotate every year, as the property shows.',
  constructs: [],
  evidence: [rotation],
  frameworks: { nist: ['SC-12'], cis: ['3.6'] },
  nagRules: ['AwsSolutions-KMS5'],
  ...overrides,
});
const ack: Acknowledgment = {
  pack: 'AwsSolutions',
  rule: 'AwsSolutions-KMS5',
  stack: 'Prod/Foundation',
  logicalId: 'Key',
  path: 'Prod/Foundation/Key/Resource',
  reason: 'an auditable reason of enough length',
  matchedFinding: true,
};

function status(
  e: CatalogEntry | undefined,
  options: { pending?: TemplateEvidence[]; acks?: Acknowledgment[] } = {},
) {
  return requirementResult({
    requirement,
    entry: e,
    pending: options.pending ?? [],
    acknowledgments: options.acks ?? [],
    evidence: { stage: 'Prod', config, stacks, root: ROOT },
  });
}

describe('requirement status', () => {
  test('met when every evidence row holds', () => {
    expect(status(entry()).status).toBe('met');
  });

  test('met with acknowledged exceptions when a rule that checks it is acknowledged in the environment', () => {
    const r = status(entry(), { acks: [ack, { ...ack, rule: 'AwsSolutions-S1' }] });
    expect(r.status).toBe('met with acknowledged exceptions');
    expect(r.acknowledgedExceptions.map((a) => a.rule)).toEqual(['AwsSolutions-KMS5']);
  });

  test('a per-finding acknowledgment counts for its rule', () => {
    const r = status(entry({ nagRules: ['AwsSolutions-IAM5'] }), {
      acks: [{ ...ack, rule: 'AwsSolutions-IAM5[Resource::*]' }],
    });
    expect(r.status).toBe('met with acknowledged exceptions');
  });

  test('evidence pending (never met) while rows from unmerged stacks remain', () => {
    const r = status(entry(), { pending: [{ ...rotation, stack: 'Edge' }] });
    expect(r.status).toBe('evidence pending');
    expect(r.statusReason).toContain('Edge');
    expect(r.pendingEvidence).toHaveLength(1);
  });

  test('evidence pending (never met with acknowledged exceptions) while rows are pending, whatever is acknowledged', () => {
    const r = status(entry(), { pending: [{ ...rotation, stack: 'Edge' }], acks: [ack] });
    expect(r.status).toBe('evidence pending');
    expect(r.pendingEvidence).toEqual([
      {
        stack: 'Edge',
        resourceType: 'AWS::KMS::Key',
        propertyPath: 'EnableKeyRotation',
        expected: 'true',
        test: 'test/x.test.ts › y',
        proves: 'keys rotate',
      },
    ]);
  });

  test('evidence pending for an activity until its record is attached', () => {
    expect(status(entry({ kind: 'process', activityRecord: 'reports linked in docs' })).status).toBe(
      'evidence pending',
    );
  });

  test('not applicable with the reason when every row is disabled by configuration', () => {
    const r = status(
      entry({ evidence: [{ ...rotation, enabledWhen: whenConfig('environment.production', false) }] }),
    );
    expect(r.status).toBe('not applicable');
    expect(r.statusReason).toContain('environment.production = false');
  });

  test('not applicable when the entry says so', () => {
    const r = status(entry({ notApplicable: 'no containers' }));
    expect(r.status).toBe('not applicable');
    expect(r.statusReason).toBe('no containers');
  });

  test('application responsibility keeps the mitigations and their evidence', () => {
    const r = status(
      entry({ kind: 'application', application: { responsibility: 'encode output', mitigations: ['CSP'] } }),
    );
    expect(r.status).toBe('application responsibility');
    expect(r.application).toEqual({ responsibility: 'encode output', mitigations: ['CSP'] });
    expect(r.evidence[0].result).toBe('pass');
  });

  test('fails (not met) when evidence does not hold, even if other rows are pending', () => {
    const r = status(entry({ evidence: [{ ...rotation, expected: false }] }), { pending: [rotation] });
    expect(r.status).toBe('not met');
    expect(r.statusReason).toContain('EnableKeyRotation');
  });

  test('fails (not met) when the catalog has no entry or no evidence', () => {
    expect(status(undefined).status).toBe('not met');
    expect(status(entry({ evidence: [] })).status).toBe('not met');
  });
});

describe('evidence strength decides through the status (report/strength.ts gate in requirementResult)', () => {
  // SM5 declares `simulated` (REQUIRED_STRENGTH): alert delivery is proven offline, so a template property
  // that holds is not enough. The row above (EnableKeyRotation) holds and is template evidence.
  const sm5 = entry({ id: 'SM5' });
  const gated = {
    status: 'not met',
    requiredStrength: 'simulated',
    strongestEvidence: 'template',
    statusReason:
      'needs simulated evidence (a policy decision evaluated by @cloud-copilot/iam-simulate from the synthesized templates); the strongest that holds is template',
  };

  test('fails (not met) when only a template property holds for an id that needs a simulation', () => {
    // The same entry under an id that needs template evidence is met: only the id's declaration lowers it.
    expect(status(entry()).status).toBe('met');
    const r = status(sm5);
    expect(r.evidence.map((e) => [e.strength, e.result])).toEqual([['template', 'pass']]);
    expect(r).toMatchObject(gated);
  });

  test('fails (not met) with acknowledged exceptions too: the gate lowers "met with acknowledged exceptions"', () => {
    expect(status(entry(), { acks: [ack] }).status).toBe('met with acknowledged exceptions');
    const r = status(sm5, { acks: [ack] });
    expect(r.acknowledgedExceptions.map((a) => a.rule)).toEqual(['AwsSolutions-KMS5']);
    expect(r).toMatchObject(gated);
  });
});

describe('framework controls', () => {
  const result = (id: string, s: RequirementResult['status'], nist: string[]): RequirementResult =>
    ({
      ...status(entry()),
      id,
      status: s,
      frameworks: { cis: [], fsbp: [], nist, soc2: [] },
    }) as RequirementResult;

  test('take the worst status of their requirements; not applicable only if all are', () => {
    const controls = frameworkControls([
      result('A', 'met', ['SC-28', 'AC-2']),
      result('B', 'evidence pending', ['SC-28']),
      result('C', 'not applicable', ['AC-2', 'CM-7']),
    ]);
    const of = (id: string) => controls.find((c) => c.id === id)!;
    expect(of('SC-28').status).toBe('evidence pending');
    expect(of('SC-28').requirements).toEqual(['A', 'B']);
    expect(of('AC-2').status).toBe('met');
    expect(of('CM-7').status).toBe('not applicable');
    expect(of('SC-28').title).toBe('Protection of Information at Rest');
  });

  test('worst status orders not met first', () => {
    expect(worstStatus(['met', 'not met', 'evidence pending'])).toBe('not met');
    expect(worstStatus(['not applicable'])).toBe('not applicable');
  });

  // The order model.ts documents for STATUSES (worst first): not met, evidence pending, application
  // responsibility, met with acknowledged exceptions, met; not applicable only when every member is.
  test('worst status: each status is worse than the ones after it, in both argument orders', () => {
    const worstFirst = [
      'not met',
      'evidence pending',
      'application responsibility',
      'met with acknowledged exceptions',
      'met',
    ] as const;
    for (const [i, worse] of worstFirst.entries()) {
      for (const better of [...worstFirst.slice(i + 1), 'not applicable' as const]) {
        expect({ worse, better, worst: worstStatus([worse, better]) }).toEqual({
          worse,
          better,
          worst: worse,
        });
        expect({ worse, better, worst: worstStatus([better, worse]) }).toEqual({
          worse,
          better,
          worst: worse,
        });
      }
    }
  });

  test('worst status: acknowledged exceptions are worse than met; application responsibility worse than both', () => {
    expect(worstStatus(['met', 'met with acknowledged exceptions'])).toBe('met with acknowledged exceptions');
    expect(worstStatus(['met', 'application responsibility'])).toBe('application responsibility');
    expect(worstStatus(['application responsibility', 'met with acknowledged exceptions'])).toBe(
      'application responsibility',
    );
    expect(worstStatus(['not applicable', 'application responsibility'])).toBe('application responsibility');
    expect(worstStatus(['evidence pending', 'application responsibility'])).toBe('evidence pending');
  });

  test('control ids sort naturally', () => {
    expect(['AC-10', 'AC-2', 'AC-6(7)', 'AC-6'].sort(compareControlIds)).toEqual([
      'AC-2',
      'AC-6',
      'AC-6(7)',
      'AC-10',
    ]);
    expect(['4.10', '4.2', '1.20', '1.5'].sort(compareControlIds)).toEqual(['1.5', '1.20', '4.2', '4.10']);
  });
});

test('m.atLeast is data the report can print', () => {
  expect(m.atLeast(3)).toEqual({ match: 'atLeast', value: 3 });
});
