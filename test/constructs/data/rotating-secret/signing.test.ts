import { createHmac } from 'node:crypto';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { type KeyDocument, keyCheckValue } from '../../../../constructs/data/rotating-secret/key-document';
import { loadAcceptedKeys } from '../../../../constructs/data/rotating-secret/keyring';
import {
  acceptedKeys,
  signatureHeader,
  verifySignatureHeader,
} from '../../../../constructs/data/rotating-secret/signing';

const DAY_MS = 86_400_000;
const ROTATED_AT = new Date('2025-05-01T00:00:00.000Z');
const IN_WINDOW = new Date(ROTATED_AT.getTime() + 3 * DAY_MS);
const AFTER_WINDOW = new Date(ROTATED_AT.getTime() + 7 * DAY_MS);
const PAYLOAD = JSON.stringify({ event: 'invoice.paid', id: 'evt_1' });

function keyDoc(id: string, fill: number, extra: Partial<KeyDocument> = {}): KeyDocument {
  const key = Buffer.alloc(32, fill);
  return {
    keyId: id,
    key: key.toString('base64'),
    algorithm: 'HMAC-SHA256',
    createdAt: '2025-04-01T00:00:00.000Z',
    keyCheck: keyCheckValue(key),
    ...extra,
  };
}

const OLD = keyDoc('key-old', 1);
const NEW = keyDoc('key-new', 2, {
  createdAt: ROTATED_AT.toISOString(),
  previousKeyId: 'key-old',
  acceptPreviousUntil: new Date(ROTATED_AT.getTime() + 7 * DAY_MS).toISOString(),
});
const OTHER = keyDoc('key-other', 3);

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

describe('overlap model', () => {
  test('signs with and accepts AWSCURRENT and AWSPREVIOUS until acceptPreviousUntil', () => {
    expect(acceptedKeys(NEW, OLD, IN_WINDOW).map((k) => k.keyId)).toEqual(['key-new', 'key-old']);
  });

  test('drops AWSPREVIOUS once the window has ended', () => {
    expect(acceptedKeys(NEW, OLD, AFTER_WINDOW).map((k) => k.keyId)).toEqual(['key-new']);
  });

  test('keeps only AWSCURRENT when it opened no window (first key) or there is no previous key', () => {
    expect(acceptedKeys(OLD, OTHER, IN_WINDOW).map((k) => k.keyId)).toEqual(['key-old']);
    expect(acceptedKeys(NEW, undefined, IN_WINDOW).map((k) => k.keyId)).toEqual(['key-new']);
  });

  test('during the window, a partner still holding only the old key verifies', () => {
    const header = signatureHeader(acceptedKeys(NEW, OLD, IN_WINDOW), PAYLOAD, seconds(IN_WINDOW));
    expect(verifySignatureHeader(header, PAYLOAD, [OLD], IN_WINDOW)).toBe('key-old');
  });

  test('during the window, a partner that installed the new key verifies with it', () => {
    const header = signatureHeader(acceptedKeys(NEW, OLD, IN_WINDOW), PAYLOAD, seconds(IN_WINDOW));
    expect(verifySignatureHeader(header, PAYLOAD, [NEW, OLD], IN_WINDOW)).toBe('key-new');
  });

  test('after the window, a partner holding only the old key rejects', () => {
    const header = signatureHeader(acceptedKeys(NEW, OLD, AFTER_WINDOW), PAYLOAD, seconds(AFTER_WINDOW));
    expect(verifySignatureHeader(header, PAYLOAD, [OLD], AFTER_WINDOW)).toBeUndefined();
    expect(verifySignatureHeader(header, PAYLOAD, [NEW], AFTER_WINDOW)).toBe('key-new');
  });

  test('rejects a changed payload, an unknown key, a replayed timestamp and a malformed header', () => {
    const t = seconds(IN_WINDOW);
    const header = signatureHeader([NEW], PAYLOAD, t);
    expect(verifySignatureHeader(header, `${PAYLOAD} `, [NEW], IN_WINDOW)).toBeUndefined();
    expect(verifySignatureHeader(header, PAYLOAD, [OTHER], IN_WINDOW)).toBeUndefined();
    expect(verifySignatureHeader(header, PAYLOAD, [NEW], new Date((t + 301) * 1000))).toBeUndefined();
    expect(verifySignatureHeader(header.replace(/^t=\d+/, 't=x'), PAYLOAD, [NEW], IN_WINDOW)).toBeUndefined();
    // A signature for key-new presented under another key's id does not verify with that key.
    const relabelled = header.replace('v1=key-new:', 'v1=key-other:');
    expect(verifySignatureHeader(relabelled, PAYLOAD, [OTHER], IN_WINDOW)).toBeUndefined();
  });
});

