/**
 * Secrets Manager rotation function for platform-issued API keys / HMAC signing keys.
 *
 * Implements the four-step rotation contract (createSecret, setSecret, testSecret, finishSecret).
 * New key material comes from KMS GenerateRandom. Only finishSecret moves AWSCURRENT, and Secrets
 * Manager only calls it after testSecret succeeded, so any failure leaves AWSCURRENT untouched.
 *
 * First rotation: the RotatingSecret construct creates the secret with the placeholder
 * `{ "bootstrap": true }` (no key material in the template) and rotates it immediately. While AWSCURRENT
 * is that placeholder, createSecret generates the first key (no previousKeyId) and testSecret skips the
 * comparison with the current key; every other check applies unchanged.
 *
 * Logs never contain secret values: `log()` copies an allow-list of fields only, and every error
 * this module throws carries a fixed message (JSON.parse errors, which quote their input, are
 * never propagated).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { isBootstrapDocument } from '../bootstrap';

const secrets = new SecretsManagerClient({});
const kms = new KMSClient({});

const ALGORITHM = 'HMAC-SHA256';
const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
type Step = (typeof STEPS)[number];

/** The JSON document stored in each secret version. */
export interface KeyDocument {
  readonly keyId: string;
  /** Base64-encoded key material. */
  readonly key: string;
  readonly algorithm: typeof ALGORITHM;
  /** ISO-8601 timestamp. */
  readonly createdAt: string;
  /** keyId of the version that was AWSCURRENT when this one was created (absent on a seed key). */
  readonly previousKeyId?: string;
}

interface LogFields {
  readonly step?: string;
  readonly secretArn?: string;
  readonly token?: string;
  readonly message: string;
}

/** One JSON line per log event; copies only the allow-listed fields, whatever the caller passes. */
function log(level: 'info' | 'error', fields: LogFields): void {
  const { step, secretArn, token, message } = fields;
  console.log(JSON.stringify({ level, step, secretArn, token, message }));
}

/** Key length in bytes: env `KEY_BYTES` (integer 32..64), default 32. */
function keyBytes(): number {
  const raw = process.env.KEY_BYTES;
  if (raw === undefined || raw === '') return 32;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 32 || n > 64) {
    throw new Error(`KEY_BYTES must be an integer between 32 and 64. Received: ${raw}`);
  }
  return n;
}

/** Strict base64 decode: rejects anything that does not re-encode to the same string. */
function decodeBase64(value: string): Buffer | undefined {
  const bytes = Buffer.from(value, 'base64');
  return value.length > 0 && bytes.toString('base64') === value ? bytes : undefined;
}

/**
 * Parses and validates a key document. `expectedBytes` pins the key length exactly (new keys);
 * without it any length in 32..64 is accepted (the current key may predate a KEY_BYTES change).
 * Error messages name the version (`what`) and the defect, never the content.
 */
function parseKeyDocument(raw: string | undefined, what: string, expectedBytes?: number): KeyDocument {
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
  const key = typeof d.key === 'string' ? decodeBase64(d.key) : undefined;
  if (key === undefined) throw new Error(`${what} key is not valid base64`);
  if (expectedBytes !== undefined ? key.length !== expectedBytes : key.length < 32 || key.length > 64) {
    throw new Error(`${what} key has the wrong length (${key.length} bytes)`);
  }
  return {
    keyId: d.keyId,
    key: d.key as string,
    algorithm: ALGORITHM,
    createdAt: d.createdAt,
    previousKeyId: d.previousKeyId,
  };
}

function isAwsError(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}

/** True if `raw` is the construct's bootstrap placeholder. Never throws (and so never echoes `raw`). */
function isBootstrap(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  try {
    return isBootstrapDocument(JSON.parse(raw));
  } catch {
    return false;
  }
}

/** The AWSCURRENT key document, or `undefined` while AWSCURRENT is still the bootstrap placeholder. */
async function getCurrent(secretId: string): Promise<KeyDocument | undefined> {
  const res = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: CURRENT }));
  if (isBootstrap(res.SecretString)) return undefined;
  return parseKeyDocument(res.SecretString, 'AWSCURRENT version');
}

async function getPending(secretId: string, token: string): Promise<KeyDocument> {
  const res = await secrets.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: PENDING }),
  );
  return parseKeyDocument(res.SecretString, 'AWSPENDING version', keyBytes());
}

