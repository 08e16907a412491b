import { z } from 'zod';
import { LOG_RETENTION_DAYS, REGION_AZ_COUNT } from '../../../constructs/core/aws-limits';

/** Reusable field types. Each message names the bad value and the fix. */

export const regionName = z.enum(Object.keys(REGION_AZ_COUNT) as [string, ...string[]], {
  error: (iss) =>
    `unknown AWS region ${JSON.stringify(iss.input)}; use a region code such as eu-west-1 or us-east-1`,
});

export const accountId = z
  .string({
    error: 'must be a quoted 12-digit string, e.g. "111111111111" (unquoted numbers lose leading zeros)',
  })
  .regex(/^\d{12}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a 12-digit AWS account id` });

export const email = z.email({ error: (iss) => `${JSON.stringify(iss.input)} is not a valid email address` });

export const httpsUrl = z
  .string()
  .refine((u) => /^https:\/\/[^\s/$.?#][^\s]*$/i.test(u) && !/^https:\/\/\*/.test(u), {
    error: (iss) =>
      `${JSON.stringify(iss.input)} must be an https:// URL (plain http and wildcards are not allowed)`,
  });

export const logRetentionDays = z
  .number()
  .int()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    error: (iss) => {
      const n = Number(iss.input);
      const nearest = LOG_RETENTION_DAYS.find((d) => d >= n) ?? 3653;
      return `${String(iss.input)} days is not a CloudWatch Logs retention period; use ${nearest} or another of ${LOG_RETENTION_DAYS.join(', ')}`;
    },
  })
  .meta({ enum: [...LOG_RETENTION_DAYS] as number[] });

export const days = (min: number, max: number) =>
  z
    .number()
    .int()
    .min(min, { error: (iss) => `${String(iss.input)} is below the minimum of ${min} days` })
    .max(max, { error: (iss) => `${String(iss.input)} is above the maximum of ${max} days` });
