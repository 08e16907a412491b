import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../lib/app';
import { readAssembly, type StageAssembly } from '../../report/assembly';
import { buildOrganizationView, ORGANIZATION_STAGE, type OrganizationView } from '../../report/organization';
import { renderOrganizationHtml, renderOrganizationMarkdown } from '../../report/render/organization';
import { evaluateOrganizationProofs, type OrganizationProofs } from '../../report/proofs';
import type { OrgAttack } from '../../compliance/attack-catalog';
import { ORG_TEST_ASSEMBLY_DIR, stackTemplate, TEST_ASSEMBLY_DIR } from '../support/assembly';
import { MANAGED_CONFIG_RULES } from '../../constructs/detection/config-managed-rules';
import { nonEmpty } from '../support/non-empty';

const CONFIG_FILE = path.join(ROOT, 'config', 'organization.yaml');

/** The shipped example, read as the user wrote it (the view must show these values). */
interface ExampleOrganization {
  organization: { id: string; homeRegion: string; governedRegions: string[] };
  accounts: { management: string; securityTooling: string; logArchive: string };
  controlTower: { enabled: boolean; owns: { trail: boolean } };
  targets: { ou: string; profile: string }[];
  exclusions: { account: string; reason: string }[];
  profiles: Record<
    string,
    {
      securityHub: { disabledControls: { controlId: string; reason: string }[] };
      configRules: { rule: keyof typeof MANAGED_CONFIG_RULES }[];
    }
  >;
}

