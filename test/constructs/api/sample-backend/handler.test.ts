import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler, responseHeaders } from '../../../../constructs/api/sample-backend/handler/index';

const event = (overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent =>
  ({
    httpMethod: 'GET',
    resource: '/health',
    headers: {},
    requestContext: { requestId: 'r1' },
    ...overrides,
  }) as never;

describe('sample backend handler', () => {
  beforeAll(() => {
    process.env.ALLOWED_ORIGINS = 'https://dashboard.example.com';
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  test('GET /health answers ok', async () => {
    const r = await handler(event({}));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: 'ok' });
  });

  test('returns CORS headers only for an allow-listed origin', () => {
    expect(responseHeaders('https://dashboard.example.com')['Access-Control-Allow-Origin']).toBe(
      'https://dashboard.example.com',
    );
    expect(responseHeaders('https://evil.example.com')['Access-Control-Allow-Origin']).toBeUndefined();
  });

  test('responses are not cacheable and not sniffable', () => {
    expect(responseHeaders(undefined)).toMatchObject({
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  test('POST /items creates an item from the validated body only', async () => {
    const r = await handler(
      event({
        httpMethod: 'POST',
        resource: '/items',
        body: JSON.stringify({ name: 'Report', quantity: 2 }),
      }),
    );
    expect(r.statusCode).toBe(201);
    expect(JSON.parse(r.body)).toMatchObject({ name: 'Report', quantity: 2, id: expect.any(String) });
  });

  test('does not log the request body', async () => {
    const log = jest.spyOn(console, 'log');
    await handler(
      event({
        httpMethod: 'POST',
        resource: '/items',
        body: JSON.stringify({ name: 'SECRET', quantity: 1 }),
      }),
    );
    expect(JSON.stringify(log.mock.calls)).not.toContain('SECRET');
  });
});
