import { GenerateRandomCommand, KMSClient, KMSInternalException } from '@aws-sdk/client-kms';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../../constructs/data/rotating-secret/handler';
import { keyCheckValue } from '../../../../constructs/data/rotating-secret/key-document';

const sm = mockClient(SecretsManagerClient);
const kms = mockClient(KMSClient);

const PARTITION = 'aws';
const SECRET_ARN = `arn:${PARTITION}:secretsmanager:eu-west-1:111122223333:secret:platform/api-signing-key-AbCdEf`;
const TOKEN = '11111111-2222-4333-8444-555555555555';
const CURRENT_VERSION = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

const NEW_KEY_BYTES = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff);
const NEW_KEY = Buffer.from(NEW_KEY_BYTES).toString('base64');
const CURRENT_KEY = Buffer.from(Uint8Array.from({ length: 32 }, (_, i) => (i * 11 + 5) & 0xff)).toString(
  'base64',
);

const NEW_KEY_CHECK = keyCheckValue(Buffer.from(NEW_KEY_BYTES));
const DAY_MS = 86_400_000;

/** A current key created before key check values existed (no keyCheck, no overlap field). */
const CURRENT_DOC = {
  keyId: 'key-current',
  key: CURRENT_KEY,
  algorithm: 'HMAC-SHA256',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const PENDING_DOC = {
  keyId: 'key-pending',
  key: NEW_KEY,
  algorithm: 'HMAC-SHA256',
  createdAt: new Date().toISOString(),
  previousKeyId: 'key-current',
  keyCheck: NEW_KEY_CHECK,
  acceptPreviousUntil: new Date(Date.now() + 7 * DAY_MS).toISOString(),
};

/** Mid-rotation: the token version is staged AWSPENDING, another version is AWSCURRENT. */
const ROTATING = { [CURRENT_VERSION]: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] };
/** After finishSecret: the token version holds AWSCURRENT. */
const ROTATED = { [CURRENT_VERSION]: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT', 'AWSPENDING'] };

/** Everything written to the console, and every error the handler threw, across all tests. */
const output: string[] = [];
const thrown: string[] = [];

beforeAll(() => {
  for (const method of ['log', 'error', 'warn', 'info'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(args.map(String).join(' '));
    });
  }
});

afterAll(() => {
  jest.restoreAllMocks();
});

beforeEach(() => {
  sm.reset();
  kms.reset();
  delete process.env.KEY_BYTES;
  delete process.env.OVERLAP_DAYS;
});

function event(step: string): SecretsManagerRotationEvent {
  return { SecretId: SECRET_ARN, ClientRequestToken: TOKEN, Step: step } as SecretsManagerRotationEvent;
}

function run(step: string): Promise<void> {
  return handler(event(step)).catch((err: unknown) => {
    thrown.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    throw err;
  });
}

function notFound(): ResourceNotFoundException {
  return new ResourceNotFoundException({
    message: "Secrets Manager can't find the specified secret value.",
    $metadata: {},
  });
}

function givenStages(stages: Record<string, string[]>, rotationEnabled = true): void {
  sm.on(DescribeSecretCommand).resolves({
    ARN: SECRET_ARN,
    RotationEnabled: rotationEnabled,
    VersionIdsToStages: stages,
  });
}

function givenCurrent(secretString: string | undefined): void {
  sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({
    ARN: SECRET_ARN,
    VersionId: CURRENT_VERSION,
    SecretString: secretString,
  });
}

function givenPending(secretString: string | undefined): void {
  sm.on(GetSecretValueCommand, { VersionId: TOKEN, VersionStage: 'AWSPENDING' }).resolves({
    ARN: SECRET_ARN,
    VersionId: TOKEN,
    SecretString: secretString,
  });
}

function givenNoPending(): void {
  sm.on(GetSecretValueCommand, { VersionId: TOKEN, VersionStage: 'AWSPENDING' }).rejects(notFound());
}

function givenRandom(bytes: Uint8Array = NEW_KEY_BYTES): void {
  kms.on(GenerateRandomCommand).resolves({ Plaintext: bytes });
}

/** A healthy mid-rotation secret whose AWSPENDING version holds `pending`. */
function givenRotation(pending: object | string = PENDING_DOC): void {
  givenStages(ROTATING);
  givenCurrent(JSON.stringify(CURRENT_DOC));
  givenPending(typeof pending === 'string' ? pending : JSON.stringify(pending));
}

