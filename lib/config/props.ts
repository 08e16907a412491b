import type { WebAclProps } from '../../constructs/edge/web-acl';
import type { AppConfig } from './schema';

/**
 * Config-to-props translation the stacks share: what more than one stack (or the stage) derives from
 * the same config values lives here, so stacks never import each other.
 */

/** The WebAcl props both web ACLs (CloudFront and regional) share, from `edge.waf`. */
export function webAclPropsFrom(
  config: AppConfig,
): Omit<WebAclProps, 'scope' | 'name' | 'logKey' | 'logRetentionDays'> {
  const waf = config.edge.waf;
  return {
    rateLimits: waf.rateLimits,
    signInPaths: waf.signInPaths,
    sizeLimits: waf.sizeLimits,
    managedRuleGroups: waf.managedRuleGroups,
    geoBlockCountries: waf.geoBlock,
    ipAllowList: waf.ipAllowList,
    ipDenyList: waf.ipDenyList,
  };
}

export { backupVaultName, siteLogsName } from './names';
