import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { SecureSiteDistribution } from '../../constructs/edge/secure-site-distribution';
import { secureKeyProps } from '../../constructs/kms/key-defaults';
import { allowUseThroughServices } from '../../constructs/kms/service-bound-key-use';
import { SecureBucket } from '../../constructs/storage/secure-bucket';
import type { AppConfig } from '../config/schema';

export interface SiteStackProps extends StackProps {
  readonly config: AppConfig;
  /** ARN of the CLOUDFRONT web ACL (EdgeGlobal stack, us-east-1). */
  readonly webAclArn: string;
  /** Where the distribution's access logs are delivered (declared in a us-east-1 stack). */
  readonly accessLogsDestination: string;
  /** Target of the site bucket's server access logs (foundation). */
  readonly accessLogsBucket: s3.IBucket;
}

/** The dashboard front end in the primary region: the private site bucket and its CloudFront distribution. */
export class SiteStack extends Stack {
  public readonly bucket: s3.Bucket;
  public readonly site: SecureSiteDistribution;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const { config } = props;
    const site = config.edge.site;

    // A key of its own: CloudFront (OAC) must be allowed to decrypt, which the foundation data key
    // deliberately does not allow.
    const key = new kms.Key(
      this,
      'SiteKey',
      secureKeyProps({
        alias: `alias/security-baseline/${config.environment.name.toLowerCase()}/site`,
        description: 'Static front-end assets of the client dashboard (read by CloudFront through OAC)',
        pendingWindowDays: config.keys.pendingWindowDays,
      }),
    );
    // Deployments write and read the assets through S3 only.
    allowUseThroughServices(key, 'UseThroughS3Only', ['s3']);
    this.bucket = new SecureBucket(this, 'SiteBucket', {
      encryptionKey: key,
      serverAccessLogsBucket: props.accessLogsBucket,
      noncurrentVersionExpirationDays: config.retention.noncurrentVersionDays,
      replicationExemptionReason:
        'The site bucket holds build artefacts that the deployment pipeline can publish again from source control; versioning protects against overwrites',
    }).bucket;

    this.site = new SecureSiteDistribution(this, 'Distribution', {
      originBucket: this.bucket,
      webAclArn: props.webAclArn,
      accessLogsDestination: props.accessLogsDestination,
      domainNames: site.domainName ? [site.domainName] : undefined,
      certificate: site.certificateArn
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', site.certificateArn)
        : undefined,
      defaultCertificateReason: site.certificateArn
        ? undefined
        : `Non-production environment without a custom domain: the CloudFront default certificate (*.cloudfront.net) cannot pin TLSv1.2_2021, and a minimum protocol needs a custom certificate; production config sets edge.site.certificateArn (enforced by config validation)`,
      contentSecurityPolicy: site.contentSecurityPolicy,
      permissionsPolicy: site.permissionsPolicy,
      defaultRootObject: site.defaultRootObject,
      geoBlockCountries: config.edge.waf.geoBlock,
      geoRestrictionExemptionReason: config.edge.waf.geoBlock.length
        ? undefined
        : 'No country is blocked by this environment (edge.waf.geoBlock is empty); the dashboard serves clients worldwide and access is controlled by authentication and the web ACL',
    });
    // The pipeline's DAST job scans this URL after each Dev deploy (.github/workflows/ci.yml, job dast).
    new CfnOutput(this, 'SiteUrl', {
      value: `https://${site.domainName ?? this.site.distribution.distributionDomainName}/`,
      description: 'URL of the dashboard front end',
    });
  }
}
