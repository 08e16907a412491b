import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findImportCycle, tsFilesUnder } from '../../support/imports';

const CONFIG_DIR = path.resolve(__dirname, '../../../lib/config');

describe('lib/config import graph', () => {
  test('the relative imports of lib/config (type-only ones included) form no cycle', () => {
    const files = tsFilesUnder(CONFIG_DIR);
    expect(files).toEqual(expect.arrayContaining([path.join(CONFIG_DIR, 'rules.ts')]));
    expect(findImportCycle(files)?.map((f) => path.relative(CONFIG_DIR, f))).toBeUndefined();
  });

  test('fails if two modules import each other, even type-only (the checker can see a cycle)', () => {
    // GIVEN a rules module and a section that imports a type back from it
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cycle-'));
    fs.mkdirSync(path.join(dir, 'sections'));
    fs.writeFileSync(path.join(dir, 'rules.ts'), "export { SECTION_RULES } from './sections/a';\n");
    fs.writeFileSync(
      path.join(dir, 'sections', 'a.ts'),
      "import type { X } from '../rules';\nexport const SECTION_RULES: X[] = [];\n",
    );
    // WHEN the graph is walked THEN the loop is reported
    const cycle = findImportCycle(tsFilesUnder(dir))?.map((f) => path.relative(dir, f));
    expect(cycle).toEqual(['rules.ts', path.join('sections', 'a.ts'), 'rules.ts']);
  });
});
