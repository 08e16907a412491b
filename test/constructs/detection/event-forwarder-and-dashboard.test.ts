import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { EventForwarder } from '../../../constructs/detection/event-forwarder';
import { SecurityDashboard } from '../../../constructs/detection/security-dashboard';

test('EventForwarder fails if it would forward to its own region', () => {
  const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  expect(() => new EventForwarder(stack, 'F', { targetRegion: 'us-east-1' })).toThrow(
    /'targetRegion' us-east-1 is this stack's own region/,
  );
});

test('SecurityDashboard fails without alarms', () => {
  const stack = new Stack();
  const metric = new cloudwatch.Metric({ namespace: 'N', metricName: 'M' });
  expect(
    () =>
      new SecurityDashboard(stack, 'D', {
        dashboardName: 'Test-Security',
        alarms: [],
        guardDutyFindingsBySeverity: { High: metric },
        securityHubFindings: metric,
        rotationFailures: metric,
        backupFailures: metric,
      }),
  ).toThrow(/'alarms' is empty/);
});
