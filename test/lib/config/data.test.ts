import { ConfigError, loadConfigs, validateConfig } from '../../../lib/config/load';
import { exampleConfig, writeConfigDir } from '../../support/config';

/** Problems of one mutated example config, as `path: message` strings. */
function problemsOf(config: Record<string, any>): string[] {
  return validateConfig(config).problems.map((p) => `${p.path}: ${p.message}`);
}

describe('data config section', () => {
  test('the shipped dev and prod data sections are valid', () => {
    expect(problemsOf(exampleConfig('dev'))).toEqual([]);
    expect(problemsOf(exampleConfig('prod'))).toEqual([]);
  });

  test('fails if a data key is unknown, naming file and path', () => {
    // GIVEN a typo in the data section
    const c = exampleConfig('dev');
    c.data.backup.dailyRetentionDayz = 7;
    // WHEN the directory is loaded THEN the loader names file, path and key
    expect(() => loadConfigs(writeConfigDir({ 'dev.yaml': c }))).toThrow(ConfigError);
    try {
      loadConfigs(writeConfigDir({ 'dev.yaml': c }));
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        expect.stringMatching(/dev\.yaml: data\.backup: unknown key 'dailyRetentionDayz'/),
      ]);
    }
  });

  test('fails if the instance class carries the db. prefix', () => {
    const c = exampleConfig('dev');
    c.data.database.instanceClass = 'db.t4g.medium';
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(/^data\.database\.instanceClass: .*without the 'db\.' prefix/),
    ]);
  });

  test('fails if production database backups are kept less than 35 days', () => {
    const c = exampleConfig('prod');
    c.data.database.backupRetentionDays = 14;
    expect(problemsOf(c)).toEqual([
      'data.database.backupRetentionDays: 14 days is below the production minimum of 35; set 35',
    ]);
  });

  test('fails if production daily backups are kept less than 35 days', () => {
    const c = exampleConfig('prod');
    c.data.backup.dailyRetentionDays = 30;
    expect(problemsOf(c)).toContain(
      'data.backup.dailyRetentionDays: 30 days is below the production minimum of 35; set 35 or more',
    );
  });

  test('fails if production credentials rotate less often than every 30 days', () => {
    const c = exampleConfig('prod');
    c.data.database.credentialRotationDays = 90;
    expect(problemsOf(c)).toEqual([
      'data.database.credentialRotationDays: 90 days is above the production maximum of 30; set 30 or less',
    ]);
  });

  test('fails if a production API key rotates less often than every 30 days', () => {
    const c = exampleConfig('prod');
    c.data.apiKeys[0].rotationDays = 45;
    expect(problemsOf(c)).toEqual([
      'data.apiKeys[0].rotationDays: 45 days is above the production maximum of 30; set 30 or less',
    ]);
  });

  test('dev may rotate less often than production', () => {
    const c = exampleConfig('dev');
    c.data.database.credentialRotationDays = 90;
    expect(problemsOf(c)).toEqual([]);
  });

  test('fails if production uses a governance-mode vault lock', () => {
    const c = exampleConfig('prod');
    c.data.backup.vaultLock.mode = 'governance';
    delete c.data.backup.vaultLock.changeableForDays;
    expect(problemsOf(c)).toEqual([
      "data.backup.vaultLock.mode: 'governance' lets a privileged principal remove the lock; production requires 'compliance'",
    ]);
  });

  test('fails if the vault lock minimum is above its maximum', () => {
    const c = exampleConfig('dev');
    c.data.backup.vaultLock.minRetentionDays = 400;
    expect(problemsOf(c)).toEqual([
      'data.backup.vaultLock.minRetentionDays: 400 is greater than maxRetentionDays (365); set min <= max',
    ]);
  });

  test('fails if a compliance lock has no grace period', () => {
    const c = exampleConfig('prod');
    delete c.data.backup.vaultLock.changeableForDays;
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(/^data\.backup\.vaultLock\.changeableForDays: is required in compliance mode/),
    ]);
  });

  test('fails if a governance lock sets a grace period', () => {
    const c = exampleConfig('dev');
    c.data.backup.vaultLock.changeableForDays = 3;
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(
        /^data\.backup\.vaultLock\.changeableForDays: 3 turns the lock into compliance mode/,
      ),
    ]);
  });

  test('fails if a rule retention is outside the vault lock range (the vault would reject it)', () => {
    const c = exampleConfig('prod');
    c.data.backup.monthlyRetentionDays = 3000;
    expect(problemsOf(c)).toEqual([
      'data.backup.monthlyRetentionDays: 3000 days is outside the vault lock range 35-2555; the vault would reject these backups. Change the retention or the lock range',
    ]);
  });

  test('fails if continuous backups would be kept longer than 35 days', () => {
    const c = exampleConfig('dev');
    c.data.backup.dailyRetentionDays = 40;
    expect(problemsOf(c)).toEqual([
      'data.backup.dailyRetentionDays: 40 days is longer than continuous backups can be kept (35); set 35 or less, or continuousBackup: false',
    ]);
  });

  test('fails if the database port is not open to the app tier', () => {
    const c = exampleConfig('dev');
    c.data.database.port = 15432;
    expect(problemsOf(c)).toEqual([
      'data.database.port: 15432 is not one of network.databasePorts (5433); the app tier could not reach the database. Use one of them or add it there',
    ]);
  });

  test('fails if two API keys share a name', () => {
    const c = exampleConfig('dev');
    c.data.apiKeys.push({ ...c.data.apiKeys[0] });
    expect(problemsOf(c)).toEqual([
      "data.apiKeys[1].name: 'partner-webhook-signing' is used twice; every API key needs its own name",
    ]);
  });

  test('fails if an API key is shorter than 32 bytes', () => {
    const c = exampleConfig('dev');
    c.data.apiKeys[0].keyBytes = 16;
    expect(problemsOf(c)).toEqual([
      'data.apiKeys[0].keyBytes: 16 bytes is too short for an HMAC-SHA256 key; use 32-64',
    ]);
  });

  test('fails if the restore test schedule is not an AWS cron expression', () => {
    const c = exampleConfig('dev');
    c.data.backup.restoreTesting.scheduleExpression = 'rate(7 days)';
    expect(problemsOf(c)).toEqual([
      expect.stringMatching(
        /^data\.backup\.restoreTesting\.scheduleExpression: "rate\(7 days\)" is not an AWS cron expression/,
      ),
    ]);
  });
});
