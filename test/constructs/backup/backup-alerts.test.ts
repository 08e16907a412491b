import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BACKUP_JOB_FAILED_PATTERN, BackupAlerts } from '../../../constructs/backup/backup-alerts';

describe('BackupAlerts', () => {
  // GIVEN the topic in another stack (as the Foundation stack's security topic is)
  const app = new App();
  const topicStack = new Stack(app, 'Topic');
  const topic = new sns.Topic(topicStack, 'SecurityTopic');
  const stack = new Stack(app, 'Alerts');
  const machine = new sfn.StateMachine(stack, 'Validation', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')),
  });
  new BackupAlerts(stack, 'BackupAlerts', { topic, validationStateMachines: [machine] });
  const template = Template.fromStack(stack);

  test('failed, aborted or expired backup, copy and restore jobs go to the security topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        detail: {
          $or: [{ state: ['FAILED', 'ABORTED', 'EXPIRED'] }, { status: ['FAILED', 'ABORTED', 'EXPIRED'] }],
        },
      },
      Targets: [{ Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('SecurityTopic') }, Id: 'Target0' }],
    });
  });

  test('failed, timed-out or aborted restore validations go to the security topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: stack.getLogicalId(machine.node.defaultChild as never) }],
        },
      },
    });
  });

  test('leaves the topic policy (owned by the topic stack) untouched', () => {
    Template.fromStack(topicStack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });

  test('uses the backup failure pattern of the detection catalogue', () => {
    expect(BACKUP_JOB_FAILED_PATTERN.source).toEqual(['aws.backup']);
  });

  test('leaves job failures to another rule when told to (no duplicate notifications)', () => {
    const s = new Stack(new App(), 'S');
    new BackupAlerts(s, 'BackupAlerts', { topic: new sns.Topic(s, 'T'), notifyJobFailures: false });
    Template.fromStack(s).resourceCountIs('AWS::Events::Rule', 0);
  });
});
