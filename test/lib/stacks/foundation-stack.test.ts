import { Match } from 'aws-cdk-lib/assertions';
import { STAGES, stackTemplate } from '../../support/assembly';
import { resourcesOf } from '../../support/resources';
import { exampleConfig } from '../../support/config';

describe.each(STAGES)('%s/Foundation', (stage) => {
  const template = stackTemplate(stage, 'Foundation');
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
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchLogsEncryptLogGroupsOfThisAccount',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.stringLikeRegexp(':log-group:\\*$') },
            },
          }),
        ]),
      },
    });
  });

  test('service principals on the keys are bound to this account', () => {
    const keys = template.findResources('AWS::KMS::Key');
    const serviceStatements = Object.values(keys)
      .flatMap((k) => k.Properties.KeyPolicy.Statement)
      .filter((s: any) => s.Principal?.Service);
    expect(serviceStatements.length).toBeGreaterThan(0);
    for (const s of serviceStatements) {
      const conditions = JSON.stringify(s.Condition ?? {});
      // EventBridge is bound by the topic encryption context only (SNS supports no source keys for it in a key
      // policy); test/lib/alert-delivery.test.ts proves what each binding allows and denies.
      expect(conditions).toMatch(
        /aws:SourceAccount|kms:EncryptionContext:aws:logs:arn|"kms:EncryptionContext:aws:sns:topicArn":"arn:aws:sns:eu-west-1:\d{12}:\*"/,
      );
    }
  });

  test('the secrets key can only be used through Secrets Manager by this account', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'UseThroughSecretsManagerOnly',
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          }),
        ]),
      },
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
    const config = exampleConfig(stage.toLowerCase() as 'dev' | 'prod');
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
    const subs = Object.values(template.findResources('AWS::SNS::Subscription'));
    expect(subs.length).toBeGreaterThan(0);
    for (const s of subs) expect(s.Properties.Protocol).toBe('email');
  });
});
