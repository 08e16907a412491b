import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';
import { loadRequirements, parseRequirements, REQUIREMENTS_FILE } from '../../report/requirements';

/** The shared seed beside the repository (main checkout: ../shared/seed; a worktree: ../../shared/seed). */
function seedCopy(): string | undefined {
  for (const up of ['..', path.join('..', '..')]) {
    const candidate = path.join(ROOT, up, 'shared', 'seed', path.basename(REQUIREMENTS_FILE));
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

describe('requirements document', () => {
  const requirements = loadRequirements();

  test('lists every Definition-of-Done item of the nine phases, including IS1a-IS1e', () => {
    expect(requirements).toHaveLength(77);
    expect(new Set(requirements.map((r) => r.phase)).size).toBe(9);
    for (const prefix of ['A', 'AA', 'IV', 'DP', 'IS', 'APIS', 'SM', 'ST', 'DOC']) {
      const ids = requirements.filter((r) => new RegExp(`^${prefix}\\d+$`).test(r.id)).map((r) => r.id);
      expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `${prefix}${n}`));
    }
  });

  test('nested items carry their parent', () => {
    expect(requirements.filter((r) => r.parent).map((r) => `${r.id}<${r.parent}`)).toEqual([
      'IS1a<IS1',
      'IS1b<IS1',
      'IS1c<IS1',
      'IS1d<IS1',
      'IS1e<IS1',
    ]);
  });

  const seed = seedCopy();
  (seed ? test : test.skip)('the in-repo copy is identical to the shared seed beside the repository', () => {
    expect(fs.readFileSync(REQUIREMENTS_FILE, 'utf8')).toEqual(fs.readFileSync(seed!, 'utf8'));
  });

  test('fails if an id appears twice', () => {
    const md = '### Phase 1: X\n- [ ] `[A1]` one\n- [ ] `[A1]` two\n';
    expect(() => parseRequirements(md)).toThrow(/\[A1\] appears twice/);
  });

  test('fails if an item comes before any phase heading', () => {
    expect(() => parseRequirements('- [ ] `[A1]` one\n')).toThrow(/before any "### Phase N:" heading/);
  });
});