/** Asserts the step rejects and that nothing was written: no new version, AWSCURRENT not moved. */
async function expectFailure(step: string, message: RegExp): Promise<void> {
  await expect(run(step)).rejects.toThrow(message);
  expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
}

describe('every step', () => {
  test('fails if rotation is not enabled for the secret', async () => {
    givenStages(ROTATING, false);
    await expectFailure('createSecret', /is not enabled for rotation/);
  });

  test('fails if the token is not in VersionIdsToStages', async () => {
    givenStages({ [CURRENT_VERSION]: ['AWSCURRENT'] });
    await expectFailure('createSecret', new RegExp(`token ${TOKEN} has no stage for rotation of secret`));
  });

  test('fails if the token version does not have AWSPENDING', async () => {
    givenStages({ [CURRENT_VERSION]: ['AWSCURRENT'], [TOKEN]: ['AWSPREVIOUS'] });
    await expectFailure('finishSecret', /is not set as AWSPENDING/);
  });

  test('does nothing if the token version already has AWSCURRENT', async () => {
    givenStages(ROTATED);
    await expect(run('createSecret')).resolves.toBeUndefined();
    expect(sm.calls()).toHaveLength(1);
    expect(kms.calls()).toHaveLength(0);
  });

  test('fails on an unknown step without calling AWS', async () => {
    givenRotation();
    await expect(run('deleteSecret')).rejects.toThrow(/invalid step parameter deleteSecret/);
    expect(sm.calls()).toHaveLength(0);
    expect(kms.calls()).toHaveLength(0);
  });
});

