/**
 * The `describe › test` title paths of a Jest test file, read with the TypeScript parser, so a citation
 * (`<file> › <describe> › <test>`) can be checked to name a real test rather than any text in the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const BLOCKS = new Set(['describe', 'test', 'it']);

/** `describe`, `test.each(...)`, `describe.skip` ... -> the block name, else undefined. */
function blockName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return BLOCKS.has(callee.text) ? callee.text : undefined;
  if (ts.isPropertyAccessExpression(callee)) return blockName(callee.expression);
  if (ts.isCallExpression(callee)) return blockName(callee.expression); // test.each(table)(title, fn)
  if (ts.isConditionalExpression(callee)) return blockName(callee.whenTrue) ?? blockName(callee.whenFalse);
  if (ts.isParenthesizedExpression(callee)) return blockName(callee.expression);
  return undefined;
}

/** A title literal as a pattern: Jest placeholders (`%s`, `$name`) and `${...}` match any text. */
function titlePattern(node: ts.Expression): RegExp | undefined {
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const placeholders = (s: string) =>
    quote(s)
      .replace(/%[sdifjopP#%]/g, '.+')
      .replace(/\\\$[A-Za-z_][\w.]*/g, '.+');
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return new RegExp(`^${placeholders(node.text)}$`);
  }
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    return new RegExp(`^${parts.map(placeholders).join('.+')}$`);
  }
  return undefined;
}

const parsed = new Map<string, RegExp[][]>();

/** Every test of the file as its title path (outer describe first), each title as a pattern. */
export function testTitlePaths(file: string): RegExp[][] {
  // Parsed once per file: the catalog cites a few files hundreds of times.
  let paths = parsed.get(file);
  if (!paths) parsed.set(file, (paths = parseTitlePaths(file)));
  return paths;
}

function parseTitlePaths(file: string): RegExp[][] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: RegExp[][] = [];
  const visit = (node: ts.Node, outer: RegExp[]): void => {
    if (ts.isCallExpression(node)) {
      const name = blockName(node.expression);
      const title = node.arguments[0] && titlePattern(node.arguments[0]);
      if (name && title) {
        if (name !== 'describe') out.push([...outer, title]);
        node.arguments.slice(1).forEach((a) => visit(a, [...outer, title]));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, outer));
  };
  visit(source, []);
  return out;
}

/**
 * Whether `<file> › <title> › ...` names a test of the file: the titles are its describe path and test
 * title exactly (a cited title may leave out a trailing placeholder such as ` (%s)` of `test.each`).
 */
export function citedTestExists(reference: string, root: string): boolean {
  const [file, ...titles] = reference.split(' › ');
  const full = path.join(root, file);
  if (titles.length === 0 || !/\.test\.ts$/.test(file) || !fs.existsSync(full)) return false;
  const trimmed = (p: RegExp) => new RegExp(p.source.replace(/ \\\(\.\+\\\)\$$/, '$'));
  return testTitlePaths(full).some(
    (p) =>
      p.length === titles.length && p.every((re, i) => re.test(titles[i]) || trimmed(re).test(titles[i])),
  );
}
