/**
 * For code inside the platform that signs with, or verifies against, a RotatingSecret: reads AWSCURRENT
 * and AWSPREVIOUS and returns the keys of the overlap model at `now` (signing.ts). Partners outside AWS
 * hold the keys they were given and call `verifySignatureHeader` (or its equivalent) directly.
 *
 * The caller needs secretsmanager:GetSecretValue on the secret and kms:Decrypt through Secrets Manager.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isBootstrapDocument } from './bootstrap';
import { type KeyDocument, parseKeyDocument } from './key-document';
import { acceptedKeys } from './signing';

async function versionString(
  client: SecretsManagerClient,
  secretId: string,
  stage: 'AWSCURRENT' | 'AWSPREVIOUS',
): Promise<string | undefined> {
  try {
    const res = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
    return res.SecretString;
  } catch (err) {
    // A secret rotated once or never has no AWSPREVIOUS version.
    if (stage === 'AWSPREVIOUS' && err instanceof Error && err.name === 'ResourceNotFoundException') {
      return undefined;
    }
    throw err;
  }
}

function isPlaceholder(raw: string | undefined): boolean {
  try {
    return isBootstrapDocument(JSON.parse(raw ?? ''));
  } catch {
    return false;
  }
}

/**
 * The keys to sign with and to accept at `now`: AWSCURRENT, plus AWSPREVIOUS until AWSCURRENT's
 * `acceptPreviousUntil`. Fails while AWSCURRENT is still the bootstrap placeholder (no key yet);
 * a placeholder AWSPREVIOUS (after the first rotation) is skipped.
 */
export async function loadAcceptedKeys(
  client: SecretsManagerClient,
  secretId: string,
  now: Date = new Date(),
): Promise<KeyDocument[]> {
  const currentRaw = await versionString(client, secretId, 'AWSCURRENT');
  if (isPlaceholder(currentRaw)) {
    throw new Error(`${secretId} has no key yet (AWSCURRENT is the bootstrap placeholder): rotate it once`);
  }
  const current = parseKeyDocument(currentRaw, 'AWSCURRENT version');
  const previousRaw = await versionString(client, secretId, 'AWSPREVIOUS');
  const previous =
    previousRaw === undefined || isPlaceholder(previousRaw)
      ? undefined
      : parseKeyDocument(previousRaw, 'AWSPREVIOUS version');
  return acceptedKeys(current, previous, now);
}
