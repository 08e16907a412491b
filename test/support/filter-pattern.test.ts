import { matchesFilterPattern, parseFilterPattern } from './filter-pattern';

// The JSON log events and expectations of the CloudWatch Logs "Filter pattern syntax" documentation.
const DOC_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
};

const DOC_COMPOUND_EVENT = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

describe('documented examples', () => {
  test.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ])('%s matches', (pattern) => {
    expect(matchesFilterPattern(pattern, DOC_EVENT)).toBe(true);
  });

  test.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    [
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }',
      true,
    ],
    [
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
      false,
    ],
  ])('%s -> %s (&& binds tighter than ||)', (pattern, expected) => {
    expect(matchesFilterPattern(pattern, DOC_COMPOUND_EVENT)).toBe(expected);
  });

  test('a selector pointing at an array or object matches neither = nor !=', () => {
    expect(matchesFilterPattern('{ $.users = 1 }', { users: [1, 2, 3] })).toBe(false);
    expect(matchesFilterPattern('{ $.users != 1 }', { users: [1, 2, 3] })).toBe(false);
    expect(matchesFilterPattern('{ $.user != "x" }', DOC_COMPOUND_EVENT)).toBe(false);
  });

  test.each([
    ['{ $.latency >= 500 }', { latency: 500 }],
    ['{ $.numbers[0] < 10e3 }', { numbers: [9999] }],
    ['{ $.numbers[0] < 10e-3 }', { numbers: [0.001] }],
    ['{ $.processes[4].averageRuntime <= 55.5 }', { processes: [{}, {}, {}, {}, { averageRuntime: 55.5 }] }],
    ['{ $.errorCode = 400 }', { errorCode: 400 }],
    ['{ $.errorCode != 500 }', { errorCode: 400 }],
    ['{ $.latency > +1000 }', { latency: 1000.5 }],
  ])('numeric %s matches', (pattern, event) => {
    expect(matchesFilterPattern(pattern, event)).toBe(true);
  });
});

describe('parsing', () => {
  test('builds an or of ands, with parentheses regrouping', () => {
    expect(parseFilterPattern('{ $.a = 1 || $.b = x && $.c NOT EXISTS }')).toEqual({
      kind: 'or',
      terms: [
        { kind: 'compare', selector: ['a'], op: '=', value: { kind: 'number', value: 1, text: '1' } },
        {
          kind: 'and',
          terms: [
            { kind: 'compare', selector: ['b'], op: '=', value: { kind: 'string', text: 'x' } },
            { kind: 'notExists', selector: ['c'] },
          ],
        },
      ],
    });
    expect(parseFilterPattern('{($.a=1||$.b=2)&&$.c IS FALSE}')).toMatchObject({
      kind: 'and',
      terms: [{ kind: 'or' }, { kind: 'is', selector: ['c'], value: false }],
    });
  });

  test('reads selectors with array indexes and quoted strings with escapes', () => {
    expect(parseFilterPattern('{ $.a-b[0][2].c_d = "say \\"hi\\"" }')).toEqual({
      kind: 'compare',
      selector: ['a-b', 0, 2, 'c_d'],
      op: '=',
      value: { kind: 'string', text: 'say "hi"' },
    });
  });
});

describe('strings and wildcards', () => {
  const event = { errorCode: 'Client.UnauthorizedOperation', ip: '10.1.2.3', name: 'Ev*ent' };

  test.each([
    ['{ $.errorCode = "*UnauthorizedOperation" }', true],
    ['{ $.errorCode = "Client.*" }', true],
    ['{ $.errorCode = "*Unauthorized*" }', true],
    ['{ $.errorCode = * }', true],
    ['{ $.errorCode = "UnauthorizedOperation" }', false],
    ['{ $.errorCode = "AccessDenied*" }', false],
    ['{ $.ip = 10.1.* }', true],
    ['{ $.ip != 10.1.* }', false],
    ['{ $.ip != 192.168.* }', true],
  ])('%s -> %s', (pattern, expected) => {
    expect(matchesFilterPattern(pattern, event)).toBe(expected);
  });

  test('an inner * is literal, as documented (Ev*ent only matches "Ev*ent")', () => {
    expect(matchesFilterPattern('{ $.name = "Ev*ent" }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.name = "Ev*ent" }', { name: 'EvXent' })).toBe(false);
  });

  test('matching is case sensitive', () => {
    expect(matchesFilterPattern('{ $.errorCode = "client.unauthorizedoperation" }', event)).toBe(false);
  });
});

