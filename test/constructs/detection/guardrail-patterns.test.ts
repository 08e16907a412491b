import { guardrailControls } from '../../../constructs/detection/guardrail-patterns';
import { FIXTURE_LOG_ARCHIVE, fixture, GUARDRAIL_CASES } from '../../support/detection-cases';
import { matchesFilterPattern, parseFilterPattern } from '../../support/filter-pattern';

/** Proves the guardrail metric filters (TS constants) against CloudTrail records and look-alikes. */
const controls = guardrailControls({
  keyAliasPrefix: 'security-baseline',
  logBucketNames: [FIXTURE_LOG_ARCHIVE, 'prod-audit-trailbucket7f7024f7'],
});

const rows = controls.flatMap((c) => [
  ...GUARDRAIL_CASES[c.id].match.map((f) => [c.id, c.metricName, 'counts', f, true] as const),
  ...GUARDRAIL_CASES[c.id].noMatch.map((f) => [c.id, c.metricName, 'ignores', f, false] as const),
]);

describe('guardrail metric filters', () => {
  test.each(rows)('%s %s %s %s', (id, _metric, _verb, name, expected) => {
    const control = controls.find((c) => c.id === id)!;
    expect(matchesFilterPattern(control.pattern, fixture('cloudtrail', name))).toBe(expected);
  });

  test('every control has a matching record and a look-alike, unique keys and metrics, parseable patterns', () => {
    expect(Object.keys(GUARDRAIL_CASES).sort()).toEqual(controls.map((c) => c.id).sort());
    for (const c of controls) {
      expect([
        c.id,
        GUARDRAIL_CASES[c.id].match.length > 0,
        GUARDRAIL_CASES[c.id].noMatch.length > 0,
      ]).toEqual([c.id, true, true]);
      expect(() => parseFilterPattern(c.pattern)).not.toThrow();
      expect(c.description).toContain(`Guardrail ${c.id}:`);
      // CloudWatch Logs limits a filter pattern to 1024 characters.
      expect(c.pattern.length).toBeLessThanOrEqual(1024);
    }
    expect(new Set(controls.map((c) => c.metricName)).size).toBe(controls.length);
  });

  test('fails if no log bucket is named', () => {
    expect(() => guardrailControls({ keyAliasPrefix: 'x', logBucketNames: [] })).toThrow(
      "'logBucketNames' must name at least one bucket",
    );
  });
});