describe('createSecret', () => {
  beforeEach(() => {
    givenStages(ROTATING);
    givenCurrent(JSON.stringify(CURRENT_DOC));
  });

  test('stores a new key from KMS GenerateRandom as the AWSPENDING version', async () => {
    givenNoPending();
    givenRandom();
    await run('createSecret');

    expect(kms.commandCalls(GenerateRandomCommand)[0].args[0].input).toEqual({ NumberOfBytes: 32 });
    const puts = sm.commandCalls(PutSecretValueCommand);
    expect(puts).toHaveLength(1);
    const input = puts[0].args[0].input;
    expect(input).toMatchObject({
      SecretId: SECRET_ARN,
      ClientRequestToken: TOKEN,
      VersionStages: ['AWSPENDING'],
    });
    const doc = JSON.parse(input.SecretString ?? '');
    expect(doc).toEqual({
      keyId: expect.any(String),
      key: NEW_KEY,
      algorithm: 'HMAC-SHA256',
      createdAt: expect.any(String),
      previousKeyId: 'key-current',
      keyCheck: NEW_KEY_CHECK,
      acceptPreviousUntil: expect.any(String),
    });
    expect(doc.keyId).not.toBe('key-current');
    expect(new Date(doc.createdAt).toISOString()).toBe(doc.createdAt);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  test('opens an overlap window of OVERLAP_DAYS when OVERLAP_DAYS is set', async () => {
    process.env.OVERLAP_DAYS = '3';
    givenNoPending();
    givenRandom();
    await run('createSecret');
    const doc = JSON.parse(sm.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString ?? '');
    expect(Date.parse(doc.acceptPreviousUntil) - Date.parse(doc.createdAt)).toBe(3 * DAY_MS);
  });

  test('the default overlap window is 7 days after the new key was created', async () => {
    givenNoPending();
    givenRandom();
    await run('createSecret');
    const doc = JSON.parse(sm.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString ?? '');
    expect(Date.parse(doc.acceptPreviousUntil) - Date.parse(doc.createdAt)).toBe(7 * DAY_MS);
  });

  test('fails if OVERLAP_DAYS is out of range', async () => {
    process.env.OVERLAP_DAYS = '0';
    givenNoPending();
    givenRandom();
    await expectFailure('createSecret', /OVERLAP_DAYS must be an integer between 1 and 364/);
  });

  test('reuses an existing AWSPENDING version', async () => {
    givenPending(JSON.stringify(PENDING_DOC));
    givenRandom();
    await run('createSecret');
    expect(kms.commandCalls(GenerateRandomCommand)).toHaveLength(0);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  test('requests KEY_BYTES bytes from KMS when KEY_BYTES is set', async () => {
    process.env.KEY_BYTES = '48';
    givenNoPending();
    givenRandom(new Uint8Array(48).fill(9));
    await run('createSecret');
    expect(kms.commandCalls(GenerateRandomCommand)[0].args[0].input).toEqual({ NumberOfBytes: 48 });
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(1);
  });

  test('fails if KEY_BYTES is out of range', async () => {
    process.env.KEY_BYTES = '16';
    givenNoPending();
    givenRandom();
    await expectFailure('createSecret', /KEY_BYTES must be an integer between 32 and 64/);
    expect(kms.commandCalls(GenerateRandomCommand)).toHaveLength(0);
  });

  test('treats ResourceExistsException from PutSecretValue as success', async () => {
    givenNoPending();
    givenRandom();
    sm.on(PutSecretValueCommand).rejects(
      new ResourceExistsException({
        message: 'A resource with the ID you requested already exists.',
        $metadata: {},
      }),
    );
    await expect(run('createSecret')).resolves.toBeUndefined();
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  test('fails if the AWSCURRENT version is missing', async () => {
    sm.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).rejects(notFound());
    givenNoPending();
    givenRandom();
    await expectFailure('createSecret', /can't find the specified secret value/);
    expect(kms.commandCalls(GenerateRandomCommand)).toHaveLength(0);
  });

  test('fails if the AWSCURRENT version is not valid JSON, without echoing it', async () => {
    // Truncated JSON that contains the key: JSON.parse would quote it in its error message.
    givenCurrent(`{"keyId":"key-current","key":"${CURRENT_KEY}"`);
    givenNoPending();
    givenRandom();
    await expectFailure('createSecret', /^AWSCURRENT version is not valid JSON$/);
    expect(kms.commandCalls(GenerateRandomCommand)).toHaveLength(0);
  });

  test('fails if the AWSCURRENT version is not a key document', async () => {
    givenCurrent(JSON.stringify({ username: 'app', password: CURRENT_KEY }));
    givenNoPending();
    givenRandom();
    await expectFailure('createSecret', /AWSCURRENT version has no keyId/);
  });

  test('fails if KMS GenerateRandom fails', async () => {
    givenNoPending();
    kms
      .on(GenerateRandomCommand)
      .rejects(new KMSInternalException({ message: 'KMS is unavailable', $metadata: {} }));
    await expectFailure('createSecret', /KMS is unavailable/);
  });

  test('fails if KMS GenerateRandom returns fewer bytes than requested', async () => {
    givenNoPending();
    givenRandom(NEW_KEY_BYTES.slice(0, 16));
    await expectFailure('createSecret', /did not return 32 bytes/);
  });

  test('fails if looking up the AWSPENDING version fails for another reason', async () => {
    sm.on(GetSecretValueCommand, { VersionId: TOKEN, VersionStage: 'AWSPENDING' }).rejects(
      new SecretsManagerServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'not authorized',
        $metadata: {},
      }),
    );
    givenRandom();
    await expectFailure('createSecret', /not authorized/);
    expect(kms.commandCalls(GenerateRandomCommand)).toHaveLength(0);
  });
});

describe('setSecret', () => {
  test('succeeds without writing anything when the AWSPENDING version is valid', async () => {
    givenRotation();
    await expect(run('setSecret')).resolves.toBeUndefined();
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  test('fails if the AWSPENDING version does not exist', async () => {
    givenStages(ROTATING);
    givenNoPending();
    await expectFailure('setSecret', /can't find the specified secret value/);
  });
});

describe('testSecret', () => {
  test('passes for a valid AWSPENDING version', async () => {
    givenRotation();
    await expect(run('testSecret')).resolves.toBeUndefined();
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  test('fails if the AWSPENDING version does not exist', async () => {
    givenStages(ROTATING);
    givenCurrent(JSON.stringify(CURRENT_DOC));
    givenNoPending();
    await expectFailure('testSecret', /can't find the specified secret value/);
  });

  test('fails if the AWSPENDING version is not valid JSON', async () => {
    givenRotation(`{"keyId":"key-pending","key":"${NEW_KEY}"`);
    await expectFailure('testSecret', /^AWSPENDING version is not valid JSON$/);
  });

  test('fails if the AWSPENDING key is shorter than KEY_BYTES', async () => {
    const short = Buffer.from(NEW_KEY_BYTES.slice(0, 31));
    givenRotation({ ...PENDING_DOC, key: short.toString('base64'), keyCheck: keyCheckValue(short) });
    await expectFailure('testSecret', /key has the wrong length \(31 bytes\)/);
  });

  test('fails if the AWSPENDING key is not valid base64', async () => {
    givenRotation({ ...PENDING_DOC, key: `${NEW_KEY.slice(0, -2)}!*` });
    await expectFailure('testSecret', /key is not valid base64/);
  });

  test('fails if the AWSPENDING algorithm is not HMAC-SHA256', async () => {
    givenRotation({ ...PENDING_DOC, algorithm: 'HMAC-SHA1' });
    await expectFailure('testSecret', /algorithm is not HMAC-SHA256/);
  });

  test('fails if the AWSPENDING version has no key check value', async () => {
    givenRotation({ ...PENDING_DOC, keyCheck: undefined });
    await expectFailure('testSecret', /AWSPENDING version has no keyCheck/);
  });

  test('fails if a signature made now with the stored AWSPENDING key does not match its stored key check value', async () => {
    // One flipped bit in the key material: well-formed, right length, but not the key that was checked.
    const altered = Buffer.from(NEW_KEY_BYTES);
    altered[0] ^= 1;
    givenRotation({ ...PENDING_DOC, key: altered.toString('base64') });
    await expectFailure('testSecret', /AWSPENDING version keyCheck does not match its key/);
  });

  test('fails if the AWSPENDING keyId equals the AWSCURRENT keyId', async () => {
    givenRotation({ ...PENDING_DOC, keyId: CURRENT_DOC.keyId });
    await expectFailure('testSecret', /keyId equals the AWSCURRENT keyId/);
  });

  test('fails if the AWSPENDING key equals the AWSCURRENT key', async () => {
    const currentBytes = Buffer.from(CURRENT_KEY, 'base64');
    givenRotation({ ...PENDING_DOC, key: CURRENT_KEY, keyCheck: keyCheckValue(currentBytes) });
    await expectFailure('testSecret', /key equals the AWSCURRENT key/);
  });

  test('fails if the AWSPENDING version opens no overlap window (partners would lose the current key at once)', async () => {
    givenRotation({ ...PENDING_DOC, acceptPreviousUntil: undefined });
    await expectFailure('testSecret', /acceptPreviousUntil is not in the future/);
  });

  test('fails if the overlap window of the AWSPENDING version has already ended', async () => {
    givenRotation({ ...PENDING_DOC, acceptPreviousUntil: new Date(Date.now() - DAY_MS).toISOString() });
    await expectFailure('testSecret', /acceptPreviousUntil is not in the future/);
  });

  test('passes the configuration test (AWSPENDING staged as an exact copy of AWSCURRENT), which finishSecret then refuses to complete', async () => {
    // RotateImmediately false: Secrets Manager copies AWSCURRENT to AWSPENDING and runs testSecret only
    // (API_RotateSecret.html). A copy must not fail the schedule, and must never become a rotation.
    const copy = JSON.stringify({ ...PENDING_DOC, keyId: 'key-current' });
    givenStages(ROTATING);
    givenCurrent(copy);
    givenPending(copy);
    await expect(run('testSecret')).resolves.toBeUndefined();
    await expectFailure('finishSecret', /AWSPENDING key is unchanged from AWSCURRENT; not finishing/);
  });

  test('fails the configuration test if the copied AWSCURRENT version is malformed', async () => {
    const copy = JSON.stringify({ ...CURRENT_DOC, key: 'not base64!' });
    givenStages(ROTATING);
    givenCurrent(copy);
    givenPending(copy);
    await expectFailure('testSecret', /AWSCURRENT version key is not valid base64/);
  });
});

describe('finishSecret', () => {
  test('moves AWSCURRENT to the token version and removes it from the previous version', async () => {
    givenRotation();
    await run('finishSecret');
    const updates = sm.commandCalls(UpdateSecretVersionStageCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0].args[0].input).toEqual({
      SecretId: SECRET_ARN,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: TOKEN,
      RemoveFromVersionId: CURRENT_VERSION,
    });
  });

  test('is a no-op when called again after AWSCURRENT moved', async () => {
    givenStages(ROTATED);
    await expect(run('finishSecret')).resolves.toBeUndefined();
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  test('does not move AWSCURRENT if a concurrent invocation already moved it', async () => {
    sm.on(DescribeSecretCommand)
      .resolvesOnce({ RotationEnabled: true, VersionIdsToStages: ROTATING })
      .resolves({ RotationEnabled: true, VersionIdsToStages: ROTATED });
    await expect(run('finishSecret')).resolves.toBeUndefined();
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  test('fails if the AWSPENDING key equals the AWSCURRENT key under another keyId', async () => {
    const currentBytes = Buffer.from(CURRENT_KEY, 'base64');
    givenRotation({ ...PENDING_DOC, key: CURRENT_KEY, keyCheck: keyCheckValue(currentBytes) });
    await expectFailure('finishSecret', /unchanged from AWSCURRENT/);
  });

  test('fails if no version holds AWSCURRENT', async () => {
    givenStages({ [TOKEN]: ['AWSPENDING'] });
    await expectFailure('finishSecret', /has no AWSCURRENT version/);
  });
});

describe('first rotation, while AWSCURRENT is the bootstrap placeholder', () => {
  const BOOTSTRAP = JSON.stringify({ bootstrap: true });
  const FIRST_DOC = {
    keyId: 'key-first',
    key: NEW_KEY,
    algorithm: 'HMAC-SHA256',
    createdAt: '2025-02-01T00:00:00.000Z',
    keyCheck: NEW_KEY_CHECK,
  };

  test('createSecret stores the first key from KMS GenerateRandom, without a previousKeyId', async () => {
    givenStages(ROTATING);
    givenCurrent(BOOTSTRAP);
    givenNoPending();
    givenRandom();
    await run('createSecret');

    const puts = sm.commandCalls(PutSecretValueCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0].args[0].input).toMatchObject({ ClientRequestToken: TOKEN, VersionStages: ['AWSPENDING'] });
    // No previous key, so no overlap window.
    expect(JSON.parse(puts[0].args[0].input.SecretString ?? '')).toEqual({
      keyId: expect.any(String),
      key: NEW_KEY,
      algorithm: 'HMAC-SHA256',
      createdAt: expect.any(String),
      keyCheck: NEW_KEY_CHECK,
    });
  });

  test('testSecret passes a valid first key without comparing it to the placeholder', async () => {
    givenStages(ROTATING);
    givenCurrent(BOOTSTRAP);
    givenPending(JSON.stringify(FIRST_DOC));
    await expect(run('testSecret')).resolves.toBeUndefined();
  });

  test('fails if the first key is invalid: the placeholder relaxes no check on AWSPENDING', async () => {
    givenStages(ROTATING);
    givenCurrent(BOOTSTRAP);
    givenPending(
      JSON.stringify({ ...FIRST_DOC, key: Buffer.from(NEW_KEY_BYTES.slice(0, 16)).toString('base64') }),
    );
    await expectFailure('testSecret', /AWSPENDING version key has the wrong length \(16 bytes\)/);
  });

  test('fails if the placeholder carries any other field (only exactly { bootstrap: true } qualifies)', async () => {
    givenStages(ROTATING);
    givenCurrent(JSON.stringify({ bootstrap: true, key: CURRENT_KEY }));
    givenNoPending();
    givenRandom();
    await expectFailure('createSecret', /AWSCURRENT version has no keyId/);
    expect(kms.commandCalls(GenerateRandomCommand)).toHaveLength(0);
  });

  test('passes the configuration test on a copy of the placeholder (schedule created with RotateImmediately false)', async () => {
    givenStages(ROTATING);
    givenCurrent(BOOTSTRAP);
    givenPending(BOOTSTRAP);
    await expect(run('testSecret')).resolves.toBeUndefined();
    await expectFailure('finishSecret', /AWSPENDING version has no keyId/);
  });

  test('finishSecret then moves AWSCURRENT from the placeholder to the first key', async () => {
    givenStages(ROTATING);
    givenCurrent(BOOTSTRAP);
    givenPending(JSON.stringify(FIRST_DOC));
    await run('finishSecret');
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0].args[0].input).toMatchObject({
      MoveToVersionId: TOKEN,
      RemoveFromVersionId: CURRENT_VERSION,
    });
  });
});

// Runs last (jest runs tests in file order): checks what every test above printed and threw.
describe('logging', () => {
  test('writes every log line as JSON with only the allow-listed fields', () => {
    expect(output.length).toBeGreaterThan(20);
    for (const line of output) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(['level', 'step', 'secretArn', 'token', 'message']).toEqual(
        expect.arrayContaining(Object.keys(entry)),
      );
      expect(['info', 'error']).toContain(entry.level);
    }
  });

  test('never logs or throws the generated key or the current key', () => {
    expect(output.some((line) => line.includes('"level":"error"'))).toBe(true);
    expect(thrown.length).toBeGreaterThan(10);
    for (const line of [...output, ...thrown]) {
      expect(line).not.toContain(NEW_KEY);
      expect(line).not.toContain(CURRENT_KEY);
    }
  });
});
