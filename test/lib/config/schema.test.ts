import * as fs from 'node:fs';
import { renderSchema, SCHEMA_FILE } from '../../../scripts/schema';

test('config/schema.json is up to date with the zod schema (run `npm run schema`)', () => {
  expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toEqual(renderSchema());
});
