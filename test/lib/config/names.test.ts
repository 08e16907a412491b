import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NAME_LIMITS } from '../../../constructs/core/aws-limits';
import { listTemplates, type SynthesizedTemplate } from '../../../compliance/summary';
import { buildApp } from '../../../lib/app';
import { loadConfigs, validateConfig } from '../../../lib/config/load';
import { derivedNames, MAX_ENVIRONMENT_NAME_LENGTH } from '../../../lib/config/names';
import { BASELINE_TAG_KEYS } from '../../../lib/config/sections/foundation';
import { exampleConfig } from '../../support/config';
import { caseConfigDir, GOOD_CONFIG_DIR, readCases } from '../../support/config-corpus';

/** Every object-valued property path of a resource (arrays are not entered: names do not live in lists). */
function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** Tag keys of a resource: a list of { Key, Value } or (some types) a map. */
function tagKeys(tags: unknown): string[] {
  if (Array.isArray(tags)) return tags.map((t: { Key?: string }) => t.Key ?? '').filter(Boolean);
  return tags && typeof tags === 'object' ? Object.keys(tags) : [];
}

describe('derived physical names', () => {
  test('at the longest allowed environment name every derived name fits its AWS limit', () => {
    const names = derivedNames('A'.repeat(MAX_ENVIRONMENT_NAME_LENGTH), { apiClients: [], apiKeys: [] });
    expect(names.length).toBeGreaterThan(20);
    const over = names.filter((n) => n.name.length > NAME_LIMITS[n.property].max);
    expect(over).toEqual([]);
  });

  test('fails if the environment name is one character longer, naming the limiting physical name', () => {
    const c = exampleConfig('dev');
    c.environment.name = `D${'a'.repeat(MAX_ENVIRONMENT_NAME_LENGTH)}`;
    expect(validateConfig(c).problems).toEqual([
      {
        path: 'environment.name',
        message: expect.stringMatching(
          new RegExp(
            `is ${MAX_ENVIRONMENT_NAME_LENGTH + 1} characters; at most ${MAX_ENVIRONMENT_NAME_LENGTH} fit .*restore testing plan name 'security_baseline_<name>_database' may have at most 50`,
          ),
        ),
      },
    ]);
  });

  describe('synthesized with the longest allowed environment name (test/fixtures/good-config/longest-environment-name.yaml)', () => {
    const fixture = readCases(GOOD_CONFIG_DIR).find((c) => c.name === 'longest-environment-name')!;
    let config: ReturnType<typeof loadConfigs>[number]['config'];
    let templates: SynthesizedTemplate[];

    beforeAll(() => {
      const [loaded] = loadConfigs(caseConfigDir(fixture), 'dev');
      config = loaded.config;
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'longest-name-'));
      // Without the packs: constructs throw on bad names at construction; the names are checked below.
      buildApp({ configs: [loaded], outdir, compliance: false }).app.synth();
      templates = listTemplates(outdir);
    }, 120_000);

    test('the fixture uses the longest allowed name', () => {
      expect(config.environment.name).toHaveLength(MAX_ENVIRONMENT_NAME_LENGTH);
      expect(templates.length).toBeGreaterThanOrEqual(10);
    });

    test('every stack deploys through the bootstrap of the configured qualifier (identity.ciDeploy.bootstrapQualifier)', () => {
      expect(config.identity.ciDeploy?.bootstrapQualifier).toBe('longqualif');
      // The Bootstrap/Policies stack is deployed before the bootstrap exists (no bootstrap version to check).
      const deployed = templates.filter((t) => !t.displayName.includes('/Bootstrap/'));
      expect(deployed.length).toBeGreaterThanOrEqual(10);
      for (const t of deployed) {
        const parameters = (t.template as { Parameters?: Record<string, { Default?: string }> }).Parameters;
        expect({ stack: t.displayName, version: parameters?.BootstrapVersion?.Default }).toEqual({
          stack: t.displayName,
          version: '/cdk-bootstrap/longqualif/version',
        });
      }
    });

    test('every name property derived from the environment name has a limit in NAME_LIMITS and fits it', () => {
      const env = config.environment.name.toLowerCase();
      const found = templates.flatMap((t) =>
        Object.values(t.template.Resources ?? {}).flatMap((r) =>
          flatten((r as { Properties?: unknown }).Properties)
            .filter(
              ([p, v]) =>
                /Name$/.test(p) &&
                !p.includes('Fn::') &&
                typeof v === 'string' &&
                v.toLowerCase().includes(env),
            )
            .map(([p, v]) => ({ property: `${r.Type}.${p}`, name: v as string })),
        ),
      );
      expect(found.length).toBeGreaterThan(30);
      const unchecked = [...new Set(found.map((f) => f.property))].filter((p) => !(p in NAME_LIMITS));
      expect(unchecked).toEqual([]);
      const over = found.filter(
        (f) => f.name.length > NAME_LIMITS[f.property as keyof typeof NAME_LIMITS].max,
      );
      expect(over).toEqual([]);
    });

    test('every name lib/config/names.ts derives is one the stacks actually use (names.ts cannot drift)', () => {
      const used = new Set(
        templates.flatMap((t) => [
          `AWS::CloudFormation::Stack.StackName ${t.stackName}`,
          ...Object.values(t.template.Resources ?? {}).flatMap((r) =>
            flatten((r as { Properties?: unknown }).Properties).map(
              ([p, v]) => `${r.Type}.${p} ${String(v)}`,
            ),
          ),
        ]),
      );
      const names = derivedNames(config.environment.name, {
        apiClients: config.edge.api.clients.map((c) => c.name),
        apiKeys: config.data.apiKeys.map((k) => k.name),
      });
      const unused = names.map((n) => `${n.property} ${n.name}`).filter((n) => !used.has(n));
      expect(unused).toEqual([]);
    });

    test('no resource carries more of the baseline own tags than BASELINE_TAG_KEYS allows for', () => {
      const user = new Set(Object.keys(config.environment.tags));
      const baselineKeys = templates.flatMap((t) =>
        Object.values(t.template.Resources ?? {}).map((r) =>
          tagKeys((r as { Properties?: { Tags?: unknown } }).Properties?.Tags).filter(
            (k) => !user.has(k) && !k.startsWith('aws:'),
          ),
        ),
      );
      expect(baselineKeys.some((keys) => keys.length > 0)).toBe(true);
      expect([...new Set(baselineKeys.flat())].filter((k) => !BASELINE_TAG_KEYS.includes(k))).toEqual([]);
      expect(Math.max(...baselineKeys.map((k) => k.length))).toBeLessThanOrEqual(BASELINE_TAG_KEYS.length);
    });
  });
});
