import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SecureLogGroup } from '../logging/secure-log-group';

export interface CloudFrontAccessLogsProps {
  /** ARN of the distribution whose access logs are delivered. */
  readonly distributionArn: string;
  /** Short name: names the delivery source/destination and the log group `/aws/vendedlogs/cloudfront/<name>`. */
  readonly name: string;
  /** KMS key of the log group (its policy must allow CloudWatch Logs of us-east-1). */
  readonly logKey: kms.IKey;
  /** Retention of the log group, in days. */
  readonly logRetentionDays: number;
}

/**
 * CloudFront standard logging (v2): the distribution's access logs delivered as JSON to a
 * KMS-encrypted CloudWatch Logs group through AWS::Logs::DeliverySource / DeliveryDestination /
 * Delivery. CloudWatch Logs only accepts CloudFront delivery sources in us-east-1, so this construct
 * must be in a us-east-1 stack. Unlike legacy logging it needs no S3 ACLs.
 */
export class CloudFrontAccessLogs extends Construct {
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CloudFrontAccessLogsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && stack.region !== 'us-east-1') {
      throw new Error(
        `CloudFrontAccessLogs ${this.node.path}: CloudFront delivery sources can only be created in us-east-1. Received region: ${stack.region}`,
      );
    }
    if (!/^[A-Za-z0-9-]{1,40}$/.test(props.name)) {
      throw new Error(`'name' must be 1-40 letters, digits or dashes. Received: ${props.name}`);
    }
    // The /aws/vendedlogs/ prefix lets CloudWatch Logs authorise delivery without growing the
    // account's log resource policy for every delivery.
    this.logGroup = new SecureLogGroup(this, 'LogGroup', {
      logGroupName: `/aws/vendedlogs/cloudfront/${props.name}`,
      encryptionKey: props.logKey,
      retentionDays: props.logRetentionDays,
    }).logGroup;

    const source = new logs.CfnDeliverySource(this, 'Source', {
      name: `${props.name}-cf-access`,
      resourceArn: props.distributionArn,
      logType: 'ACCESS_LOGS',
    });
    const destination = new logs.CfnDeliveryDestination(this, 'Destination', {
      name: `${props.name}-cf-access-logs`,
      destinationResourceArn: stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: this.logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      outputFormat: 'json',
    });
    destination.node.addDependency(this.logGroup);
    const delivery = new logs.CfnDelivery(this, 'Delivery', {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.attrArn,
    });
    delivery.node.addDependency(source);
  }
}
