import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EventForwarder } from '../../constructs/detection/event-forwarder';

export interface AuditGlobalStackProps extends StackProps {
  /** The environment's primary region, whose default event bus receives the forwarded events. */
  readonly primaryRegion: string;
}

/**
 * The us-east-1 part of detection: AWS emits console sign-in events of the root user (and other
 * global-endpoint events) to EventBridge in us-east-1 only, so this stack forwards them to the primary
 * region, where the Audit stack's rules notify the security topic.
 */
export class AuditGlobalStack extends Stack {
  public readonly forwarder: EventForwarder;

  constructor(scope: Construct, id: string, props: AuditGlobalStackProps) {
    super(scope, id, props);
    this.forwarder = new EventForwarder(this, 'SignInEvents', {
      targetRegion: props.primaryRegion,
      sources: ['aws.signin'],
    });
  }
}
