import * as fs from 'node:fs';
import {
  ORGANIZATION_SCHEMA_FILE,
  REFERENCE_FILE,
  renderOrganizationSchema,
  renderReference,
  renderSchema,
  SCHEMA_FILE,
} from '../../../scripts/schema';

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
  const reference = fs.readFileSync(REFERENCE_FILE, 'utf8');
  for (const key of [
    'environment.account',
    'retention.auditLogDays',
    'keys.pendingWindowDays',
    'notifications.securityEmails',
  ]) {
    expect(reference).toContain(`\`${key}\``);
  }
});
