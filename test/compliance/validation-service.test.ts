import { spawn, spawnSync } from 'node:child_process';
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
import { TimedCloudFormationValidation } from '../../compliance/packs';
import {
  builtinRules,
  engineBuilds,
  requestValidation,
  SERVICE_PID_FILE,
  ValidationService,
  validatorVersion,
} from '../../compliance/validation-service';
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

// Both networks hard-code eu-west-1a (W3010): one violation with resources of two templates. The boundary's
// resource types are not the networks': aws-cdk-lib's plugin builds its engine again for that template.
const dev = [
  ...stacks('Dev', ['Network']),
  ...stacks('Prod', ['Network']),
  ...stacks('Dev', ['PermissionsBoundary']),
];
let ownReport: ReturnType<CloudFormationValidatePlugin['validate']> | undefined;
/** aws-cdk-lib's own plugin's report of `dev` (validated once: each engine it builds costs ~1.5 s of CPU). */
function ownDevReport() {
  ownReport ??= new CloudFormationValidatePlugin().validate({
    stackTemplates: dev,
    templatePaths: dev.map((s) => s.templatePath),
  } as never);
  return ownReport;
}

describe('the validation service (one CloudFormation validator engine per synth)', () => {
  // Different resource types in each request: the plugin alone would build its engine again for the second.
  const org = stacks('Org', ['Registrationeuwest1']);
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
    const own = ownDevReport();
    // The networks hard-code their zones (W3010, acknowledged in the app): the comparison covers findings,
    // and one of them is reported for resources of both network templates.
    const zoneA = own.violations.find((v) => v.description.includes("'eu-west-1a'"))!;
    expect(new Set(zoneA.violatingResources.map((r) => r.templatePath))).toEqual(
      new Set([dev[0].templatePath, dev[1].templatePath]),
    );
    expect(replies[1]).toEqual(JSON.parse(JSON.stringify(own)));
  });

  test('builds one engine for requests whose resource types select the same built-in rules', () => {
    expect((replies[0] as { success: boolean }).success).toBe(true);
    expect(service.engineBuilds).toBe(1);
  });

  test("passes the plugin's failure back to the requesting child", () => {
    expect(replies[2]).toEqual({ error: expect.stringContaining('no-such.template.json') });
  });

  test('answers a request for unchanged templates from their kept findings', () => {
    expect(service.keptTemplates).toBe(dev.length);
    expect(replies[3]).toEqual(replies[1]);
  });
});

