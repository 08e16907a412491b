import { z } from 'zod';
import { TAG_CHARACTERS, VALUE_LIMITS } from '../../../constructs/core/aws-limits';
import { ENVIRONMENT_NAME_LIMIT_REASON, MAX_ENVIRONMENT_NAME_LENGTH } from '../names';
import { accountId, days, email, logRetentionDays, regionName } from './common';

/**
 * Tags the baseline itself puts on a resource (at most this many on one resource: the environment tag,
 * and on subnets Name, aws-cdk:subnet-type and aws-cdk:subnet-name); they count against the 50-tag limit.
 * test/lib/config/names.test.ts checks the synthesized templates never carry more.
 */
export const BASELINE_TAG_KEYS = [
  'security-baseline:environment',
  'Name',
  'aws-cdk:subnet-type',
  'aws-cdk:subnet-name',
];
/** User tags allowed per environment: the AWS limit less the baseline's own. */
export const MAX_USER_TAGS = VALUE_LIMITS.resourceTags.max - BASELINE_TAG_KEYS.length;

const tagKey = z
  .string()
  .min(1, { error: 'a tag key cannot be empty' })
  .max(VALUE_LIMITS.tagKeyLength.max, {
    error: (iss) =>
      `tag key ${JSON.stringify(iss.input)} is longer than ${VALUE_LIMITS.tagKeyLength.max} characters (${VALUE_LIMITS.tagKeyLength.doc})`,
  })
  .refine((k) => !k.toLowerCase().startsWith('aws:'), {
    error: (iss) =>
      `tag key ${JSON.stringify(iss.input)} uses the prefix 'aws:', which AWS reserves for its own tags; drop or rename the prefix`,
  })
  .refine((k) => TAG_CHARACTERS.test(k), {
    error: (iss) =>
      `tag key ${JSON.stringify(iss.input)} has characters tags cannot hold; use letters, digits, spaces and _ . : / = + - @ (${VALUE_LIMITS.tagKeyLength.doc})`,
  })
  .refine((k) => !BASELINE_TAG_KEYS.includes(k), {
    error: (iss) => `tag key ${JSON.stringify(iss.input)} is set by the baseline itself; use another key`,
  });

const tagValue = z
  .string({ error: (iss) => `tag values must be strings; quote ${JSON.stringify(iss.input)}` })
  .max(VALUE_LIMITS.tagValueLength.max, {
    error: `a tag value may have at most ${VALUE_LIMITS.tagValueLength.max} characters (${VALUE_LIMITS.tagValueLength.doc})`,
  })
  .refine((v) => TAG_CHARACTERS.test(v), {
    error: (iss) =>
      `tag value ${JSON.stringify(iss.input)} has characters tags cannot hold; use letters, digits, spaces and _ . : / = + - @ (${VALUE_LIMITS.tagValueLength.doc})`,
  });

export const environmentSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]+$/, {
        error: (iss) => `${JSON.stringify(iss.input)} must be PascalCase letters/digits, e.g. Prod`,
      })
      .max(MAX_ENVIRONMENT_NAME_LENGTH, {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is ${String(iss.input).length} characters; at most ${MAX_ENVIRONMENT_NAME_LENGTH} fit the physical names derived from it: ${ENVIRONMENT_NAME_LIMIT_REASON}`,
      })
      .describe(
        `Stage name: stacks deploy as '<name>/<Stack>', e.g. Prod/Network. At most ${MAX_ENVIRONMENT_NAME_LENGTH} characters: ${ENVIRONMENT_NAME_LIMIT_REASON}.`,
      ),
    production: z
      .boolean()
      .describe('Enforces production minimums (audit log and backup retention, compliance-mode locks).'),
    account: accountId.describe('AWS account id the stacks deploy to.'),
    region: regionName.describe('Primary region.'),
    backupRegion: regionName.describe('Second region for backup copies (must differ from region).'),
    tags: z
      .record(tagKey, tagValue)
      .refine((t) => Object.keys(t).length <= MAX_USER_TAGS, {
        error: (iss) =>
          `${Object.keys(iss.input as object).length} tags; a resource holds at most ${VALUE_LIMITS.resourceTags.max} and the baseline sets up to ${BASELINE_TAG_KEYS.length} itself (${BASELINE_TAG_KEYS.join(', ')}), so list at most ${MAX_USER_TAGS} (${VALUE_LIMITS.resourceTags.doc})`,
      })
      .default({})
      .describe(
        `Tags applied to every resource: at most ${MAX_USER_TAGS} (AWS allows ${VALUE_LIMITS.resourceTags.max}, the baseline sets up to ${BASELINE_TAG_KEYS.length}); no 'aws:' prefix.`,
      ),
  })
  .describe('Where and what this environment is.');

export const notificationsSchema = z
  .strictObject({
    securityEmails: z
      .array(email)
      .min(1, { error: 'list at least one address that receives security alerts' })
      // One subscription per address: the address is the subscription's construct id.
      .refine((es) => new Set(es).size === es.length, {
        error: (iss) => `${JSON.stringify(iss.input)} lists an address twice; list each once`,
      })
      .describe('Email subscriptions of the security-notifications topic (each must confirm).'),
  })
  .describe('Who is told about security events.');

export const retentionSchema = z
  .strictObject({
    logDays: logRetentionDays.describe(
      'Retention of operational CloudWatch log groups (flow logs, API, WAF).',
    ),
    auditLogDays: logRetentionDays.describe(
      'Retention of audit logs (CloudTrail, Cognito auth events); production requires >= 365.',
    ),
    accessLogDays: days(1, 3653).describe('Days S3 server access logs are kept before expiry.'),
    noncurrentVersionDays: days(1, 3653).describe(
      'Days a replaced object version is kept before it is deleted for good (secure deletion).',
    ),
  })
  .describe('How long logs and old object versions are kept.');

export const keysSchema = z
  .strictObject({
    pendingWindowDays: days(7, 30)
      .default(30)
      .describe('Waiting period before a scheduled KMS key deletion completes (crypto-shredding).'),
  })
  .describe('KMS customer-managed keys (one per data class).');
