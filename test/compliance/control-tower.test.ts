/**
 * AWS Control Tower proactive controls CT.KMS.PR.3 and CT.S3.PR.9 (compliance/control-tower.ts) over the
 * synthesized templates: every key policy and the audit-record buckets of every environment pass, and the
 * evaluator fails the documented FAIL examples and near misses (so it can fail).
 * Rules: https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html#ct-kms-pr-3-description
 * and https://docs.aws.amazon.com/controltower/latest/controlreference/s3-rules.html#ct-s3-pr-9-description
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTROL_TOWER_FILE, ctKmsPr3, ctS3Pr9, evaluateControlTower } from '../../compliance/control-tower';
import { allTemplates, STAGES, TEST_ASSEMBLY_DIR } from '../support/assembly';

/** The documented examples' `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, resolved. */
const ACCOUNT_ROOT = ['arn', 'aws', 'iam', '', '111111111111', 'root'].join(':');
const ROOT_KMS_ALL = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: ACCOUNT_ROOT },
  Action: 'kms:*',
  Resource: '*',
};
const LIMIT_GRANTS = {
  Effect: 'Deny',
  Action: 'kms:CreateGrant',
  Resource: '*',
  Principal: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};
const keyWith = (...Statement: unknown[]) => ({ KeyPolicy: { Version: '2012-10-17', Statement } });

/** The audit-record buckets CT.S3.PR.9 applies to, per stage: each environment's two, the organization's archive. */
const WORM_BUCKETS: Record<string, string[]> = {
  ...Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      [
        `${stage}/Audit/Trail/Bucket/Resource/Resource`,
        `${stage}/Foundation/LogArchiveBucket/Resource/Resource`,
      ],
    ]),
  ),
  Org: ['Org/LogArchive/ArchiveBucket/Resource/Resource'],
};

describe.each([...STAGES, 'Org'])('%s: Control Tower proactive controls pass', (stage) => {
  const results = evaluateControlTower(allTemplates()).filter((r) => r.stack.startsWith(`${stage}/`));

  test('CT.KMS.PR.3 passes on every KMS key policy', () => {
    const keys = results.filter((r) => r.control === 'CT.KMS.PR.3');
    const inTemplates = allTemplates()
      .filter((t) => t.displayName.startsWith(`${stage}/`))
      .flatMap((t) => Object.values(t.template.Resources ?? {}))
      .filter((r) => r.Type === 'AWS::KMS::Key');
    expect(inTemplates.length).toBeGreaterThan(0);
    expect(keys).toHaveLength(inTemplates.length);
    expect(keys.filter((r) => r.status !== 'PASS')).toEqual([]);
  });

  test('CT.S3.PR.9 passes on the audit-record buckets (log archive, trail bucket)', () => {
    const buckets = results.filter((r) => r.control === 'CT.S3.PR.9');
    expect(buckets.map((r) => [r.path, r.status]).sort()).toEqual(
      WORM_BUCKETS[stage].map((path) => [path, 'PASS']),
    );
  });
});

describe('CT.KMS.PR.3 evaluator', () => {
  test('passes the documented PASS example (root kms:* plus the BoolIfExists deny)', () => {
    expect(ctKmsPr3(keyWith(ROOT_KMS_ALL, LIMIT_GRANTS))).toEqual({ pass: true });
  });

  test('fails the documented FAIL example (root kms:* and no restriction)', () => {
    expect(ctKmsPr3(keyWith(ROOT_KMS_ALL)).pass).toBe(false);
  });

  test('fails if the deny names the account instead of every principal', () => {
    expect(ctKmsPr3(keyWith({ ...LIMIT_GRANTS, Principal: { AWS: ACCOUNT_ROOT } })).pass).toBe(false);
  });

  test('fails if the condition uses StringNotEquals instead of BoolIfExists', () => {
    const condition = { StringNotEquals: { 'kms:GrantIsForAWSResource': 'true' } };
    expect(ctKmsPr3(keyWith({ ...LIMIT_GRANTS, Condition: condition })).pass).toBe(false);
  });

  test('fails if only one of the two condition keys is false', () => {
    const condition = { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false' } };
    expect(ctKmsPr3(keyWith({ ...LIMIT_GRANTS, Condition: condition })).pass).toBe(false);
  });

  test('fails if the statement also denies other actions or has no key policy', () => {
    expect(ctKmsPr3(keyWith({ ...LIMIT_GRANTS, Action: ['kms:CreateGrant', 'kms:Decrypt'] })).pass).toBe(
      false,
    );
    expect(ctKmsPr3({}).pass).toBe(false);
  });
});

describe('CT.S3.PR.9 evaluator', () => {
  test('passes ObjectLockEnabled: true (documented PASS example)', () => {
    expect(ctS3Pr9({ ObjectLockEnabled: true })).toEqual({ pass: true });
  });

  test('fails ObjectLockEnabled: false (documented FAIL example), absent, or the string "true"', () => {
    expect(ctS3Pr9({ ObjectLockEnabled: false }).pass).toBe(false);
    expect(ctS3Pr9({ VersioningConfiguration: { Status: 'Enabled' } }).pass).toBe(false);
    expect(ctS3Pr9({ ObjectLockEnabled: 'true' }).pass).toBe(false);
  });
});

describe('synth output', () => {
  test('compliance/control-tower.json holds the results the evaluator gives for the assembly', () => {
    const file = JSON.parse(fs.readFileSync(path.join(TEST_ASSEMBLY_DIR, CONTROL_TOWER_FILE), 'utf8'));
    expect(file.results).toEqual(evaluateControlTower(allTemplates()));
    expect(file.results.length).toBeGreaterThan(0);
  });
});
