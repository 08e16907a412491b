import type { AppConfig } from './schema';
import { overlappingVpcCidrs } from './sections/network';

/** One loaded environment file, as the cross-file rules see it. */
interface Loaded {
  readonly file: string;
  readonly config: AppConfig;
}

/** `file: path: message` when `pick` gives two files the same key; each later file is blamed once. */
function duplicates(
  loaded: readonly Loaded[],
  path: string,
  pick: (c: AppConfig) => string | undefined,
  message: (value: string, other: Loaded) => string,
): string[] {
  const seen = new Map<string, Loaded>();
  return loaded.flatMap((l) => {
    const key = pick(l.config);
    if (key === undefined) return [];
    const other = seen.get(key);
    if (!other) seen.set(key, l);
    return other ? [`${l.file}: ${path}: ${message(key, other)}`] : [];
  });
}

/**
 * Rules across the environment files deployed together: what one deploy of a file would break for
 * another. Returns `file: path: message` lines like the loader's.
 */
export function crossFileProblems(loaded: readonly Loaded[]): string[] {
  const name = (o: Loaded) => `${o.file} (${o.config.environment.name})`;
  const problems = duplicates(
    loaded,
    'environment.name',
    (c) => c.environment.name.toLowerCase(),
    (_, o) =>
      `'${o.config.environment.name}' is already used by ${o.file}; stage names must be unique, ignoring case (physical names use the lower-cased name)`,
  );
  // A copied file is reported once, as a duplicate name.
  const distinct = loaded.filter(
    (l, i) =>
      loaded.findIndex(
        (o) => o.config.environment.name.toLowerCase() === l.config.environment.name.toLowerCase(),
      ) === i,
  );
  problems.push(
    ...duplicates(
      distinct,
      'environment',
      (c) => `${c.environment.account} in ${c.environment.region}`,
      (pair, o) =>
        `account ${pair} is already the target of ${name(o)}; each environment needs its own account/region pair (both would create the per-account, per-region singletons: GuardDuty detector, Security Hub, Config recorder, CloudTrail)`,
    ),
    ...duplicates(
      distinct,
      'detection.awsConfig.recordGlobalResourceTypes',
      (c) => (c.detection.awsConfig.recordGlobalResourceTypes ? c.environment.account : undefined),
      (account, o) =>
        `true, but ${name(o)} already records global resource types in account ${account}; set false here (true in exactly one region per account, or IAM changes are recorded twice)`,
    ),
    ...duplicates(
      distinct,
      'detection.awsConfig.createServiceLinkedRole',
      (c) => (c.detection.awsConfig.createServiceLinkedRole ? c.environment.account : undefined),
      (account, o) =>
        `true, but ${name(o)} already creates AWSServiceRoleForConfig in account ${account}; set false here (creating the role twice fails the deploy)`,
    ),
    ...(['users', 'admins'] as const).flatMap((pool) =>
      duplicates(
        distinct,
        `identity.${pool}.domainPrefix`,
        (c) => `${c.identity[pool].domainPrefix} in ${c.environment.region}`,
        (key, o) =>
          `'${key.split(' ')[0]}' is already used by ${name(o)} in the same region; Cognito domain prefixes are unique per region, so the second deploy fails. Pick another prefix`,
      ),
    ),
    ...overlappingVpcCidrs(distinct),
  );
  // Users prefix of one file equal to the admins prefix of another also collides.
  for (const [i, a] of distinct.entries()) {
    for (const b of distinct.slice(0, i)) {
      if (a.config.environment.region !== b.config.environment.region) continue;
      for (const [pa, pb] of [
        ['users', 'admins'],
        ['admins', 'users'],
      ] as const) {
        if (a.config.identity[pa].domainPrefix === b.config.identity[pb].domainPrefix) {
          problems.push(
            `${a.file}: identity.${pa}.domainPrefix: '${a.config.identity[pa].domainPrefix}' is already the ${pb} pool's prefix of ${name(b)} in the same region; Cognito domain prefixes are unique per region. Pick another prefix`,
          );
        }
      }
    }
  }
  return problems;
}
