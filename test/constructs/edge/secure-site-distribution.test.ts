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
    headers = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0].Properties
      .ResponseHeadersPolicyConfig;
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

  test('only this distribution may read the bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudFrontOriginAccessControlRead',
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
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
