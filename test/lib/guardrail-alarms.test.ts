/**
 * The guardrail metric filters as synthesized into each environment's Audit stack, with their intrinsics
 * resolved (the log bucket names), proven against CloudTrail records: a change to the log archive or the
 * trail bucket of that environment counts, the same change to another bucket does not; each filter has an
 * alarm on one event in 5 minutes that notifies the security topic.
 */
import { GUARDRAIL_CASES, FIXTURE_LOG_ARCHIVE, fixture } from '../support/detection-cases';
import { matchesFilterPattern } from '../support/filter-pattern';
import { STAGES, testSimulator } from '../support/assembly';

const a = testSimulator().assembly;

/** A record with the fixture's log archive name replaced by `bucket`. */
function onBucket(name: string, bucket: string): object {
  return JSON.parse(
    JSON.stringify(fixture('cloudtrail', name)).split(FIXTURE_LOG_ARCHIVE).join(bucket),
  ) as object;
}

describe.each(STAGES)('%s/Audit guardrail alarms', (stage) => {
  const stack = a.stack(`${stage}/Audit`);
  const filters = a
    .resources('AWS::Logs::MetricFilter', (s) => s === stack)
    .map((f) => a.properties(f) as { FilterPattern: string; MetricTransformations: Record<string, string>[] })
    .filter((p) => p.MetricTransformations[0].MetricNamespace === 'SecurityBaseline/Guardrails');
  const byMetric = (metric: string) => filters.find((f) => f.MetricTransformations[0].MetricName === metric)!;
  const bucketName = (stackName: string, id: string) =>
    a.physicalName(
      a
        .resources('AWS::S3::Bucket', (s) => s.displayName === `${stage}/${stackName}`)
        .find((r) => r.logicalId.startsWith(id))!,
    );
  const logArchive = bucketName('Foundation', 'LogArchiveBucket');
  const trailBucket = bucketName('Audit', 'TrailBucket');

  test('has the five guardrail filters', () => {
    expect(filters.map((f) => f.MetricTransformations[0].MetricName).sort()).toEqual([
      'KeyPolicyChanges',
      'LogBucketProtectionChanges',
      'PermissionsBoundaryChanges',
      'ProjectKeyAliasChanges',
      'TrustPolicyChanges',
    ]);
  });

  const metricOf: Record<string, string> = {
    G1: 'TrustPolicyChanges',
    G2: 'KeyPolicyChanges',
    G3: 'PermissionsBoundaryChanges',
    G4: 'ProjectKeyAliasChanges',
    G5: 'LogBucketProtectionChanges',
  };
  const rows = Object.entries(GUARDRAIL_CASES).flatMap(([id, c]) => [
    ...c.match.map((f) => [id, 'counts', f, true] as const),
    ...c.noMatch.map((f) => [id, 'ignores', f, false] as const),
  ]);

  test.each(rows)('%s (as synthesized) %s %s on the log archive', (id, _verb, name, expected) => {
    expect(matchesFilterPattern(byMetric(metricOf[id]).FilterPattern, onBucket(name, logArchive))).toBe(
      expected,
    );
  });

  test('a policy change on the trail bucket counts; on a bucket that is not a log bucket it does not', () => {
    const pattern = byMetric('LogBucketProtectionChanges').FilterPattern;
    expect(matchesFilterPattern(pattern, onBucket('s3-putbucketpolicy-log-archive', trailBucket))).toBe(true);
    expect(
      matchesFilterPattern(pattern, onBucket('s3-putbucketpolicy-log-archive', 'orders-data-111111111111')),
    ).toBe(false);
  });

  test('each filter has an alarm on one event in 5 minutes that notifies the security topic', () => {
    const topic = a.resources('AWS::SNS::Topic', (s) => s.displayName === `${stage}/Foundation`)[0];
    const alarms = a
      .resources('AWS::CloudWatch::Alarm', (s) => s === stack)
      .map((r) => a.properties(r) as Record<string, unknown>)
      .filter((p) => p['Namespace'] === 'SecurityBaseline/Guardrails');
    expect(alarms).toHaveLength(5);
    // Each guardrail's alarm watches the metric of that guardrail's filter (G1 -> TrustPolicyChanges, ...).
    expect(alarms.map((p) => [p['AlarmName'], p['MetricName']]).sort()).toEqual(
      Object.entries(metricOf).map(([id, metric]) => [`${stage}-Guardrail-${id}-${metric}`, metric]),
    );
    expect(alarms.map((p) => p['MetricName']).sort()).toEqual(
      filters.map((f) => f.MetricTransformations[0].MetricName).sort(),
    );
    for (const p of alarms) {
      // One matching event (Sum >= 1 in one 5-minute period) raises the alarm.
      expect(p).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
      });
      expect(p['AlarmActions']).toEqual([a.ref(topic)]);
    }
    // ... because each matching log event adds exactly 1 to the metric.
    for (const f of filters) {
      expect(f.MetricTransformations).toEqual([
        {
          MetricName: f.MetricTransformations[0].MetricName,
          MetricNamespace: 'SecurityBaseline/Guardrails',
          MetricValue: '1',
        },
      ]);
    }
  });
});
