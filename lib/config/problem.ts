/**
 * The shape every validation rule returns, with no dependency on the schema: the sections define
 * their rules over the parts of the config they read, and `rules.ts` collects them, so neither
 * imports the other.
 */

/** A problem in one config file: `path` is dotted like the YAML, `message` names the bad value and the fix. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** A second-pass rule over (part of) a parsed config. Each returns every problem it sees. */
export type Rule<C> = (config: C) => Problem[];
