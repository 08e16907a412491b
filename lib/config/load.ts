import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Document, parseDocument, type YAMLError } from 'yaml';
import { z } from 'zod';
import { crossFileProblems } from './cross-file';
import { environmentFiles, ORGANIZATION_FILES, organizationFile } from './files';
import type { Problem, Rule } from './problem';
import { CONFIG_RULES, type ConfigRule } from './rules';
import { type AppConfig, configSchema } from './schema';
import { ORGANIZATION_RULES, type OrganizationConfig, organizationSchema } from './organization';

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
  /** SHA-256 (hex) of the file's bytes as read: the report names it so a report ties to its configuration. */
  readonly sha256: string;
  readonly config: AppConfig;
}

export { ORGANIZATION_FILES } from './files';
/** `-c env=organization` (or `ENV=organization`) selects the Org stage alone, as `-c env=prod` selects prod.yaml. */
export const ORGANIZATION_SELECTOR = 'organization';

/** Aliases a file may expand; the yaml library's default (100) stops alias bombs, reported as a problem. */
const MAX_ALIAS_COUNT = 100;
/** Largest config file read: a real one is ~10 KB; a bigger one is a mistake or an attack. */
const MAX_FILE_BYTES = 1_000_000;

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

/** A config value as the YAML author wrote it (`.inf` and `.nan` instead of JSON's null). */
export function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  }
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** The keys `schema` allows at `p`, for "did you mean" hints. */
function knownKeysAt(schema: z.ZodType, p: readonly PropertyKey[]): string[] {
  let s: z.ZodType | undefined = schema;
  const unwrap = (t: z.ZodType): z.ZodType => {
    let cur = t;
    while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
    return cur;
  };
  for (const k of p) {
    if (!s) return [];
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(k)];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return [];
  }
  const obj = s && unwrap(s);
  return obj instanceof z.ZodObject ? Object.keys(obj.shape) : [];
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** What is wrong with an unknown key: look-alike characters, and the key it probably means. */
function unknownKeyHint(key: string, known: readonly string[]): string {
  const foreign = [...key]
    .map((ch, i) => ({ ch, i }))
    .filter(({ ch }) => ch.codePointAt(0)! > 0x7e || ch.codePointAt(0)! < 0x20);
  const near = known
    .map((k) => ({ k, d: editDistance(key.normalize('NFKC').toLowerCase(), k.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(foreign.length, 2))
    .sort((a, b) => a.d - b.d)[0];
  const parts: string[] = [];
  if (foreign.length) {
    parts.push(
      `it contains ${foreign
        .map(
          ({ ch, i }) =>
            `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${i + 1}`,
        )
        .join(', ')}, not a plain ASCII letter (a look-alike character, e.g. pasted from a document)`,
    );
  }
  if (near) parts.push(`did you mean '${near.k}'?`);
  return parts.length ? `; ${parts.join('; ')}` : '';
}

/** What a kind of config file is, for the message when its root is not a mapping. */
export interface FileKind {
  readonly schema: z.ZodType;
  /** Completes "... not a mapping; " for an empty file or a list at the root. */
  readonly rootHint: string;
}

const ENVIRONMENT_FILE: FileKind = {
  schema: configSchema,
  rootHint:
    'an environment file is a mapping of sections (environment, notifications, ...): start from config/dev.yaml',
};

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, kind: FileKind): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(kind.schema, issue.path);
    return issue.keys.map((k) => ({
      path: formatPath(issue.path),
      message: `unknown key '${k}'${unknownKeyHint(k, known)}: check the spelling against config/schema.json (unknown keys are rejected so a typo cannot switch a control off)`,
    }));
  }
  if (issue.code === 'invalid_key') {
    // A map key (environment.tags) failed its own checks: report those, at the key's path.
    return issue.issues.map((inner) => ({ path: formatPath(issue.path), message: inner.message }));
  }
  if (issue.path.length === 0 && issue.code === 'invalid_type') {
    return [
      {
        path: '(root)',
        message: `the file is ${raw === null || raw === undefined ? 'empty' : `a ${Array.isArray(raw) ? 'list' : typeof raw}, not a mapping`}; an environment file is a mapping of sections (environment, notifications, ...): start from config/dev.yaml`,
      },
    ];
  }
  const value = valueAt(raw, issue.path);
  if (value === undefined && issue.path.length > 0) {
    return [
      {
        path: formatPath(issue.path),
        message: `is required${issue.code === 'invalid_type' ? ` (expected ${issue.expected})` : ''}`,
      },
    ];
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return [
      { path: formatPath(issue.path), message: `${show(value)} is not a finite number; write a number` },
    ];
  }
  const shown = value === undefined || issue.message.includes(show(value)) ? '' : ` (got ${show(value)})`;
  return [{ path: formatPath(issue.path), message: `${issue.message}${shown}` }];
}