describe('the second engine (a worker thread of the service, for many templates without kept findings)', () => {
  const savedCache = process.env[VALIDATION_CACHE_ENV];
  let service: ValidationService;
  let reply: unknown;

  beforeAll(async () => {
    process.env[VALIDATION_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
    // From one template on: the second engine gets the templates before any request, and validates them all.
    service = new ValidationService(fs.mkdtempSync(path.join(os.tmpdir(), 'validation-')), 1);
    service.validateAhead(dev);
    await service.helperIdle();
    [reply] = await requestFromChild(service.dir, [dev]);
  }, 60_000);
  afterAll(() => {
    service.stop();
    if (savedCache === undefined) delete process.env[VALIDATION_CACHE_ENV];
    else process.env[VALIDATION_CACHE_ENV] = savedCache;
  });

  test('validates the templates handed to it in its own engine: the service builds none for them', () => {
    expect(service.helperTemplates).toBe(dev.length);
    expect(service.engineBuilds).toBe(0);
  });

  test("what it keeps gives the report aws-cdk-lib's own plugin produces", () => {
    expect(service.keptTemplates).toBe(dev.length);
    expect(reply).toEqual(JSON.parse(JSON.stringify(ownDevReport())));
  });
});

describe('the validator in a one-environment synth (no service: `ENV=prod npm run synth`, `cdk synth -c env=prod`)', () => {
  // Templates of different resource types, validated one at a time (kept findings): aws-cdk-lib's plugin
  // would build an engine for nearly each one.
  const templates = dev;
  const savedCache = process.env[VALIDATION_CACHE_ENV];
  let plugin: TimedCloudFormationValidation;
  let report: unknown;

  beforeAll(() => {
    process.env[VALIDATION_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
    plugin = new TimedCloudFormationValidation();
    report = plugin.validate({
      stackTemplates: templates,
      templatePaths: templates.map((s) => s.templatePath),
    } as never);
  }, 60_000);
  afterAll(() => {
    (plugin as unknown as { _dispose(): void })._dispose();
    if (savedCache === undefined) delete process.env[VALIDATION_CACHE_ENV];
    else process.env[VALIDATION_CACHE_ENV] = savedCache;
  });

  test('builds one engine for every template', () => {
    expect(engineBuilds(plugin)).toBe(1);
  });

  test("reports what aws-cdk-lib's own plugin reports for the templates together", () => {
    const own = ownDevReport();
    expect(own.violations.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(report))).toEqual(JSON.parse(JSON.stringify(own)));
  });
});

describe('a synth child whose validation service has gone', () => {
  test('stops waiting for a report that cannot come, naming the process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has exited
    fs.writeFileSync(path.join(dir, SERVICE_PID_FILE), String(gone));
    expect(() => requestValidation(dir, [])).toThrow(
      `The synth process ${gone} that validates the templates has exited`,
    );
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

describe('kept validator findings (compliance/validation-cache.ts)', () => {
  const identity: ValidatorIdentity = { awsCdkLib: '2.276.0', validator: '1.14.0', builtinRules: '' };
  const savedCache = process.env[VALIDATION_CACHE_ENV];
  let validated: string[] = [];

  /** A stack whose template is `text`, in a directory of its own. */
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
  /** A stand-in validator: one finding per resource, `W<id>` with the resource's Description. */
  const validate = (stacks: PolicyValidationStack[]) => {
    expect(stacks).toHaveLength(1); // templates are validated one at a time
    const [s] = stacks;
    validated.push(s.templatePath);
    const resources = (JSON.parse(fs.readFileSync(s.templatePath, 'utf8')) as { Resources: object })
      .Resources;
    return {
      success: true,
      violations: Object.entries(resources).map(([id, r]) => ({
        ruleName: 'W3010',
        description: (r as { Description: string }).Description,
        severity: 'warning',
        violatingResources: [{ resourceLogicalId: id, templatePath: s.templatePath, locations: [] }],
      })),
    };
  };
  const run = (stacks: PolicyValidationStack[], id: ValidatorIdentity = identity) =>
    cachedValidation(() => id, stacks, validate);
  const TEMPLATE = '{"Resources":{"Subnet":{"Type":"AWS::EC2::Subnet","Description":"zone a"}}}';

  beforeEach(() => {
    process.env[VALIDATION_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
    validated = [];
  });
  afterAll(() => {
    if (savedCache === undefined) delete process.env[VALIDATION_CACHE_ENV];
    else process.env[VALIDATION_CACHE_ENV] = savedCache;
  });

  test("the same template in another synth is not validated again, and its findings name that synth's file", () => {
    run([stack(TEMPLATE)]);
    const again = stack(TEMPLATE);
    expect(run([again])).toEqual({ kept: 1, report: validate([again]) });
  });

  test('only the changed template of a request is validated; findings merge across templates in order', () => {
    const a = stack(TEMPLATE);
    const b = stack(
      '{"Resources":{"S1":{"Type":"AWS::EC2::Subnet","Description":"zone b"},"S2":{"Type":"AWS::EC2::Subnet","Description":"zone a"}}}',
      { stackConstructPath: 'Prod/Network' },
    );
    run([a, b]);
    const changed = stack(TEMPLATE.replace('zone a', 'zone c'));
    validated = [];
    const { report, kept } = run([b, changed]);
    expect({ kept, validated }).toEqual({ kept: 1, validated: [changed.templatePath] });
    // As the plugin merges: a finding joins the violation with the same rule, severity and description.
    expect(
      report.violations.map((v) => [v.description, v.violatingResources.map((r) => r.resourceLogicalId)]),
    ).toEqual([
      ['zone b', ['S1']],
      ['zone a', ['S2']],
      ['zone c', ['Subnet']],
    ]);
    expect(run([a, b]).report.violations.map((v) => v.violatingResources.map((r) => r.templatePath))).toEqual(
      [[a.templatePath, b.templatePath], [b.templatePath]],
    );
  });

  test('another account, region or stack is validated', () => {
    run([stack(TEMPLATE)]);
    expect(run([stack(TEMPLATE, { accountId: '222222222222' })]).kept).toBe(0);
    expect(run([stack(TEMPLATE, { region: 'us-east-1' })]).kept).toBe(0);
    expect(run([stack(TEMPLATE, { stackConstructPath: 'Prod/Network' })]).kept).toBe(0);
  });

  test('another validator, aws-cdk-lib or built-in rule set is validated', () => {
    run([stack(TEMPLATE)]);
    expect(run([stack(TEMPLATE)], { ...identity, validator: '1.15.0' }).kept).toBe(0);
    expect(run([stack(TEMPLATE)], { ...identity, awsCdkLib: '2.277.0' }).kept).toBe(0);
    expect(run([stack(TEMPLATE)], { ...identity, builtinRules: 'gamelift-fleet.rego' }).kept).toBe(0);
  });
});
