import { loadRequirements } from '../../../report/requirements';
import { readAssembly } from '../../../report/assembly';
import { buildReport, type BuiltReport } from '../../../report/build';
import { readEnvironmentConfigs } from '../../../report/environment';
import type { ComplianceReport } from '../../../report/model';
import { csvCell, CSV_COLUMNS, renderCsv } from '../../../report/render/csv';
import { esc, renderHtml } from '../../../report/render/html';
import { renderMarkdown } from '../../../report/render/md';
import { TEST_ASSEMBLY_DIR } from '../../support/assembly';

const assembly = readAssembly(TEST_ASSEMBLY_DIR);
const requirements = loadRequirements();
let built: BuiltReport;
let report: ComplianceReport;
beforeAll(async () => {
  built = await buildReport({
    stage: assembly.stages.find((s) => s.stage === 'Prod')!,
    config: readEnvironmentConfigs(TEST_ASSEMBLY_DIR).get('Prod')!,
    requirements,
    stats: assembly.stats,
    assemblyDir: TEST_ASSEMBLY_DIR,
    generatedAt: new Date('2026-01-01T00:00:00Z'),
  });
  report = built.report;
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
  let html: string;
  beforeAll(() => {
    html = renderHtml(report, built.diagrams);
  });

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

  test('escapes hostile free text of the report (a status reason, an acknowledgment reason) in the page', () => {
    // Free text comes from templates and config (cdk-nag reasons, evidence values): it must never run.
    const hostile = `<script>alert('x')</script> & "q"`;
    const escaped = '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;';
    const [first, ...rest] = report.requirements;
    const ack = { ...report.nag.packs[0].acknowledgments[0], reason: `ack ${hostile}` };
    const tampered: ComplianceReport = {
      ...report,
      requirements: [{ ...first, statusReason: `reason ${hostile}`, acknowledgedExceptions: [ack] }, ...rest],
    };
    const page = renderHtml(tampered, built.diagrams);
    // (The match, not the whole page, is printed when this fails.)
    expect(page.match(/<script.{0,40}/gi)).toBeNull();
    expect(page).toContain(`<div class="why">reason ${escaped}</div>`);
    expect(page).toContain(`<td>ack ${escaped}</td>`);
  });

  test('has a section with the embedded SVG of the overview and of each view', () => {
    expect(built.diagrams.map((d) => d.id)).toEqual([
      'architecture',
      'data-protection',
      'logging',
      'alerting',
      'network',
    ]);
    for (const d of built.diagrams) {
      const id = d.id === 'architecture' ? 'architecture' : `view-${d.id}`;
      expect(html).toContain(`<section id="${id}" class="diagram-section">`);
      expect(html).toContain(`href="#${id}"`);
      expect(html).toContain(d.svg);
    }
  });

  test('names every requirement and every pack', () => {
    for (const r of requirements) expect(html).toContain(`id="req-${r.id}"`);
    for (const p of report.nag.packs) expect(html).toContain(`id="pack-${p.pack}"`);
  });
});

describe('Markdown', () => {
  let md: string;
  beforeAll(() => {
    md = renderMarkdown(report);
  });

  test('has a section per requirement and links the diagram', () => {
    for (const r of requirements) expect(md).toContain(`### ${r.id}: `);
    expect(md).toContain('](architecture.svg)');
    for (const view of ['data-protection', 'logging', 'alerting', 'network'])
      expect(md).toContain(`](view-${view}.svg)`);
  });

  test('escapes table separators in values', () => {
    expect(md).not.toMatch(/\| [^|\n]*[^\\]\|[^ |\n]/);
  });
});

describe('detection switched off in an environment (config detection.exceptions)', () => {
  const reason = 'Organizations is managed by the central platform account, which alarms on it';
  const withException = (): ComplianceReport => ({
    ...report,
    environment: {
      ...report.environment,
      detectionExceptions: [{ setting: 'cisAlarms.organizationsChanges', reason }],
    },
  });

  test('the HTML report lists each switched-off setting with its reason', () => {
    const html = renderHtml(withException(), built.diagrams);
    expect(html).toContain('<h2>Detection switched off, with reasons</h2>');
    expect(html).toContain(`detection.cisAlarms.organizationsChanges</td><td>${reason}`);
  });

  test('the Markdown report lists it too', () => {
    expect(renderMarkdown(withException())).toContain(
      `| detection.cisAlarms.organizationsChanges | ${reason} |`,
    );
  });

  test('an environment with no exception shows no such section', () => {
    expect(report.environment.detectionExceptions).toEqual([]);
    expect(renderHtml(report, built.diagrams)).not.toContain('Detection switched off');
  });
});
