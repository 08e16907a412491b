/**
 * The hardened CDK bootstrap (lib/bootstrap.ts): the execution policy covers exactly the services of the
 * resource types the app deploys (a new resource type fails here until reviewed), and `npm run bootstrap`
 * names the synthesized policies and every region the environment's stacks deploy to.
 */
import {
  bootstrapCommands,
  CI_ONLY_STACKS,
  EXECUTION_SERVICES,
  NAMESPACES_WITHOUT_PERMISSIONS,
  resourceNamespace,
} from '../../lib/bootstrap';
import { loadConfigs } from '../../lib/config/load';
import {
  allTemplates,
  environmentTemplates,
  STAGES,
  TEST_ASSEMBLY_DIR,
  testSimulator,
} from '../support/assembly';
import { ROOT } from '../../lib/app';
import * as fs from 'node:fs';
import * as path from 'node:path';

const a = testSimulator().assembly;
const policyOf = (stage: string, id: string) => {
  const found = a
    .resources('AWS::IAM::ManagedPolicy', (s) => s.displayName === `${stage}/Bootstrap/Policies`)
    .filter((p) => p.logicalId.startsWith(`CdkBootstrap${id}`));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('CloudFormation execution policy', () => {
  const namespaces = new Set(
    environmentTemplates().flatMap((t) =>
      Object.values(t.template.Resources ?? {}).map((r) => resourceNamespace(r.Type)),
    ),
  );

  test('every resource-type namespace the app deploys has reviewed services', () => {
    expect(namespaces.size).toBeGreaterThan(20);
    const unreviewed = [...namespaces].filter(
      (n) => !(n in EXECUTION_SERVICES) && !NAMESPACES_WITHOUT_PERMISSIONS.includes(n),
    );
    expect(unreviewed).toEqual([]);
  });

  test('lists no namespace the app does not deploy (least privilege)', () => {
    expect(Object.keys(EXECUTION_SERVICES).filter((n) => !namespaces.has(n))).toEqual([]);
  });

  test.each(STAGES)('%s: allows exactly the reviewed services, never AdministratorAccess', (stage) => {
    const doc = a.property(policyOf(stage, 'ExecutionPolicy'), 'PolicyDocument') as {
      Statement: { Action: string[]; Effect: string }[];
    };
    const actions = doc.Statement.flatMap((s) => s.Action);
    expect(actions).not.toContain('*');
    expect([...actions].sort()).toEqual(
      [...new Set(Object.values(EXECUTION_SERVICES).flat())].map((s) => `${s}:*`).sort(),
    );
  });
});

describe.each(STAGES)('%s: the guardrail stacks are deployed in a CI-tagged session', (stage) => {
  const stageManifest = JSON.parse(
    fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, `assembly-${stage}`, 'manifest.json'), 'utf8'),
  ) as {
    artifacts: Record<string, { type: string; displayName?: string; properties?: Record<string, unknown> }>;
  };
  const optionsOf = (stack: string) =>
    Object.values(stageManifest.artifacts).find((x) => x.displayName === `${stage}/${stack}`)?.properties
      ?.assumeRoleAdditionalOptions;

  test.each(CI_ONLY_STACKS.map((s) => [s]))(
    'cdk deploy of %s tags the deploy-role session as the boundary expects',
    (stack) => {
      const boundary = a.property(policyOf(stage, 'Boundary'), 'PolicyDocument') as {
        Statement: { Sid?: string; Condition?: { StringNotEquals?: Record<string, string> } }[];
      };
      const [key, value] = Object.entries(
        boundary.Statement.find((x) => x.Sid === 'DenyGuardrailStackChangesOutsideCi')!.Condition!
          .StringNotEquals!,
      )[0];
      expect(optionsOf(stack)).toEqual({
        Tags: [{ Key: key.replace('aws:PrincipalTag/', ''), Value: value }],
      });
    },
  );

  test('other stacks are deployed without the tag', () => {
    // The stacks the boundary guards, by the stack names in its resource ARNs
    // (arn:<partition>:cloudformation:*:<account>:stack/<name>/*).
    const boundary = a.property(policyOf(stage, 'Boundary'), 'PolicyDocument') as {
      Statement: { Sid?: string; Resource?: string[] }[];
    };
    const guarded = boundary.Statement.find((x) => x.Sid === 'DenyGuardrailStackChangesOutsideCi')!
      .Resource!.map((arn) => arn.split(':')[5].split('/')[1])
      .sort();
    expect(guarded).toHaveLength(CI_ONLY_STACKS.length);
    const stacks = Object.values(stageManifest.artifacts).filter(
      (x) => x.type === 'aws:cloudformation:stack',
    );
    const tagged = stacks
      .filter((x) => x.properties?.assumeRoleAdditionalOptions !== undefined)
      .map((x) => x.properties!.stackName as string)
      .sort();
    // Every stack of the stage outside the guarded ones (Network, Data, Api, ...) deploys untagged.
    expect(stacks.length).toBeGreaterThan(guarded.length + 5);
    expect(tagged).toEqual(guarded);
  });
});

describe.each(STAGES)('%s: npm run bootstrap', (stage) => {
  const [{ config }] = loadConfigs(path.join(ROOT, 'config'), stage.toLowerCase());
  const { policies, bootstrap } = bootstrapCommands(config);
  const after = (flag: string) => bootstrap[bootstrap.indexOf(flag) + 1];

  test('deploys the synthesized Bootstrap stage first, outside the pipeline selection', () => {
    expect(policies.slice(0, 4)).toEqual(['npx', 'cdk', 'deploy', `${stage}/Bootstrap/Policies`]);
  });

  test('names the synthesized execution policy and boundary', () => {
    expect(after('--cloudformation-execution-policies')).toBe(a.arn(policyOf(stage, 'ExecutionPolicy')));
    expect(after('--custom-permissions-boundary')).toBe(
      a.property(policyOf(stage, 'Boundary'), 'ManagedPolicyName'),
    );
    expect(bootstrap).toContain('--apply-permissions-boundary-to-all-roles');
    expect(bootstrap).toContain('--termination-protection');
    expect(bootstrap).not.toContain('--trust');
  });

  test('bootstraps every region a stack of the environment deploys to', () => {
    const regions = new Set(
      allTemplates()
        .filter((t) => t.displayName.startsWith(`${stage}/`))
        .map((t) => t.region),
    );
    const targets = bootstrap.filter((x) => x.startsWith('aws://'));
    expect(new Set(targets.map((x) => x.split('/')[3]))).toEqual(regions);
    // ... in the account those stacks deploy to: the environments (aws://<account>/<region>) of the stage's
    // stacks in the cloud assembly manifest, exactly.
    const manifest = JSON.parse(
      fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, `assembly-${stage}`, 'manifest.json'), 'utf8'),
    ) as { artifacts: Record<string, { type: string; environment?: string }> };
    const environments = Object.values(manifest.artifacts)
      .filter((x) => x.type === 'aws:cloudformation:stack')
      .map((x) => x.environment);
    expect(environments.length).toBeGreaterThan(5);
    expect(new Set(targets)).toEqual(new Set(environments));
    expect(targets).toHaveLength(regions.size);
  });
});
