import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../../lib/app';
import { loadConfigs } from '../../../lib/config/load';
import { PENDING_EVIDENCE } from '../../../lib/controls/catalog';
import { loadRequirements } from '../../../lib/controls/requirements';
import { reportSchema } from '../../../lib/report/model';
import { type GeneratedReport, generateReports, REPORT_FILES } from '../../../lib/report/write';
import { STAGES, TEST_ASSEMBLY_DIR } from '../../support/assembly';

describe('compliance report generation', () => {
  let outDir: string;
  let reports: GeneratedReport[];
  const requirements = loadRequirements();

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-'));
    reports = generateReports({
      assemblyDir: TEST_ASSEMBLY_DIR,
      outDir,
      configs: loadConfigs(path.join(ROOT, 'config')),
    });
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  test('writes the JSON, CSV, Markdown, HTML and SVG files per environment', () => {
    expect(reports.map((r) => r.stage)).toEqual([...STAGES]);
    for (const stage of STAGES) {
      for (const file of REPORT_FILES) {
        expect(fs.statSync(path.join(outDir, stage, file)).size).toBeGreaterThan(100);
      }
    }
  });

  test('report.json follows the published schema', () => {
    for (const stage of STAGES) {
      const json = JSON.parse(fs.readFileSync(path.join(outDir, stage, 'report.json'), 'utf8'));
      expect(() => reportSchema.parse(json)).not.toThrow();
    }
  });

  test.each(STAGES)('%s: every requirement has a row with a status, and none is not met', (stage) => {
    const report = reports.find((r) => r.stage === stage)!.report;
    expect(report.requirements.map((r) => r.id)).toEqual(requirements.map((r) => r.id));
    expect(
      report.requirements.filter((r) => r.status === 'not met').map((r) => `${r.id}: ${r.statusReason}`),
    ).toEqual([]);
  });

  test.each(STAGES)(
    '%s: requirements with pending evidence are reported as evidence pending, never met',
    (stage) => {
      const report = reports.find((r) => r.stage === stage)!.report;
      for (const id of Object.keys(PENDING_EVIDENCE)) {
        expect({ id, status: report.requirements.find((r) => r.id === id)?.status }).toEqual({
          id,
          status: 'evidence pending',
        });
      }
    },
  );

  test('records rules evaluated and resources checked per pack from the synth', () => {
    const prod = reports.find((r) => r.stage === 'Prod')!.report;
    expect(prod.nag.statsRecorded).toBe(true);
    for (const p of prod.nag.packs) {
      expect(p.rulesEvaluated).toBeGreaterThan(50);
      // Every CloudFormation resource of the environment's templates was checked by every pack.
      expect(p.resourcesChecked).toBe(prod.environment.stacks.reduce((s, st) => s + st.resources, 0));
    }
  });

  test('lists every acknowledgment with rule, path and reason, and whether it matched a finding', () => {
    const prod = reports.find((r) => r.stage === 'Prod')!.report;
    const acks = prod.nag.packs.flatMap((p) => p.acknowledgments);
    expect(acks.length).toBe(prod.summary.acknowledgments);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.path).toMatch(/^Prod\//);
      expect(a.reason.length).toBeGreaterThanOrEqual(25);
      expect(typeof a.matchedFinding).toBe('boolean');
    }
  });

  test('fails with a message naming the stage when no configuration describes it', () => {
    expect(() => generateReports({ assemblyDir: TEST_ASSEMBLY_DIR, outDir, configs: [] })).toThrow(
      /no configuration names the environment 'Dev'/,
    );
  });
});