async function createSecret(secretId: string, token: string): Promise<void> {
  const current = await getCurrent(secretId);
  try {
    await secrets.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: PENDING }),
    );
    log('info', {
      step: 'createSecret',
      secretArn: secretId,
      token,
      message: 'AWSPENDING version exists; reusing it',
    });
    return;
  } catch (err) {
    if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
  }

  const bytes = keyBytes();
  const random = await kms.send(new GenerateRandomCommand({ NumberOfBytes: bytes }));
  if (random.Plaintext === undefined || random.Plaintext.length !== bytes) {
    throw new Error(`KMS GenerateRandom did not return ${bytes} bytes`);
  }
  const doc: KeyDocument = {
    keyId: randomUUID(),
    key: Buffer.from(random.Plaintext).toString('base64'),
    algorithm: ALGORITHM,
    createdAt: new Date().toISOString(),
    previousKeyId: current?.keyId,
  };
  try {
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        SecretString: JSON.stringify(doc),
        VersionStages: [PENDING],
      }),
    );
  } catch (err) {
    if (!isAwsError(err, 'ResourceExistsException')) throw err;
    log('info', {
      step: 'createSecret',
      secretArn: secretId,
      token,
      message: 'AWSPENDING version was created concurrently',
    });
    return;
  }
  log('info', {
    step: 'createSecret',
    secretArn: secretId,
    token,
    message: current
      ? 'created AWSPENDING version'
      : 'created AWSPENDING version with the first key (AWSCURRENT is the bootstrap placeholder)',
  });
}

async function setSecret(secretId: string, token: string): Promise<void> {
  // Platform-issued keys: no downstream system holds a copy, so there is nothing to update.
  await getPending(secretId, token);
  log('info', {
    step: 'setSecret',
    secretArn: secretId,
    token,
    message: 'AWSPENDING version valid; nothing to set',
  });
}

async function testSecret(secretId: string, token: string): Promise<void> {
  const pending = await getPending(secretId, token);
  const current = await getCurrent(secretId);
  // While AWSCURRENT is the bootstrap placeholder there is no current key to differ from.
  if (current !== undefined) {
    if (pending.keyId === current.keyId) throw new Error('AWSPENDING keyId equals the AWSCURRENT keyId');
    if (pending.key === current.key) throw new Error('AWSPENDING key equals the AWSCURRENT key');
  }

  const key = Buffer.from(pending.key, 'base64');
  const message = randomBytes(32);
  const signature = createHmac('sha256', key).update(message).digest();
  const verification = createHmac('sha256', key).update(message).digest();
  if (signature.length !== 32 || !timingSafeEqual(signature, verification)) {
    throw new Error('HMAC sign/verify round trip failed for the AWSPENDING key');
  }
  log('info', {
    step: 'testSecret',
    secretArn: secretId,
    token,
    message: 'AWSPENDING version passed validation',
  });
}

async function finishSecret(secretId: string, token: string): Promise<void> {
  const meta = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  const currentVersion = Object.entries(meta.VersionIdsToStages ?? {}).find(([, stages]) =>
    stages.includes(CURRENT),
  )?.[0];
  if (currentVersion === token) {
    log('info', {
      step: 'finishSecret',
      secretArn: secretId,
      token,
      message: 'version is already AWSCURRENT',
    });
    return;
  }
  if (currentVersion === undefined) throw new Error(`secret ${secretId} has no AWSCURRENT version`);
  await secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: CURRENT,
      MoveToVersionId: token,
      RemoveFromVersionId: currentVersion,
    }),
  );
  log('info', {
    step: 'finishSecret',
    secretArn: secretId,
    token,
    message: `moved AWSCURRENT from version ${currentVersion}`,
  });
}

function isStep(step: unknown): step is Step {
  return (STEPS as readonly unknown[]).includes(step);
}

export async function handler(event: SecretsManagerRotationEvent): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token } = event;
  const step: unknown = event.Step;
  try {
    if (!isStep(step)) throw new Error(`invalid step parameter ${String(step)} for secret ${secretId}`);

    const meta = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
    if (!meta.RotationEnabled) throw new Error(`secret ${secretId} is not enabled for rotation`);
    const stages = meta.VersionIdsToStages?.[token];
    if (stages === undefined)
      throw new Error(`token ${token} has no stage for rotation of secret ${secretId}`);
    if (stages.includes(CURRENT)) {
      log('info', {
        step,
        secretArn: secretId,
        token,
        message: 'version is already AWSCURRENT; nothing to do',
      });
      return;
    }
    if (!stages.includes(PENDING)) {
      throw new Error(`token ${token} is not set as AWSPENDING for rotation of secret ${secretId}`);
    }

    switch (step) {
      case 'createSecret':
        return await createSecret(secretId, token);
      case 'setSecret':
        return await setSecret(secretId, token);
      case 'testSecret':
        return await testSecret(secretId, token);
      case 'finishSecret':
        return await finishSecret(secretId, token);
    }
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
    log('error', { step: String(step), secretArn: secretId, token, message });
    throw err;
  }
}
