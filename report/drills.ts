/**
 * Incident-drill records (`npm run drill -- --env <name>` writes `drills/drill-<env>-<timestamp>.json`): the
 * dated record of an incident-response exercise (ST6). The report reads the newest one of an environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** What scripts/drill.ts writes (schema version 1), as far as the report reads it. */
const drillSchema = z.looseObject({
  schemaVersion: z.literal(1),
  kind: z.literal('incident-response-drill'),
  environment: z.string(),
  account: z.string(),
  region: z.string(),
  finishedAt: z.string(),
  passed: z.boolean(),
  routes: z.array(z.looseObject({ route: z.string(), receivedAt: z.string().nullable() })),
});

export interface DrillRecord {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly finishedAt: string;
  readonly passed: boolean;
  readonly routes: number;
  /** Routes whose message never arrived. */
  readonly failedRoutes: readonly string[];
}

/** Folder the drill writes to by default (scripts/drill.ts `--out`). */
export const DRILLS_DIR = 'drills';

/**
 * The newest drill of `env` (same stage, account and region) under `<root>/drills`, or undefined. A file that
 * is not a drill record of schema version 1 is an error naming the file: evidence must not be skipped silently.
 */
export function latestDrill(
  root: string,
  env: { readonly stage: string; readonly account: string; readonly region: string },
): DrillRecord | undefined {
  const dir = path.join(root, DRILLS_DIR);
  if (!fs.existsSync(dir)) return undefined;
  const prefix = `drill-${env.stage.toLowerCase()}-`;
  const records = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => {
      const parsed = drillSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) {
        throw new Error(
          `${path.join(DRILLS_DIR, f)}: not an incident-drill record (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
        );
      }
      return { file: path.join(DRILLS_DIR, f), record: parsed.data };
    })
    .filter(
      ({ record }) =>
        record.environment === env.stage && record.account === env.account && record.region === env.region,
    )
    .sort((a, b) => a.record.finishedAt.localeCompare(b.record.finishedAt));
  const newest = records.at(-1);
  if (!newest) return undefined;
  return {
    file: newest.file,
    finishedAt: newest.record.finishedAt,
    passed: newest.record.passed,
    routes: newest.record.routes.length,
    failedRoutes: newest.record.routes.filter((r) => r.receivedAt === null).map((r) => r.route),
  };
}
