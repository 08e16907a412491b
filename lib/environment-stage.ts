import { AspectPriority, Aspects, Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig } from './config/schema';
import { PermissionsBoundaryAspect } from '../constructs/iam/workload-permissions-boundary';
import { FoundationStack } from './stacks/foundation-stack';
import { GuardrailsStack } from './stacks/guardrails-stack';
import { IdentityStack } from './stacks/identity-stack';
import { PermissionsBoundaryStack } from './stacks/permissions-boundary-stack';

export interface EnvironmentStageProps extends StageProps {
  readonly config: AppConfig;
}

/**
 * One deployable environment (`cdk deploy 'Prod/*'`): every stack of the baseline, in dependency
 * order, all in the account and region the config names.
 */
export class EnvironmentStage extends Stage {
  public readonly foundation: FoundationStack;
  public readonly permissionsBoundary: PermissionsBoundaryStack;
  public readonly identity: IdentityStack;
  public readonly guardrails: GuardrailsStack;

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, props);
    const { config } = props;
    const env = { account: config.environment.account, region: config.environment.region };

    this.foundation = new FoundationStack(this, 'Foundation', {
      env,
      config,
      description: `Security baseline foundation (${id}): KMS keys, log buckets, security topic`,
    });

    // Deployed first: every stack with an IAM role depends on it (added by the aspect below).
    this.permissionsBoundary = new PermissionsBoundaryStack(this, 'PermissionsBoundary', {
      env,
      config,
      description: `Security baseline permissions boundary (${id}) carried by every IAM role`,
    });
    this.identity = new IdentityStack(this, 'Identity', {
      env,
      config,
      logKey: this.foundation.keys.logs,
      description: `Security baseline identity (${id}): Cognito user and admin pools, sign-in web ACL`,
    });
    this.guardrails = new GuardrailsStack(this, 'Guardrails', {
      env,
      config,
      logKey: this.foundation.keys.logs,
      ebsKey: this.foundation.keys.data,
      securityTopic: this.foundation.securityTopic,
      description: `Security baseline account guardrails (${id}): IAM policies, break-glass and CI roles`,
    });
    // Per stage (aspects do not cross Stage boundaries): covers every role of every stack here,
    // framework-generated ones included.
    Aspects.of(this).add(new PermissionsBoundaryAspect(this.permissionsBoundary.boundary), {
      priority: AspectPriority.MUTATING,
    });

    Tags.of(this).add('security-baseline:environment', config.environment.name);
    for (const [key, value] of Object.entries(config.environment.tags)) Tags.of(this).add(key, value);
  }
}
