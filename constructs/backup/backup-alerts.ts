import * as events from 'aws-cdk-lib/aws-events';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * AWS Backup backup, copy and restore jobs that failed, were aborted or expired. Same pattern as the
 * `backupJobFailed` entry of SECURITY_EVENT_PATTERNS (constructs/detection/cis-patterns.ts on main):
 * this construct owns the rule, the Audit stack does not route it again.
 */
export const BACKUP_JOB_FAILED_PATTERN: events.EventPattern = {
  source: ['aws.backup'],
  detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
  // Backup and copy job events report `state`, restore job events report `status`.
  detail: {
    $or: [{ state: ['FAILED', 'ABORTED', 'EXPIRED'] }, { status: ['FAILED', 'ABORTED', 'EXPIRED'] }],
  },
};

export interface BackupAlertsProps {
  /**
   * The security-notifications topic. Its policy must already let EventBridge of this account publish
   * (SecurityTopic does); this construct does not edit it.
   */
  readonly topic: sns.ITopic;
  /**
   * Notify failed, aborted or expired backup, copy and restore jobs. Turn off only where another rule
   * already routes BACKUP_JOB_FAILED_PATTERN to the same topic (one notification per failure).
   * @default true
   */
  readonly notifyJobFailures?: boolean;
  /**
   * Restore validation workflows whose failed, timed-out or aborted executions are alerted too.
   * @default - none
   */
  readonly validationStateMachines?: readonly sfn.IStateMachine[];
}

/**
 * Routes backup failures to the security topic: failed/aborted/expired backup, copy and restore jobs
 * (restore tests included), and failed restore validations. A missed backup or a failed restore test
 * is a data-protection incident, not an operations detail.
 */
export class BackupAlerts extends Construct {
  public readonly jobFailures?: events.Rule;
  public readonly validationFailures?: events.Rule;

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    // Binds the topic ARN only: the SNS target of aws-events-targets would add a statement to the
    // topic's policy, which lives in (and belongs to) the Foundation stack.
    const toTopic: events.IRuleTarget = { bind: () => ({ arn: props.topic.topicArn }) };

    if (props.notifyJobFailures ?? true) {
      this.jobFailures = new events.Rule(this, 'JobFailures', {
        description: 'AWS Backup backup, copy or restore job failed, aborted or expired',
        eventPattern: BACKUP_JOB_FAILED_PATTERN,
        targets: [toTopic],
      });
    }

    const machines = props.validationStateMachines ?? [];
    if (machines.length) {
      this.validationFailures = new events.Rule(this, 'ValidationFailures', {
        description: 'Restore test validation failed: a restored backup did not meet the baseline',
        eventPattern: {
          source: ['aws.states'],
          detailType: ['Step Functions Execution Status Change'],
          detail: {
            status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
            stateMachineArn: machines.map((m) => m.stateMachineArn),
          },
        },
        targets: [toTopic],
      });
    }
  }
}
