import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StackTemplate } from '../../report/assembly';
import { type Json, m, whenConfig } from '../../report/catalog/types';
import {
  collectReferences,
  describeActual,
  describeExpected,
  evaluateEvidence,
  matches,
  parsePath,
  readProperty,
} from '../../report/evidence';
import { exampleConfig } from '../support/config';
import type { AppConfig } from '../../lib/config/schema';

const producer: StackTemplate = {
  id: 'Foundation',
  displayName: 'T/Foundation',
  stackName: 'T-Foundation',
  template: {
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    },
    Outputs: { KeyArnOut: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
  },
};
const consumer: StackTemplate = {
  id: 'Data',
  displayName: 'T/Data',
  stackName: 'T-Data',
  template: {
    Resources: {
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: {
                    'Fn::GetStackOutput': { StackName: 'T-Foundation', OutputName: 'KeyArnOut' },
                  },
                },
              },
            ],
          },
          Tags: [{ Key: 'a.b', Value: 'x' }],
        },
        DeletionPolicy: 'Retain',
      },
      Plain: { Type: 'AWS::S3::Bucket', Properties: {} },
    },
  },
};
const stacks = [producer, consumer];
const ctx = { stack: consumer, stacks };
const config = exampleConfig('prod') as unknown as AppConfig;
const evidenceCtx = { stage: 'T', config, stacks };

describe('property paths', () => {
  test('parse keys, wildcards, indexes and quoted keys', () => {
    expect(parsePath('a.b[*].c["x.y"][0]')).toEqual([
      { key: 'a' },
      { key: 'b' },
      { wildcard: true },
      { key: 'c' },
      { key: 'x.y' },
      { index: 0 },
    ]);
  });

  test('fails if a path is malformed', () => {
    expect(() => parsePath('a..b[')).toThrow(/not valid|unexpected/);
  });

  test('read from Properties, or from the resource for attributes like DeletionPolicy', () => {
    const bucket = consumer.template.Resources!.Bucket;
    expect(
      readProperty(
        bucket,
        'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.SSEAlgorithm',
      ),
    ).toEqual(['aws:kms']);
    expect(readProperty(bucket, 'DeletionPolicy')).toBe('Retain');
    expect(readProperty(bucket, 'Missing.Path')).toBeUndefined();
  });
});

