/**
 * What a diagram shows, before layout: boxes (resources), groups (regions, stacks, network tiers) that
 * contain them, and flows between boxes, each of one kind with one colour. Every diagram of the report
 * (the architecture overview and the four views) is one of these, laid out by ELK and drawn as SVG.
 */

/** Kinds of flow, each drawn in its own colour and named in the legend. */
export const FLOW_KINDS = {
  encryption: { label: 'encrypted with', colour: '#b7791f', legend: 'encryption: resource → its KMS key' },
  logging: { label: 'logs to', colour: '#2b6cb0', legend: 'logging: source → log destination' },
  alerting: {
    label: 'alerts to',
    colour: '#c53030',
    legend: 'alerting: detector/alarm → topic → subscriber',
  },
  backup: { label: 'backs up to', colour: '#2f855a', legend: 'backup: data store → vault → copy vault' },
  protection: {
    label: 'protects',
    colour: '#6b46c1',
    legend: 'protection: WAF / security group → what it guards',
  },
  network: { label: 'reaches', colour: '#dd6b20', legend: 'network: who can open connections to whom' },
  other: { label: '', colour: '#8a96a3', legend: 'other reference (uses)' },
} as const;
export type FlowKind = keyof typeof FLOW_KINDS;

/** Box fill and border per category of resource. */
export const CATEGORIES = {
  security: { fill: '#fdecea', stroke: '#c0392b' },
  data: { fill: '#e8f1fb', stroke: '#2e6da4' },
  network: { fill: '#eaf6ec', stroke: '#2e7d32' },
  edge: { fill: '#f3ebfa', stroke: '#7b3fa0' },
  compute: { fill: '#fff4e0', stroke: '#c77700' },
  monitoring: { fill: '#eef0f2', stroke: '#4d5b69' },
  external: { fill: '#ffffff', stroke: '#4d5b69' },
} as const;
export type Category = keyof typeof CATEGORIES;

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  /** Second line: the kind of resource, a count, a retention. */
  readonly detail: string;
  readonly category: Category;
  /** The group the box is drawn in; undefined: at the top level. */
  readonly group?: string;
  /** A short mark drawn in the box's corner (e.g. delivery proven / not yet proven). */
  readonly mark?: { readonly text: string; readonly ok: boolean };
}

export interface GraphGroup {
  readonly id: string;
  readonly label: string;
  readonly style: 'region' | 'stack' | 'tier';
  readonly parent?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: FlowKind;
  /** Drawn next to the arrow; undefined: the colour says it all. */
  readonly label?: string;
}

export interface Graph {
  readonly id: string;
  readonly title: string;
  /** One or two sentences under the title: what the view shows and how to read it. */
  readonly caption: string;
  readonly groups: readonly GraphGroup[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}
