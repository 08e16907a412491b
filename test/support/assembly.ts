import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { ROOT } from '../../lib/app';
import { listTemplates, type SynthesizedTemplate } from '../../compliance/summary';
import { PolicySimulator } from '../../proofs/policy-simulation';

/** Where test/global-setup.ts writes the shared cloud assembly. */
export const TEST_ASSEMBLY_DIR = path.join(ROOT, 'cdk.out.test');

let cache: SynthesizedTemplate[] | undefined;

/** The policy simulator over the shared test assembly (synthesized once by test/global-setup.ts). */
export function testSimulator(): PolicySimulator {
  return PolicySimulator.forAssembly(TEST_ASSEMBLY_DIR);
}

/** The Org stage's nested assembly of the shared test assembly (its proofs read nothing else). */
export const ORG_TEST_ASSEMBLY_DIR = path.join(TEST_ASSEMBLY_DIR, 'assembly-Org');

/** The policy simulator over the Org stage alone: loading only its templates keeps the Org proof tests fast. */
export function orgTestSimulator(): PolicySimulator {
  return PolicySimulator.forAssembly(ORG_TEST_ASSEMBLY_DIR);
}

/** Every template of the shared assembly. */
export function allTemplates(): SynthesizedTemplate[] {
  if (!fs.existsSync(path.join(TEST_ASSEMBLY_DIR, 'manifest.json'))) {
    throw new Error(
      `${TEST_ASSEMBLY_DIR} is missing: run tests through jest so test/global-setup.ts synthesizes the app`,
    );
  }
  cache ??= listTemplates(TEST_ASSEMBLY_DIR);
  return cache;
}

/** The synthesized template of `<stage>/<stack>`, e.g. `stackTemplate('Prod', 'Foundation')`. */
export function stackTemplate(stage: string, stack: string): Template {
  const found = allTemplates().find((t) => t.displayName === `${stage}/${stack}`);
  if (!found) {
    throw new Error(
      `no stack ${stage}/${stack}; have: ${allTemplates()
        .map((t) => t.displayName)
        .join(', ')}`,
    );
  }
  return Template.fromJSON(found.template as Record<string, unknown>);
}

/** Stage names of the shipped example environments. */
export const STAGES = ['Dev', 'Prod'] as const;

/**
 * The templates of the environment stages (and their nested Bootstrap stages), without the organization's
 * `Org` stage, whose accounts and roles test/lib/org covers.
 */
export function environmentTemplates(): SynthesizedTemplate[] {
  return allTemplates().filter((t) => STAGES.some((s) => t.displayName.startsWith(`${s}/`)));
}

/**
 * How another primary-region stack of `stage` refers to a value of its Foundation stack: a weak cross-stack
 * reference (`Fn::GetStackOutput`) to the one output Foundation publishes with exactly that `value` (e.g.
 * `{ 'Fn::GetAtt': [<key id>, 'Arn'] }`). Fails when there is no such output, or several.
 */
export function foundationReference(stage: (typeof STAGES)[number], value: unknown) {
  const foundation = allTemplates().find((t) => t.displayName === `${stage}/Foundation`)!;
  const outputs = (foundation.template as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
  const matching = Object.keys(outputs).filter(
    (o) => JSON.stringify(outputs[o].Value) === JSON.stringify(value),
  );
  if (matching.length !== 1) {
    throw new Error(`${stage}/Foundation publishes ${matching.length} outputs of ${JSON.stringify(value)}`);
  }
  const region = (
    parse(fs.readFileSync(path.join(ROOT, 'config', `${stage.toLowerCase()}.yaml`), 'utf8')) as {
      environment: { region: string };
    }
  ).environment.region;
  return {
    'Fn::GetStackOutput': { StackName: foundation.stackName, Region: region, OutputName: matching[0] },
  };
}

/**
 * The reference to the ARN of one Foundation data-class key ({@link foundationReference}). Use it to assert
 * *which* key encrypts a resource (one key per data class is the design), not just that one does.
 */
export function foundationKeyArn(
  stage: (typeof STAGES)[number],
  keyClass: 'Logs' | 'Data' | 'Secrets' | 'Backup',
) {
  const keys = stackTemplate(stage, 'Foundation').findResources('AWS::KMS::Key');
  const id = Object.keys(keys).find(
    (k) => keys[k].Metadata?.['aws:cdk:path'] === `${stage}/Foundation/Keys/${keyClass}/Resource`,
  );
  if (!id) throw new Error(`${stage}/Foundation has no ${keyClass} key`);
  return foundationReference(stage, { 'Fn::GetAtt': [id, 'Arn'] });
}
