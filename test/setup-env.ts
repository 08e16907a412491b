/**
 * Runs before every test file. Unit tests synthesize small stacks without aws-cdk-lib's built-in
 * CloudFormation validator (its engine takes seconds to start in each file); the whole-app synth shared by
 * all tests (global-setup.ts) runs it, and a test about the validator sets CDK_VALIDATION=true itself.
 */
process.env.CDK_VALIDATION ??= 'false';

/**
 * Every construct records the JavaScript stack that created it (`aws:cdk:creationStack` metadata), which
 * Jest then source-maps: ~1 s of CPU per thousand resources, for traces no test reads. Templates are the same
 * either way. aws-cdk-lib's App reads its context from CDK_CONTEXT_JSON (as the CDK CLI passes it).
 */
process.env.CDK_CONTEXT_JSON ??= JSON.stringify({ 'aws:cdk:disable-creation-stack-traces': true });
