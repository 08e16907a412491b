/** Writes config/schema.json from the zod schema (`npm run schema`). A test fails when it is stale. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../lib/app';
import { configJsonSchema } from '../lib/config/schema';

export const SCHEMA_FILE = path.join(ROOT, 'config', 'schema.json');

export function renderSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, renderSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
