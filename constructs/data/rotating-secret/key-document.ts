/**
 * The JSON document each version of a RotatingSecret holds, shared by the rotation handler, the
 * placeholder check and consumers (signers and verifiers). Pure: node:crypto only, no AWS SDK.
 *
 * Parsing never echoes its input: errors name the version (`what`) and the defect only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'HMAC-SHA256';

/**
 * Label of the key check value: HMAC-SHA256(key, label), base64. A partner that received a key
 * computes it and compares it with the value sent through a second channel; testSecret compares it
 * with the value createSecret stored next to the key.
 */
export const KEY_CHECK_LABEL = 'security-baseline key check v1';

export interface KeyDocument {
  readonly keyId: string;
  /** Base64-encoded key material. */
  readonly key: string;
  readonly algorithm: typeof ALGORITHM;
  /** ISO-8601 timestamp. */
  readonly createdAt: string;
  /** keyId of the version that was AWSCURRENT when this one was created (absent on a first key). */
  readonly previousKeyId?: string;
  /** Key check value of `key` (absent on keys created before it was introduced). */
  readonly keyCheck?: string;
  /** ISO-8601: until then, signers also sign with, and verifiers also accept, the previous key. */
  readonly acceptPreviousUntil?: string;
}

/** Strict base64 decode: rejects anything that does not re-encode to the same string. */
export function decodeBase64(value: string): Buffer | undefined {
  const bytes = Buffer.from(value, 'base64');
  return value.length > 0 && bytes.toString('base64') === value ? bytes : undefined;
}

/** The key check value of `key` (see KEY_CHECK_LABEL). */
export function keyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update(KEY_CHECK_LABEL).digest('base64');
}

/** Constant-time comparison of two base64 strings (false on any length or encoding mismatch). */
export function sameBase64(a: string, b: string): boolean {
  const x = decodeBase64(a);
  const y = decodeBase64(b);
  return x !== undefined && y !== undefined && x.length === y.length && timingSafeEqual(x, y);
}

export interface ParseOptions {
  /** Pins the key length exactly (new keys); otherwise 32..64 bytes are accepted. */
  readonly expectedBytes?: number;
  /** Requires `keyCheck` (new keys); older current keys may lack it. */
  readonly requireKeyCheck?: boolean;
}

function optionalTimestamp(d: Record<string, unknown>, field: string, what: string): string | undefined {
  const value = d[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new Error(`${what} ${field} is not a valid timestamp`);
  }
  return value;
}

/** Parses and validates a key document; a present keyCheck must match the key. */
export function parseKeyDocument(
  raw: string | undefined,
  what: string,
  options: ParseOptions = {},
): KeyDocument {
  if (raw === undefined) throw new Error(`${what} has no SecretString`);
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error(`${what} is not a JSON object`);
  }
  const d = doc as Record<string, unknown>;
  if (typeof d.keyId !== 'string' || d.keyId === '') throw new Error(`${what} has no keyId`);
  if (d.algorithm !== ALGORITHM) throw new Error(`${what} algorithm is not ${ALGORITHM}`);
  if (typeof d.createdAt !== 'string' || Number.isNaN(Date.parse(d.createdAt))) {
    throw new Error(`${what} has no valid createdAt`);
  }
  if (d.previousKeyId !== undefined && typeof d.previousKeyId !== 'string') {
    throw new Error(`${what} previousKeyId is not a string`);
  }
  const acceptPreviousUntil = optionalTimestamp(d, 'acceptPreviousUntil', what);
  const key = typeof d.key === 'string' ? decodeBase64(d.key) : undefined;
  if (key === undefined) throw new Error(`${what} key is not valid base64`);
  const { expectedBytes } = options;
  if (expectedBytes !== undefined ? key.length !== expectedBytes : key.length < 32 || key.length > 64) {
    throw new Error(`${what} key has the wrong length (${key.length} bytes)`);
  }
  if (d.keyCheck === undefined) {
    if (options.requireKeyCheck) throw new Error(`${what} has no keyCheck`);
  } else if (typeof d.keyCheck !== 'string' || !sameBase64(d.keyCheck, keyCheckValue(key))) {
    throw new Error(`${what} keyCheck does not match its key`);
  }
  return {
    keyId: d.keyId,
    key: d.key as string,
    algorithm: ALGORITHM,
    createdAt: d.createdAt,
    previousKeyId: d.previousKeyId,
    keyCheck: d.keyCheck,
    acceptPreviousUntil,
  };
}
