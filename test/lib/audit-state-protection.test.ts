/**
 * DP8: in production, audit and detection state outlives its stacks (DeletionPolicy/UpdateReplacePolicy
 * Retain) and the stacks holding it have termination protection; other environments stay deletable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allTemplates, TEST_ASSEMBLY_DIR } from '../support/assembly';

/**
 * The audit and detection state DP8 retains (the design's list, written out here rather than read from the aspect
 * under test): trails, detectors, hubs, graphs, Macie sessions, analyzers, Config recorders and delivery channels,
 * log groups. Prod enables every one of them (config/prod.yaml), so each type must be present.
 */
const AUDIT_STATE = [
  'AWS::AccessAnalyzer::Analyzer',
  'AWS::CloudTrail::Trail',
  'AWS::Config::ConfigurationRecorder',
  'AWS::Config::DeliveryChannel',
  'AWS::Detective::Graph',
  'AWS::GuardDuty::Detector',
  'AWS::Logs::LogGroup',
  'AWS::Macie::Session',
  'AWS::SecurityHub::Hub',
];

const PROTECTED_STACKS = [
  'Foundation',
  'PermissionsBoundary',
  'Guardrails',
  'Audit',
  'Data',
  'DataBackupCopy',
];

function terminationProtection(stage: string): Record<string, boolean> {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, `assembly-${stage}`, 'manifest.json'), 'utf8'),
  ) as {
    artifacts: Record<
      string,
      { type: string; displayName?: string; properties?: { terminationProtection?: boolean } }
    >;
  };
  return Object.fromEntries(
    Object.values(manifest.artifacts)
      .filter((a) => a.type === 'aws:cloudformation:stack')
      .map((a) => [a.displayName!.split('/')[1], a.properties?.terminationProtection === true]),
  );
}

describe('audit and detection state protection', () => {
  test('Prod: the stacks holding audit, detection, key and backup state have termination protection', () => {
    const prod = terminationProtection('Prod');
    expect(Object.keys(prod)).toEqual(expect.arrayContaining(PROTECTED_STACKS));
    for (const name of PROTECTED_STACKS) expect([name, prod[name]]).toEqual([name, true]);
  });

  test('Dev: no stack has termination protection (a test environment stays deletable)', () => {
    const dev = terminationProtection('Dev');
    expect(Object.values(dev).length).toBeGreaterThan(0);
    expect(Object.entries(dev).filter(([, on]) => on)).toEqual([]);
  });

  test('Prod: every trail, detector, hub, graph, Macie session, analyzer, recorder, delivery channel and log group is retained', () => {
    const found = allTemplates()
      .filter((t) => t.displayName.startsWith('Prod/'))
      .flatMap((t) =>
        Object.entries(t.template.Resources ?? {})
          .filter(([, r]) => AUDIT_STATE.includes(r.Type))
          .map(([id, r]) => ({
            id: `${t.displayName}/${id}`,
            type: r.Type,
            policies: [(r as any).DeletionPolicy, (r as any).UpdateReplacePolicy],
          })),
      );
    expect([...new Set(found.map((f) => f.type))].sort()).toEqual(AUDIT_STATE);
    expect(found.filter((f) => f.policies.join() !== 'Retain,Retain')).toEqual([]);
  });
});
