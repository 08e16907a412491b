import * as path from 'node:path';

/** Stage name of the organization baseline (`cdk deploy 'Org/*'`). */
export const ORG_STAGE_NAME = 'Org';

/** Repository root (where cdk.json lives). */
export const ROOT = path.resolve(__dirname, '..');
