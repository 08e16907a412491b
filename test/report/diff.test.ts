import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { diffableReportSchema, diffReports } from '../../report/diff';
import { DiffUsageError, runDiff } from '../../report/diff-cli';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'report-diff');
const OLD = path.join(FIXTURES, 'old.json');
const NEW = path.join(FIXTURES, 'new.json');
const read = (file: string) => diffableReportSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));

describe('report diff (test/fixtures/report-diff: old.json -> new.json, Prod)', () => {
  const diff = diffReports(read(OLD), read(NEW));

  test('lists each status change, marking regressions worse', () => {
    expect(diff.statusChanges.map((c) => [c.id, c.from, c.to, c.worse])).toEqual([
      ['IS1a', 'met', 'met with acknowledged exceptions', true],
      ['DP4', 'met', 'not met', true],
      ['ST4', 'evidence pending', 'met', false],
      ['ST9', null, 'evidence pending', false],
      ['A8', 'met', null, true],
    ]);
  });

  test('a control declared not applicable is a regression, the reverse is not', () => {
    const base = read(OLD);
    const na = {
      ...base,
      requirements: base.requirements.map((r) => ({ ...r, status: 'not applicable' as const })),
    };
    expect(
      diffReports(base, na)
        .statusChanges.filter((c) => c.worse)
        .map((c) => c.id),
    ).toEqual(['IS1a', 'DP4', 'SM3', 'A8']);
    expect(
      diffReports(na, base)
        .statusChanges.filter((c) => c.worse)
        .map((c) => c.id),
    ).toEqual(['ST4']);
  });

  test('names acknowledgments added and removed with their reasons', () => {
    expect(diff.acknowledgmentsAdded.map((a) => [a.rule, a.stack, a.reason])).toEqual([
      [
        'AwsSolutions-IAM5[Resource::*]',
        'Prod/Detection',
        'securityhub:BatchImportFindings does not support resource-level permissions (Service Authorization Reference)',
      ],
    ]);
    expect(diff.acknowledgmentsRemoved.map((a) => a.rule)).toEqual(['AwsSolutions-S1']);
  });

  test('names findings new and resolved', () => {
    expect(diff.findingsAdded.map((f) => f.rule)).toEqual(['NIST.800.53.R5-S3BucketReplicationEnabled']);
    expect(diff.findingsRemoved.map((f) => f.rule)).toEqual(['CloudFormation-W3005']);
  });

  test('compares resources per stack and the cost lines', () => {
    expect(diff.resources).toEqual([
      { stack: 'Foundation', from: 120, to: 124 },
      { stack: 'Edge', from: 30, to: null },
      { stack: 'Detection', from: null, to: 41 },
    ]);
    expect(diff.cost).toEqual({
      from: 3830.12,
      to: 3901.5,
      lines: [
        { id: 'guardduty', item: 'GuardDuty events analysed', from: 120, to: 150 },
        { id: 'config', item: 'Configuration items', from: 30, to: null },
        { id: 'shield', item: 'Shield Advanced', from: null, to: 41.38 },
      ],
    });
  });

  test('names the commits, changed configuration hashes and tool versions', () => {
    expect(diff.provenance).toEqual([
      { what: 'source commit', from: '1'.repeat(40), to: '2'.repeat(40) },
      { what: 'config/prod.yaml', from: 'a'.repeat(64), to: 'b'.repeat(64) },
      { what: 'aws-cdk-lib', from: '2.275.0', to: '2.276.0' },
    ]);
  });

  test('prints a Markdown release note', () => {
    const { markdown } = runDiff(OLD, NEW, false);
    expect(markdown).toContain(
      `From commit \`${'1'.repeat(40)}\` (2026-10-01T12:00:00.000Z) to \`${'2'.repeat(40)}\``,
    );
    expect(markdown).toContain('## Prod');
    expect(markdown).toContain(
      '| DP4 | Implement key rotation | met | not met | 1 evidence item(s) do not hold: Data AWS::KMS::Key EnableKeyRotation: false | **worse** |',
    );
    expect(markdown).toContain('### Acknowledgments added (review each reason)');
    expect(markdown).toContain('| guardduty | GuardDuty events analysed | $120.00 | $150.00 | +$30.00 |');
    expect(markdown).toContain('estimated cost $3,830.12 → $3,901.50 per month (+$71.38)');
  });
});

