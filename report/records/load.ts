/**
 * Reads and validates the activity records (`records/**\/*.yaml`, without `records/templates/`) and the
 * interval policy (`records/policy.yaml`). Every problem of every file is collected and reported once,
 * each as `file: path: message` naming the value and the fix (like the config loader, lib/config/load.ts);
 * a bad record stops the report before anything is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { idsFor, RECORD_REQUIREMENTS } from './requirements';
import {
  type ActivityRecord,
  DEFAULT_INTERVAL_MONTHS,
  policySchema,
  RECORD_KINDS,
  type RecordKind,
  type RecordPolicy,
  recordSchema,
} from './schema';

export const RECORDS_DIR = 'records';
export const POLICY_FILE = 'policy.yaml';
/** Copy-and-fill templates, one per kind: never loaded as records. */
export const TEMPLATES_DIR = 'templates';

/** Largest record read: a real one is < 2 KB. */
const MAX_FILE_BYTES = 100_000;

/** Raised for bad records or policy; `problems` lists each as `file: path: message`. */
export class RecordError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Invalid activity records (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
    );
    this.name = 'RecordError';
  }
}

export interface LoadedRecords {
  readonly records: readonly ActivityRecord[];
  /** Months between two records, per kind (policy.yaml over DEFAULT_INTERVAL_MONTHS). */
  readonly intervalMonths: Readonly<Record<RecordKind, number>>;
}

export interface LoadOptions {
  /** The report's build date: a record dated later documents something that has not happened. */
  readonly asOf: Date;
}

const show = (value: unknown): string => {
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
};

const formatPath = (p: readonly PropertyKey[]): string =>
  p.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  ) || '(root)';

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** One message per zod issue, naming the path, the value found and the fix. */
function describeIssues(error: z.ZodError, raw: unknown, what: string): string[] {
  return error.issues.flatMap((issue) => {
    const at = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(
        (k) => `${at}: unknown key '${k}': check the spelling against ${what} (unknown keys are rejected)`,
      );
    }
    if (issue.path.length === 0 && issue.code === 'invalid_type') {
      return [
        `(root): the file is ${raw === null || raw === undefined ? 'empty' : `a ${Array.isArray(raw) ? 'list' : typeof raw}, not a mapping`}; start from ${what}`,
      ];
    }
    if (issue.code === 'invalid_key') {
      return issue.issues.map((inner) => `${at}: key ${show(issue.path.at(-1))} ${inner.message}`);
    }
    const value = valueAt(raw, issue.path);
    if (value === undefined) return [`${at}: is required (${issue.message})`];
    return [`${at}: ${show(value)} ${issue.message}`];
  });
}

/** Parses YAML into plain data, or the problems that stop it (first syntax error, duplicate keys). */
function parseYaml(text: string): { data?: unknown; problems: string[] } {
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: true, prettyErrors: true });
  const issues = [...doc.errors.slice(0, 1), ...doc.warnings];
  if (issues.length) {
    return {
      problems: issues.map(
        (e) =>
          `line ${e.linePos?.[0].line ?? '?'}: YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}${
            e.code === 'DUPLICATE_KEY' ? '; keep one of the two entries' : ''
          }`,
      ),
    };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 20 }), problems: [] };
  } catch (e) {
    return { problems: [`(root): YAML could not be read (${(e as Error).message})`] };
  }
}

function readYaml(root: string, rel: string): { data?: unknown; problems: string[] } {
  const file = path.join(root, rel);
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) return { problems: [`is ${size} bytes, more than a record can be`] };
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [`cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`] };
  }
  return parseYaml(text);
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Rules across fields and against the repository: ids valid for the kind, date not in the future, artefact exists. */
function recordProblems(record: ActivityRecord, root: string, asOf: Date): string[] {
  const problems: string[] = [];
  const allowed = idsFor(record.kind);
  record.ids.forEach((id, i) => {
    if (allowed.includes(id)) return;
    const kinds = RECORD_REQUIREMENTS[id];
    problems.push(
      kinds
        ? `ids[${i}]: '${id}' is evidenced by ${kinds.join(' or ')} records, not ${record.kind}; name it in a record of that kind, or list only ${allowed.join(', ')} here`
        : `ids[${i}]: '${id}' takes no activity record; a ${record.kind} record evidences ${allowed.join(', ')} (report/records/requirements.ts)`,
    );
  });
  if (record.date > isoDay(asOf)) {
    problems.push(
      `date: '${record.date}' is after the report's build date ${isoDay(asOf)}; a record documents an activity that has happened: commit it once the activity ended`,
    );
  }
  if (!record.artefact.startsWith('https://')) {
    const target = path.resolve(root, record.artefact);
    if (!target.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(target)) {
      problems.push(
        `artefact: '${record.artefact}' is not a file of this repository; commit the artefact there or link it with an https:// URL`,
      );
    }
  }
  return problems;
}

/** Record files under `dir`, repository-relative and sorted, without templates/ and policy.yaml. */
function recordFiles(root: string, dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory())
        return e.name === TEMPLATES_DIR && dir === RECORDS_DIR ? [] : recordFiles(root, rel);
      if (!/\.(ya?ml|json)$/.test(e.name)) return [];
      return dir === RECORDS_DIR && e.name === POLICY_FILE ? [] : [rel];
    })
    .sort();
}

function loadPolicy(root: string): { intervalMonths: Record<RecordKind, number>; problems: string[] } {
  const rel = path.join(RECORDS_DIR, POLICY_FILE);
  const defaults = Object.fromEntries(RECORD_KINDS.map((k) => [k, DEFAULT_INTERVAL_MONTHS])) as Record<
    RecordKind,
    number
  >;
  if (!fs.existsSync(path.join(root, rel))) return { intervalMonths: defaults, problems: [] };
  const { data, problems } = readYaml(root, rel);
  if (problems.length) return { intervalMonths: defaults, problems: problems.map((p) => `${rel}: ${p}`) };
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) {
    return {
      intervalMonths: defaults,
      problems: describeIssues(
        parsed.error,
        data,
        `the record kinds (${RECORD_KINDS.join(', ')}); intervalMonths maps a kind to months`,
      ).map((p) => `${rel}: ${p}`),
    };
  }
  return { intervalMonths: { ...defaults, ...(parsed.data as RecordPolicy).intervalMonths }, problems: [] };
}

/**
 * Loads every record under `<root>/records` and the policy. Without a records folder there are no
 * records (every record-evidenced id is then due). Throws only RecordError.
 */
export function loadRecords(root: string, options: LoadOptions): LoadedRecords {
  const policy = loadPolicy(root);
  const problems = [...policy.problems];
  const records: ActivityRecord[] = [];
  const files = fs.existsSync(path.join(root, RECORDS_DIR)) ? recordFiles(root, RECORDS_DIR) : [];
  for (const rel of files) {
    const { data, problems: yaml } = readYaml(root, rel);
    if (yaml.length) {
      problems.push(...yaml.map((p) => `${rel}: ${p}`));
      continue;
    }
    const parsed = recordSchema.safeParse(data);
    if (!parsed.success) {
      const template = `records/templates/<kind>.yaml`;
      problems.push(...describeIssues(parsed.error, data, template).map((p) => `${rel}: ${p}`));
      continue;
    }
    const record: ActivityRecord = { ...parsed.data, file: rel.split(path.sep).join('/') };
    const invalid = recordProblems(record, root, options.asOf);
    if (invalid.length) problems.push(...invalid.map((p) => `${rel}: ${p}`));
    else records.push(record);
  }
  if (problems.length) throw new RecordError(problems);
  return { records, intervalMonths: policy.intervalMonths };
}
