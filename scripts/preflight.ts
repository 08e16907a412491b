/**
 * `npm run preflight -- --org [--region <home region>]`: with read-only credentials of the management account
 * (default SDK credential chain), lists what already exists in the organization (delegated administrators,
 * GuardDuty detectors, Security Hub hubs and standards, Config recorders per governed region, organization
 * trails, Control Tower) and prints the YAML to put in config/organization.yaml, or the conflicts with it
 * (docs/organization.md, "Brownfield preflight"). Only List/Describe/Get calls; synth stays offline.
 *
 * Exit status: 0 nothing to resolve, 1 conflicts or a section not readable, 2 a usage or credentials problem.
 */
import * as path from 'node:path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import type { OrganizationConfig } from '../lib/config/organization';
import { type PreflightClients, PreflightError, readInventory } from './preflight/inventory';
import { plan, render } from './preflight/plan';

export interface PreflightOptions {
  /** Region of the Organizations/CloudTrail reads; the organization file's home region by default. */
  readonly region?: string;
  /** The organization file, when there is one. */
  readonly organization?: { readonly file: string; readonly config: OrganizationConfig };
}

/** Reads the organization and renders the report; returns the exit status (PreflightError: 2). */
export async function runPreflight(
  options: PreflightOptions,
  clients: (region: string) => PreflightClients,
  log: (text: string) => void,
): Promise<number> {
  const config = options.organization?.config;
  const homeRegion = options.region ?? config?.organization.homeRegion;
  if (!homeRegion) {
    throw new PreflightError(
      'no region: pass --region <home region> or create config/organization.yaml (organization.homeRegion)',
    );
  }
  const regions = config?.organization.governedRegions ?? [homeRegion];
  const inventory = await readInventory(clients(homeRegion), homeRegion, regions);
  const result = plan(inventory, config);
  log(render(inventory, result, options.organization?.file));
  return result.conflicts.length || inventory.unreadable.length ? 1 : 0;
}

/** SDK v3 clients on the default credential chain. */
export function sdkClients(homeRegion: string): PreflightClients {
  return {
    sts: new STSClient({ region: homeRegion }),
    organizations: new OrganizationsClient({ region: homeRegion }),
    cloudTrail: new CloudTrailClient({ region: homeRegion }),
    guardDuty: (region) => new GuardDutyClient({ region }),
    securityHub: (region) => new SecurityHubClient({ region }),
    config: (region) => new ConfigServiceClient({ region }),
  };
}

const USAGE = 'usage: npm run preflight -- --org [--region <home region>]';

async function main(argv: readonly string[]): Promise<number> {
  const { ConfigError, loadOrganization } = await import('../lib/config/load');
  const { ROOT } = await import('../lib/app');
  if (!argv.includes('--org')) throw new PreflightError(USAGE);
  const i = argv.indexOf('--region');
  const region = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region ?? '')) {
    throw new PreflightError(`--region ${region ?? ''}: not a region name such as eu-west-1. ${USAGE}`);
  }
  let organization;
  try {
    organization = loadOrganization(path.join(ROOT, 'config'));
  } catch (e) {
    if (e instanceof ConfigError) throw new PreflightError(e.message);
    throw e;
  }
  return runPreflight({ region, organization }, sdkClients, (text) => console.log(text));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      if (!(e instanceof PreflightError)) throw e;
      console.error(`preflight: ${e.message}`);
      process.exitCode = 2;
    },
  );
}
