import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../../lib/app';
import { ConfigError, loadConfigs, validateConfig } from '../../../lib/config/load';
import { exampleConfig, writeConfigDir } from '../../support/config';

function problemsOf(dir: string): readonly string[] {
  try {
    loadConfigs(dir);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  test('the shipped example environments are valid', () => {
    const loaded = loadConfigs(path.join(ROOT, 'config'));
    expect(loaded.map((l) => l.config.environment.name).sort()).toEqual(['Dev', 'Prod']);
  });

  test('-c env=<name> selects one environment file', () => {
    expect(loadConfigs(path.join(ROOT, 'config'), 'prod').map((l) => l.config.environment.name)).toEqual([
      'Prod',
    ]);
  });

  test('fails if -c env names no file, listing the environments', () => {
    expect(() => loadConfigs(path.join(ROOT, 'config'), 'staging')).toThrow(
      /no file .*staging\.yaml; environments are: dev, prod/,
    );
  });

  test('fails if a key is unknown (a typo must not drop a control)', () => {
    const c = exampleConfig('prod');
    c.retention.auditLogDayz = 400;
    expect(problemsOf(writeConfigDir({ 'prod.yaml': c }))).toEqual([
      expect.stringMatching(/^.*prod\.yaml: retention: unknown key 'auditLogDayz'/),
    ]);
  });

  test('fails if the account id is not a quoted 12-digit string, naming file, path and value', () => {
    const c = exampleConfig('prod');
    c.environment.account = '12345';
    expect(problemsOf(writeConfigDir({ 'prod.yaml': c }))[0]).toMatch(
      /prod\.yaml: environment\.account: "12345" is not a 12-digit AWS account id/,
    );
  });

  test('fails if a region is unknown', () => {
    const c = exampleConfig('dev');
    c.environment.region = 'eu-westeros-1';
    expect(problemsOf(writeConfigDir({ 'dev.yaml': c }))[0]).toMatch(
      /environment\.region: unknown AWS region "eu-westeros-1"/,
    );
  });

  test('fails if a log retention is not a CloudWatch value, suggesting the nearest', () => {
    const c = exampleConfig('dev');
    c.retention.logDays = 100;
    expect(problemsOf(writeConfigDir({ 'dev.yaml': c }))[0]).toMatch(
      /retention\.logDays: 100 days is not a CloudWatch Logs retention period; use 120/,
    );
  });

  test('fails if an email is invalid', () => {
    const c = exampleConfig('dev');
    c.notifications.securityEmails = ['security-at-example.com'];
    expect(problemsOf(writeConfigDir({ 'dev.yaml': c }))[0]).toMatch(
      /notifications\.securityEmails\[0\]: "security-at-example.com" is not a valid email address/,
    );
  });

  test('fails if production audit-log retention is below 365 days', () => {
    const c = exampleConfig('prod');
    c.retention.auditLogDays = 180;
    expect(problemsOf(writeConfigDir({ 'prod.yaml': c }))).toEqual([
      expect.stringMatching(
        /prod\.yaml: retention\.auditLogDays: 180 days is below the production minimum of 365/,
      ),
    ]);
  });

  test('fails if the backup region is the primary region', () => {
    const c = exampleConfig('dev');
    c.environment.backupRegion = c.environment.region;
    expect(problemsOf(writeConfigDir({ 'dev.yaml': c }))[0]).toMatch(
      /environment\.backupRegion: 'eu-west-1' is the primary region/,
    );
  });

  test('reports every problem of every file at once', () => {
    const dev = exampleConfig('dev');
    dev.environment.account = 'x';
    dev.retention.logDays = 2;
    const prod = exampleConfig('prod');
    prod.notifications.securityEmails = [];
    const problems = problemsOf(writeConfigDir({ 'dev.yaml': dev, 'prod.yaml': prod }));
    expect(problems).toHaveLength(3);
    expect(problems.filter((p) => p.includes('dev.yaml'))).toHaveLength(2);
    expect(problems.filter((p) => p.includes('prod.yaml'))).toHaveLength(1);
  });

  test('fails with a line number on YAML syntax errors', () => {
    expect(problemsOf(writeConfigDir({ 'dev.yaml': 'environment:\n  name: Dev\n   bad: [\n' }))[0]).toMatch(
      /dev\.yaml:\d+: YAML syntax/,
    );
  });

  test('fails if two files use the same stage name', () => {
    const problems = problemsOf(
      writeConfigDir({ 'a.yaml': exampleConfig('dev'), 'b.yaml': exampleConfig('dev') }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/b\.yaml: environment\.name: 'Dev' is already used by .*a\.yaml/),
    ]);
  });

  test('fails once for one tab, naming the line and the fix (later errors follow from it)', () => {
    const text = fs
      .readFileSync(path.join(ROOT, 'config', 'dev.yaml'), 'utf8')
      .replace('  production:', '\tproduction:');
    expect(problemsOf(writeConfigDir({ 'dev.yaml': text }))).toEqual([
      expect.stringMatching(
        /dev\.yaml:5: YAML syntax: Tabs are not allowed as indentation; indent with spaces/,
      ),
    ]);
  });

  test('a byte-order mark and CRLF line endings load like the plain file', () => {
    const text = fs.readFileSync(path.join(ROOT, 'config', 'prod.yaml'), 'utf8');
    const [plain] = loadConfigs(writeConfigDir({ 'prod.yaml': text }));
    const [windows] = loadConfigs(writeConfigDir({ 'prod.yaml': `\uFEFF${text.replace(/\n/g, '\r\n')}` }));
    expect(windows.config).toEqual(plain.config);
  });

  test('fails with -c env=<name> if the selected file shares account and region with another file', () => {
    const dev = exampleConfig('dev');
    dev.environment.account = '222222222222';
    const dir = writeConfigDir({ 'dev.yaml': dev, 'prod.yaml': exampleConfig('prod') });
    expect(() => loadConfigs(dir, 'prod')).toThrow(
      /prod\.yaml: environment: account 222222222222 in eu-west-1 is already the target of .*dev\.yaml \(Dev\)/,
    );
  });

  test('fails if a file is empty or a list, saying what an environment file is', () => {
    expect(problemsOf(writeConfigDir({ 'dev.yaml': '# nothing yet\n', 'prod.yaml': '- a\n' }))).toEqual([
      expect.stringMatching(/dev\.yaml: \(root\): the file is empty; an environment file is a mapping/),
      expect.stringMatching(/prod\.yaml: \(root\): the file is a list, not a mapping/),
    ]);
  });

  test('a missing required section is reported as required', () => {
    const c = exampleConfig('dev');
    delete c.notifications;
    expect(validateConfig(c).problems).toEqual([
      { path: 'notifications', message: 'is required (expected object)' },
    ]);
  });
});
