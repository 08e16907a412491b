import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EventForwarder } from '../../constructs/detection/event-forwarder';

export interface AuditGlobalStackProps extends StackProps {
  /** The environment's primary region, whose default event bus receives the forwarded events. */
  readonly primaryRegion: string;
}

/**
 * The us-east-1 part of detection: AWS emits console sign-in events (root sign-in, console switch-role) and
 * STS calls to the global endpoint (AssumeRole of the break-glass role) to EventBridge in us-east-1 only, so
 * this stack forwards them to the primary region, where the Audit and Guardrails rules notify the security
 * topic. (The break-glass metric filter on the multi-region trail's log group covers every other region.)
 */
export class AuditGlobalStack extends Stack {
  public readonly forwarder: EventForwarder;

  constructor(scope: Construct, id: string, props: AuditGlobalStackProps) {
    super(scope, id, props);
    this.forwarder = new EventForwarder(this, 'SignInEvents', {
      targetRegion: props.primaryRegion,
      sources: ['aws.signin', 'aws.sts'],
    });
  }
}
