import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../lib/app';
import { CFN_LINT_VERSION } from '../../scripts/lint-templates';
import { allTemplates } from '../support/assembly';

const WORKFLOW_DIR = path.join(ROOT, '.github', 'workflows');
const workflows = fs
  .readdirSync(WORKFLOW_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(WORKFLOW_DIR, f), 'utf8') }))
  .map((w) => ({ ...w, doc: parse(w.text) as Workflow }));

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  permissions?: Record<string, string> | string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  environment?: string | { name: string };
  needs?: string | string[];
  if?: string;
  steps?: Step[];
}
interface Workflow {
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

const ci = workflows.find((w) => w.file === 'ci.yml')!;
const steps = (job: string) => ci.doc.jobs[job]?.steps ?? [];

/** `uses:` values of every workflow, job steps and reusable-workflow jobs. */
function allUses(): { file: string; uses: string }[] {
  return workflows.flatMap((w) =>
    Object.values(w.doc.jobs).flatMap((j) => [
      ...(j.steps ?? []).flatMap((s) => (s.uses ? [{ file: w.file, uses: s.uses }] : [])),
      ...((j as { uses?: string }).uses ? [{ file: w.file, uses: (j as { uses: string }).uses }] : []),
    ]),
  );
}

describe('GitHub Actions workflows', () => {
  test('there is a CI workflow', () => {
    expect(ci).toBeDefined();
  });

  test('every action is pinned to a full commit SHA', () => {
    const uses = allUses();
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) {
      if (u.uses.startsWith('./')) continue; // local actions are versioned with the repository
      expect({ ...u, pinned: /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(u.uses) }).toEqual({
        ...u,
        pinned: true,
      });
    }
  });

  test('every pinned action names its version in a comment', () => {
    for (const w of workflows) {
      for (const line of w.text.split('\n').filter((l) => /uses:\s*\S+@[0-9a-f]{40}/.test(l))) {
        expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*/);
      }
    }
  });

  test('every workflow declares least-privilege permissions', () => {
    for (const w of workflows) {
      // Top level: read-only, so a job without its own block gets nothing more.
      expect(w.doc.permissions).toEqual({ contents: 'read' });
      for (const [name, job] of Object.entries(w.doc.jobs)) {
        expect({ name, permissions: job.permissions }).toEqual({ name, permissions: expect.any(Object) });
        const grants = Object.entries(job.permissions as Record<string, string>).filter(
          ([, v]) => v === 'write',
        );
        // Only deployments may write, and only the OIDC token.
        expect(grants.map(([k]) => k)).toEqual(job.environment ? ['id-token'] : []);
      }
    }
  });

