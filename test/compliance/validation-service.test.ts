import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationValidatePlugin, type PolicyValidationStack } from 'aws-cdk-lib';
import { ROOT } from '../../lib/app-names';
import {
  cachedValidation,
  VALIDATION_CACHE_ENV,
  type ValidatorIdentity,
} from '../../compliance/validation-cache';
import { builtinRules, ValidationService, validatorVersion } from '../../compliance/validation-service';
import { TEST_ASSEMBLY_DIR } from '../support/assembly';

/** `validate()` context entries for stacks of the shared test assembly, as aws-cdk-lib builds them. */
function stacks(stage: string, names: string[]): PolicyValidationStack[] {
  const dir = path.join(TEST_ASSEMBLY_DIR, `assembly-${stage}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; environment: string; properties: { templateFile: string } }>;
  };
  return names.map((name) => {
    const artifact = Object.values(manifest.artifacts).find(
      (a) => a.type === 'aws:cloudformation:stack' && a.properties.templateFile.startsWith(`${stage}${name}`),
    )!;
    const [, accountId, region] = /^aws:\/\/(\d+)\/(.+)$/.exec(artifact.environment)!;
    return {
      stackConstructPath: `${stage}/${name}`,
      templatePath: path.join(dir, artifact.properties.templateFile),
      accountId,
      region,
    };
  });
}

/**
 * A synth child's side, in its own process (its `validate` blocks until the response arrives): requests each
 * context in turn and prints the reports, or the error, as JSON lines.
 */
function requestFromChild(dir: string, requests: PolicyValidationStack[][]): Promise<unknown[]> {
  const script = `
    const { requestValidation } = require('./compliance/validation-service');
    for (const stackTemplates of ${JSON.stringify(requests)}) {
      try { console.log(JSON.stringify(requestValidation(${JSON.stringify(dir)}, stackTemplates))); }
      catch (e) { console.log(JSON.stringify({ error: e.message })); }
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './scripts/ts-register.js', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(
            out
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as unknown),
          )
        : reject(new Error(`child exited ${code}`)),
    );
  });
}

