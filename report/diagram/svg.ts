/**
 * Draws a laid-out diagram as one self-contained SVG: no external references, system fonts, one arrow
 * marker per flow kind, and a legend of the flow kinds and box categories the diagram uses.
 */
import { CATEGORIES, type Category, FLOW_KINDS, type FlowKind, type Graph } from './graph';
import { GROUP_HEADER, LABEL_SIZE, type Layout } from './layout';

const MARGIN = 12;
const HEADER = 64;
const LEGEND_ROW = 20;

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const n1 = (v: number): string => String(Math.round(v * 10) / 10);

const GROUP_STYLE = {
  region: { fill: '#fbfcfd', stroke: '#9aa5b1', dash: '6 4', size: 14 },
  stack: { fill: '#f3f6f9', stroke: '#c4ccd5', dash: '', size: 12 },
  tier: { fill: '#f1f8f2', stroke: '#9ccc9f', dash: '', size: 12 },
} as const;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Legend entries, laid out in rows no wider than `width`. */
function legend(graph: Graph, y: number, width: number): { svg: string[]; height: number } {
  const kinds = [...new Set(graph.edges.map((e) => e.kind))].sort(
    (a, b) => Object.keys(FLOW_KINDS).indexOf(a) - Object.keys(FLOW_KINDS).indexOf(b),
  );
  const categories = [...new Set(graph.nodes.map((n) => n.category))].sort(
    (a, b) => Object.keys(CATEGORIES).indexOf(a) - Object.keys(CATEGORIES).indexOf(b),
  );
  const items: { w: number; svg: (x: number, y: number) => string }[] = [
    ...kinds.map((k: FlowKind) => ({
      w: FLOW_KINDS[k].legend.length * 6 + 44,
      svg: (x: number, yy: number) =>
        `<line x1="${x}" y1="${yy + 6}" x2="${x + 26}" y2="${yy + 6}" stroke="${FLOW_KINDS[k].colour}" stroke-width="2" marker-end="url(#arrow-${k})"/><text x="${x + 32}" y="${yy + 10}" font-size="11" fill="#33414e">${esc(FLOW_KINDS[k].legend)}</text>`,
    })),
    ...categories.map((c: Category) => ({
      w: c.length * 6 + 40,
      svg: (x: number, yy: number) =>
        `<rect x="${x}" y="${yy}" width="14" height="12" rx="3" fill="${CATEGORIES[c].fill}" stroke="${CATEGORIES[c].stroke}"/><text x="${x + 20}" y="${yy + 10}" font-size="11" fill="#33414e">${c}</text>`,
    })),
  ];
  const out: string[] = [];
  let x = MARGIN;
  let row = 0;
  for (const item of items) {
    if (x > MARGIN && x + item.w > width - MARGIN) {
      x = MARGIN;
      row += 1;
    }
    out.push(item.svg(x, y + row * LEGEND_ROW));
    x += item.w;
  }
  return { svg: out, height: (row + 1) * LEGEND_ROW };
}

/** Words of `text` in lines of at most `chars` characters. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + word.length + 1 <= chars)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export function renderSvg(graph: Graph, layout: Layout, minWidth = 720): string {
  const width = Math.max(minWidth, layout.width + 2 * MARGIN);
  const captionLines = wrap(graph.caption, Math.floor((width - 2 * MARGIN) / 6.3));
  const header = HEADER + (captionLines.length - 1) * 15;
  const legendTop = header + layout.height + 16;
  const leg = legend(graph, legendTop, width);
  const height = legendTop + leg.height + 8;
  const dx = MARGIN;
  const dy = header;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(graph.title)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" data-view="${esc(graph.id)}">`,
    `<title>${esc(graph.title)}</title>`,
    `<defs>${Object.entries(FLOW_KINDS)
      .map(
        ([k, f]) =>
          `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${f.colour}"/></marker>`,
      )
      .join('')}</defs>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="26" font-size="16" font-weight="600" fill="#1f2933">${esc(graph.title)}</text>`,
    ...captionLines.map(
      (line, i) =>
        `<text x="${MARGIN}" y="${46 + i * 15}" font-size="11.5" fill="#56606b">${esc(line)}</text>`,
    ),
  ];
  for (const g of layout.groups) {
    const s = GROUP_STYLE[g.group.style];
    out.push(
      `<g data-group="${esc(g.group.id)}"><rect x="${n1(g.x + dx)}" y="${n1(g.y + dy)}" width="${n1(g.width)}" height="${n1(g.height)}" rx="8" fill="${s.fill}" stroke="${s.stroke}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      `<text x="${n1(g.x + dx + 10)}" y="${n1(g.y + dy + GROUP_HEADER - 6)}" font-size="${s.size}" font-weight="600" fill="#33414e">${esc(truncate(g.group.label, Math.max(6, Math.floor(g.width / 7.5))))}</text></g>`,
    );
  }
  for (const e of layout.edges) {
    const f = FLOW_KINDS[e.edge.kind];
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${n1(p.x + dx)},${n1(p.y + dy)}`).join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${f.colour}" stroke-width="1.5"${e.edge.kind === 'other' ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#arrow-${e.edge.kind})" data-from="${esc(e.edge.from)}" data-to="${esc(e.edge.to)}"/>`,
    );
  }
  for (const p of layout.nodes) {
    const c = CATEGORIES[p.node.category];
    const chars = Math.floor((p.width - 16) / 7.2);
    out.push(
      `<g data-node="${esc(p.node.id)}"><rect x="${n1(p.x + dx)}" y="${n1(p.y + dy)}" width="${n1(p.width)}" height="${n1(p.height)}" rx="6" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.4"/>`,
      `<text x="${n1(p.x + dx + 8)}" y="${n1(p.y + dy + 17)}" font-size="12" font-weight="600" fill="#1f2933">${esc(truncate(p.node.label, chars))}</text>`,
      `<text x="${n1(p.x + dx + 8)}" y="${n1(p.y + dy + 32)}" font-size="10.5" fill="#56606b">${esc(truncate(p.node.detail, Math.floor((p.width - 16) / 5.6)))}</text>`,
      p.node.mark
        ? `<text x="${n1(p.x + dx + 8)}" y="${n1(p.y + dy + 47)}" font-size="10" font-weight="600" fill="${p.node.mark.ok ? '#2f855a' : '#b7791f'}">${p.node.mark.ok ? '✔' : '○'} ${esc(p.node.mark.text)}</text>`
        : '',
      '</g>',
    );
  }
  for (const e of layout.edges) {
    if (!e.label) continue;
    const l = e.label;
    out.push(
      `<rect x="${n1(l.x + dx)}" y="${n1(l.y + dy)}" width="${n1(l.width)}" height="${n1(l.height)}" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
      `<text x="${n1(l.x + dx + l.width / 2)}" y="${n1(l.y + dy + LABEL_SIZE + 1)}" font-size="${LABEL_SIZE}" text-anchor="middle" fill="${FLOW_KINDS[e.edge.kind].colour}">${esc(l.text)}</text>`,
    );
  }
  out.push(...leg.svg, '</svg>');
  return out.filter((s) => s !== '').join('\n');
}
