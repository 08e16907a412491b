/**
 * Sample backend of the dashboard API (Lambda proxy integration): `GET /health`, `GET /items`,
 * `POST /items`. API Gateway has already authorized the caller, checked the API key and validated
 * the body against the JSON Schema model; this handler adds CORS headers for allow-listed origins
 * only and never logs request bodies or headers.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const SAMPLE_ITEMS = [
  { id: 'a1b2c3', name: 'Monthly usage report', quantity: 1 },
  { id: 'd4e5f6', name: 'Invoice archive', quantity: 12 },
];

function allowedOrigins(): string[] {
  return (process.env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** Response headers: no caching of per-user data, no sniffing, CORS only for an allow-listed Origin. */
export function responseHeaders(origin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  };
  if (origin && allowedOrigins().includes(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Allow-Credentials'] = 'true';
    headers.Vary = 'Origin';
  }
  return headers;
}

function reply(statusCode: number, body: unknown, origin: string | undefined): APIGatewayProxyResult {
  return { statusCode, headers: responseHeaders(origin), body: JSON.stringify(body) };
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const origin = event.headers?.origin ?? event.headers?.Origin;
  const route = `${event.httpMethod} ${event.resource}`;
  console.log(JSON.stringify({ level: 'info', route, requestId: event.requestContext?.requestId }));
  switch (route) {
    case 'GET /health':
      return reply(200, { status: 'ok' }, origin);
    case 'GET /items': {
      const limit = Number(event.queryStringParameters?.limit ?? SAMPLE_ITEMS.length);
      return reply(200, { items: SAMPLE_ITEMS.slice(0, Number.isFinite(limit) ? limit : 0) }, origin);
    }
    case 'POST /items': {
      // The body was validated by API Gateway; parse defensively anyway and never echo bad input.
      let item: { name: string; quantity: number };
      try {
        item = JSON.parse(event.body ?? '') as { name: string; quantity: number };
      } catch {
        return reply(400, { message: 'Invalid JSON body' }, origin);
      }
      return reply(201, { id: randomUUID(), name: item.name, quantity: item.quantity }, origin);
    }
    default:
      return reply(404, { message: 'Not found' }, origin);
  }
}
