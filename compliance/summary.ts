import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Finding, formatFinding, PLUGIN_FAILURE_RULE, readFindings } from './findings';
import { COMPLIANCE_PACKS } from '../constructs/core/acknowledge';

/** A synthesized stack template found in a cloud assembly (nested stage assemblies included). */
export interface SynthesizedTemplate {
  /** Stage/Stack display path, e.g. `Prod/Network`. */
  readonly displayName: string;
  /** CloudFormation stack name, e.g. `Prod-Network` (what cross-stack references name). */
  readonly stackName: string;
  /** Region of the stack's environment (`aws://account/region` in the manifest); undefined when agnostic. */
  readonly region?: string;
  readonly file: string;
  readonly template: {
    Resources?: Record<
      string,
      {
        Type: string;
        Metadata?: {
          'aws:cdk:path'?: string;
          cdk_nag?: { rules_to_suppress?: { id: string; reason: string }[] };
        };
      }
    >;
  };
}

interface Manifest {
  artifacts?: Record<
    string,
    {
      type: string;
      displayName?: string;
      environment?: string;
      properties?: { templateFile?: string; directoryName?: string; stackName?: string };
    }
  >;
}

/** Every stack template in the assembly at `dir`, following nested (stage) assemblies. */
export function listTemplates(dir: string): SynthesizedTemplate[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.values(manifest.artifacts ?? {}).flatMap((a) => {
    if (a.type === 'aws:cloudformation:stack' && a.properties?.templateFile) {
      const file = path.join(dir, a.properties.templateFile);
      const displayName = a.displayName ?? a.properties.templateFile;
      return [
        {
          displayName,
          stackName: a.properties.stackName ?? displayName.replace(/\//g, '-'),
          region: /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(a.environment ?? '')?.[1],
          file,
          template: JSON.parse(fs.readFileSync(file, 'utf8')),
        },
      ];
    }
    if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName) {
      return listTemplates(path.join(dir, a.properties.directoryName));
    }
    return [];
  });
}

/** Acknowledgments recorded in template Metadata (`cdk_nag.rules_to_suppress`), with the resource's construct path. */
export function listAcknowledgments(templates: readonly SynthesizedTemplate[]) {
  return templates.flatMap((t) =>
    Object.entries(t.template.Resources ?? {}).flatMap(([logicalId, r]) =>
      (r.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((s) => ({
        stack: t.displayName,
        logicalId,
        path: r.Metadata?.['aws:cdk:path'] ?? '',
        rule: s.id,
        reason: s.reason,
      })),
    ),
  );
}

/** One screen: stacks with resource counts, findings (listed in full) and acknowledgments. */
export function summarizeSynth(assemblyDir: string): { text: string; failed: boolean; findings: Finding[] } {
  const templates = listTemplates(assemblyDir);
  const findings = readFindings(assemblyDir);
  const acks = listAcknowledgments(templates);
  const lines = ['', 'Stacks (resources):'];
  let total = 0;
  for (const t of templates) {
    const n = Object.keys(t.template.Resources ?? {}).length;
    total += n;
    lines.push(`  ${t.displayName.padEnd(28)} ${String(n).padStart(4)}`);
  }
  lines.push(`  ${'total'.padEnd(28)} ${String(total).padStart(4)}`);
  const packAcks = acks.filter((a) => COMPLIANCE_PACKS.some((p) => a.rule.startsWith(`${p}-`)));
  const resources = new Set(packAcks.map((a) => `${a.stack}/${a.logicalId}`)).size;
  const ruleIds = new Set(packAcks.map((a) => a.rule)).size;
  lines.push(
    `Acknowledged cdk-nag findings: ${packAcks.length} on ${resources} resources, ${ruleIds} rule ids (reasons in each resource's Metadata.cdk_nag)`,
  );
  if (acks.length > packAcks.length) {
    lines.push(
      `CloudFormation-validator warnings acknowledged by aws-cdk-lib itself: ${acks.length - packAcks.length}`,
    );
  }
  if (findings.length) {
    lines.push(`Unacknowledged findings: ${findings.length}`);
    for (const f of findings) lines.push(`  ${formatFinding(f)}`);
    if (findings.some((f) => f.rule === PLUGIN_FAILURE_RULE)) {
      lines.push(
        `${PLUGIN_FAILURE_RULE}: a check did not run, so nothing it covers is known to pass; fix the error it names.`,
      );
    }
    if (findings.some((f) => f.rule !== PLUGIN_FAILURE_RULE)) {
      lines.push(
        'Fix the setting, or acknowledge the finding at the narrowest construct with acknowledgeRule() and a reason an auditor can verify (README: "Acknowledging a rule").',
      );
    }
  } else {
    lines.push('Unacknowledged findings: 0');
  }
  return { text: lines.join('\n'), failed: findings.length > 0, findings };
}
