import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addLogArchiveRetention, LOG_ARCHIVE_PREFIXES } from '../../../constructs/logging/log-archive-layout';

describe('log archive layout', () => {
  test('prefixes are distinct, end in a slash and none contains another', () => {
    const prefixes = Object.values(LOG_ARCHIVE_PREFIXES).map((p) => p.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of prefixes) {
      expect(p).toMatch(/^[a-z0-9-]+\/$/);
      expect(prefixes.filter((q) => q !== p && q.startsWith(p))).toEqual([]);
    }
  });

  test('fails if a retention is not a positive whole number of days', () => {
    const stack = new Stack();
    expect(() =>
      addLogArchiveRetention(new s3.Bucket(stack, 'B'), { auditDays: 365, operationalDays: 0 }),
    ).toThrow(/Log archive retention for 'vpcFlowLogs' must be a whole number of days >= 1. Received: 0/);
  });
});