describe('the validation service (one CloudFormation validator engine per synth)', () => {
  // Different resource types in each request: the plugin alone would build its engine again for the second.
  const org = stacks('Org', ['Registrationeuwest1']);
  const dev = stacks('Dev', ['Network', 'PermissionsBoundary']);
  const missing = [{ ...dev[0], templatePath: path.join(os.tmpdir(), 'no-such.template.json') }];
  let service: ValidationService;
  let replies: unknown[];

  const savedCache = process.env[VALIDATION_CACHE_ENV];

  beforeAll(async () => {
    // An empty report cache: every first request is validated.
    process.env[VALIDATION_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
    service = new ValidationService(fs.mkdtempSync(path.join(os.tmpdir(), 'validation-')));
    replies = await requestFromChild(service.dir, [org, dev, missing, dev]);
  }, 60_000);
  afterAll(() => {
    service.stop();
    if (savedCache === undefined) delete process.env[VALIDATION_CACHE_ENV];
    else process.env[VALIDATION_CACHE_ENV] = savedCache;
  });

  test("returns the report aws-cdk-lib's own plugin produces for the same templates (with findings)", () => {
    const own = new CloudFormationValidatePlugin().validate({
      stackTemplates: dev,
      templatePaths: dev.map((s) => s.templatePath),
    } as never);
    // The Dev network hard-codes its zones (W3010, acknowledged in the app): the comparison covers findings.
    expect(own.violations.map((v) => v.ruleName)).toContain('W3010');
    expect(replies[1]).toEqual(JSON.parse(JSON.stringify(own)));
  });

  test('builds one engine for requests whose resource types select the same built-in rules', () => {
    expect((replies[0] as { success: boolean }).success).toBe(true);
    expect(service.engineBuilds).toBe(1);
  });

  test("passes the plugin's failure back to the requesting child", () => {
    expect(replies[2]).toEqual({ error: expect.stringContaining('no-such.template.json') });
  });

  test('answers a request for unchanged templates with the kept report', () => {
    expect(service.keptReports).toBe(1);
    expect(replies[3]).toEqual(replies[1]);
  });
});

describe('what the service relies on', () => {
  test("a child names the validator's version without loading it: the package's version is the module's", () => {
    expect(validatorVersion()).toBe(new CloudFormationValidatePlugin().version);
  });

  test('the built-in rules an engine is built with depend on the resource types (GameLift selects its rule)', () => {
    expect(builtinRules(new Set(['AWS::S3::Bucket']))).toBe('');
    expect(builtinRules(new Set(['AWS::S3::Bucket', 'AWS::GameLift::Fleet']))).toBe('gamelift-fleet.rego');
  });
});

describe('kept validator reports (compliance/validation-cache.ts)', () => {
  const identity: ValidatorIdentity = { awsCdkLib: '2.276.0', validator: '1.14.0', builtinRules: '' };
  const savedCache = process.env[VALIDATION_CACHE_ENV];
  let validations = 0;

  /** A stack whose template is `text`, in a directory of its own; the stand-in validator flags its one resource. */
  function stack(text: string, overrides: Partial<PolicyValidationStack> = {}): PolicyValidationStack {
    const templatePath = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'tpl-')),
      'DevNetwork.template.json',
    );
    fs.writeFileSync(templatePath, text);
    return {
      stackConstructPath: 'Dev/Network',
      templatePath,
      accountId: '111111111111',
      region: 'eu-west-1',
      ...overrides,
    };
  }
  const validate = (s: PolicyValidationStack) => () => {
    validations++;
    return {
      success: true,
      violations: [
        {
          ruleName: 'W3010',
          description: 'AvailabilityZone: Avoid hardcoding availability zones',
          severity: 'warning',
          violatingResources: [{ resourceLogicalId: 'Subnet', templatePath: s.templatePath, locations: [] }],
        },
      ],
    };
  };
  const run = (s: PolicyValidationStack, id: ValidatorIdentity = identity) =>
    cachedValidation(() => id, [s], validate(s));
  const TEMPLATE = '{"Resources":{"Subnet":{"Type":"AWS::EC2::Subnet"}}}';

  beforeEach(() => {
    process.env[VALIDATION_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
    validations = 0;
  });
  afterAll(() => {
    if (savedCache === undefined) delete process.env[VALIDATION_CACHE_ENV];
    else process.env[VALIDATION_CACHE_ENV] = savedCache;
  });

  test("the same template in another synth is not validated again, and its findings name that synth's file", () => {
    const first = stack(TEMPLATE);
    const again = stack(TEMPLATE);
    expect(run(first).cached).toBe(false);
    const kept = run(again);
    expect(kept).toMatchObject({ cached: true, report: validate(again)() });
    expect(validations).toBe(2); // the first synth's validation and the expected report above
  });

  test('a template changed by one byte is validated', () => {
    run(stack(TEMPLATE));
    expect(run(stack(TEMPLATE.replace('Subnet"', 'Subnet2"'))).cached).toBe(false);
  });

  test('another account, region or stack is validated', () => {
    run(stack(TEMPLATE));
    expect(run(stack(TEMPLATE, { accountId: '222222222222' })).cached).toBe(false);
    expect(run(stack(TEMPLATE, { region: 'us-east-1' })).cached).toBe(false);
    expect(run(stack(TEMPLATE, { stackConstructPath: 'Prod/Network' })).cached).toBe(false);
  });

  test('another validator, aws-cdk-lib or built-in rule set is validated', () => {
    run(stack(TEMPLATE));
    expect(run(stack(TEMPLATE), { ...identity, validator: '1.15.0' }).cached).toBe(false);
    expect(run(stack(TEMPLATE), { ...identity, awsCdkLib: '2.277.0' }).cached).toBe(false);
    expect(run(stack(TEMPLATE), { ...identity, builtinRules: 'gamelift-fleet.rego' }).cached).toBe(false);
  });
});