describe('the gate', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
  const write = (dir: string, name: string, report: unknown) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(report));
    return file;
  };

  test('fails on every worse status and every added acknowledgment', () => {
    expect(runDiff(OLD, NEW, false).failures).toEqual([
      'Prod IS1a: met -> met with acknowledged exceptions',
      'Prod DP4: met -> not met',
      'Prod A8: met -> (removed)',
      'Prod: acknowledgment added: AwsSolutions-IAM5[Resource::*] on Prod/Detection/Forwarder/ServiceRole/DefaultPolicy/Resource',
    ]);
  });

  test('--accept-acknowledgments accepts reviewed acknowledgments, never a worse status', () => {
    expect(runDiff(OLD, NEW, true).failures).toEqual([
      'Prod IS1a: met -> met with acknowledged exceptions',
      'Prod DP4: met -> not met',
      'Prod A8: met -> (removed)',
    ]);
  });

  test('passes when only acknowledgments were added and they are accepted', () => {
    const dir = tmp();
    const old = JSON.parse(fs.readFileSync(OLD, 'utf8'));
    const withAck = structuredClone(old);
    withAck.nag.packs[0].acknowledgments.push(
      JSON.parse(fs.readFileSync(NEW, 'utf8')).nag.packs[0].acknowledgments[1],
    );
    const [a, b] = [write(dir, 'a.json', old), write(dir, 'b.json', withAck)];
    expect(runDiff(a, b, false).failures).toHaveLength(1);
    expect(runDiff(a, b, true).failures).toEqual([]);
  });

  test('a report compared with itself has no changes and passes', () => {
    const { markdown, failures } = runDiff(OLD, OLD, false);
    expect(failures).toEqual([]);
    expect(markdown).toContain('0 status change(s) (0 worse), 0 acknowledgment(s) added');
  });

  test('pairs the environments of two compliance folders and fails when one disappears', () => {
    const [before, after] = [tmp(), tmp()];
    const prod = JSON.parse(fs.readFileSync(OLD, 'utf8'));
    const dev = { ...prod, environment: { ...prod.environment, stage: 'Dev' } };
    write(before, 'Prod/report.json', prod);
    write(before, 'Dev/report.json', dev);
    write(after, 'Prod/report.json', prod);
    const { markdown, failures } = runDiff(before, after, false);
    expect(failures).toEqual(['Dev: the environment is no longer reported']);
    expect(markdown).toContain('## Prod');
  });

  test('fails if the two reports are of different environments', () => {
    const dir = tmp();
    const prod = JSON.parse(fs.readFileSync(OLD, 'utf8'));
    const dev = write(dir, 'dev.json', { ...prod, environment: { ...prod.environment, stage: 'Dev' } });
    expect(() => runDiff(OLD, dev, false)).toThrow(
      /old\.json is the Prod report and .*dev\.json the Dev report; compare two reports of the same environment/,
    );
  });

  test('fails with a clear message for a missing file, a file that is not JSON, and a file that is not a report', () => {
    const dir = tmp();
    expect(() => runDiff(path.join(dir, 'nope.json'), NEW, false)).toThrow(
      new DiffUsageError(
        `${path.join(dir, 'nope.json')}: no such file or folder; usage: npm run report:diff -- <old report.json | compliance folder> <new report.json | compliance folder> [--accept-acknowledgments]`,
      ),
    );
    const md = write(dir, 'report.md', '# x');
    fs.writeFileSync(md, '# Compliance report');
    expect(() => runDiff(md, NEW, false)).toThrow(
      /report\.md: is not JSON \(.*\); pass a report\.json, not report\.md or report\.html$/,
    );
    const other = write(dir, 'other.json', { schemaVersion: 2 });
    expect(() => runDiff(other, NEW, false)).toThrow(
      /other\.json: is not a compliance report of schema version 1 \(schemaVersion: .*\); pass a report\.json that `npm run report` wrote$/,
    );
  });
});

describe('npm run report:diff (the command)', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', './scripts/ts-register.js', 'report/diff-cli.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  test('exits 1 on a regression, prints the Markdown on stdout and the reasons on stderr', () => {
    const r = run(OLD, NEW);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^# Security posture changes\n/);
    expect(r.stderr).toContain(
      'report:diff: 4 regression(s):\n  Prod IS1a: met -> met with acknowledged exceptions',
    );
    expect(r.stderr).toContain('rerun with --accept-acknowledgments');
  });

  test('exits 2 without a stack trace on a missing file or an unknown option', () => {
    const missing = run(OLD, 'missing.json');
    expect({ status: missing.status, stdout: missing.stdout }).toEqual({ status: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^report:diff: missing\.json: no such file or folder; usage: /);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const option = run(OLD, NEW, '--accept-all');
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/^report:diff: unknown option --accept-all; usage: /);
  });

  test('exits 0 when nothing got worse', () => {
    expect(
      execFileSync(process.execPath, ['-r', './scripts/ts-register.js', 'report/diff-cli.ts', OLD, OLD], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ).toContain('## Prod');
  });
});
