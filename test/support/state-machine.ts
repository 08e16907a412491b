/**
 * A small interpreter of the Amazon States Language for tests: a workflow's synthesized definition is run
 * on an input with its Task calls answered by the test, so a test shows where a workflow ends for each
 * outcome (https://states-language.net/spec.html), not only which text its definition contains.
 */

/** The state machine definition, with the partition token resolved (any other token fails the test). */
export function definitionOf(definitionString: unknown, partition = 'aws'): any {
  if (typeof definitionString === 'string') return JSON.parse(definitionString);
  const parts: unknown[] = (definitionString as any)['Fn::Join'][1];
  return JSON.parse(
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if (JSON.stringify(p) === JSON.stringify({ Ref: 'AWS::Partition' })) return partition;
        throw new Error(`unexpected token in the definition: ${JSON.stringify(p)}`);
      })
      .join(''),
  );
}

/** An error a Task state's call raises (its name is what Retry/Catch `ErrorEquals` match). */
export class TaskError extends Error {}
/** A States.Runtime error: it fails the execution, and no Retry or Catch (not even States.ALL) handles it. */
class StatesRuntimeError extends Error {}

/** The value at a JSONPath of the simple form `$.a.b[0]`; `found` false when a step is missing. */
function atPath(data: unknown, path: string): { found: boolean; value?: unknown } {
  if (!path.startsWith('$')) throw new Error(`unsupported path ${path}`);
  let value: any = data;
  for (const [, name, index] of path.slice(1).matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    const step = name ?? Number(index);
    if (value === null || typeof value !== 'object' || !(step in value)) return { found: false };
    value = value[step];
  }
  return { found: true, value };
}

/** Parameters / ResultSelector with their `key.$` paths resolved against `data`. */
function resolve(template: Record<string, unknown> | undefined, data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template ?? {})) {
    if (key.endsWith('.$')) {
      const { found, value: v } = atPath(data, value as string);
      if (!found) throw new Error(`path ${String(value)} not found`);
      out[key.slice(0, -2)] = v;
    } else out[key] = value;
  }
  return out;
}

/** `result` placed into `data` at a ResultPath (`null` discards it, `$` replaces the input). */
function place(data: any, resultPath: string | null | undefined, result: unknown): unknown {
  if (resultPath === null) return data;
  if (resultPath === undefined || resultPath === '$') return result;
  const m = /^\$\.([A-Za-z0-9_]+)$/.exec(resultPath);
  if (!m) throw new Error(`unsupported ResultPath ${resultPath}`);
  return { ...data, [m[1]]: result };
}

/** A Choice rule evaluated as Step Functions does, for the operators this workflow uses (others fail the test). */
function choiceMatches(rule: any, data: unknown): boolean {
  if (rule.And) return rule.And.every((r: unknown) => choiceMatches(r, data));
  if (rule.Or) return rule.Or.some((r: unknown) => choiceMatches(r, data));
  if (rule.Not) return !choiceMatches(rule.Not, data);
  const { found, value } = atPath(data, rule.Variable);
  if ('IsPresent' in rule) return found === rule.IsPresent;
  // A comparison on a path that is not in the input fails the execution (States.Runtime), it is not "false".
  if (!found) throw new StatesRuntimeError(`${rule.Variable} not found`);
  if ('StringEquals' in rule) return typeof value === 'string' && value === rule.StringEquals;
  if ('BooleanEquals' in rule) return typeof value === 'boolean' && value === rule.BooleanEquals;
  throw new Error(`unsupported choice rule ${JSON.stringify(rule)}`);
}

/**
 * Runs an Amazon States Language definition on `input` (Task, Choice, Succeed, Fail; a Task's call is
 * `service`), and returns the terminal state. Retry is not modelled: a call that fails keeps failing,
 * so after the retries the Catch applies.
 */
export function runStateMachine(
  definition: any,
  input: unknown,
  service: (resource: string, params: Record<string, unknown>) => unknown,
): Record<string, unknown> {
  let name: string = definition.StartAt;
  let data = input;
  for (let step = 0; step < 50; step++) {
    const state = definition.States[name];
    if (!state) throw new Error(`no state ${name}`);
    switch (state.Type) {
      case 'Succeed':
      case 'Fail':
        return state;
      case 'Choice': {
        let choice;
        try {
          choice = state.Choices.find((c: unknown) => choiceMatches(c, data));
        } catch (e) {
          if (e instanceof StatesRuntimeError) return { Type: 'Fail', Error: 'States.Runtime' };
          throw e;
        }
        if (!choice && !state.Default) return { Type: 'Fail', Error: 'States.NoChoiceMatched' };
        name = choice ? choice.Next : state.Default;
        break;
      }
      case 'Task': {
        try {
          const result = service(state.Resource, resolve(state.Parameters, data));
          const selected = state.ResultSelector ? resolve(state.ResultSelector, result) : result;
          data = place(data, state.ResultPath, selected);
        } catch (e) {
          if (!(e instanceof TaskError)) throw e;
          const handler = (state.Catch ?? []).find(
            (c: any) => c.ErrorEquals.includes('States.ALL') || c.ErrorEquals.includes(e.message),
          );
          if (!handler) return { Type: 'Fail', Error: e.message };
          data = place(data, handler.ResultPath, { Error: e.message });
          name = handler.Next;
          break;
        }
        if (state.End) return { Type: 'Succeed' };
        name = state.Next;
        break;
      }
      default:
        throw new Error(`unsupported state type ${state.Type}`);
    }
  }
  throw new Error('the state machine did not end within 50 steps');
}
