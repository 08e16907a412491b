import {
  ArnFormat,
  BootstraplessSynthesizer,
  Stack,
  type StackProps,
  Stage,
  type StageProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CdkBootstrapPolicies } from '../../constructs/iam/cdk-bootstrap-policies';
import {
  BOOTSTRAP_STACK_ID,
  bootstrapNames,
  CI_SESSION_TAG,
  EXECUTION_SERVICES,
  TOOLKIT_STACK_NAME,
} from '../bootstrap';
import type { AppConfig } from '../config/schema';

export interface BootstrapStackProps extends StackProps {
  readonly config: AppConfig;
  /** Name of the environment's workload permissions boundary (every role a deployment creates carries it). */
  readonly workloadBoundaryName: string;
}

/**
 * The policies of the hardened CDK bootstrap (lib/bootstrap.ts): deployed once per account with the
 * operator's credentials BEFORE `cdk bootstrap`, which then names them. Bootstrapless: it must deploy
 * where no bootstrap exists yet, and it has no assets.
 */
export class BootstrapStack extends Stack {
  public readonly policies: CdkBootstrapPolicies;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id, { ...props, synthesizer: new BootstraplessSynthesizer() });
    const n = bootstrapNames(props.config);
    this.policies = new CdkBootstrapPolicies(this, 'CdkBootstrap', {
      qualifier: n.qualifier,
      executionPolicyName: n.executionPolicyName,
      boundaryPolicyName: n.boundaryPolicyName,
      executionServices: Object.values(EXECUTION_SERVICES).flat(),
      workloadBoundaryArn: this.formatArn({
        service: 'iam',
        region: '',
        resource: 'policy',
        resourceName: props.workloadBoundaryName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      ciOnlyStackNames: n.ciOnlyStackNames,
      ciSessionTag: CI_SESSION_TAG,
      bootstrapStackNames: [TOOLKIT_STACK_NAME, n.policiesStackName],
    });
  }
}

export interface BootstrapStageProps extends StageProps {
  readonly config: AppConfig;
  readonly workloadBoundaryName: string;
}

/**
 * A stage of its own inside the environment's stage, so that `cdk deploy 'Prod/*'` (the pipeline) never
 * selects it: it is deployed as `cdk deploy Prod/Bootstrap/Policies` by an operator (docs/runbook.md).
 */
export class BootstrapStage extends Stage {
  public readonly stack: BootstrapStack;

  constructor(scope: Construct, id: string, props: BootstrapStageProps) {
    super(scope, id, props);
    this.stack = new BootstrapStack(this, BOOTSTRAP_STACK_ID, {
      config: props.config,
      workloadBoundaryName: props.workloadBoundaryName,
      description: `Security baseline CDK bootstrap policies (${props.config.environment.name}): execution policy and boundary of the bootstrap roles`,
      terminationProtection: true,
    });
  }
}
