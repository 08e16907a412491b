import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../../lib/app';
import { ConfigError, loadSelection } from '../../../lib/config/load';
import { writeConfigDir } from '../../support/config';

const CONFIG = path.join(ROOT, 'config');
function problemsOf(dir: string, only: string): readonly string[] {
  try {
    loadSelection(dir, only);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const names = (s: ReturnType<typeof loadSelection>) => ({
  environments: s.configs.map((c) => c.config.environment.name),
  organization: s.organization?.config.organization.id,
});

/** What bin/app.ts synthesizes for `-c env=<only>` / `ENV=<only>` (lib/config/load.ts loadSelection). */
describe('loadSelection', () => {
  test('nothing selected: every environment and the Org stage', () => {
    expect(names(loadSelection(CONFIG))).toEqual({
      environments: ['Dev', 'Prod'],
      organization: 'o-a1b2c3d4e5',
    });
  });

  test('-c env=prod: that environment only, no Org stage', () => {
    expect(names(loadSelection(CONFIG, 'prod'))).toEqual({ environments: ['Prod'], organization: undefined });
  });

  test('-c env=organization: the Org stage only, no environment', () => {
    expect(names(loadSelection(CONFIG, 'organization'))).toEqual({
      environments: [],
      organization: 'o-a1b2c3d4e5',
    });
  });

  test('-c env=organization without an organization file fails naming the file to create', () => {
    const dir = writeConfigDir({ 'dev.yaml': fs.readFileSync(path.join(CONFIG, 'dev.yaml'), 'utf8') });
    expect(problemsOf(dir, 'organization')).toEqual([
      expect.stringMatching(
        /^-c env=organization: no organization\.yaml or organization\.yml in .*; start from config\/organization\.yaml/,
      ),
    ]);
  });

  test('-c env=organization reports the problems of the organization file, not of the environments', () => {
    const dir = writeConfigDir({
      'dev.yaml': 'not: [valid',
      'organization.yaml': fs
        .readFileSync(path.join(CONFIG, 'organization.yaml'), 'utf8')
        .replace(/id: o-a1b2c3d4e5/, 'id: o-BAD'),
    });
    const problems = problemsOf(dir, 'organization');
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/organization\.yaml: /);
    expect(problems.join('\n')).toContain('organization.id: "o-BAD"');
  });

  test('an unknown name lists the environments and the organization selector', () => {
    expect(() => loadSelection(CONFIG, 'staging')).toThrow(
      /environments are: dev, prod \(and organization for the Org stage\)/,
    );
  });
});
