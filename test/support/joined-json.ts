/**
 * A JSON document CloudFormation receives as `{ 'Fn::Join': ['', [<text>, <token>, <text>, ...]] }` (an SDK call
 * of an AwsCustomResource, a log resource policy), parsed with its tokens in place: a string that is exactly one
 * token becomes that token (`{ Ref: ... }`, `{ 'Fn::GetAtt': ... }`); a string with tokens inside becomes
 * `{ 'Fn::Join': ['', [<text>, <token>, ...]] }`. A plain string is parsed as it is.
 */
export function parseJoinedJson(value: unknown): any {
  if (typeof value === 'string') return JSON.parse(value);
  const parts: unknown[] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts.map((p, i) => (typeof p === 'string' ? p : `@@token${i}@@`)).join('');
  return JSON.parse(text, (_key, v) => {
    if (typeof v !== 'string' || !v.includes('@@token')) return v;
    const pieces = v
      .split(/@@token(\d+)@@/)
      .map((piece, i) => (i % 2 === 1 ? parts[Number(piece)] : piece))
      .filter((piece) => piece !== '');
    return pieces.length === 1 ? pieces[0] : { 'Fn::Join': ['', pieces] };
  });
}