describe('organization view (report/organization.ts) over the shared test assembly', () => {
  const config = parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as ExampleOrganization;
  let stage: StageAssembly;
  let view: OrganizationView;

  beforeAll(() => {
    stage = readAssembly(TEST_ASSEMBLY_DIR).stages.find((s) => s.stage === ORGANIZATION_STAGE)!;
    view = buildOrganizationView(TEST_ASSEMBLY_DIR, stage, {
      commit: 'abc',
      generatedAt: new Date('2026-01-02T00:00:00Z'),
    })!;
  });

  test('names the organization, its regions and its three accounts as config/organization.yaml does', () => {
    expect(view.organization).toEqual({
      id: 'o-a1b2c3d4e5',
      homeRegion: 'eu-west-1',
      governedRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
    });
    expect(view.organization).toEqual(config.organization);
    expect(view.accounts).toEqual(config.accounts);
  });

  test('records the organization file with the SHA-256 of its bytes', () => {
    const sha256 = createHash('sha256').update(fs.readFileSync(CONFIG_FILE)).digest('hex');
    expect(view.configFile).toEqual({ file: 'config/organization.yaml', sha256 });
  });

  test('the trail is owned by Control Tower and the Org templates create none', () => {
    expect(config.controlTower).toMatchObject({ enabled: true, owns: { trail: true } });
    const trail = view.singletons.find((s) => s.resourceType === 'AWS::CloudTrail::Trail')!;
    expect(trail).toEqual({
      singleton: 'Organization trail',
      resourceType: 'AWS::CloudTrail::Trail',
      owner: 'Control Tower',
      createdIn: [],
    });
    stackTemplate('Org', 'Management').resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  test('a trail in the Org templates would be reported where it is created (read from templates, not config)', () => {
    const withTrail: StageAssembly = {
      ...stage,
      stacks: stage.stacks.map((s) =>
        s.id === 'Management'
          ? {
              ...s,
              template: {
                ...s.template,
                Resources: { ...s.template.Resources, Trail: { Type: 'AWS::CloudTrail::Trail' } },
              },
            }
          : s,
      ),
    };
    const found = buildOrganizationView(TEST_ASSEMBLY_DIR, withTrail, {
      commit: 'abc',
      generatedAt: new Date(),
    })!;
    expect(found.singletons.find((s) => s.resourceType === 'AWS::CloudTrail::Trail')).toMatchObject({
      owner: 'Control Tower',
      createdIn: [{ stack: 'Org/Management', region: 'eu-west-1', logicalId: 'Trail' }],
    });
  });

  test('the Security Hub finding aggregator is the baseline’s, created once in the home region (read from the templates)', () => {
    const aggregator = view.singletons.find((s) => s.resourceType === 'AWS::SecurityHub::FindingAggregator')!;
    expect(aggregator.owner).toBe('security baseline');
    expect(aggregator.createdIn).toEqual([
      { stack: 'Org/Security-eu-west-1', region: 'eu-west-1', logicalId: 'FindingAggregator' },
    ]);
  });

  test('the Config recorder is Control Tower’s; the member template creates one only under its condition', () => {
    const recorder = view.singletons.find((s) => s.resourceType === 'AWS::Config::ConfigurationRecorder')!;
    expect(recorder.owner).toBe('Control Tower');
    expect(recorder.createdIn).toHaveLength(1);
    expect(recorder.createdIn[0]).toMatchObject({ stack: 'Org/MemberBaseline', region: undefined });
    expect(recorder.createdIn[0].condition).toEqual(expect.any(String));
    // ... and the StackSet switches it off for every target of the example.
    const targets = view.stackSets.flatMap((s) => s.targets);
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) {
      expect({ ...view.stackSets[0].parameters, ...t.parameterOverrides }.CreateConfigRecorder).toBe('false');
    }
  });

  test('the StackSet’s OU targets, regions and excluded accounts equal the configuration’s', () => {
    expect(view.stackSets).toHaveLength(1);
    const [stackSet] = view.stackSets;
    expect(stackSet).toMatchObject({
      stack: 'Org/Management',
      name: 'security-baseline-member',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: true,
    });
    expect(stackSet.targets.flatMap((t) => t.organizationalUnitIds)).toEqual(config.targets.map((t) => t.ou));
    for (const t of stackSet.targets) {
      expect(t.regions).toEqual(config.organization.governedRegions);
      expect(t.accountFilterType).toBe('DIFFERENCE');
      expect(t.accounts).toEqual(config.exclusions.map((e) => e.account));
    }
  });

  test('lists the targets with their profiles, the exclusion with its reason and the disabled control', () => {
    expect(view.targets.map((t) => [t.ou, t.profile])).toEqual([
      ['ou-ab12-prod0001', 'production'],
      ['ou-ab12-sandbox01', 'sandbox'],
    ]);
    expect(view.exclusions).toEqual(config.exclusions);
    expect(view.profiles.find((p) => p.name === 'sandbox')!.disabledControls).toEqual(
      config.profiles.sandbox.securityHub.disabledControls,
    );
    expect(view.profiles.find((p) => p.name === 'production')!.securityHubStandards).toEqual([
      'fsbp',
      'cis-3.0',
      'nist-800-53-r5',
    ]);
    expect(view.existingDelegatedAdmins).toEqual({ guardduty: '300000000002', securityhub: '300000000002' });
  });

  test("each profile's Config rules, read from the member template, are exactly the configured ones", () => {
    expect(view.configRules.length).toBeGreaterThan(0);
    for (const [profile, p] of Object.entries(config.profiles)) {
      const rows = view.configRules.filter((r) => r.profile === profile);
      expect(rows.map((r) => [r.identifier, r.regions]).sort()).toEqual(
        p.configRules
          .map((r) => MANAGED_CONFIG_RULES[r.rule])
          .map((spec) => [spec.identifier, spec.accountWide ? 'home region' : 'every region'])
          .sort(),
      );
    }
    expect(
      view.configRules.find((r) => r.profile === 'production' && r.identifier === 'IAM_PASSWORD_POLICY'),
    ).toMatchObject({
      regions: 'home region',
      parameters: { MinimumPasswordLength: '14', PasswordReusePrevention: '24', MaxPasswordAge: '90' },
    });
    expect(view.configRules.filter((r) => r.profile === 'none')).toEqual([]);
  });

  test('twin: a Config rule without its profile condition in the template is shown for every profile (read from templates)', () => {
    const unconditional: StageAssembly = {
      ...stage,
      stacks: stage.stacks.map((s) => {
        if (s.id !== 'MemberBaseline') return s;
        const resources = Object.fromEntries(
          Object.entries(s.template.Resources!).map(([id, r]) => [
            id,
            r.Type === 'AWS::Config::ConfigRule' &&
            (r.Properties as any).Source.SourceIdentifier === 'RDS_STORAGE_ENCRYPTED'
              ? { ...r, Condition: undefined }
              : r,
          ]),
        );
        return { ...s, template: { ...s.template, Resources: resources } };
      }),
    };
    const found = buildOrganizationView(TEST_ASSEMBLY_DIR, unconditional, {
      commit: 'abc',
      generatedAt: new Date(),
    })!;
    const rds = (v: OrganizationView) =>
      v.configRules.filter((r) => r.identifier === 'RDS_STORAGE_ENCRYPTED').map((r) => r.profile);
    expect(rds(view)).toEqual(['production']);
    expect(rds(found)).toEqual(['none', 'production', 'sandbox']);
  });

  test('the Detective graph of each governed region is administered by the security account, registered by the Org stage', () => {
    expect(view.detectiveGraphs).toEqual(
      ['eu-west-1', 'eu-central-1', 'us-east-1'].map((region) => ({
        region,
        owner: config.accounts.securityTooling,
        registeredBy: `Org/Registration-${region}`,
      })),
    );
  });

  test('lists every Org stack with its resource count and its acknowledgments', () => {
    expect(view.stacks.map((s) => s.stack)).toEqual(stage.stacks.map((s) => s.displayName));
    const management = view.stacks.find((s) => s.stack === 'Org/Management')!;
    expect(management.resources).toBe(
      Object.keys(stage.stacks.find((s) => s.id === 'Management')!.template.Resources!).length,
    );
    expect(view.stacks.find((s) => s.stack === 'Org/MemberBaseline')!.region).toBeUndefined();
    const acknowledged = view.stacks.reduce((n, s) => n + s.acknowledgments, 0);
    expect(acknowledged).toBeGreaterThan(0);
    expect(acknowledged).toBe(stage.acknowledgments.length);
    expect(view.findings).toEqual([]);
  });

  test('is undefined without an Org stage', () => {
    expect(
      buildOrganizationView(TEST_ASSEMBLY_DIR, undefined, { commit: 'abc', generatedAt: new Date() }),
    ).toBe(undefined);
  });

  test('fails if the Org stage was synthesized but organization.json is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-view-'));
    try {
      expect(() => buildOrganizationView(dir, stage, { commit: 'abc', generatedAt: new Date() })).toThrow(
        `${dir} has the Org stage but no organization.json: synthesize again with \`npm run synth\``,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('rendering', () => {
    const hostile = '<script>alert("x")</script> | a & b';
    let tampered: OrganizationView;
    beforeAll(() => {
      tampered = { ...view, exclusions: [{ account: '300000000099', reason: hostile }] };
    });

    test('the HTML escapes every value and is self-contained (CSP forbids fetches)', () => {
      const html = renderOrganizationHtml(tampered);
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | a &amp; b');
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
      );
      expect(html).not.toMatch(/\b(src|href)=/);
      expect(html).toContain('<td>AWS::CloudTrail::Trail</td><td>Control Tower</td><td>not created</td>');
    });

    test('the Markdown escapes table cells and shows the owner of each singleton', () => {
      const md = renderOrganizationMarkdown(tampered);
      expect(md).toContain(`| 300000000099 | <script>alert("x")</script> \\| a & b |`);
      expect(md).toContain(
        '| Security Hub finding aggregator | AWS::SecurityHub::FindingAggregator | security baseline | Org/Security-eu-west-1 (eu-west-1) FindingAggregator |',
      );
      expect(md).toContain('| Organization trail | AWS::CloudTrail::Trail | Control Tower | not created |');
    });
  });
});

describe('organization view: the Org proofs and a status that follows from them', () => {
  const config = parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as ExampleOrganization;
  const meta = { commit: 'abc', generatedAt: new Date('2026-01-02T00:00:00Z') };
  let stage: StageAssembly;
  let proofs: OrganizationProofs;
  const viewWith = (p: OrganizationProofs | undefined) =>
    buildOrganizationView(TEST_ASSEMBLY_DIR, stage, { ...meta, proofs: p })!;

  beforeAll(async () => {
    stage = readAssembly(TEST_ASSEMBLY_DIR).stages.find((s) => s.stage === ORGANIZATION_STAGE)!;
    proofs = await evaluateOrganizationProofs(ORG_TEST_ASSEMBLY_DIR, config.organization.id);
  });

  test('lists every Org route with its simulated calls and decisions, the cross-account break-glass route delivered', () => {
    expect(proofs.evaluated).toBe(true);
    expect(proofs.alertRoutes.length).toBeGreaterThan(2);
    const breakGlass = proofs.alertRoutes.find((r) => r.kind === 'rule-to-cross-account-topic')!;
    expect(breakGlass.source.stack).toBe('MemberBaseline@eu-west-1');
    expect(breakGlass.calls.map((c) => [c.action, c.decision])).toEqual([
      ['sts:AssumeRole', 'Allowed'],
      ['sns:Publish', 'Allowed'],
      ['kms:GenerateDataKey', 'Allowed'],
      ['kms:Decrypt', 'Allowed'],
    ]);
    // Negative cases exist (else "none failed" holds vacuously), and every one of them was denied.
    expect(nonEmpty(proofs.alertRouteNegatives, 'negative case').map((n) => n.passed)).not.toContain(false);
  });

  test('lists the organization attacks with their decisions; the trail entry does not apply under Control Tower', () => {
    expect(proofs.attacks.find((a) => a.id === 'ORG-SNS-01')).toMatchObject({
      decision: 'ImplicitlyDenied',
      passed: true,
      twin: { decision: 'Allowed', passed: true },
    });
    expect(proofs.notApplicable).toEqual([
      expect.objectContaining({ id: 'ORG-S3-06', missingStatement: 'archiveBucket OrganizationTrailWrite' }),
    ]);
  });

  test('the status is proven when every proof passed, and the rendering says so with each result', () => {
    const view = viewWith(proofs);
    expect(view.proofStatus).toMatchObject({ status: 'proven', notApplicable: 1 });
    expect(view.proofStatus.alertRoutesPassed).toBe(view.proofStatus.alertRoutes);
    const md = renderOrganizationMarkdown(view);
    expect(md).toContain('Proofs PROVEN:');
    expect(md).toMatch(/\| ORG-SNS-01 \| .* \| ImplicitlyDenied \| .* \| pass \|/);
    expect(renderOrganizationHtml(view)).toContain('<td>MemberBaseline@eu-west-1 BreakGlassAssumedRule');
  });

  test('fails if a route was denied: an injected denied call makes the route, the status and the rendering fail', () => {
    const [first, ...rest] = proofs.alertRoutes;
    const denied = {
      ...first,
      calls: first.calls.map((c, i) =>
        i === 0 ? { ...c, decision: 'ImplicitlyDenied' as const, passed: false } : c,
      ),
      passed: false,
    };
    const view = viewWith({ ...proofs, alertRoutes: [denied, ...rest] });
    expect(view.proofStatus.status).toBe('failing');
    expect(view.proofStatus.alertRoutesPassed).toBe(proofs.alertRoutes.length - 1);
    const md = renderOrganizationMarkdown(view);
    expect(md).toContain('Proofs FAILING:');
    expect(md).toMatch(new RegExp(`${first.source.logicalId} \\| .* → ImplicitlyDenied.* \\| FAIL \\|`));
  });

  test('fails if a negative case was allowed: an injected allowed call makes the status fail', () => {
    const [first, ...rest] = nonEmpty(proofs.alertRouteNegatives, 'negative case');
    const allowed = {
      ...first,
      calls: first.calls.map((c, i) => (i === 0 ? { ...c, decision: 'Allowed' as const, passed: false } : c)),
      passed: false,
    };
    const view = viewWith({ ...proofs, alertRouteNegatives: [allowed, ...rest] });
    expect(view.proofStatus).toMatchObject({
      status: 'failing',
      negatives: proofs.alertRouteNegatives.length,
      negativesPassed: proofs.alertRouteNegatives.length - 1,
    });
    // Routes and attacks still pass: the negative case alone fails the status.
    expect(view.proofStatus.alertRoutesPassed).toBe(view.proofStatus.alertRoutes);
    expect(view.proofStatus.attacksPassed).toBe(view.proofStatus.attacks);
  });

  test('fails without negative cases: routes and attacks that pass prove nothing about who else may publish', () => {
    const view = viewWith({ ...proofs, alertRouteNegatives: [] });
    expect(view.proofStatus).toMatchObject({ status: 'failing', negatives: 0, negativesPassed: 0 });
    expect(view.proofStatus.alertRoutesPassed).toBe(view.proofStatus.alertRoutes);
  });

  test('fails if an attack is not stopped: a catalog entry the policies allow is evaluated as failing', async () => {
    // A deliberately wrong entry: the member's publisher role publishing is allowed, so "expected denied" fails.
    const wrong: OrgAttack = {
      id: 'ORG-TEST-01',
      title: 'The publisher role publishes (expected denied by mistake)',
      who: { kind: 'orgRole', role: 'memberPublisherRole' },
      action: 'sns:Publish',
      resource: { of: 'orgTopic' },
      context: { 'aws:SecureTransport': 'true' },
      expected: { decision: 'ImplicitlyDenied' },
      evidences: ['SM5'],
      twin: {
        title: 'The publisher role publishes',
        who: { kind: 'orgRole', role: 'memberPublisherRole' },
        action: 'sns:Publish',
        resource: { of: 'orgTopic' },
        context: { 'aws:SecureTransport': 'true' },
      },
    };
    const failing = await evaluateOrganizationProofs(ORG_TEST_ASSEMBLY_DIR, config.organization.id, 'Org', [
      wrong,
    ]);
    expect(failing.attacks).toEqual([
      expect.objectContaining({ id: 'ORG-TEST-01', decision: 'Allowed', passed: false }),
    ]);
    expect(viewWith(failing).proofStatus.status).toBe('failing');
  });

  test('fails if the proofs were not evaluated: the view says so and no proof counts as passed', async () => {
    const view = viewWith(undefined);
    expect(view.proofStatus).toMatchObject({
      status: 'not evaluated',
      alertRoutesPassed: 0,
      attacksPassed: 0,
    });
    expect(renderOrganizationMarkdown(view)).toContain('Proofs NOT EVALUATED');
    const broken = await evaluateOrganizationProofs(
      ORG_TEST_ASSEMBLY_DIR,
      config.organization.id,
      'NoSuchStage',
    );
    expect(broken).toMatchObject({ evaluated: false, error: expect.stringContaining('NoSuchStage') });
    expect(viewWith(broken).proofStatus.status).toBe('not evaluated');
  });
});