  test('CI runs npm ci, lint, typecheck, the tests and the synth with the report', () => {
    const runs = steps('build').map((s) => s.run ?? '');
    // Whole commands: `npm run lint:templates` is not the lint, `npm run synth:only` writes no report.
    for (const command of [
      'npm ci --no-audit --no-fund',
      'npm run lint',
      'npm run typecheck',
      'npm test',
      'npm run synth',
    ]) {
      expect(runs).toContain(command);
    }
    expect(steps('build').find((s) => s.run === 'npm test')?.env).toEqual({ REQUIRE_BROWSER: '1' });
    // The synth step fails on an unacknowledged finding: the report runs only after the app exited 0.
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.synth).toBe(`${scripts['synth:only']} && npm run --silent report`);
  });

  test('CI lints the synthesized templates with a pinned cfn-lint after the synth', () => {
    const runs = steps('build').map((s) => s.run ?? '');
    const synth = runs.findIndex((r) => r.startsWith('npm run synth'));
    const install = runs.findIndex((r) => r.includes(`cfn-lint==${CFN_LINT_VERSION}`));
    const lint = runs.findIndex((r) => r === 'npm run lint:templates');
    expect([synth, install, lint].every((i) => i >= 0)).toBe(true);
    expect(synth).toBeLessThan(install);
    expect(install).toBeLessThan(lint);
  });

  test('the compliance report is uploaded as an artifact', () => {
    const upload = steps('build').find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toContain('cdk.out/compliance/');
  });

  test('CI audits dependencies and reviews dependency changes', () => {
    expect(steps('audit').some((s) => s.run === 'npm audit --audit-level=high')).toBe(true);
    const review = ci.doc.jobs['dependency-review'];
    expect(review.if).toBe("github.event_name == 'pull_request'");
    expect(review.steps?.some((s) => s.uses?.startsWith('actions/dependency-review-action@'))).toBe(true);
  });

  test('checkout never leaves the token in the git config', () => {
    for (const w of workflows) {
      for (const job of Object.values(w.doc.jobs)) {
        for (const s of job.steps ?? []) {
          if (s.uses?.startsWith('actions/checkout@')) expect(s.with?.['persist-credentials']).toBe(false);
        }
      }
    }
  });

  test('the deploy job uses OIDC, a protected environment and diffs before it deploys', () => {
    const deployJobs = Object.entries(ci.doc.jobs).filter(([name]) => name.startsWith('deploy-'));
    expect(deployJobs.map(([n]) => n)).toEqual(['deploy-dev', 'deploy-prod']);
    expect(ci.doc.jobs['deploy-prod'].environment).toBe('production');
    expect(ci.doc.jobs['deploy-prod'].needs).toEqual(['deploy-dev', 'dast']);
    for (const [, job] of deployJobs) {
      expect(job.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
      const creds = job.steps!.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(creds?.with?.['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
      // No static keys anywhere in the job.
      expect(JSON.stringify(job)).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS/);
      const runs = job.steps!.map((s) => s.run ?? '');
      const diff = runs.findIndex((r) => r.startsWith('npx cdk diff'));
      const deploy = runs.findIndex((r) => r.startsWith('npx cdk deploy'));
      expect(diff).toBeGreaterThan(-1);
      expect(deploy).toBeGreaterThan(diff);
    }
  });
});

