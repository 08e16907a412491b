import * as fs from 'node:fs';
import {
  ORGANIZATION_SCHEMA_FILE,
  REFERENCE_FILE,
  renderOrganizationSchema,
  renderReference,
  renderSchema,
  SCHEMA_FILE,
} from '../../../scripts/schema';
import { exampleConfig } from '../../support/config';

test('config/schema.json is up to date with the zod schema (run `npm run schema`)', () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toEqual(renderSchema());
});

test('config/organization.schema.json is up to date with the zod schema (run `npm run schema`)', () => {
  expect(fs.readFileSync(ORGANIZATION_SCHEMA_FILE, 'utf8')).toEqual(renderOrganizationSchema());
});

test('docs/configuration.md is up to date with the zod schema (run `npm run schema`)', () => {
  expect(fs.readFileSync(REFERENCE_FILE, 'utf8')).toEqual(renderReference());
});

test('the reference documents every key of the shipped example configs', () => {
  // The reference's rows: `| \`<path>\` | <type> | ...` (list items as `<list>[].<key>`, maps as one row).
  const rows = new Map(
    [...fs.readFileSync(REFERENCE_FILE, 'utf8').matchAll(/^\| `([^`]+)` \| (.*)$/gm)].map(
      (m) => [m[1], m[2]] as const,
    ),
  );
  /** Every key path a config file sets, walked from the YAML itself (not from the schema the reference renders). */
  const keysOf = (value: unknown, prefix: string): string[] => {
    if (Array.isArray(value)) return value.flatMap((item) => keysOf(item, `${prefix}[]`));
    if (value === null || typeof value !== 'object') return [];
    // A map's keys are the user's (tag names), not schema keys: its row documents it.
    if (rows.get(prefix)?.startsWith('map of')) return [];
    return Object.entries(value).flatMap(([k, v]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return [p, ...keysOf(v, p)];
    });
  };
  const keys = [
    ...new Set(['dev', 'prod'].flatMap((name) => keysOf(exampleConfig(name as 'dev' | 'prod'), ''))),
  ];
  // Nested sections, list items and maps are all walked (a handful of known keys, to show the walk went deep).
  expect(keys).toEqual(
    expect.arrayContaining([
      'environment.account',
      'environment.tags',
      'data.apiKeys[].keyBytes',
      'edge.api.clients[].rateLimit',
      'detection.securityHub.disabledControls[].reason',
      'keys.pendingWindowDays',
    ]),
  );
  expect(keys.filter((k) => !rows.has(k))).toEqual([]);
});
