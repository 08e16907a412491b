import { Match } from 'aws-cdk-lib/assertions';
import { STAGES, stackTemplate, testSimulator } from '../../support/assembly';
import { resourcesOf } from '../../support/resources';
import { exampleConfig } from '../../support/config';
import { ALLOW_ALL } from '../../support/simulator';

const PARTITION = 'aws';
/** An account that is not one of the example environments. */
const OTHER_ACCOUNT = '999999999999';

describe.each(STAGES)('%s/Foundation', (stage) => {
  const template = stackTemplate(stage, 'Foundation');
  const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
  const { account, region } = config.environment as { account: string; region: string };
  const sim = testSimulator();
  /** The resolved ARN of the Foundation's key of a data class, for the simulator. */
  const resolvedKeyArn = (keyClass: string) =>
    sim.assembly.arn(
      sim.assembly
        .resources('AWS::KMS::Key', (s) => s.displayName === `${stage}/Foundation`)
        .find((k) => k.logicalId.startsWith(`Keys${keyClass}`))!,
    );
  /** The statement of the key policy of `keyClass` with `sid`. */
  const keyStatement = (keyClass: string, sid: string) => {
    const keys = template.findResources('AWS::KMS::Key');
    const key = Object.values(keys).find(
      (k) => k.Metadata['aws:cdk:path'] === `${stage}/Foundation/Keys/${keyClass}/Resource`,
    )!;
    return key.Properties.KeyPolicy.Statement.find((s: { Sid?: string }) => s.Sid === sid);
  };
  /** The ARN of the Foundation's own key of a data class, as resources of this stack reference it. */
  const keyArn = (keyClass: string) => {
    const keys = template.findResources('AWS::KMS::Key');
    const id = Object.keys(keys).find(
      (k) => keys[k].Metadata['aws:cdk:path'] === `${stage}/Foundation/Keys/${keyClass}/Resource`,
    );
    expect(id).toBeDefined();
    return { 'Fn::GetAtt': [id, 'Arn'] };
  };

  test('creates one customer-managed key per data class', () => {
    for (const dataClass of ['logs', 'data', 'secrets', 'backup']) {
      template.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/security-baseline/${stage.toLowerCase()}/${dataClass}`,
      });
    }
    template.resourceCountIs('AWS::KMS::Key', 4);
  });

  test('every key rotates yearly, has a 30-day deletion window and is retained', () => {
    const keys = resourcesOf(template, 'AWS::KMS::Key');
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.RotationPeriodInDays).toBe(365);
      expect(key.Properties.PendingWindowInDays).toBe(30);
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('the logs key lets CloudWatch Logs use it only for log groups of this account', () => {
    expect(keyStatement('Logs', 'CloudWatchLogsEncryptLogGroupsOfThisAccount')).toEqual({
      Sid: 'CloudWatchLogsEncryptLogGroupsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${PARTITION}:logs:${region}:${account}:log-group:*`,
        },
      },
    });
  });

  // CloudWatch Logs calls KMS as its regional service principal with the log group's ARN as encryption
  // context (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS").
  test.each([
    ['this account', account, 'Allowed'],
    ['another account', OTHER_ACCOUNT, 'ImplicitlyDenied'],
  ])(
    'CloudWatch Logs encrypting a log group of %s (%s) with the logs key: %s (simulated)',
    async (_, logGroupAccount, expected) => {
      const outcome = await sim.simulate({
        principal: `logs.${region}.amazonaws.com`,
        action: 'kms:GenerateDataKey',
        resource: resolvedKeyArn('Logs'),
        context: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${PARTITION}:logs:${region}:${logGroupAccount}:log-group:/app/x`,
        },
      });
      expect(outcome.decision).toBe(expected);
    },
  );

  test('service principals on the keys are bound to this account', () => {
    const keys = template.findResources('AWS::KMS::Key');
    const serviceStatements = Object.values(keys)
      .flatMap((k) => k.Properties.KeyPolicy.Statement)
      .filter((s: any) => s.Principal?.Service);
    expect(serviceStatements.length).toBeGreaterThan(0);
    // The conditions that name an account, and the values of this account each must have. EventBridge is
    // bound by the topic encryption context only (SNS supports no source keys for it in a key policy);
    // test/lib/alert-delivery.test.ts proves what each binding allows and denies.
    const thisAccount: Record<string, string> = {
      'aws:SourceAccount': account,
      'kms:EncryptionContext:aws:logs:arn': `arn:${PARTITION}:logs:${region}:${account}:log-group:*`,
      'kms:EncryptionContext:aws:sns:topicArn': `arn:${PARTITION}:sns:${region}:${account}:*`,
      'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${PARTITION}:cloudtrail:*:${account}:trail/*`,
      'aws:SourceArn': `arn:${PARTITION}:guardduty:${region}:${account}:detector/*`,
    };
    for (const s of serviceStatements) {
      const bindings = Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(
        (block) => Object.entries(block),
      );
      // Every statement has a binding, and every account-naming condition names exactly this account.
      expect({ sid: s.Sid, bound: bindings.some(([k]) => k in thisAccount) }).toEqual({
        sid: s.Sid,
        bound: true,
      });
      for (const [k, v] of bindings) {
        if (k in thisAccount) expect({ sid: s.Sid, [k]: v }).toEqual({ sid: s.Sid, [k]: thisAccount[k] });
      }
    }
  });

  test('the secrets key can only be used through Secrets Manager by this account', () => {
    expect(keyStatement('Secrets', 'UseThroughSecretsManagerOnly')).toEqual({
      Sid: 'UseThroughSecretsManagerOnly',
      Effect: 'Allow',
      Principal: { AWS: `arn:${PARTITION}:iam::${account}:root` },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          'kms:CallerAccount': account,
        },
      },
    });
  });

  // A principal with every IAM permission decrypts a secret's data key only when Secrets Manager calls KMS on its
  // behalf. The context KMS receives: kms:CallerAccount (the caller's account, always) and kms:ViaService
  // (only when an integrated service makes the call), https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
  describe('the secrets key decrypts only through Secrets Manager, for this account (simulated)', () => {
    const decrypt = (callerAccount: string, context: Record<string, string>) =>
      sim.simulate(
        {
          principal: `arn:${PARTITION}:iam::${callerAccount}:role/admin`,
          action: 'kms:Decrypt',
          resource: resolvedKeyArn('Secrets'),
          context: { 'kms:CallerAccount': callerAccount, ...context },
        },
        { identityPolicies: ALLOW_ALL },
      );

    test('via Secrets Manager by this account: allowed', async () => {
      const outcome = await decrypt(account, { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` });
      expect(outcome.decision).toBe('Allowed');
    });

    test('directly (no kms:ViaService) by this account: explicitly denied', async () => {
      const outcome = await decrypt(account, {});
      expect(outcome.decision).toBe('ExplicitlyDenied');
      expect(outcome.sid).toBe('DenyUseOutsideItsServices');
    });

    test('through another service by this account: explicitly denied', async () => {
      const outcome = await decrypt(account, { 'kms:ViaService': `s3.${region}.amazonaws.com` });
      expect(outcome.decision).toBe('ExplicitlyDenied');
    });

    test('via Secrets Manager by another account: not allowed', async () => {
      const outcome = await decrypt(OTHER_ACCOUNT, {
        'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
      });
      expect(outcome.decision).not.toBe('Allowed');
    });
  });

  test('every bucket blocks all public access, is versioned and retained', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const b of Object.values(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.DeletionPolicy).toBe('Retain');
    }
  });

  test('every bucket is encrypted at rest (SSE-KMS, or SSE-S3 where log delivery requires it)', () => {
    for (const b of resourcesOf(template, 'AWS::S3::Bucket')) {
      const rules = b.Properties.BucketEncryption.ServerSideEncryptionConfiguration;
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(['aws:kms', 'AES256']).toContain(rule.ServerSideEncryptionByDefault.SSEAlgorithm);
      }
    }
  });

  test('every bucket expires noncurrent versions and aborts incomplete uploads (secure deletion)', () => {
    for (const b of resourcesOf(template, 'AWS::S3::Bucket')) {
      expect(b.Properties.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: expect.any(Number) },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }),
        ]),
      );
    }
  });

  test('every bucket policy denies requests without TLS 1.2+', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      const statements = p.Properties.PolicyDocument.Statement;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      );
    }
  });

  test('the access-log bucket uses SSE-S3 (log delivery cannot use KMS) and expires logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            ExpirationInDays: Match.anyValue(),
            NoncurrentVersionExpiration: Match.anyValue(),
          }),
        ]),
      },
    });
  });

  test('the log archive is KMS-encrypted with the logs key and logs access to the access-log bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn('Logs') },
            BucketKeyEnabled: true,
          },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'LogArchiveBucket/' },
    });
  });

  test('the security topic is KMS-encrypted with the logs key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn('Logs') });
  });

  test('the log archive has Object Lock: COMPLIANCE in production, GOVERNANCE elsewhere, for the shortest prefix expiry', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const [id, archive] = Object.entries(buckets).find(([logicalId]) =>
      logicalId.startsWith('LogArchiveBucket'),
    )!;
    // The construct id (and so the logical id) of the existing bucket is unchanged: an in-place update.
    expect(id).toBe('LogArchiveBucket73900F7A');
    expect(archive.Properties.ObjectLockEnabled).toBe(true);
    expect(archive.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: {
        DefaultRetention: {
          Mode: config.environment.production ? 'COMPLIANCE' : 'GOVERNANCE',
          Days: Math.min(config.retention.logDays, config.retention.auditLogDays),
        },
      },
    });
  });

  test('no key policy lets principals of the account use a key outside its services (no root kms:*)', () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      const statements = key.Properties.KeyPolicy.Statement as { Sid?: string; Action: string | string[] }[];
      expect(statements.filter((st) => [st.Action].flat().includes('kms:*'))).toEqual([]);
      expect(statements.map((st) => st.Sid)).toEqual(
        expect.arrayContaining([
          'KeyAdministrationByThisAccount',
          'DenyUseOutsideItsServices',
          'DenyGrantsExceptForAwsResources',
        ]),
      );
    }
  });

  test('the security topic is KMS-encrypted', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('the security topic policy denies publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('each configured address is subscribed to the security topic', () => {
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    const subs = resourcesOf(template, 'AWS::SNS::Subscription').map((s) => [
      s.Properties.Protocol,
      s.Properties.Endpoint,
      s.Properties.TopicArn,
    ]);
    expect(subs.sort()).toEqual(
      (config.notifications.securityEmails as string[]).map((e) => ['email', e, { Ref: topics[0] }]).sort(),
    );
  });
});
