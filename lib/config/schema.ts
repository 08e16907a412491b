import { z } from 'zod';
import { edgeSchema } from './sections/edge';
import { detectionSchema } from './sections/detection';
import { environmentSchema, keysSchema, notificationsSchema, retentionSchema } from './sections/foundation';
import { networkSchema } from './sections/network';
import { identitySchema } from './sections/identity';
import { dataSchema } from './sections/data';

/**
 * The single source of truth for environment configuration (config/<env>.yaml).
 * Every object is strict: an unknown key is an error, so a typo cannot silently drop a control.
 * `npm run schema` writes config/schema.json from this for editor completion.
 */
export const configSchema = z
  .strictObject({
    environment: environmentSchema,
    notifications: notificationsSchema,
    retention: retentionSchema,
    keys: keysSchema.default({ pendingWindowDays: 30 }),
    network: networkSchema,
    edge: edgeSchema,
    detection: detectionSchema,
    identity: identitySchema,
    data: dataSchema,
  })
  .describe('One environment of the AWS security baseline.');

export type AppConfig = z.infer<typeof configSchema>;
export type AppConfigInput = z.input<typeof configSchema>;

/** JSON Schema of the config files, for editors (yaml-language-server) and docs. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
