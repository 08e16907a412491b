/**
 * The placeholder a RotatingSecret is created with, shared by the construct (synth time) and the
 * rotation handler (run time). It holds no key material, so the template never contains a key: the
 * first rotation (run by the operator after the first deploy, or at the latest the first scheduled one)
 * replaces it with the first generated key; the PlaceholderAlarm fires if that has not happened.
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

const DAY_MS = 86_400_000;

/** The placeholder check's metric (written by the check, read by the alarm). */
export const METRIC_NAMESPACE = 'SecurityBaseline/Secrets';
export const METRIC_NAME = 'BootstrapPlaceholderOverdue';
export const METRIC_DIMENSION = 'SecretName';

/**
 * End of the first scheduled rotation window of a secret created at `createdDate` and rotated on
 * `rate(<rotationDays> days)` without an immediate rotation: Secrets Manager schedules a rotation by
 * adding the interval to the date of the last rotation (here the creation), and a rate() window in days
 * closes at the end of that UTC day (API RotationRulesType, ScheduleExpression and Duration).
 */
export function firstRotationDeadline(createdDate: Date, rotationDays: number): Date {
  const due = new Date(createdDate.getTime() + rotationDays * DAY_MS);
  return new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate() + 1));
}

/**
 * True when AWSCURRENT (`currentSecretString`) is still the bootstrap placeholder after the first
 * scheduled rotation window has closed: the first rotation failed or never ran, and consumers have no key.
 * Never throws and never echoes the secret string.
 */
export function placeholderOverdue(
  currentSecretString: string | undefined,
  createdDate: Date,
  rotationDays: number,
  now: Date,
): boolean {
  let current: unknown;
  try {
    current = JSON.parse(currentSecretString ?? '');
  } catch {
    return false;
  }
  return (
    isBootstrapDocument(current) &&
    now.getTime() >= firstRotationDeadline(createdDate, rotationDays).getTime()
  );
}
