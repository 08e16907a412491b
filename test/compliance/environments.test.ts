import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENVIRONMENTS_FILE, readEnvironments, writeEnvironments } from '../../compliance/environments';
import { TEST_ASSEMBLY_DIR } from '../support/assembly';

describe('environments.json (the configuration each environment was synthesized with)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'environments-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('records each configuration under its environment name', () => {
    const config = { environment: { name: 'Qa', account: '123456789012' }, retention: { logDays: 90 } };
    writeEnvironments(dir, [{ config }]);
    expect(readEnvironments(dir)).toEqual({ version: 1, environments: { Qa: config }, files: {} });
  });

  test('records the file each configuration was read from with its SHA-256', () => {
    const config = { environment: { name: 'Qa' } };
    writeEnvironments(dir, [{ config, file: path.join('config', 'qa.yaml'), sha256: 'ab'.repeat(32) }]);
    expect(readEnvironments(dir)?.files).toEqual({ Qa: { file: 'config/qa.yaml', sha256: 'ab'.repeat(32) } });
  });

  test('reads nothing from an assembly without the file', () => {
    expect(fs.existsSync(path.join(dir, ENVIRONMENTS_FILE))).toBe(false);
    expect(readEnvironments(dir)).toBeUndefined();
  });

  test('the shared test assembly records both example environments', () => {
    expect(Object.keys(readEnvironments(TEST_ASSEMBLY_DIR)!.environments)).toEqual(['Dev', 'Prod']);
  });
});
