/**
 * The placeholder a RotatingSecret is created with, shared by the construct (synth time) and the
 * rotation handler (run time). It holds no key material, so the template never contains a key: the
 * immediate first rotation replaces it with the first generated key.
 */
export const BOOTSTRAP_DOCUMENT = { bootstrap: true } as const;

/** True only for exactly `{ "bootstrap": true }` (no other fields), so a key document never matches. */
export function isBootstrapDocument(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 && keys[0] === 'bootstrap' && (value as Record<string, unknown>).bootstrap === true
  );
}
