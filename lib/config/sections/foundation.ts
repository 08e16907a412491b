import { z } from 'zod';
import { accountId, days, email, logRetentionDays, regionName } from './common';

export const environmentSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]{1,30}$/, {
        error: (iss) => `${JSON.stringify(iss.input)} must be PascalCase letters/digits, e.g. Prod`,
      })
      .describe("Stage name: stacks deploy as '<name>/<Stack>', e.g. Prod/Network."),
    production: z
      .boolean()
      .describe('Enforces production minimums (audit log and backup retention, compliance-mode locks).'),
    account: accountId.describe('AWS account id the stacks deploy to.'),
    region: regionName.describe('Primary region.'),
    backupRegion: regionName.describe('Second region for backup copies (must differ from region).'),
    tags: z
      .record(z.string().min(1).max(128), z.string().max(256))
      .default({})
      .describe('Tags applied to every resource.'),
  })
  .describe('Where and what this environment is.');

export const notificationsSchema = z
  .strictObject({
    securityEmails: z
      .array(email)
      .min(1, { error: 'list at least one address that receives security alerts' })
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
