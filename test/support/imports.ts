import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Every `.ts` file under `dir`, recursively, as absolute paths. */
export function tsFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The files `file` imports through relative specifiers, resolved to absolute `.ts` paths: value and
 * type-only imports, `export ... from` and dynamic `import()` alike (all of them tie the modules together).
 */
export function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const base = path.resolve(path.dirname(file), spec);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
      if (!resolved) throw new Error(`${file}: cannot resolve '${spec}'`);
      return resolved;
    });
}

/** The package specifiers `file` imports (`node:fs`, `aws-cdk-lib/aws-iam`, ...): every non-relative import. */
export function packageImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles.map((f) => f.fileName).filter((spec) => !spec.startsWith('.'));
}

/** The first import cycle among `files` (following only imports between them), or undefined. */
export function findImportCycle(files: readonly string[]): string[] | undefined {
  const inScope = new Set(files);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'visiting') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of relativeImports(file).filter((f) => inScope.has(f))) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const f of files) {
    const cycle = visit(f);
    if (cycle) return cycle;
  }
  return undefined;
}
