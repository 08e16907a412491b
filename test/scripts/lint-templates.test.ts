import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintTemplates, stackTemplateFiles, UsageError } from '../../scripts/lint-templates';
import { TEST_ASSEMBLY_DIR } from '../support/assembly';

/** A one-stage cloud assembly on disk with the given templates. */
function assemblyWith(stacks: Record<string, { region: string; template: object }>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-templates-'));
  const artifacts = Object.fromEntries(
    Object.entries(stacks).map(([name, { region, template }]) => {
      fs.writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify(template, null, 1));
      return [
        name,
        {
          type: 'aws:cloudformation:stack',
          environment: `aws://111111111111/${region}`,
          displayName: `T/${name}`,
          properties: { templateFile: `${name}.template.json` },
        },
      ];
    }),
  );
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '50.0.0', artifacts }));
  return dir;
}

const topic = { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'ok' } } } };
// The camelCase flow-log options aws-cdk-lib writes (aws/aws-cdk#25432): E3002/E3003 in every region.
const camelCaseFlowLog = {
  Resources: {
    FlowLog: {
      Type: 'AWS::EC2::FlowLog',
      Properties: {
        ResourceId: 'vpc-0123456789abcdef0',
        ResourceType: 'VPC',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::bucket/prefix', // eslint-disable-line no-restricted-syntax
        TrafficType: 'ALL',
        DestinationOptions: { fileFormat: 'parquet', hiveCompatiblePartitions: true, perHourPartition: true },
      },
    },
  },
};

describe('lint:templates', () => {
  test('reads every stack of the test assembly with the region it deploys to', () => {
    const files = stackTemplateFiles(TEST_ASSEMBLY_DIR);
    const region = (name: string) => files.find((f) => f.displayName === name)?.region;
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(region('Prod/Foundation')).toBe('eu-west-1');
    expect(region('Prod/EdgeGlobal')).toBe('us-east-1');
    expect(region('Prod/DataBackupCopy')).toBe('eu-central-1');
  });

  // One real cfn-lint run (it takes ~3 s to start): both templates in one region.
  test('reports the errors of a bad template with file and rule, and none for a good one', () => {
    const dir = assemblyWith({
      Good: { region: 'eu-west-1', template: topic },
      Bad: { region: 'eu-west-1', template: camelCaseFlowLog },
    });
    const errors = lintTemplates(stackTemplateFiles(dir)).filter((m) => m.level === 'Error');
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((e) => path.basename(e.file)))).toEqual(new Set(['Bad.template.json']));
    expect(errors.map((e) => e.rule)).toEqual(expect.arrayContaining(['E3002', 'E3003']));
  });

  test('lints each template in the region its stack deploys to, one cfn-lint run per region', () => {
    const dir = assemblyWith({
      Global: { region: 'us-east-1', template: topic },
      Primary: { region: 'eu-west-1', template: topic },
      AlsoPrimary: { region: 'eu-west-1', template: topic },
    });
    // A stand-in for cfn-lint that records its arguments and reports nothing.
    const calls = path.join(dir, 'calls.txt');
    const fake = path.join(dir, 'fake-cfn-lint');
    fs.writeFileSync(fake, `#!/bin/sh\necho "$*" >> '${calls}'\necho '[]'\n`, { mode: 0o755 });
    expect(lintTemplates(stackTemplateFiles(dir), fake)).toEqual([]);
    const runs = fs
      .readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.replaceAll(`${dir}/`, ''))
      .sort();
    expect(runs).toEqual([
      '--regions eu-west-1 --format json -- Primary.template.json AlsoPrimary.template.json',
      '--regions us-east-1 --format json -- Global.template.json',
    ]);
  });

  test('fails with the install command if cfn-lint is missing', () => {
    const dir = assemblyWith({ Good: { region: 'us-east-1', template: topic } });
    expect(() => lintTemplates(stackTemplateFiles(dir), 'cfn-lint-not-installed')).toThrow(
      /install it with 'pip install cfn-lint==1\.51\.0'/,
    );
  });

  test('fails with a clear message when there is no assembly', () => {
    const missing = path.join(os.tmpdir(), 'no-such-assembly');
    expect(() => stackTemplateFiles(missing)).toThrow(UsageError);
    expect(() => stackTemplateFiles(missing)).toThrow(/manifest.json not found: run 'npm run synth' first/);
  });
});
