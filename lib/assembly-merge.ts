import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPLIANCE_STATS_FILE, type ComplianceStats } from '../compliance/stats';
import { VALIDATION_REPORT_FILE } from '../compliance/findings';

/**
 * Merges cloud assemblies that each hold one environment (a nested `assembly-<Stage>` with its assets) into
 * `outdir`, as if one app had synthesized them all: the stage assemblies and asset directories move over
 * unchanged (templates stay byte-identical), and the root files that list or describe them are combined.
 *
 * Root files: `manifest.json` (artifacts: every stage assembly, then the rest of the first part's),
 * `tree.json` (the stages side by side under the app), `validation-report.json` (each plugin's violations
 * of every part) and `compliance-stats.json` (pack -> stage -> stats). Anything else at a part's root is
 * left behind: asset directories with the same name hold the same content (the name is its hash).
 */
export function mergeAssemblies(parts: readonly string[], outdir: string): void {
  if (parts.length === 0) throw new Error('mergeAssemblies: no assemblies to merge');
  fs.mkdirSync(outdir, { recursive: true });
  const manifests = parts.map((p) => readJson<Manifest>(p, 'manifest.json'));
  for (const part of parts) {
    for (const entry of fs.readdirSync(part)) {
      if (!/^(assembly-|asset\.)/.test(entry)) continue;
      const target = path.join(outdir, entry);
      if (fs.existsSync(target)) {
        if (entry.startsWith('assembly-')) throw new Error(`mergeAssemblies: two parts hold ${entry}`);
        continue;
      }
      fs.renameSync(path.join(part, entry), target);
    }
  }

  const stages = manifests.flatMap((m) =>
    Object.entries(m.artifacts ?? {}).filter(([, a]) => a.type === 'cdk:cloud-assembly'),
  );
  const rest = Object.entries(manifests[0].artifacts ?? {}).filter(
    ([, a]) => a.type !== 'cdk:cloud-assembly',
  );
  writeJson(outdir, 'manifest.json', {
    ...manifests[0],
    artifacts: Object.fromEntries([...stages, ...rest]),
  });
  // Entries named after stages in the order of the manifest's stage assemblies, then the others as found: as
  // one app writes them, whichever parts synthesized the stages together.
  const stageNames = stages.map(([id]) => id.replace(/^assembly-/, ''));
  const rank = (name: string) => (stageNames.includes(name) ? stageNames.indexOf(name) : stageNames.length);
  const inStageOrder = <T>(entries: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(entries).sort(([a], [b]) => rank(a) - rank(b)));

  const trees = parts.map((p) => readJson<Tree>(p, 'tree.json'));
  writeJson(outdir, 'tree.json', {
    ...trees[0],
    tree: {
      ...trees[0].tree,
      children: inStageOrder(
        Object.assign({}, ...trees.map((t) => t.tree.children ?? {})) as Record<string, unknown>,
      ),
    },
  });

  const reports = parts.flatMap((p) =>
    fs.existsSync(path.join(p, VALIDATION_REPORT_FILE))
      ? [readJson<ValidationReport>(p, VALIDATION_REPORT_FILE)]
      : [],
  );
  if (reports.length > 0) writeJson(outdir, VALIDATION_REPORT_FILE, mergeValidationReports(reports));

  const stats = parts.flatMap((p) =>
    fs.existsSync(path.join(p, COMPLIANCE_STATS_FILE))
      ? [readJson<ComplianceStats>(p, COMPLIANCE_STATS_FILE)]
      : [],
  );
  if (stats.length > 0) {
    const packs: ComplianceStats['packs'] = {};
    for (const s of stats) {
      for (const [pack, byStage] of Object.entries(s.packs)) {
        packs[pack] = inStageOrder({ ...packs[pack], ...byStage });
      }
    }
    writeJson(outdir, COMPLIANCE_STATS_FILE, { version: 1, packs } satisfies ComplianceStats);
  }
}

/** One report per plugin, with the violations of every part; it fails when any part's report failed. */
export function mergeValidationReports(reports: readonly ValidationReport[]): ValidationReport {
  const byPlugin = new Map<string, PluginReport>();
  for (const report of reports) {
    for (const r of report.pluginReports ?? []) {
      const merged = byPlugin.get(r.pluginName);
      if (!merged) {
        byPlugin.set(r.pluginName, {
          ...r,
          violations: [...r.violations],
          suppressedViolations: [...(r.suppressedViolations ?? [])],
        });
        continue;
      }
      merged.violations.push(...r.violations);
      merged.suppressedViolations!.push(...(r.suppressedViolations ?? []));
      if (r.conclusion !== 'success') merged.conclusion = r.conclusion;
      // A plugin that threw in one environment: kept, so the gate fails (compliance/findings.ts).
      if (r.metadata?.error) {
        merged.metadata = {
          ...merged.metadata,
          error: [merged.metadata?.error, r.metadata.error].filter(Boolean).join('\n'),
        };
      }
    }
  }
  return { ...reports[0], pluginReports: [...byPlugin.values()] };
}

interface Manifest {
  artifacts?: Record<string, { type: string }>;
}
interface Tree {
  tree: { children?: Record<string, unknown> };
}
interface PluginReport {
  pluginName: string;
  conclusion?: string;
  metadata?: { error?: string };
  violations: unknown[];
  suppressedViolations?: unknown[];
}
interface ValidationReport {
  pluginReports?: PluginReport[];
}

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
}

function writeJson(dir: string, file: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, file), JSON.stringify(value, undefined, 2));
}
