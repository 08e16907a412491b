import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CisAlarms, type CisAlarmsProps } from '../../../constructs/detection/cis-alarms';
import { CIS_CONTROLS } from '../../../constructs/detection/cis-patterns';
import { resourcesOf } from '../../support/resources';

function build(props: Partial<CisAlarmsProps> = {}): { stack: Stack; alarms: CisAlarms } {
  const stack = new Stack();
  const alarms = new CisAlarms(stack, 'Cis', {
    logGroup: new logs.LogGroup(stack, 'Trail'),
    alarmTopic: new sns.Topic(stack, 'Topic'),
    ...props,
  });
  return { stack, alarms };
}

describe('CisAlarms', () => {
  test('fails if a disabled control is not a CIS control key', () => {
    expect(() => build({ disabledControls: ['rootUsage'] })).toThrow(
      /'disabledControls' names unknown CIS controls: rootUsage. Valid keys: unauthorizedApiCalls, /,
    );
  });

  test('a disabled control has neither filter nor alarm; the others keep theirs', () => {
    const { stack, alarms } = build({ disabledControls: ['organizationsChanges'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Logs::MetricFilter', CIS_CONTROLS.length - 1);
    t.resourceCountIs('AWS::CloudWatch::Alarm', CIS_CONTROLS.length - 1);
    expect(alarms.monitors.map((m) => m.control.id)).not.toContain('4.15');
    const metricNames = resourcesOf(t, 'AWS::Logs::MetricFilter').map(
      (f) => f.Properties.MetricTransformations[0].MetricName,
    );
    expect(metricNames).toHaveLength(CIS_CONTROLS.length - 1);
    expect(metricNames).not.toContain('OrganizationsChanges');
    expect(resourcesOf(t, 'AWS::CloudWatch::Alarm').map((a) => a.Properties.MetricName)).not.toContain(
      'OrganizationsChanges',
    );
  });

  test('metrics go to the given namespace and alarms carry the name prefix', () => {
    const { stack } = build({ metricNamespace: 'Custom/CIS', alarmNamePrefix: 'Test-' });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-CIS-4.3-RootAccountUsage',
      Namespace: 'Custom/CIS',
    });
  });
});
