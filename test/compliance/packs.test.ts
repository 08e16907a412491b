import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagPack } from 'cdk-nag';
import { acknowledgeRule } from '../../constructs/core/acknowledge';
import { readFindings } from '../../compliance/findings';
import { COMPLIANCE_PACKS, registerCompliancePacks } from '../../compliance/packs';
import { complianceStats, readComplianceStats, writeComplianceStats } from '../../compliance/stats';
import { allTemplates, TEST_ASSEMBLY_DIR } from '../support/assembly';

function synthFixture() {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'packs-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new Stack(new Stage(app, 'T'), 'S', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  const bucket = new s3.Bucket(stack, 'Plain');
  acknowledgeRule(
    bucket.node.defaultChild!,
    'AwsSolutions-S1',
    'Fixture: access logging deliberately off to test the statistics',
  );
  const packs = registerCompliancePacks(app);
  app.synth();
  const resources = stack.node.findAll().filter(CfnResource.isCfnResource).length;
  return { outdir, packs, resources };
}

describe('counting compliance packs', () => {
  const { outdir, packs, resources } = synthFixture();
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('registers the four packs as cdk-nag packs', () => {
    expect(packs.map((p) => p.readPackName)).toEqual([...COMPLIANCE_PACKS]);
    for (const p of packs) expect(p).toBeInstanceOf(NagPack);
  });

  test('count the rules evaluated and the resources checked per stage', () => {
    const stats = complianceStats(packs);
    for (const pack of COMPLIANCE_PACKS) {
      const t = stats.packs[pack].T;
      expect(t.resourcesChecked).toBe(resources);
      expect(t.rulesEvaluated.length).toBeGreaterThan(50);
      expect(t.rulesEvaluated.every((r) => r.startsWith(`${pack}-`))).toBe(true);
      expect(
        t.evaluations.compliant + t.evaluations.nonCompliant + t.evaluations.notApplicable,
      ).toBeGreaterThan(0);
    }
  });

  test('record acknowledged non-compliant results too, which the validation report leaves out', () => {
    const aws = complianceStats(packs).packs.AwsSolutions.T;
    expect(aws.nonCompliant.map((n) => n.rule)).toContain('AwsSolutions-S1');
    expect(readFindings(outdir).map((f) => f.rule)).not.toContain('AwsSolutions-S1');
    expect(readFindings(outdir).map((f) => f.rule)).toContain('AwsSolutions-S10');
  });

  test('write and read compliance-stats.json next to the assembly', () => {
    writeComplianceStats(outdir, packs);
    expect(readComplianceStats(outdir)).toEqual(complianceStats(packs));
  });
});

test('the shared test synth recorded statistics for every pack and stage (as bin/app.ts does)', () => {
  const stats = readComplianceStats(TEST_ASSEMBLY_DIR)!;
  const resourcesByStage = (stage: string) =>
    allTemplates()
      .filter((t) => t.displayName.startsWith(`${stage}/`))
      .reduce((n, t) => n + Object.keys(t.template.Resources ?? {}).length, 0);
  for (const pack of COMPLIANCE_PACKS) {
    // The Org stage (the organization's StackSet and management stacks) is checked like the environments.
    expect(Object.keys(stats.packs[pack]).sort()).toEqual(['Dev', 'Org', 'Prod']);
    for (const stage of ['Dev', 'Org', 'Prod']) {
      expect(resourcesByStage(stage)).toBeGreaterThan(0);
      expect(stats.packs[pack][stage].resourcesChecked).toBe(resourcesByStage(stage));
      expect(stats.packs[pack][stage].rulesEvaluated.length).toBeGreaterThan(50);
    }
  }
});