/** Runs one rule; a rule that throws is a bug, reported as a problem instead of a stack trace. */
function runRule<C>(rule: Rule<C>, config: C): Problem[] {
  try {
    return rule(config);
  } catch (e) {
    return [
      {
        path: '(root)',
        message: `a validation rule failed on this file (${(e as Error).message}); please report it with the file`,
      },
    ];
  }
}

/**
 * Validates one parsed document in two passes: the schema first, then cross-field rules.
 * Returns the config or every problem found; never throws for bad input.
 */
export function validateConfig(
  raw: unknown,
  rules: readonly ConfigRule[] = CONFIG_RULES,
): { config?: AppConfig; problems: Problem[] } {
  return validateWith(ENVIRONMENT_FILE, rules, raw) as { config?: AppConfig; problems: Problem[] };
}

/** `validateConfig` for any kind of config file: its schema first, then its rules. */
export function validateWith<C>(
  kind: FileKind,
  rules: readonly Rule<C>[],
  raw: unknown,
): { config?: C; problems: Problem[] } {
  const parsed = kind.schema.safeParse(raw);
  if (!parsed.success) {
    return { problems: parsed.error.issues.flatMap((i) => describeIssue(i, raw, kind)) };
  }
  const data = parsed.data as C;
  const problems = rules.flatMap((rule) => runRule(rule, data));
  return problems.length ? { problems } : { config: data, problems };
}

/** How to fix the YAML errors and warnings users meet most. */
const YAML_FIXES: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'keep one of the two entries',
  TAG_RESOLVE_FAILED:
    'remove the tag: config files hold plain values only (strings, numbers, booleans, lists, maps)',
  BAD_ALIAS: 'define the anchor (&name) before its alias (*name)',
};

/** One line per YAML error or warning; later errors on a line already reported follow from the first. */
function yamlProblems(display: string, issues: readonly YAMLError[], kind: string): string[] {
  const lines = new Set<number | undefined>();
  return issues.flatMap((e) => {
    const line = e.linePos?.[0].line;
    if (lines.has(line)) return [];
    lines.add(line);
    const fix = YAML_FIXES[e.code] ? `; ${YAML_FIXES[e.code]}` : '';
    return [
      `${display}:${line ?? '?'}: ${kind}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${fix}`,
    ];
  });
}

/** Parses YAML text into plain data, or the problems that stop it (syntax, warnings, alias bombs). */
function parseYaml(display: string, text: string): { data?: unknown; problems: string[] } {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: true, prettyErrors: true, merge: true });
  } catch (e) {
    return { problems: [`${display}: YAML could not be parsed (${(e as Error).message})`] };
  }
  // Later syntax errors mostly follow from the first (one tab can produce five): report the first only.
  const syntax = yamlProblems(display, doc.errors.slice(0, 1), 'YAML syntax').map((p) =>
    doc.errors.length > 1
      ? `${p} (fix this first: the ${doc.errors.length - 1} later YAML errors may follow from it)`
      : p,
  );
  const problems = [...syntax, ...yamlProblems(display, doc.warnings, 'YAML')];
  if (problems.length) return { problems };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems };
  } catch (e) {
    const message = (e as Error).message;
    return {
      problems: [
        /excessive alias count/i.test(message)
          ? `${display}: YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias expansions); write the values out or use fewer aliases`
          : /alias/i.test(message)
            ? `${display}: YAML: ${message}; ${YAML_FIXES.BAD_ALIAS}`
            : `${display}: YAML could not be read (${message})`,
      ],
    };
  }
}

/** Reads and parses one YAML file: its data, or every problem as `file: message`; never a throw. */
export function readYamlFile(file: string): {
  display: string;
  data?: unknown;
  problems: string[];
  /** SHA-256 of the bytes parsed (recorded in environments.json for the report). */
  sha256?: string;
} {
  const display = path.relative(process.cwd(), file) || file;
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      return {
        display,
        problems: [`${display}: is ${size} bytes, more than a config file can be (${MAX_FILE_BYTES})`],
      };
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    return {
      display,
      problems: [`${display}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`],
    };
  }
  return {
    display,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...parseYaml(display, bytes.toString('utf8')),
  };
}

/** Reads, parses and validates one file: every problem as `file: path: message`, never a throw. */
function readConfigFile(file: string): { loaded?: LoadedConfig; problems: string[] } {
  const { display, data, problems, sha256 } = readYamlFile(file);
  if (problems.length) return { problems };
  const { config, problems: invalid } = validateConfig(data);
  if (!config) return { problems: invalid.map((p) => `${display}: ${p.path || '(root)'}: ${p.message}`) };
  return { loaded: { file: display, sha256: sha256!, config }, problems: [] };
}

