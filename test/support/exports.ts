import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../lib/app';

const SOURCE_DIRS = ['bin', 'lib', 'compliance', 'report', 'constructs', 'scripts'];
const EXPORT =
  /export\s+(?:declare\s+)?(?:abstract\s+)?(?:class|function|const|let|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g;

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

let cache: Set<string> | undefined;

/** Every name exported by the project's source (classes, functions, consts, types). */
export function exportedNames(): Set<string> {
  if (!cache) {
    cache = new Set();
    for (const file of SOURCE_DIRS.flatMap((d) => tsFiles(path.join(ROOT, d)))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(EXPORT)) cache.add(m[1]);
    }
  }
  return cache;
}
