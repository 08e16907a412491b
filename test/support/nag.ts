import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { type Finding, isNagFinding, readFindings } from '../../compliance/findings';
import { registerCompliancePacks } from '../../compliance/packs';

/**
 * Builds a throw-away stack inside a stage with every compliance pack registered, lets `build` add
 * constructs to it, synthesizes, and returns the cdk-nag findings. For construct-level compliance tests.
 */
export function nagFindingsOf(build: (stack: Stack) => void, options: { bundle?: boolean } = {}): Finding[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
  const app = new App({
    outdir,
    context: {
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      // Skip Lambda bundling unless the test is about it.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = new Stack(new Stage(app, 'T'), 'S', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  build(stack);
  registerCompliancePacks(app);
  app.synth();
  const findings = readFindings(outdir).filter(isNagFinding);
  fs.rmSync(outdir, { recursive: true, force: true });
  return findings;
}
