import * as path from 'node:path';
import { relativeImports, tsFilesUnder } from '../../support/imports';

const STACKS_DIR = path.resolve(__dirname, '../../../lib/stacks');

describe('lib/stacks layering', () => {
  test('no stack file imports another stack file (shared translation lives in lib/config/props.ts)', () => {
    const stacks = tsFilesUnder(STACKS_DIR);
    expect(stacks.length).toBeGreaterThanOrEqual(10);
    const crossImports = stacks.flatMap((file) =>
      relativeImports(file)
        .filter((target) => path.dirname(target) === STACKS_DIR)
        .map((target) => `${path.basename(file)} -> ${path.basename(target)}`),
    );
    expect(crossImports).toEqual([]);
  });

  test('the shared translators are imported by more than one stack from lib/config/props.ts', () => {
    const props = path.resolve(STACKS_DIR, '../config/props.ts');
    const users = tsFilesUnder(STACKS_DIR).filter((f) => relativeImports(f).includes(props));
    expect(users.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['api-stack.ts', 'identity-stack.ts', 'edge-global-stack.ts', 'data-stack.ts']),
    );
  });
});
