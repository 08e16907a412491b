import { matchesEventPattern } from './event-pattern';

const EVENT = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  resources: [
    'arn:partition:ec2:eu-west-1:111111111111:instance/i-1',
    'arn:partition:ec2:eu-west-1:111111111111:volume/v-1',
  ],
  detail: {
    state: 'running',
    count: 5,
    ratio: 0.25,
    flag: false,
    nothing: null,
    nested: { deep: { value: 'x' } },
    tags: ['a', 'b'],
    items: [
      { name: 'first', size: 1 },
      { name: 'second', size: 10 },
    ],
  },
};

describe('exact values and nesting', () => {
  test.each([
    [{ source: ['aws.ec2'] }, true],
    [{ source: ['aws.s3', 'aws.ec2'] }, true],
    [{ source: ['aws.s3'] }, false],
    [{ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] }, true],
    [{ source: ['aws.ec2'], 'detail-type': ['Other'] }, false],
    [{ detail: { state: ['running'], count: [5] } }, true],
    [{ detail: { count: ['5'] } }, false],
    [{ detail: { flag: [false], nothing: [null] } }, true],
    [{ detail: { nested: { deep: { value: ['x'] } } } }, true],
    [{ detail: { nested: { deep: { value: ['y'] } } } }, false],
    [{ detail: { missing: { value: ['x'] } } }, false],
    [{ detail: { state: ['Running'] } }, false],
  ])('%j -> %s', (pattern, expected) => {
    expect(matchesEventPattern(pattern, EVENT)).toBe(expected);
  });

  test('an array in the event matches if any element matches', () => {
    expect(matchesEventPattern({ detail: { tags: ['b', 'z'] } }, EVENT)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['z'] } }, EVENT)).toBe(false);
    expect(
      matchesEventPattern(
        { resources: [{ prefix: 'arn:partition:ec2:eu-west-1:111111111111:volume/' }] },
        EVENT,
      ),
    ).toBe(true);
  });

  test('a nested pattern on an array of objects must match one element as a whole', () => {
    expect(matchesEventPattern({ detail: { items: { name: ['second'], size: [10] } } }, EVENT)).toBe(true);
    expect(matchesEventPattern({ detail: { items: { name: ['first'], size: [10] } } }, EVENT)).toBe(false);
  });
});

describe('matchers', () => {
  test.each([
    [{ detail: { state: [{ prefix: 'run' }] } }, true],
    [{ detail: { state: [{ prefix: 'stop' }] } }, false],
    [{ detail: { count: [{ prefix: '5' }] } }, false],
    [{ detail: { state: [{ 'anything-but': 'stopped' }] } }, true],
    [{ detail: { state: [{ 'anything-but': ['running', 'stopped'] }] } }, false],
    [{ detail: { count: [{ 'anything-but': [1, 2] }] } }, true],
    [{ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, false],
    [{ detail: { missing: [{ 'anything-but': 'x' }] } }, false],
    [{ detail: { count: [{ numeric: ['>=', 5] }] } }, true],
    [{ detail: { count: [{ numeric: ['>', 5] }] } }, false],
    [{ detail: { count: [{ numeric: ['>', 0, '<=', 5] }] } }, true],
    [{ detail: { ratio: [{ numeric: ['<', 0.3] }] } }, true],
    [{ detail: { count: [{ numeric: ['=', 5] }] } }, true],
    [{ detail: { state: [{ numeric: ['>', 0] }] } }, false],
    [{ detail: { state: [{ exists: true }] } }, true],
    [{ detail: { state: [{ exists: false }] } }, false],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { missing: [{ exists: true }] } }, false],
    [{ detail: { nested: [{ exists: false }] } }, true], // exists only sees leaf fields
    [{ detail: { state: ['stopped', { prefix: 'ru' }] } }, true],
  ])('%j -> %s', (pattern, expected) => {
    expect(matchesEventPattern(pattern, EVENT)).toBe(expected);
  });
});

describe('$or', () => {
  test.each([
    [{ detail: { $or: [{ state: ['stopped'] }, { count: [5] }] } }, true],
    [{ detail: { $or: [{ state: ['stopped'] }, { count: [6] }] } }, false],
    [
      { source: ['aws.ec2'], $or: [{ detail: { missing: [{ exists: false }] } }, { resources: ['nope'] }] },
      true,
    ],
    [{ source: ['aws.s3'], $or: [{ detail: { state: ['running'] } }, { resources: ['nope'] }] }, false],
  ])('%j -> %s', (pattern, expected) => {
    expect(matchesEventPattern(pattern, EVENT)).toBe(expected);
  });
});

describe('unsupported patterns throw', () => {
  test.each([
    [{ source: 'aws.ec2' }, /must be an array of values or a nested pattern/],
    [{ source: [] }, /empty array/],
    [{ detail: { state: [{ suffix: 'ing' }] } }, /unsupported matcher 'suffix'/],
    [{ detail: { state: [{ 'equals-ignore-case': 'RUNNING' }] } }, /unsupported matcher/],
    [{ detail: { state: [{ prefix: 'a', suffix: 'b' }] } }, /unsupported matcher/],
    [{ detail: { count: [{ numeric: ['>'] }] } }, /numeric takes/],
    [{ detail: { count: [{ numeric: ['~', 1] }] } }, /numeric takes/],
    [{ detail: { state: [{ exists: 'yes' }] } }, /exists takes/],
    [{ detail: { $or: [{ state: ['running'] }] } }, /\$or takes/],
    [{ detail: { state: [{ 'anything-but': { suffix: 'x' } }] } }, /unsupported anything-but/],
  ])('%j', (pattern, message) => {
    expect(() => matchesEventPattern(pattern, EVENT)).toThrow(message);
  });
});
