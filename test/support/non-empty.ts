/**
 * `items`, failing when there are none: a test that checks "every X is Y" by looping over the X it found
 * asserts nothing when it finds none, so it first proves there is an X. `what` names the X in the failure.
 */
export function nonEmpty<T>(items: readonly T[], what: string): readonly T[] {
  if (items.length === 0) throw new Error(`found no ${what}: the test would check nothing`);
  return items;
}
