import { Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { ManagedPolicyRole } from '../iam/managed-policy-role';
import { eventRulesOfThisAccount } from '../iam/event-rule-principal';

export interface EventForwarderProps {
  /** Region whose default event bus receives the events (the environment's primary region). */
  readonly targetRegion: string;
  /**
   * Event sources to forward.
   * @default ['aws.signin']: console sign-in events, which AWS emits in us-east-1 for the root user
   */
  readonly sources?: readonly string[];
}

/**
 * Forwards AWS service events emitted in this region to the default event bus of the primary region of the
 * same account, so the primary region's rules see them: console sign-ins of the root user (and other
 * global-endpoint events) reach EventBridge in us-east-1 only.
 */
export class EventForwarder extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: EventForwarderProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    if (!Token.isUnresolved(region) && region === props.targetRegion) {
      throw new Error(
        `EventForwarder ${this.node.path}: 'targetRegion' ${props.targetRegion} is this stack's own region; forward only from another region`,
      );
    }
    const sources = props.sources ?? ['aws.signin'];
    if (sources.length === 0) throw new Error(`EventForwarder ${this.node.path}: 'sources' is empty`);

    const bus = events.EventBus.fromEventBusArn(
      this,
      'PrimaryBus',
      `arn:${partition}:events:${props.targetRegion}:${account}:event-bus/default`,
    );
    const role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: eventRulesOfThisAccount(this),
      description: `Forwards ${sources.join(', ')} events from ${region} to the default bus in ${props.targetRegion}`,
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: `Forwards ${sources.join(', ')} events to the default event bus in ${props.targetRegion}`,
      eventPattern: { source: [...sources] },
      targets: [new targets.EventBus(bus, { role })],
    });
  }
}