describe('the signature binds the timestamp (docs/data.md header format)', () => {
  test('is HMAC-SHA256 over "<t>.<payload>" with the key, computed independently here', () => {
    const t = seconds(IN_WINDOW);
    const expected = createHmac('sha256', Buffer.alloc(32, 2)).update(`${t}.${PAYLOAD}`).digest('base64');
    expect(signatureHeader([NEW], PAYLOAD, t)).toBe(`t=${t},v1=key-new:${expected}`);
  });

  test('rejects a captured signature presented with a fresh timestamp inside the replay window', () => {
    const t = seconds(IN_WINDOW);
    const captured = signatureHeader([NEW], PAYLOAD, t);
    const later = new Date((t + 400) * 1000); // the original is now outside the 300 s window
    expect(verifySignatureHeader(captured, PAYLOAD, [NEW], later)).toBeUndefined();
    const refreshed = captured.replace(/^t=\d+/, `t=${t + 400}`);
    expect(verifySignatureHeader(refreshed, PAYLOAD, [NEW], later)).toBeUndefined();
  });
});

describe('loadAcceptedKeys', () => {
  const sm = mockClient(SecretsManagerClient);
  const client = new SecretsManagerClient({});
  const SECRET = 'security-baseline/prod/api-keys/partner-webhook-signing';
  const notFound = () =>
    new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret value.",
      $metadata: {},
    });

  beforeEach(() => sm.reset());

  function given(stage: 'AWSCURRENT' | 'AWSPREVIOUS', value: object | Error): void {
    const cmd = sm.on(GetSecretValueCommand, { SecretId: SECRET, VersionStage: stage });
    if (value instanceof Error) cmd.rejects(value);
    else cmd.resolves({ SecretString: JSON.stringify(value) });
  }

  test('returns AWSCURRENT and AWSPREVIOUS during the window, AWSCURRENT only after it', async () => {
    given('AWSCURRENT', NEW);
    given('AWSPREVIOUS', OLD);
    expect((await loadAcceptedKeys(client, SECRET, IN_WINDOW)).map((k) => k.keyId)).toEqual([
      'key-new',
      'key-old',
    ]);
    expect((await loadAcceptedKeys(client, SECRET, AFTER_WINDOW)).map((k) => k.keyId)).toEqual(['key-new']);
  });

  test('skips a placeholder AWSPREVIOUS (after the first rotation) and a missing one', async () => {
    given('AWSCURRENT', NEW);
    given('AWSPREVIOUS', { bootstrap: true });
    expect((await loadAcceptedKeys(client, SECRET, IN_WINDOW)).map((k) => k.keyId)).toEqual(['key-new']);
    sm.reset();
    given('AWSCURRENT', NEW);
    given('AWSPREVIOUS', notFound());
    expect((await loadAcceptedKeys(client, SECRET, IN_WINDOW)).map((k) => k.keyId)).toEqual(['key-new']);
  });

  test('fails while AWSCURRENT is still the bootstrap placeholder', async () => {
    given('AWSCURRENT', { bootstrap: true });
    await expect(loadAcceptedKeys(client, SECRET, IN_WINDOW)).rejects.toThrow(
      /has no key yet \(AWSCURRENT is the bootstrap placeholder\): rotate it once/,
    );
  });

  test('fails if a version carries a key check value that does not match its key', async () => {
    given('AWSCURRENT', { ...NEW, keyCheck: OLD.keyCheck });
    given('AWSPREVIOUS', OLD);
    await expect(loadAcceptedKeys(client, SECRET, IN_WINDOW)).rejects.toThrow(
      /^AWSCURRENT version keyCheck does not match its key$/,
    );
  });
});