describe('DAST job (ST2): OWASP ZAP baseline scan of the deployed Dev API and site', () => {
  const dast = ci.doc.jobs.dast;
  const dastSteps = dast?.steps ?? [];
  const index = (predicate: (s: Step) => boolean) => dastSteps.findIndex(predicate);
  const zapScans = dastSteps.filter((s) => s.uses?.startsWith('zaproxy/action-baseline@'));

  test('runs after every Dev deploy of main, with read-only permissions and no AWS credentials', () => {
    expect(dast.needs).toEqual(['deploy-dev']);
    expect(dast.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(dast.permissions).toEqual({ contents: 'read' });
    expect(dast.environment).toBeUndefined();
    expect(JSON.stringify(dast)).not.toMatch(/configure-aws-credentials|id-token|secrets\./);
  });

  test('a High alert blocks the release: the record step fails the job and the Prod deploy needs it', () => {
    expect(ci.doc.jobs['deploy-prod'].needs).toContain('dast');
    const record = dastSteps.find((s) => (s.run ?? '').startsWith('npm run --silent dast:record'));
    expect(record?.name).toBe('Write the dast-scan activity record (fails on High alerts)');
    // The script's exit code (test/scripts/dast-record.test.ts) reaches the job: nothing swallows it.
    expect(record).not.toHaveProperty('continue-on-error');
    expect(dast).not.toHaveProperty('continue-on-error');
    expect(record?.run).not.toMatch(/\|\||;|\bset \+e\b|\bexit 0\b/);
  });

  test('scans the API and the site URL the deploy job read from its stack outputs, filing no issues', () => {
    expect(zapScans.map((s) => s.with?.target)).toEqual([
      '${{ needs.deploy-dev.outputs.api-url }}',
      '${{ needs.deploy-dev.outputs.site-url }}',
    ]);
    for (const scan of zapScans) {
      expect(scan.with).toMatchObject({ allow_issue_writing: false, fail_action: false });
    }
    // Two uploads in one run need two artifact names.
    expect(new Set(zapScans.map((s) => s.with?.artifact_name)).size).toBe(2);
  });

  test('the deploy job publishes the URLs from `cdk deploy --outputs-file`', () => {
    const deploy = ci.doc.jobs['deploy-dev'];
    expect(deploy.outputs).toEqual({
      'api-url': '${{ steps.urls.outputs.api-url }}',
      'site-url': '${{ steps.urls.outputs.site-url }}',
    });
    const runs = (deploy.steps ?? []).map((s) => s.run ?? '');
    const cdkDeploy = runs.findIndex((r) => r.startsWith('npx cdk deploy'));
    expect(runs[cdkDeploy]).toContain('--outputs-file cdk-outputs.json');
    const urls = (deploy.steps ?? []).findIndex((s) => s.id === 'urls');
    expect(urls).toBeGreaterThan(cdkDeploy);
    expect(runs[urls]).toContain(`jq -er '."Dev-Api".ApiUrl' cdk-outputs.json`);
    expect(runs[urls]).toContain(`jq -er '."Dev-Site".SiteUrl' cdk-outputs.json`);
  });

  test.each([
    ['Dev-Api', 'ApiUrl'],
    ['Dev-Site', 'SiteUrl'],
  ])('the synthesized %s stack has the output %s the deploy job reads', (stackName, output) => {
    const stack = allTemplates().find((t) => t.stackName === stackName);
    expect(stack).toBeDefined();
    const outputs = (stack!.template as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
    expect(Object.keys(outputs)).toContain(output);
  });

  test('keeps each scan’s reports before the next scan overwrites them, then writes and uploads the record', () => {
    const [api, site] = zapScans.map((z) => dastSteps.indexOf(z));
    const keepApi = index(
      (s) => s.run === 'mkdir -p dast/api && mv report_json.json report_md.md report_html.html dast/api/',
    );
    const keepSite = index(
      (s) => s.run === 'mkdir -p dast/site && mv report_json.json report_md.md report_html.html dast/site/',
    );
    const record = index((s) => (s.run ?? '').startsWith('npm run --silent dast:record --'));
    const upload = index((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false);
    const order = [api, keepApi, site, keepSite, record, upload];
    expect(order.every((at, i) => at >= 0 && (i === 0 || order[i - 1] < at))).toBe(true);
    const command = dastSteps[record].run!;
    expect(command).toContain('--scan api=dast/api/report_json.json');
    expect(command).toContain('--scan site=dast/site/report_json.json');
    expect(command).toContain(
      '--run-url "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"',
    );
    expect(dastSteps[upload]).toMatchObject({ if: 'always()', with: { name: 'dast-record', path: 'dast/' } });
  });

  test('the record step runs a package script of this repository', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['dast:record']).toBe('node -r ./scripts/ts-register.js scripts/dast-record.ts');
  });
});

describe('Dependabot', () => {
  const config = parse(fs.readFileSync(path.join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
    updates: { 'package-ecosystem': string; schedule: { interval: string } }[];
  };

  test('Dependabot updates npm packages and GitHub Actions', () => {
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const u of config.updates) expect(u.schedule.interval).toBe('weekly');
  });
});

describe('.ci/run', () => {
  const run = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');

  test('installs Chromium only when missing and makes the browser test mandatory', () => {
    expect(run).toContain('if [ ! -x /usr/bin/chromium ]');
    expect(run).toContain('apt-get install -y --no-install-recommends chromium');
    expect(run.indexOf('export REQUIRE_BROWSER=1')).toBeLessThan(run.indexOf('npm test'));
  });

  test('lints the templates with cfn-lint after the synth, failing clearly without cfn-lint', () => {
    expect(run.indexOf('npm run synth')).toBeLessThan(run.indexOf('npm run lint:templates'));
    expect(run).toContain(`pip install cfn-lint==${CFN_LINT_VERSION}`);
  });

  test('does not need the registry audit service (npm audit runs in GitHub Actions only)', () => {
    expect(run).not.toMatch(/^\s*npm audit/m);
  });
});
