import * as path from 'node:path';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SecureFunction } from '../compute/secure-function';

export interface SampleBackendProps {
  /** Origins the handler returns CORS headers for (same list as the API's CORS allow-list). */
  readonly allowedOrigins: readonly string[];
  readonly logKey: kms.IKey;
  readonly logRetentionDays: number;
  /**
   * VPC to run in (private subnets).
   * @default - outside a VPC, with the reason recorded
   */
  readonly vpc?: ec2.IVpc;
  /**
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** The small Lambda behind the sample API routes (health and items), so the whole request path is real. */
export class SampleBackend extends Construct {
  public readonly function: SecureFunction;

  constructor(scope: Construct, id: string, props: SampleBackendProps) {
    super(scope, id);
    this.function = new SecureFunction(this, 'Function', {
      entry: path.join(__dirname, 'sample-backend', 'handler', 'index.ts'),
      description: 'Sample dashboard API backend (health, items)',
      logKey: props.logKey,
      logRetentionDays: props.logRetentionDays,
      reservedConcurrentExecutions: 10,
      timeout: undefined,
      environment: { ALLOWED_ORIGINS: props.allowedOrigins.join(',') },
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      outsideVpcReason: props.vpc
        ? undefined
        : 'The sample backend reaches no private resource (no database, no VPC endpoint): it returns static sample data, so a VPC would add ENIs and cost without reducing exposure; pass a vpc to run it in private subnets',
      deadLetterQueueExemptionReason:
        'Invoked synchronously by API Gateway only: the caller receives the error response, there is no asynchronous invocation to dead-letter',
    });
  }
}
