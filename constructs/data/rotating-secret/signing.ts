/**
 * The overlap model of a rotating HMAC signing key, for the code that signs with it (the platform)
 * and the code that verifies (partners, or any consumer inside the platform). docs/data.md describes it.
 *
 * - After a rotation, AWSCURRENT holds the new key and `acceptPreviousUntil`; AWSPREVIOUS the old key.
 * - Until `acceptPreviousUntil`, the signer signs every message with BOTH keys (one `v1=` entry per key)
 *   and a verifier accepts a message whose signature verifies with any key it holds. A partner that
 *   has not installed the new key yet keeps verifying with the old one; it must install the new key
 *   before the window ends. After the window only AWSCURRENT signs and is accepted.
 *
 * Header: `t=<unix seconds>,v1=<keyId>:<base64 HMAC-SHA256(key, "<t>.<payload>")>[,v1=...]`.
 * Pure: node:crypto only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyDocument } from './key-document';

/** Seconds a signed message stays acceptable (replay window). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The keys to sign with and to accept at `now`: AWSCURRENT always; AWSPREVIOUS only while `now` is
 * before AWSCURRENT's `acceptPreviousUntil` (a placeholder or missing previous version is skipped).
 */
export function acceptedKeys(
  current: KeyDocument,
  previous: KeyDocument | undefined,
  now: Date,
): KeyDocument[] {
  const until = current.acceptPreviousUntil ? Date.parse(current.acceptPreviousUntil) : Number.NaN;
  const inWindow = now.getTime() < until;
  return previous && inWindow && previous.keyId !== current.keyId ? [current, previous] : [current];
}

function mac(doc: KeyDocument, timestamp: number, payload: string | Buffer): Buffer {
  return createHmac('sha256', Buffer.from(doc.key, 'base64'))
    .update(`${timestamp}.`)
    .update(payload)
    .digest();
}

/** The signature header for `payload` at `timestamp` (unix seconds), one entry per key. */
export function signatureHeader(
  keys: readonly KeyDocument[],
  payload: string | Buffer,
  timestamp: number,
): string {
  if (keys.length === 0) throw new Error('signatureHeader needs at least one key');
  const entries = keys.map((k) => `v1=${k.keyId}:${mac(k, timestamp, payload).toString('base64')}`);
  return [`t=${timestamp}`, ...entries].join(',');
}

export interface VerifyOptions {
  /** @default DEFAULT_TOLERANCE_SECONDS */
  readonly toleranceSeconds?: number;
}

/**
 * The keyId of the first held key whose signature in `header` verifies, or undefined (unknown key,
 * wrong signature, malformed header, or a timestamp outside the replay window).
 */
export function verifySignatureHeader(
  header: string,
  payload: string | Buffer,
  heldKeys: readonly KeyDocument[],
  now: Date,
  options: VerifyOptions = {},
): string | undefined {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const parts = header.split(',');
  const t = parts[0]?.startsWith('t=') ? Number(parts[0].slice(2)) : Number.NaN;
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > tolerance) return undefined;
  for (const part of parts.slice(1)) {
    if (!part.startsWith('v1=')) continue;
    const entry = part.slice(3);
    const sep = entry.lastIndexOf(':');
    const keyId = entry.slice(0, sep);
    const key = heldKeys.find((k) => k.keyId === keyId);
    if (sep < 1 || key === undefined) continue;
    const given = Buffer.from(entry.slice(sep + 1), 'base64');
    const expected = mac(key, t, payload);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return keyId;
  }
  return undefined;
}
