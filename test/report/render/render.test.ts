import * as path from 'node:path';
import { ROOT } from '../../../lib/app';
import { loadConfigs } from '../../../lib/config/load';
import { loadRequirements } from '../../../report/requirements';
import { readAssembly } from '../../../report/assembly';
import { buildReport } from '../../../report/build';
import { csvCell, CSV_COLUMNS, renderCsv } from '../../../report/render/csv';
import { esc, renderHtml } from '../../../report/render/html';
import { renderMarkdown } from '../../../report/render/md';
import { TEST_ASSEMBLY_DIR } from '../../support/assembly';

const assembly = readAssembly(TEST_ASSEMBLY_DIR);
const configs = loadConfigs(path.join(ROOT, 'config'));
const requirements = loadRequirements();
const { report, svg } = buildReport({
  stage: assembly.stages.find((s) => s.stage === 'Prod')!,
  config: configs.find((c) => c.config.environment.name === 'Prod')!.config,
  requirements,
  stats: assembly.stats,
  assemblyDir: TEST_ASSEMBLY_DIR,
  generatedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('CSV', () => {
  test('quotes cells with commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  test('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  test('has a header and at least one row per requirement', () => {
    const lines = renderCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    for (const r of requirements) expect(lines.some((l) => l.startsWith(`Prod,${r.id},`))).toBe(true);
  });
});

describe('HTML', () => {
  const html = renderHtml(report, svg);

  test('forbids every network fetch with its own Content-Security-Policy', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
  });

  test('references nothing outside the file (no scripts, stylesheets, images or fonts by URL)', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  test('escapes template values', () => {
    expect(esc(`<script>alert('x')</script>`)).toBe('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
  });

  test('names every requirement and every pack', () => {
    for (const r of requirements) expect(html).toContain(`id="req-${r.id}"`);
    for (const p of report.nag.packs) expect(html).toContain(`id="pack-${p.pack}"`);
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(report);

  test('has a section per requirement and links the diagram', () => {
    for (const r of requirements) expect(md).toContain(`### ${r.id}: `);
    expect(md).toContain('](architecture.svg)');
  });

  test('escapes table separators in values', () => {
    expect(md).not.toMatch(/\| [^|\n]*[^\\]\|[^ |\n]/);
  });
});
