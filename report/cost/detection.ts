/** Cost lines of guardDuty, Security Hub, AWS Config, CloudTrail data events, CloudWatch Logs and alarms. */
import { type CostContext, line, plural, count } from './context';
import { readProperty } from '../evidence';

export function detectionCost(ctx: CostContext): void {
  const { all, of, usage, lines, perResource } = ctx;
  const detectors = of('AWS::GuardDuty::Detector');
  if (detectors.length) {
    lines.push(
      line(
        'guardduty-events',
        'GuardDuty: CloudTrail management events',
        usage('managementEventsMillions'),
        'guardDutyEvents',
        ['SM3', 'SM7'],
        'AWS::GuardDuty::Detector; assumption managementEventsMillions',
      ),
      line(
        'guardduty-flow-dns',
        'GuardDuty: flow and DNS logs',
        usage('flowDnsGb'),
        'guardDutyFlowDns',
        ['SM3', 'SM7'],
        'AWS::GuardDuty::Detector; assumption flowDnsGb',
      ),
    );
    const s3Protection = detectors.some((d) => {
      const features = readProperty(d.resource, 'Features');
      return (
        JSON.stringify(features ?? '').includes('S3_DATA_EVENTS') ||
        readProperty(d.resource, 'DataSources.S3Logs.Enable') === true
      );
    });
    if (s3Protection) {
      lines.push(
        line(
          'guardduty-s3',
          'GuardDuty S3 Protection: data events',
          usage('s3DataEventsMillions'),
          'guardDutyS3',
          ['SM3'],
          'detector feature S3_DATA_EVENTS; assumption s3DataEventsMillions',
        ),
      );
    }
  }
  const hubs = of('AWS::SecurityHub::Hub');
  if (hubs.length) {
    const standards = of('AWS::SecurityHub::Standard').length || 2;
    lines.push(
      line(
        'securityhub-checks',
        'Security Hub security checks',
        standards * usage('securityHubChecksPerStandard'),
        'securityHubCheck',
        ['IS8', 'SM7'],
        `${plural(standards, 'standard')} x assumption securityHubChecksPerStandard`,
      ),
    );
  }
  const recorders = of('AWS::Config::ConfigurationRecorder');
  if (recorders.length) {
    const resources = all.length;
    const rules = of('AWS::Config::ConfigRule').length;
    lines.push(
      line(
        'config-items',
        'Config configuration items',
        resources * usage('configItemsPerResource'),
        'configItem',
        ['IS8'],
        `${resources} resources in this environment's templates x assumption configItemsPerResource`,
      ),
    );
    if (rules) {
      lines.push(
        line(
          'config-evaluations',
          'Config rule evaluations',
          rules * resources * usage('configEvaluationsPerResource'),
          'configEvaluation',
          ['IS8'],
          `${count(rules, 'AWS::Config::ConfigRule')} x ${resources} resources x assumption configEvaluationsPerResource`,
        ),
      );
    }
  }
  const dataTrails = of('AWS::CloudTrail::Trail').filter((t) => {
    const advanced = readProperty(t.resource, 'AdvancedEventSelectors');
    const selectors = JSON.stringify(readProperty(t.resource, 'EventSelectors') ?? []);
    return (Array.isArray(advanced) && advanced.length > 0) || selectors.includes('DataResources');
  });
  if (dataTrails.length) {
    lines.push(
      line(
        'cloudtrail-data-events',
        'CloudTrail data events',
        dataTrails.length * usage('s3DataEventsMillions') * 10,
        'cloudTrailDataEvents',
        ['SM6'],
        `${plural(dataTrails.length, 'trail')} with data event selectors x assumption s3DataEventsMillions`,
      ),
    );
  }
  const logGroups = of('AWS::Logs::LogGroup');
  if (logGroups.length) {
    const gb = logGroups.length * usage('logGbPerLogGroup');
    lines.push(
      line(
        'logs-ingestion',
        'CloudWatch Logs ingestion',
        gb,
        'logsIngestion',
        ['SM1', 'SM2', 'APIS5'],
        `${count(logGroups.length, 'AWS::Logs::LogGroup')} x assumption logGbPerLogGroup`,
      ),
      line(
        'logs-storage',
        'CloudWatch Logs storage (one month of ingestion; grows with retention)',
        gb,
        'logsStorage',
        ['DP6'],
        `${plural(logGroups.length, 'log group')} x assumption logGbPerLogGroup`,
      ),
    );
  }
  perResource('AWS::CloudWatch::Alarm', 'alarms', 'CloudWatch alarms', 'alarm', ['SM5', 'APIS8']);
}