describe('missing fields and non-value nodes', () => {
  test('= and != are both false on a missing property', () => {
    expect(matchesFilterPattern('{ $.missing = "x" }', {})).toBe(false);
    expect(matchesFilterPattern('{ $.missing != "x" }', {})).toBe(false);
    expect(matchesFilterPattern('{ $.a.b != "x" }', { a: 'not an object' })).toBe(false);
    expect(matchesFilterPattern('{ $.a[3] != "x" }', { a: ['x'] })).toBe(false);
  });

  test('!= on a missing property needs an explicit NOT EXISTS to match', () => {
    expect(matchesFilterPattern('{ $.x != "v" || $.x NOT EXISTS }', {})).toBe(true);
  });

  test('comparisons are false on null and booleans; IS NULL / IS TRUE / IS FALSE test them', () => {
    expect(matchesFilterPattern('{ $.a != "x" }', { a: null })).toBe(false);
    expect(matchesFilterPattern('{ $.a = * }', { a: true })).toBe(false);
    expect(matchesFilterPattern('{ $.a IS NULL }', { a: null })).toBe(true);
    expect(matchesFilterPattern('{ $.a IS NULL }', {})).toBe(false);
    expect(matchesFilterPattern('{ $.a IS TRUE }', { a: 'true' })).toBe(false);
    expect(matchesFilterPattern('{ $.a IS FALSE }', { a: false })).toBe(true);
  });

  test('NOT EXISTS is false for a property present with null', () => {
    expect(matchesFilterPattern('{ $.a NOT EXISTS }', { a: null })).toBe(false);
  });
});

describe('numbers', () => {
  test('numeric operators only compare JSON numbers', () => {
    expect(matchesFilterPattern('{ $.n > 5 }', { n: 6 })).toBe(true);
    expect(matchesFilterPattern('{ $.n > 5 }', { n: '6' })).toBe(false);
    expect(matchesFilterPattern('{ $.n <= -1.5 }', { n: -2 })).toBe(true);
    expect(matchesFilterPattern('{ $.n < 5 }', {})).toBe(false);
  });

  test('= with a number compares numbers numerically and strings textually', () => {
    expect(matchesFilterPattern('{ $.n = 400 }', { n: 400.0 })).toBe(true);
    expect(matchesFilterPattern('{ $.n = 111111111111 }', { n: '111111111111' })).toBe(true);
    expect(matchesFilterPattern('{ $.n != 400 }', { n: 401 })).toBe(true);
  });
});

describe('unsupported syntax throws', () => {
  test.each([
    ['ERROR', /wrapped in \{ \}/],
    ['[ip, user, status_code = 4*]', /wrapped in \{ \}/],
    ['{ $.a = 1', /expected '\}'/],
    ['{ $.a = 1 } extra', /after the closing/],
    ['{ }', /expected a \$\. selector/],
    ['{ $.a = 1 & $.b = 2 }', /single '&'/],
    ['{ $.a EXISTS }', /expected an operator, NOT EXISTS or IS/],
    ['{ $.a IS MAYBE }', /expected NULL, TRUE or FALSE/],
    ['{ $.a = %ERR.*% }', /regular-expression/],
    ['{ $.a < "x" }', /needs a number/],
    ['{ $.a = user@example.com }', /must be quoted/],
    ['{ $a = 1 }', /unsupported selector/],
    ['{ $.a = "unterminated }', /unterminated string/],
    ['{ ($.a = 1 }', /expected '\)'/],
  ])('%s', (pattern, message) => {
    expect(() => parseFilterPattern(pattern)).toThrow(message);
    expect(() => matchesFilterPattern(pattern, {})).toThrow(/Filter pattern/);
  });
});
