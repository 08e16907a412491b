import * as fs from 'node:fs';
import * as path from 'node:path';

/** The in-repo copy of the requirements document; tests parse this file, never a copy elsewhere. */
export const REQUIREMENTS_FILE = path.join(
  __dirname,
  '..',
  'docs',
  'requirements',
  'TASK-019-security-hardening.md',
);

/** One Definition-of-Done item of the requirements document, e.g. `[IS1a]` Content-Security-Policy. */
export interface Requirement {
  /** Item id as written in the document: `A1`, `IS1`, `IS1a`, `DOC8`. */
  readonly id: string;
  /** Item text after the id. */
  readonly text: string;
  /** Phase heading the item is listed under, e.g. `Phase 5: Infrastructure Security`. */
  readonly phase: string;
  /** Id of the item this one is nested under (`IS1` for `IS1a`). */
  readonly parent?: string;
}

const PHASE = /^###\s+(Phase\s+\d+:[^(]+?)\s*(\(|$)/;
const ITEM = /^(\s*)- \[[ xX]\] `\[([A-Z]+\d+[a-z]?)\]`\s+(.+?)\s*$/;

/**
 * Every checklist item of the "Definition of Done": `- [ ] `[ID]` text` lines under `### Phase N: ...`
 * headings, nested items (indented) carrying their parent's id. Fails on a duplicate id, so a typo in
 * the document cannot silently drop an item from the catalog check.
 */
export function parseRequirements(markdown: string): Requirement[] {
  const items: Requirement[] = [];
  let phase = '';
  let lastTopLevel: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = PHASE.exec(line);
    if (heading) {
      phase = heading[1].trim();
      continue;
    }
    const item = ITEM.exec(line);
    if (!item) continue;
    const [, indent, id, text] = item;
    if (!phase) throw new Error(`requirement [${id}] appears before any "### Phase N:" heading`);
    if (items.some((r) => r.id === id)) throw new Error(`requirement id [${id}] appears twice`);
    const nested = indent.length > 0;
    items.push({ id, text, phase, parent: nested ? lastTopLevel : undefined });
    if (!nested) lastTopLevel = id;
  }
  return items;
}

/** The requirements of the in-repo document. */
export function loadRequirements(file: string = REQUIREMENTS_FILE): Requirement[] {
  return parseRequirements(fs.readFileSync(file, 'utf8'));
}
