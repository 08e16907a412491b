import type { Template } from 'aws-cdk-lib/assertions';
import { PolicySimulator, type PolicyOverrides } from '../../proofs/policy-simulation';
import { ResolvedAssembly } from '../../proofs/resolved-assembly';

/**
 * An identity policy that allows every action on every resource: with it, the resource policy or permissions
 * boundary under test is the only thing that can deny a request (`PolicyOverrides.identityPolicies`).
 */
export const ALLOW_ALL: NonNullable<PolicyOverrides['identityPolicies']> = [
  { name: 'admin', policy: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
];

/**
 * The policy simulator over the one stack of a construct test (`T/S`, partition aws), deployed to `env`. For the
 * synthesized app, use `testSimulator()` of test/support/assembly.ts.
 */
export function stackSimulator(
  template: Template,
  env: { readonly account: string; readonly region: string } = {
    account: '111111111111',
    region: 'eu-west-1',
  },
): PolicySimulator {
  return new PolicySimulator(
    new ResolvedAssembly([
      { displayName: 'T/S', stackName: 'S', partition: 'aws', ...env, template: template.toJSON() },
    ]),
  );
}
