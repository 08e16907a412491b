import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { ROOT } from '../../lib/app';
import { listTemplates, type SynthesizedTemplate } from '../../compliance/summary';

/** Where test/global-setup.ts writes the shared cloud assembly. */
export const TEST_ASSEMBLY_DIR = path.join(ROOT, 'cdk.out.test');

let cache: SynthesizedTemplate[] | undefined;

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
