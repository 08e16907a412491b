/**
 * Runs before every test file. Unit tests synthesize small stacks without aws-cdk-lib's built-in
 * CloudFormation validator (its engine takes seconds to start in each file); the whole-app synth shared by
 * all tests (global-setup.ts) runs it, and a test about the validator sets CDK_VALIDATION=true itself.
 */
process.env.CDK_VALIDATION ??= 'false';
