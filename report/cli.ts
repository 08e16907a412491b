/**
 * `npm run report`: writes the compliance report of every environment in the cloud assembly to
 * `<assembly>/compliance/<Stage>/` (report.json, report.csv, report.md, report.html, architecture.svg and the view-*.svg diagrams),
 * and the organization view to `<assembly>/compliance/Org/` (organization.html, .md, .json) when the Org stage was synthesized.
 * `npm run synth` runs it after the synth. Exits non-zero when a requirement is `not met`.
 *
 *   npm run report                       # cdk.out -> cdk.out/compliance
 *   npm run report -- --assembly dir --out dir
 *   npm run report -- --root dir         # read records/ and drills/ of another checkout
 *
 * Exits 2 without writing anything when the assembly, a configuration or an activity record is invalid.
 */
import * as path from 'node:path';
import { REPO_ROOT } from './evidence';
import { ORGANIZATION_STAGE } from './organization';
import { STATUSES } from './model';
import { generate } from './write';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const started = Date.now();
  const assemblyDir = path.resolve(
    argument('assembly') ?? process.env.CDK_OUTDIR ?? path.join(REPO_ROOT, 'cdk.out'),
  );
  const outDir = path.resolve(argument('out') ?? path.join(assemblyDir, 'compliance'));
  let reports, organization;
  try {
    const root = argument('root');
    ({ reports, organization } = await generate({ assemblyDir, outDir, root: root && path.resolve(root) }));
  } catch (e) {
    console.error(`Compliance report: ${(e as Error).message}`);
    return 2;
  }
  console.error('\nCompliance report:');
  let notMet = 0;
  for (const r of reports) {
    const counts = STATUSES.map((s) => [s, r.report.summary.byStatus[s] ?? 0] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    notMet += r.report.summary.byStatus['not met'] ?? 0;
    console.error(
      `  ${r.stage.padEnd(8)} ${counts}; est. $${r.report.cost.totalMonthlyUsd.toFixed(2)}/month\n` +
        `           ${path.relative(process.cwd(), path.join(r.dir, 'report.html'))} (+ report.json, report.csv, report.md, 5 diagrams)`,
    );
  }
  if (organization) {
    const v = organization.view;
    console.error(
      `  ${ORGANIZATION_STAGE.padEnd(8)} organization ${v.organization.id}: ${v.targets.length} OU(s), ${v.exclusions.length} excluded account(s), ${v.organization.governedRegions.length} region(s); proofs ${v.proofStatus.status} (${v.proofStatus.alertRoutesPassed}/${v.proofStatus.alertRoutes} routes, ${v.proofStatus.attacksPassed}/${v.proofStatus.attacks} attacks)\n` +
        `           ${path.relative(process.cwd(), path.join(organization.dir, 'organization.html'))} (+ organization.json, organization.md)`,
    );
  }
  console.error(`  (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  const orgStatus = organization?.view.proofStatus.status;
  if (orgStatus && orgStatus !== 'proven') {
    console.error(
      `The organization proofs are ${orgStatus}: open ${ORGANIZATION_STAGE}/organization.html and fix the policy or the proof.`,
    );
    return 1;
  }
  if (notMet > 0) {
    console.error(
      `${notMet} requirement(s) are 'not met': open the report and fix the evidence or the catalog entry.`,
    );
    return 1;
  }
  return 0;
}

void main().then((code) => {
  process.exitCode = code;
});
