import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  SecureSiteDistribution,
  type SecureSiteDistributionProps,
  STRICT_CSP,
} from '../../../constructs/edge/secure-site-distribution';
import { formatFinding } from '../../../compliance/findings';
import { nagFindingsOf } from '../../support/nag';
import { resourcesOf } from '../../support/resources';
import type { PolicySimulator } from '../../../proofs/policy-simulation';
import { stackSimulator } from '../../support/simulator';

/** Fixture ARNs are built like the code builds them (no 'arn:aws:' literals). */
const PARTITION = 'aws';

const WEB_ACL = `arn:${PARTITION}:wafv2:us-east-1:111111111111:global/webacl/site/abc`;

function props(
  stack: Stack,
  overrides: Partial<SecureSiteDistributionProps> = {},
): SecureSiteDistributionProps {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  return {
    originBucket: new s3.Bucket(stack, 'Bucket', { encryptionKey: key, encryption: s3.BucketEncryption.KMS }),
    webAclArn: WEB_ACL,
    accessLogsDestination: 'log group X in us-east-1',
    domainNames: ['dashboard.example.com'],
    certificate: acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      `arn:${PARTITION}:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555`,
    ),
    geoBlockCountries: ['KP'],
    ...overrides,
  };
}

function newStack(): Stack {
  return new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
}

describe('SecureSiteDistribution', () => {
  let template: Template;
  let headers: any;
  beforeAll(() => {
    const stack = newStack();
    new SecureSiteDistribution(stack, 'Site', props(stack));
    template = Template.fromStack(stack);
    // The headers of the policy the distribution uses (not merely one in the template): the header tests
    // below fail if the distribution does not send them.
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const used = distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId;
    headers = template.toJSON().Resources[used?.Ref]?.Properties.ResponseHeadersPolicyConfig;
  });

  test('HSTS: two years, includeSubDomains, preload, overriding the origin', () => {
    expect(headers.SecurityHeadersConfig.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
      Preload: true,
      Override: true,
    });
  });

  test('CSP: the strict default', () => {
    expect(headers.SecurityHeadersConfig.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
      Override: true,
    });
    expect(STRICT_CSP).toContain("frame-ancestors 'none'");
  });

  test('X-Frame-Options: DENY', () => {
    expect(headers.SecurityHeadersConfig.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });

  test('X-Content-Type-Options: nosniff', () => {
    expect(headers.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
  });

  test('Referrer-Policy: strict-origin-when-cross-origin', () => {
    expect(headers.SecurityHeadersConfig.ReferrerPolicy).toEqual({
      ReferrerPolicy: 'strict-origin-when-cross-origin',
      Override: true,
    });
  });

  test('Permissions-Policy switches off unused browser features', () => {
    expect(headers.CustomHeadersConfig.Items).toEqual([
      { Header: 'Permissions-Policy', Value: expect.stringContaining('camera=()'), Override: true },
    ]);
  });

  // The header tests above check the policy; this one checks the distribution sends it on every path.
  test('every cache behaviour of the distribution uses the security headers policy', () => {
    const policyId = Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0];
    const [distribution] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    for (const behavior of config.CacheBehaviors ?? []) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
  });

  test('viewers must use HTTPS, with TLSv1.2_2021 and SNI on the custom certificate', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
        Aliases: ['dashboard.example.com'],
      },
    });
  });

  test('serves HTTP/2 and HTTP/3, a default root object, and uses the CLOUDFRONT web ACL', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        HttpVersion: 'http2and3',
        DefaultRootObject: 'index.html',
        WebACLId: WEB_ACL,
      }),
    });
  });

  test('reads the bucket through Origin Access Control (SigV4), not a public endpoint', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
  });

  test('only this distribution may read the bucket: the exact bucket policy', () => {
    const bucketId = Object.keys(template.findResources('AWS::S3::Bucket'))[0];
    const distributionId = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0];
    const [policy] = resourcesOf(template, 'AWS::S3::BucketPolicy');
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'CloudFrontOriginAccessControlRead',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
        // The ARN of this distribution (arn:<partition>:cloudfront::<account>:distribution/<id>), not a pattern.
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::111111111111:distribution/',
                  { Ref: distributionId },
                ],
              ],
            },
          },
        },
      },
    ]);
  });

  describe('only this distribution may read the bucket, as IAM evaluates the bucket policy', () => {
    let sim: PolicySimulator;
    let objectArn: string;
    let thisDistribution: string;
    beforeAll(() => {
      sim = stackSimulator(template);
      const [bucket] = sim.assembly.resources('AWS::S3::Bucket');
      const [distribution] = sim.assembly.resources('AWS::CloudFront::Distribution');
      objectArn = `${sim.assembly.arn(bucket)}/index.html`;
      thisDistribution = `arn:${PARTITION}:cloudfront::111111111111:distribution/${sim.assembly.ref(distribution)}`;
    });
    const read = (principal: string, context: Record<string, string> = {}) =>
      sim.simulate({ principal, action: 's3:GetObject', resource: objectArn, context });

    test('CloudFront reading for this distribution is allowed', async () => {
      const outcome = await read('cloudfront.amazonaws.com', { 'aws:SourceArn': thisDistribution });
      expect([outcome.decision, outcome.sid]).toEqual(['Allowed', 'CloudFrontOriginAccessControlRead']);
    });

    test('CloudFront reading for another distribution of the same account is not allowed', async () => {
      const other = `arn:${PARTITION}:cloudfront::111111111111:distribution/EOTHERDISTRIBUTION`;
      expect((await read('cloudfront.amazonaws.com', { 'aws:SourceArn': other })).decision).not.toBe(
        'Allowed',
      );
    });

    test('another account is not allowed', async () => {
      expect((await read(`arn:${PARTITION}:iam::222222222222:root`)).decision).not.toBe('Allowed');
    });
  });

  test('blocks the configured countries at CloudFront', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Restrictions: { GeoRestriction: { RestrictionType: 'blacklist', Locations: ['KP'] } },
      }),
    });
  });

  test('has no cdk-nag findings beyond the acknowledged logging one', () => {
    const findings = nagFindingsOf((stack) => new SecureSiteDistribution(stack, 'Site', props(stack)));
    expect(findings.filter((f) => f.path.includes('/Site/')).map(formatFinding)).toEqual([]);
  });

  test('fails if there is neither a certificate nor a reason to use the default one', () => {
    const stack = newStack();
    expect(
      () =>
        new SecureSiteDistribution(
          stack,
          'Site',
          props(stack, { certificate: undefined, domainNames: undefined }),
        ),
    ).toThrow(/give 'certificate' \(enables TLSv1.2_2021\), or 'defaultCertificateReason'/);
  });

  test('without a certificate the default certificate is used and the TLS finding acknowledged with the reason', () => {
    const stack = newStack();
    new SecureSiteDistribution(
      stack,
      'Site',
      props(stack, {
        certificate: undefined,
        domainNames: undefined,
        defaultCertificateReason: 'Development only: no custom domain, production sets a certificate',
      }),
    );
    const dist = Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::Distribution'))[0];
    // No ViewerCertificate: CloudFront's default *.cloudfront.net certificate.
    expect(dist.Properties.DistributionConfig.ViewerCertificate).toBeUndefined();
    const findings = nagFindingsOf(
      (s) =>
        new SecureSiteDistribution(
          s,
          'Site',
          props(s, {
            certificate: undefined,
            domainNames: undefined,
            defaultCertificateReason: 'Development only: no custom domain, production sets a certificate',
          }),
        ),
    );
    expect(findings.map((f) => f.rule)).not.toContain('AwsSolutions-CFR4');
  });
});
