import * as fs from 'node:fs';
import * as path from 'node:path';
import { allTemplates, environmentTemplates, STAGES, TEST_ASSEMBLY_DIR } from '../../support/assembly';

const boundaryName = (stage: string) => `security-baseline-${stage.toLowerCase()}-workload-boundary`;

describe('workload permissions boundary', () => {
  test('every AWS::IAM::Role in every stack of every environment carries the boundary of its environment', () => {
    const roles = environmentTemplates().flatMap((t) =>
      Object.entries(t.template.Resources ?? {})
        .filter(([, r]) => r.Type === 'AWS::IAM::Role')
        .map(([id, r]) => ({
          stack: t.displayName,
          id,
          boundary: (r as any).Properties?.PermissionsBoundary,
        })),
    );
    expect(roles.length).toBeGreaterThan(0);
    const missing = roles.filter((r) => r.boundary === undefined).map((r) => `${r.stack}/${r.id}`);
    expect(missing).toEqual([]);
    for (const r of roles) {
      const stage = r.stack.split('/')[0];
      expect(JSON.stringify(r.boundary)).toContain(`:policy/${boundaryName(stage)}`);
    }
  });

  test('no IAM user is created', () => {
    for (const t of allTemplates()) {
      expect(Object.values(t.template.Resources ?? {}).filter((r) => r.Type === 'AWS::IAM::User')).toEqual(
        [],
      );
    }
  });

  test.each(STAGES)('%s: every stack with a role deploys after the PermissionsBoundary stack', (stage) => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, `assembly-${stage}`, 'manifest.json'), 'utf8'),
    ) as { artifacts: Record<string, { type: string; displayName?: string; dependencies?: string[] }> };
    const stacks = Object.entries(manifest.artifacts).filter(
      ([, a]) => a.type === 'aws:cloudformation:stack',
    );
    const boundaryId = stacks.find(([, a]) => a.displayName === `${stage}/PermissionsBoundary`)![0];
    const withRoles = allTemplates().filter(
      (t) =>
        t.displayName.startsWith(`${stage}/`) &&
        Object.values(t.template.Resources ?? {}).some((r) => r.Type === 'AWS::IAM::Role'),
    );
    expect(withRoles.length).toBeGreaterThan(0);
    for (const t of withRoles) {
      const [, artifact] = stacks.find(([, a]) => a.displayName === t.displayName)!;
      expect(artifact.dependencies).toContain(boundaryId);
    }
  });

  test.each(STAGES)('%s: the boundary stack depends on no other stack', (stage) => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, `assembly-${stage}`, 'manifest.json'), 'utf8'),
    ) as { artifacts: Record<string, { displayName?: string; dependencies?: string[] }> };
    const boundary = Object.values(manifest.artifacts).find(
      (a) => a.displayName === `${stage}/PermissionsBoundary`,
    )!;
    expect((boundary.dependencies ?? []).filter((d) => !d.endsWith('.assets'))).toEqual([]);
  });
});