describe('matchers', () => {
  test('literals, comparisons and lists', () => {
    expect(matches(true, true, ctx)).toBe(true);
    expect(matches('30', m.atLeast(7), ctx)).toBe(true);
    expect(matches(400, m.atMost(365), ctx)).toBe(false);
    expect(matches(['a', 'b'], m.includesAll('a', 'b'), ctx)).toBe(true);
    expect(matches(['a'], m.includesAll('a', 'b'), ctx)).toBe(false);
    expect(matches([], m.every(true), ctx)).toBe(false);
    expect(matches(undefined, m.present(), ctx)).toBe(false);
  });

  test('includes matches list elements like an object pattern, with matchers inside', () => {
    const statements: Json = [
      { Effect: 'Allow' },
      { Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
    ];
    expect(
      matches(
        statements,
        m.includes({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': m.atMost(1.2) } } }),
        ctx,
      ),
    ).toBe(true);
    expect(matches(statements, m.includes({ Effect: 'Deny', Condition: { Bool: m.present() } }), ctx)).toBe(
      false,
    );
  });

  test('refersTo follows cross-stack references to the producing resource', () => {
    const keyRef = readProperty(
      consumer.template.Resources!.Bucket,
      'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID',
    );
    expect(collectReferences(keyRef, consumer, stacks).map((t) => `${t.stack.id}/${t.logicalId}`)).toEqual([
      'Foundation/Key',
    ]);
    expect(matches(keyRef, m.refersTo('AWS::KMS::Key'), ctx)).toBe(true);
    expect(matches(keyRef, m.refersTo('AWS::SNS::Topic'), ctx)).toBe(false);
    expect(describeActual(keyRef, ctx)).toBe('"→ Foundation/Key (AWS::KMS::Key)"');
  });

  test('expected values read as words', () => {
    expect(describeExpected(m.atLeast(14))).toBe('≥ 14');
    expect(describeExpected(m.every(m.oneOf('a', 'b')))).toBe('every element one of "a", "b"');
    expect(describeExpected(m.refersTo('AWS::KMS::Key'))).toBe('refers to a AWS::KMS::Key');
  });
});

describe('evaluating evidence', () => {
  const row = {
    kind: 'template' as const,
    stack: 'Data',
    resourceType: 'AWS::S3::Bucket',
    propertyPath:
      'BucketEncryption.ServerSideEncryptionConfiguration[*].ServerSideEncryptionByDefault.SSEAlgorithm',
    expected: m.every('aws:kms'),
    test: 'test/x.test.ts › y',
    proves: 'buckets use KMS',
  };

  test('one row per matching resource, with value and logical id', () => {
    const result = evaluateEvidence(
      { ...row, where: { propertyPath: 'BucketEncryption', expected: m.present() } },
      evidenceCtx,
    );
    expect(result.holds).toBe(true);
    expect(result.rows.map((r) => [r.logicalId, r.actual, r.result])).toEqual([
      ['Bucket', '["aws:kms"]', 'pass'],
    ]);
  });

  test('fails if a resource of the type does not satisfy the property', () => {
    const result = evaluateEvidence(row, evidenceCtx);
    expect(result.holds).toBe(false);
    expect(result.rows.find((r) => r.logicalId === 'Plain')?.result).toBe('fail');
  });

  test('fails if no resource matches (the stack or the type is missing)', () => {
    const noStack = evaluateEvidence({ ...row, stack: 'Nope' }, evidenceCtx);
    expect(noStack.holds).toBe(false);
    expect(noStack.rows.map((r) => r.result)).toEqual(['no-resource']);
    const noType = evaluateEvidence({ ...row, resourceType: 'AWS::RDS::DBCluster' }, evidenceCtx);
    expect(noType.holds).toBe(false);
    expect(noType.rows.map((r) => r.result)).toEqual(['no-resource']);
  });

  test("'some' holds when at least one resource satisfies it and shows only those", () => {
    const result = evaluateEvidence({ ...row, quantifier: 'some' }, evidenceCtx);
    expect(result.holds).toBe(true);
    expect(result.rows.map((r) => r.logicalId)).toEqual(['Bucket']);
  });

  test('is not applicable where enabledWhen is false, naming the setting', () => {
    const result = evaluateEvidence(
      { ...row, enabledWhen: whenConfig('environment.production', false) },
      evidenceCtx,
    );
    expect(result.holds).toBeUndefined();
    expect(result.rows[0].result).toBe('not-applicable');
    expect(result.disabledBy).toBe('environment.production = false');
  });

  test('fails if enabledWhen names a configuration key that does not exist', () => {
    expect(() =>
      evaluateEvidence({ ...row, enabledWhen: whenConfig('edge.shield.advancedd', true) }, evidenceCtx),
    ).toThrow(/no key 'edge.shield.advancedd'/);
  });

  test('test evidence fails if the test file or title does not exist', () => {
    const result = evaluateEvidence(
      { kind: 'test', test: 'test/nope.test.ts › nothing', proves: 'x' },
      evidenceCtx,
    );
    expect(result.holds).toBe(false);
    expect(result.rows[0].actual).toBe('test not found');
  });

  test('test evidence fails if the file exists but the title does not', () => {
    // A repository of its own: a title written in this file would be found by the substring match.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    try {
      fs.mkdirSync(path.join(root, 'test'));
      fs.writeFileSync(
        path.join(root, 'test', 'a.test.ts'),
        "describe('keys', () => { test('rotate yearly', () => {}); });\n",
      );
      const ctx = { ...evidenceCtx, root };
      const evaluate = (ref: string) => evaluateEvidence({ kind: 'test', test: ref, proves: 'x' }, ctx);
      expect(evaluate('test/a.test.ts › keys › rotate yearly')).toMatchObject({
        holds: true,
        rows: [{ actual: 'test present', result: 'asserted-by-test' }],
      });
      expect(evaluate('test/a.test.ts › keys › are deleted after a week')).toMatchObject({
        holds: false,
        rows: [{ actual: 'test not found', result: 'fail' }],
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('file evidence fails if the heading is missing', () => {
    const result = evaluateEvidence(
      { kind: 'file', path: 'README.md', contains: '## No such heading', proves: 'x' },
      evidenceCtx,
    );
    expect(result.holds).toBe(false);
    expect(result.rows[0].actual).toBe('text missing');
  });
});
