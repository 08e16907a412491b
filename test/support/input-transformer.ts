/**
 * Renders an EventBridge input transformer against a sample event, as EventBridge would for a target that
 * takes text: each `<name>` of the template becomes the value at its input path (strings as they are, other
 * values as JSON). A path the event does not have throws, so a message cannot silently lose a field.
 * Supports the paths EventBridge documents for input transformers: dot notation, dashes, underscores and
 * array indices (`$.detail.findings[0].Title`, `$.detail-type`).
 */

export interface InputTransformer {
  readonly InputPathsMap: Readonly<Record<string, string>>;
  readonly InputTemplate: string;
}

const SEGMENT = /^([A-Za-z0-9_-]+)((?:\[\d+\])*)$/;

/** The value at an input path, or undefined when the event has no such field. */
export function valueAtInputPath(event: unknown, inputPath: string): unknown {
  if (!inputPath.startsWith('$.')) throw new Error(`input path must start with '$.': ${inputPath}`);
  let current: unknown = event;
  for (const segment of inputPath.slice(2).split('.')) {
    const m = SEGMENT.exec(segment);
    if (!m) throw new Error(`unsupported input path segment '${segment}' in ${inputPath}`);
    const indices = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    for (const key of [m[1], ...indices]) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string | number, unknown>)[key];
    }
  }
  return current;
}

/** The text the target receives: one line per template line, placeholders filled in. */
export function renderInputTemplate(transformer: InputTransformer, event: unknown): string {
  const values: Record<string, string> = {};
  for (const [name, inputPath] of Object.entries(transformer.InputPathsMap)) {
    const value = valueAtInputPath(event, inputPath);
    if (value === undefined)
      throw new Error(`the event has no value at ${inputPath} (placeholder <${name}>)`);
    values[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return transformer.InputTemplate.split('\n')
    .map((line) => {
      const text = line.replace(/^"(.*)"$/, '$1');
      return text.replace(/<([A-Za-z0-9_.-]+)>/g, (whole, name: string) => {
        if (!(name in values)) throw new Error(`template placeholder ${whole} has no input path`);
        return values[name];
      });
    })
    .join('\n');
}
