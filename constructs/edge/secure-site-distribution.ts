import { Duration, Stack } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeRules } from '../core/acknowledge';

/** An S3 origin read through Origin Access Control; the grants are added by SecureSiteDistribution. */
class OacS3Origin extends cloudfront.OriginBase {
  constructor(
    bucket: s3.IBucket,
    private readonly oac: cloudfront.IOriginAccessControl,
  ) {
    super(bucket.bucketRegionalDomainName);
  }

  public override bind(scope: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
    const config = super.bind(scope, options);
    return {
      ...config,
      originProperty: { ...config.originProperty!, originAccessControlId: this.oac.originAccessControlId },
    };
  }

  protected override renderS3OriginConfig(): cloudfront.CfnDistribution.S3OriginConfigProperty {
    return { originAccessIdentity: '' };
  }
}

/** HSTS max-age: two years, the value the preload list requires at least one year of. */
export const HSTS_MAX_AGE = Duration.days(730);
import { DEFAULT_PERMISSIONS_POLICY, STRICT_CSP } from './edge-constants';

export { DEFAULT_PERMISSIONS_POLICY, STRICT_CSP };

export interface SecureSiteDistributionProps {
  /** Bucket holding the static site; CloudFront reads it through Origin Access Control only. */
  readonly originBucket: s3.IBucket;
  /** ARN of a CLOUDFRONT-scoped web ACL (created in us-east-1). */
  readonly webAclArn: string;
  /**
   * Where the standard logging (v2) access logs of this distribution are delivered, e.g. "CloudWatch
   * Logs group X in us-east-1 (stack Prod/SiteGlobal)". Delivery sources for CloudFront can only be
   * created in us-east-1, so the delivery is declared there (`CloudFrontAccessLogs`).
   */
  readonly accessLogsDestination: string;
  /**
   * Custom domain names; need `certificate`.
   * @default - the cloudfront.net name only
   */
  readonly domainNames?: readonly string[];
  /**
   * ACM certificate in us-east-1 for `domainNames`; enables the TLSv1.2_2021 minimum viewer protocol.
   * @default - none: then `defaultCertificateReason` is required
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Why the CloudFront default certificate (whose TLS policy cannot be pinned to TLS 1.2+) is acceptable.
   * @default - a certificate is required
   */
  readonly defaultCertificateReason?: string;
  /**
   * Content-Security-Policy header value.
   * @default STRICT_CSP
   */
  readonly contentSecurityPolicy?: string;
  /**
   * Permissions-Policy header value.
   * @default DEFAULT_PERMISSIONS_POLICY
   */
  readonly permissionsPolicy?: string;
  /**
   * @default 'index.html'
   */
  readonly defaultRootObject?: string;
  /**
   * Countries (ISO 3166-1 alpha-2) CloudFront refuses to serve.
   * @default - none: then `geoRestrictionExemptionReason` is required
   */
  readonly geoBlockCountries?: readonly string[];
  /**
   * Why no country is blocked at CloudFront (AwsSolutions-CFR1).
   * @default - geoBlockCountries is required
   */
  readonly geoRestrictionExemptionReason?: string;
}

/**
 * The dashboard front end: a CloudFront distribution in front of a private S3 bucket (Origin
 * Access Control), HTTPS only, HTTP/2 and HTTP/3, the CLOUDFRONT web ACL, TLSv1.2_2021 when a
 * certificate is given, and a response headers policy with HSTS (2 years, includeSubDomains,
 * preload), CSP, X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy
 * strict-origin-when-cross-origin and Permissions-Policy, each overriding what the origin sends.
 */
export class SecureSiteDistribution extends Construct {
  public readonly distribution: cloudfront.Distribution;
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The web ACL ARN the distribution is associated with (for Shield Advanced checks). */
  public readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: SecureSiteDistributionProps) {
    super(scope, id);
    if (!props.certificate && !props.defaultCertificateReason) {
      throw new Error(
        `SecureSiteDistribution ${this.node.path}: give 'certificate' (enables TLSv1.2_2021), or 'defaultCertificateReason'`,
      );
    }
    if (props.domainNames?.length && !props.certificate) {
      throw new Error(`SecureSiteDistribution ${this.node.path}: 'domainNames' need a 'certificate'`);
    }
    if (!props.geoBlockCountries?.length && !props.geoRestrictionExemptionReason) {
      throw new Error(
        `SecureSiteDistribution ${this.node.path}: give 'geoBlockCountries', or 'geoRestrictionExemptionReason'`,
      );
    }
    this.webAclArn = props.webAclArn;

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Baseline security headers (HSTS, CSP, framing, sniffing, referrer, permissions)',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: HSTS_MAX_AGE,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: props.contentSecurityPolicy ?? STRICT_CSP,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: props.permissionsPolicy ?? DEFAULT_PERMISSIONS_POLICY,
            override: true,
          },
        ],
      },
      removeHeaders: ['Server'],
    });

    const oac = new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
      description: 'Signed (SigV4) CloudFront requests to the site bucket',
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: 'Client dashboard front end',
      defaultBehavior: {
        origin: new OacS3Origin(props.originBucket, oac),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      defaultRootObject: props.defaultRootObject ?? 'index.html',
      domainNames: props.domainNames ? [...props.domainNames] : undefined,
      certificate: props.certificate,
      minimumProtocolVersion: props.certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      sslSupportMethod: props.certificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      webAclId: props.webAclArn,
      geoRestriction: props.geoBlockCountries?.length
        ? cloudfront.GeoRestriction.denylist(...props.geoBlockCountries)
        : undefined,
      // Legacy standard logging is off on purpose: see the CFR3 acknowledgment below.
      enableLogging: false,
    });

    this.grantOriginRead(props.originBucket);

    const resource = this.distribution.node.defaultChild!;
    acknowledgeRule(
      resource,
      'AwsSolutions-CFR3',
      `CloudFront standard logging (legacy) needs S3 ACLs on the log bucket, which the baseline forbids (SecureBucket enforces bucket-owner object ownership); access logs use CloudFront standard logging v2 instead (AWS::Logs::DeliverySource/DeliveryDestination/Delivery) to ${props.accessLogsDestination}`,
    );
    if (!props.certificate) {
      acknowledgeRules(resource, ['AwsSolutions-CFR4'], props.defaultCertificateReason!);
    }
    if (!props.geoBlockCountries?.length) {
      acknowledgeRule(resource, 'AwsSolutions-CFR1', props.geoRestrictionExemptionReason!);
    }
  }

  /**
   * Lets only this distribution read objects (bucket policy names its ARN) and lets CloudFront
   * decrypt them. The key policy cannot name the distribution (key -> bucket -> distribution would
   * be a cycle), so it allows CloudFront distributions of this account only; the bucket policy is
   * what limits reads to this distribution.
   */
  private grantOriginRead(bucket: s3.IBucket): void {
    const cloudFront = new iam.ServicePrincipal('cloudfront.amazonaws.com');
    const { partition, account } = Stack.of(this);
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontOriginAccessControlRead',
        principals: [cloudFront],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: { StringEquals: { 'AWS:SourceArn': this.distributionArn } },
      }),
    );
    bucket.encryptionKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontOriginAccessControlDecrypt',
        principals: [cloudFront],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'AWS:SourceArn': `arn:${partition}:cloudfront::${account}:distribution/*` },
        },
      }),
    );
  }

  public get distributionArn(): string {
    return this.distribution.distributionArn;
  }
}