/** Reads and validates one YAML file. Throws ConfigError naming the file, path and value of each problem. */
export function loadConfigFile(file: string): LoadedConfig {
  const { loaded, problems } = readConfigFile(file);
  if (!loaded) throw new ConfigError(problems);
  return loaded;
}

/**
 * Loads every `*.yaml` in `dir` (or only `<only>.yaml`), collecting the problems of all files before
 * failing, then checks the rules across files (distinct names, accounts and regions, VPC ranges).
 * Throws only ConfigError.
 */
export function loadConfigs(dir: string, only?: string): LoadedConfig[] {
  let files: string[];
  try {
    files = environmentFiles(dir);
  } catch (e) {
    throw new ConfigError([`${dir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  const selected = only ? files.filter((f) => f.replace(/\.ya?ml$/, '') === only) : files;
  if (selected.length === 0) {
    const known = files.map((f) => f.replace(/\.ya?ml$/, '')).join(', ') || 'none';
    throw new ConfigError([
      only
        ? `-c env=${only}: no file ${path.join(dir, only)}.yaml; environments are: ${known} (and ${ORGANIZATION_SELECTOR} for the Org stage)`
        : `${dir}: no environment files (*.yaml) found`,
    ]);
  }
  const results = selected.map((f) => readConfigFile(path.join(dir, f)));
  const loaded = results.flatMap((r) => (r.loaded ? [r.loaded] : []));
  // With -c env=<name> the other (valid) files still count for the cross-file rules: they are deployed too.
  const others = files
    .filter((f) => !selected.includes(f))
    .flatMap((f) => readConfigFile(path.join(dir, f)).loaded ?? []);
  const mine = new Set(loaded.map((l) => `${l.file}: `));
  const crossFile = crossFileProblems([...others, ...loaded]).filter((p) =>
    [...mine].some((prefix) => p.startsWith(prefix)),
  );
  const problems = [...results.flatMap((r) => r.problems), ...crossFile];
  if (problems.length) throw new ConfigError(problems);
  return loaded;
}

/** A validated organization file and the file it came from. */
export interface LoadedOrganization {
  readonly file: string;
  /** SHA-256 of the file's bytes, hex (recorded in the assembly for the report). */
  readonly sha256: string;
  readonly config: OrganizationConfig;
}

const ORGANIZATION_KIND: FileKind = {
  schema: organizationSchema,
  rootHint:
    'the organization file is a mapping of sections (organization, accounts, profiles, targets, ...): start from config/organization.yaml',
};

/** Validates parsed organization data: the schema, then ORGANIZATION_RULES. */
export function validateOrganization(raw: unknown): { config?: OrganizationConfig; problems: Problem[] } {
  return validateWith(ORGANIZATION_KIND, ORGANIZATION_RULES, raw);
}

/**
 * Loads `organization.yaml` from `dir` when there is one (single-account users have none: undefined).
 * Throws ConfigError naming the file, path and value of each problem.
 */
export function loadOrganization(dir: string): LoadedOrganization | undefined {
  const name = organizationFile(dir);
  if (!name) return undefined;
  const { display, data, problems, sha256 } = readYamlFile(path.join(dir, name));
  if (problems.length) throw new ConfigError(problems);
  const { config, problems: invalid } = validateOrganization(data);
  if (!config) throw new ConfigError(invalid.map((p) => `${display}: ${p.path || '(root)'}: ${p.message}`));
  return { file: display, sha256: sha256!, config };
}

/**
 * What `bin/app.ts` synthesizes for `-c env=<only>` (or `ENV=<only>`): every environment file and the
 * organization file when nothing is selected; one environment file when one is (the organization is not
 * synthesized then); the organization file alone for `organization`. Every problem of every loaded file is
 * reported at once. Throws only ConfigError.
 */
export function loadSelection(
  dir: string,
  only?: string,
): { configs: LoadedConfig[]; organization?: LoadedOrganization } {
  const problems: string[] = [];
  const collect = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  let configs: LoadedConfig[] = [];
  let organization: LoadedOrganization | undefined;
  if (only === ORGANIZATION_SELECTOR) {
    organization = collect(() => loadOrganization(dir));
    if (!organization && !problems.length) {
      problems.push(
        `-c env=${ORGANIZATION_SELECTOR}: no ${ORGANIZATION_FILES.join(' or ')} in ${dir}; start from config/organization.yaml (docs/organization.md)`,
      );
    }
  } else {
    configs = collect(() => loadConfigs(dir, only)) ?? [];
    organization = only ? undefined : collect(() => loadOrganization(dir));
  }
  if (problems.length) throw new ConfigError(problems);
  return { configs, organization };
}
