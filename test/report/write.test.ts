import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { ENVIRONMENTS_FILE, readEnvironments } from '../../compliance/environments';
import { ROOT } from '../../lib/app';
import { RECORD_REQUIREMENTS } from '../../report/records/requirements';
import { diffableReportSchema } from '../../report/diff';
import { PENDING_EVIDENCE } from '../../report/catalog';
import { ORGANIZATION_FILES } from '../../report/organization';
import { loadRequirements } from '../../report/requirements';
import { reportSchema } from '../../report/model';
import { CSV_COLUMNS } from '../../report/render/csv';
import { type GeneratedReport, generateReports, REPORT_FILES, sourceCommit } from '../../report/write';
import { STAGES, TEST_ASSEMBLY_DIR } from '../support/assembly';
import { SHARED_REPORT_COMMIT, sharedReports } from '../support/reports';

const COMMIT = SHARED_REPORT_COMMIT;

/** An empty output directory for a report that must fail (the shared reports are read-only). */
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'no-report-'));

describe('compliance report generation', () => {
  let outDir: string;
  let reports: GeneratedReport[];
  const requirements = loadRequirements();

  beforeAll(async () => {
    ({ outDir, reports } = await sharedReports());
  });

  test('writes the JSON, CSV, Markdown, HTML and SVG files per environment', () => {
    expect(reports.map((r) => r.stage)).toEqual([...STAGES]);
    for (const stage of STAGES) {
      for (const file of REPORT_FILES) {
        expect(fs.statSync(path.join(outDir, stage, file)).size).toBeGreaterThan(100);
      }
    }
  });

  test('writes the organization view of the Org stage into Org/, and no environment report there', () => {
    for (const file of ORGANIZATION_FILES) {
      expect(fs.statSync(path.join(outDir, 'Org', file)).size).toBeGreaterThan(100);
    }
    expect(fs.existsSync(path.join(outDir, 'Org', 'report.json'))).toBe(false);
    const json = JSON.parse(fs.readFileSync(path.join(outDir, 'Org', 'organization.json'), 'utf8'));
    expect(json.organization.id).toBe('o-a1b2c3d4e5');
    expect(json.commit).toBe(COMMIT);
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

  test.each(STAGES)('%s: every format names the source commit', (stage) => {
    const read = (file: string) => fs.readFileSync(path.join(outDir, stage, file), 'utf8');
    expect(JSON.parse(read('report.json')).sources.commit).toBe(COMMIT);
    expect(read('report.html')).toContain(`<span>Source commit</span>${COMMIT}</div>`);
    expect(read('report.md').split('\n')[2]).toContain(`source commit \`${COMMIT}\``);
    const [header, ...rows] = read('report.csv').trimEnd().split('\r\n');
    expect(header.split(',').at(-1)).toBe('source_commit');
    expect(CSV_COLUMNS.at(-1)).toBe('source_commit');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.endsWith(`,${COMMIT}`)).toBe(true);
  });

  test.each(STAGES)('%s: names the configuration file with its SHA-256 and the tool versions', (stage) => {
    const report = reports.find((r) => r.stage === stage)!.report;
    const file = `config/${stage.toLowerCase()}.yaml`;
    const sha256 = createHash('sha256')
      .update(fs.readFileSync(path.join(ROOT, file)))
      .digest('hex');
    expect(report.sources.configFiles).toEqual([{ environment: stage, file, sha256 }]);
    expect(report.sources.tools).toMatchObject({ 'aws-cdk-lib': '2.276.0', 'cdk-nag': '3.0.2' });
    expect(report.sources.tools.node).toBe(process.versions.node);
    const read = (f: string) => fs.readFileSync(path.join(outDir, stage, f), 'utf8');
    expect(read('report.md')).toContain(`\`${file} sha256:${sha256}\``);
    expect(read('report.html')).toContain(`<span>Configuration</span>${file} sha256:${sha256}</div>`);
    // The release diff (npm run report:diff) reads what the report writes.
    expect(() => diffableReportSchema.parse(JSON.parse(read('report.json')))).not.toThrow();
  });

  test.each(STAGES)(
    '%s: with no records shipped, every record-evidenced id is due (evidence pending), never met',
    (stage) => {
      const report = reports.find((r) => r.stage === stage)!.report;
      const ids = Object.keys(RECORD_REQUIREMENTS);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const r = report.requirements.find((x) => x.id === id)!;
        expect({ id, status: r.status, state: r.activity?.state }).toEqual({
          id,
          status: 'evidence pending',
          state: 'due',
        });
      }
      expect(fs.readFileSync(path.join(outDir, stage, 'report.md'), 'utf8')).toContain('## Activity records');
    },
  );

  test('a bad activity record stops the report before anything is written, naming the file', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-record-'));
    fs.mkdirSync(path.join(root, 'records'));
    fs.writeFileSync(path.join(root, 'records', 'x.yaml'), 'kind: pentest\n');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'no-report-'));
    await expect(
      generateReports({ assemblyDir: TEST_ASSEMBLY_DIR, outDir: out, commit: COMMIT, root }),
    ).rejects.toThrow(
      /^Invalid activity records \(\d+ problems\):\n {2}records\/x\.yaml: kind: "pentest" must be one of/,
    );
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('npm run report exits 2 on a bad record with the file, path and fix, no stack trace, nothing written', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-record-cli-'));
    fs.mkdirSync(path.join(root, 'records'));
    fs.writeFileSync(path.join(root, 'records', 'pentest.yaml'), 'kind: penetration-test\nids: [ST4]\n');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'no-report-cli-'));
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        './scripts/ts-register.js',
        'report/cli.ts',
        '--assembly',
        TEST_ASSEMBLY_DIR,
        '--out',
        out,
        '--root',
        root,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^Compliance report: Invalid activity records \(\d+ problems\):\n {2}records\/pentest\.yaml: date: is required/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  describe('the assembly records each environment configuration', () => {
    let copy: string;
    beforeEach(() => {
      copy = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
      fs.cpSync(TEST_ASSEMBLY_DIR, copy, { recursive: true });
    });
    afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

    test('fails with a message naming the stage when the assembly records no configuration for it', async () => {
      const recorded = readEnvironments(copy)!;
      const others = Object.fromEntries(
        Object.entries(recorded.environments).filter(([name]) => name !== 'Dev'),
      );
      expect(Object.keys(others)).toEqual(['Prod']);
      fs.writeFileSync(
        path.join(copy, ENVIRONMENTS_FILE),
        JSON.stringify({ ...recorded, environments: others }),
      );
      await expect(generateReports({ assemblyDir: copy, outDir: scratch(), commit: COMMIT })).rejects.toThrow(
        /records no configuration for the environment 'Dev'; synthesize again/,
      );
    });

    test('fails with a message naming the file when the assembly has no configurations', async () => {
      fs.rmSync(path.join(copy, ENVIRONMENTS_FILE));
      await expect(generateReports({ assemblyDir: copy, outDir: scratch(), commit: COMMIT })).rejects.toThrow(
        /has no environments\.json: synthesize with `npm run synth`/,
      );
    });
  });
});

describe('source commit', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-'));
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('is unknown outside a git checkout', () => {
    expect(sourceCommit(repo)).toBe('unknown');
  });

  test('is HEAD in a clean checkout, and HEAD-dirty once a file changes', () => {
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one');
    git('add', 'a.txt');
    git('commit', '-q', '-m', 'one');
    const head = git('rev-parse', 'HEAD');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(sourceCommit(repo)).toBe(head);
    fs.writeFileSync(path.join(repo, 'a.txt'), 'two');
    expect(sourceCommit(repo)).toBe(`${head}-dirty`);
  });
});
