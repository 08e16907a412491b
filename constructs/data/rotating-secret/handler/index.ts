/**
 * Secrets Manager rotation function for platform-issued API keys / HMAC signing keys.
 *
 * Implements the four-step rotation contract (createSecret, setSecret, testSecret, finishSecret).
 * New key material comes from KMS GenerateRandom. Only finishSecret moves AWSCURRENT, and Secrets
 * Manager only calls it after testSecret succeeded, so any failure leaves AWSCURRENT untouched.
 *
 * First rotation: the RotatingSecret construct creates the secret with the placeholder
 * `{ "bootstrap": true }` (no key material in the template). While AWSCURRENT is that placeholder,
 * createSecret generates the first key (no previousKeyId, no overlap) and testSecret skips the
 * comparison with the current key; every other check applies unchanged.
 *
 * Overlap: every new key records `acceptPreviousUntil` (now + OVERLAP_DAYS); until then signers sign
 * with both keys and verifiers accept both (../signing.ts). testSecret fails unless the pending key
 * differs from the current one, carries a key check value matching its material, and a signature
 * header made for the overlap verifies with the new key alone and with the old key alone.
 *
 * Logs never contain secret values: `log()` copies an allow-list of fields only, and every error
 * this module throws carries a fixed message (JSON.parse errors, which quote their input, are
 * never propagated).
 */
import { randomBytes, randomUUID } from 'node:crypto';
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
import { ALGORITHM, type KeyDocument, keyCheckValue, parseKeyDocument } from '../key-document';
import { acceptedKeys, signatureHeader, verifySignatureHeader } from '../signing';

const secrets = new SecretsManagerClient({});
const kms = new KMSClient({});

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
type Step = (typeof STEPS)[number];

export type { KeyDocument };

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

/** Integer env `name` within [min, max], `fallback` when unset. */
function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}. Received: ${raw}`);
  }
  return n;
}

/** Key length in bytes: env `KEY_BYTES` (32..64), default 32. */
const keyBytes = () => intEnv('KEY_BYTES', 32, 32, 64);

/** Overlap window in days: env `OVERLAP_DAYS` (1..364), default 7. */
const overlapDays = () => intEnv('OVERLAP_DAYS', 7, 1, 364);

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

async function getCurrentRaw(secretId: string): Promise<string | undefined> {
  const res = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: CURRENT }));
  return res.SecretString;
}

/** The AWSCURRENT key document, or `undefined` while AWSCURRENT is still the bootstrap placeholder. */
function currentDocument(raw: string | undefined): KeyDocument | undefined {
  if (isBootstrap(raw)) return undefined;
  return parseKeyDocument(raw, 'AWSCURRENT version');
}

async function getPendingRaw(secretId: string, token: string): Promise<string | undefined> {
  const res = await secrets.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: PENDING }),
  );
  return res.SecretString;
}

/** A key this handler created: exact length and a key check value that matches the key. */
function pendingDocument(raw: string | undefined): KeyDocument {
  return parseKeyDocument(raw, 'AWSPENDING version', { expectedBytes: keyBytes(), requireKeyCheck: true });
}

async function createSecret(secretId: string, token: string): Promise<void> {
  const current = currentDocument(await getCurrentRaw(secretId));
  try {
    await getPendingRaw(secretId, token);
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
  const days = overlapDays();
  const random = await kms.send(new GenerateRandomCommand({ NumberOfBytes: bytes }));
  if (random.Plaintext === undefined || random.Plaintext.length !== bytes) {
    throw new Error(`KMS GenerateRandom did not return ${bytes} bytes`);
  }
  const key = Buffer.from(random.Plaintext);
  const createdAt = new Date();
  const doc: KeyDocument = {
    keyId: randomUUID(),
    key: key.toString('base64'),
    algorithm: ALGORITHM,
    createdAt: createdAt.toISOString(),
    keyCheck: keyCheckValue(key),
    // A first key replaces the placeholder: there is no previous key to keep accepting.
    ...(current && {
      previousKeyId: current.keyId,
      acceptPreviousUntil: new Date(createdAt.getTime() + days * 86_400_000).toISOString(),
    }),
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
  // Nothing is pushed to partners: they receive the key out of band and the overlap window
  // (acceptPreviousUntil) keeps the previous key valid while they install it (docs/data.md).
  pendingDocument(await getPendingRaw(secretId, token));
  log('info', {
    step: 'setSecret',
    secretArn: secretId,
    token,
    message: 'AWSPENDING version valid; nothing to set',
  });
}

/**
 * Fails (and so leaves AWSCURRENT in place) unless the AWSPENDING key is usable by signers and
 * verifiers. https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 * (the four steps; Secrets Manager calls finishSecret only after testSecret succeeded).
 */
async function testSecret(secretId: string, token: string): Promise<void> {
  const pendingRaw = await getPendingRaw(secretId, token);
  const currentRaw = await getCurrentRaw(secretId);
  if (pendingRaw !== undefined && pendingRaw === currentRaw) {
    // The configuration test: when a schedule is set with RotateImmediately false, Secrets Manager
    // stages AWSPENDING as a copy of AWSCURRENT, runs testSecret only, and removes the copy
    // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html,
    // RotateImmediately). The copy is checked as the current version; finishSecret refuses to make
    // an unchanged key current, so a copy can never complete a rotation.
    currentDocument(currentRaw);
    log('info', {
      step: 'testSecret',
      secretArn: secretId,
      token,
      message: 'AWSPENDING is a copy of AWSCURRENT (rotation configuration test); current version valid',
    });
    return;
  }
  // Well-formed, and its stored key check value (HMAC of a fixed label made with the key when it was
  // generated) matches a signature made now with the stored key material.
  const pending = pendingDocument(pendingRaw);
  const current = currentDocument(currentRaw);
  const now = new Date();
  if (current !== undefined) {
    if (pending.keyId === current.keyId) throw new Error('AWSPENDING keyId equals the AWSCURRENT keyId');
    if (pending.key === current.key) throw new Error('AWSPENDING key equals the AWSCURRENT key');
    if (
      pending.acceptPreviousUntil === undefined ||
      Date.parse(pending.acceptPreviousUntil) <= now.getTime()
    ) {
      throw new Error(
        'AWSPENDING acceptPreviousUntil is not in the future: partners would lose the current key at once',
      );
    }
  }

  // The header signers will send once AWSPENDING is current: both keys during the overlap. A verifier
  // holding only the new key, and (during the overlap) one holding only the old key, must accept it.
  const challenge = randomBytes(32);
  const t = Math.floor(now.getTime() / 1000);
  const header = signatureHeader(current ? acceptedKeys(pending, current, now) : [pending], challenge, t);
  if (verifySignatureHeader(header, challenge, [pending], now) !== pending.keyId) {
    throw new Error('a signature made with the AWSPENDING key does not verify with the AWSPENDING key');
  }
  if (current && verifySignatureHeader(header, challenge, [current], now) !== current.keyId) {
    throw new Error(
      'during the overlap a verifier holding only the AWSCURRENT key would reject the signature',
    );
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
  // Never record a rotation that did not change the key (e.g. a staged copy of AWSCURRENT).
  const pending = pendingDocument(await getPendingRaw(secretId, token));
  const current = currentDocument(await getCurrentRaw(secretId));
  if (current !== undefined && (pending.keyId === current.keyId || pending.key === current.key)) {
    throw new Error('AWSPENDING key is unchanged from AWSCURRENT; not finishing the rotation');
  }
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
