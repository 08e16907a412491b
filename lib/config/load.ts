import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { CONFIG_RULES, type ConfigRule } from './rules';
import { type AppConfig, configSchema } from './schema';
import { overlappingVpcCidrs } from './sections/network';

/** Raised for bad configuration; `problems` lists every problem found, each as `file: path: message`. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** A validated environment configuration and the file it came from. */
export interface LoadedConfig {
  readonly file: string;
  readonly config: AppConfig;
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );
}

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { path: string; message: string } {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return {
      path: formatPath(issue.path),
      message: `unknown key ${keys}: check the spelling against config/schema.json (unknown keys are rejected so a typo cannot switch a control off)`,
    };
  }
  const value = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type' && value === undefined) {
    return { path: formatPath(issue.path), message: `is required (expected ${issue.expected})` };
  }
  const shown =
    value === undefined || issue.message.includes(JSON.stringify(value))
      ? ''
      : ` (got ${JSON.stringify(value)})`;
  return { path: formatPath(issue.path), message: `${issue.message}${shown}` };
}

/**
 * Validates one parsed document in two passes: the schema first, then cross-field rules.
 * Returns the config or every problem found; never throws for bad input.
 */
export function validateConfig(
  raw: unknown,
  rules: readonly ConfigRule[] = CONFIG_RULES,
): { config?: AppConfig; problems: { path: string; message: string }[] } {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => describeIssue(i, raw)) };
  }
  const problems = rules.flatMap((rule) => rule(parsed.data));
  return problems.length ? { problems } : { config: parsed.data, problems };
}

/** Reads and validates one YAML file. Throws ConfigError naming the file, path and value of each problem. */
export function loadConfigFile(file: string): LoadedConfig {
  const display = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`${display}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map(
        (e) => `${display}:${e.linePos?.[0].line ?? '?'}: YAML syntax: ${e.message.split('\n')[0]}`,
      ),
    );
  }
  const { config, problems } = validateConfig(doc.toJS());
  if (!config) throw new ConfigError(problems.map((p) => `${display}: ${p.path || '(root)'}: ${p.message}`));
  return { file: display, config };
}

/**
 * Loads every `*.yaml` in `dir` (or only `<only>.yaml`), collecting the problems of all files before
 * failing, and checks that stage names are unique across files.
 */
export function loadConfigs(dir: string, only?: string): LoadedConfig[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const selected = only ? files.filter((f) => f.replace(/\.ya?ml$/, '') === only) : files;
  if (selected.length === 0) {
    const known = files.map((f) => f.replace(/\.ya?ml$/, '')).join(', ') || 'none';
    throw new ConfigError([
      only
        ? `-c env=${only}: no file ${path.join(dir, only)}.yaml; environments are: ${known}`
        : `${dir}: no environment files (*.yaml) found`,
    ]);
  }
  const loaded: LoadedConfig[] = [];
  const problems: string[] = [];
  for (const f of selected) {
    try {
      loaded.push(loadConfigFile(path.join(dir, f)));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
    }
  }
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const other = seen.get(l.config.environment.name);
    if (other) {
      problems.push(
        `${l.file}: environment.name: '${l.config.environment.name}' is already used by ${other}; stage names must be unique`,
      );
    }
    seen.set(l.config.environment.name, l.file);
  }
  problems.push(...overlappingVpcCidrs(loaded));
  if (problems.length) throw new ConfigError(problems);
  return loaded;
}
