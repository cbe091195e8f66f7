import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { ZodApp } from './context.ts';

/**
 * Registers @fastify/swagger so the OpenAPI document is generated from the
 * very zod schemas the routes validate with (common/wire.ts). Must be
 * registered before the routes.
 */
export async function registerOpenApi(app: ZodApp): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Chamber authority server API',
        version: '1',
        description:
          "The council's source of truth that every Chamber desktop mirrors. JSON over HTTP; errors are `{status, code, message}`. " +
          'Authenticate with `Authorization: Bearer <token>` from POST /api/v1/auth/login. ' +
          'Live changes: WebSocket at /api/v1/changes/live (token in the Authorization header or the subprotocol `chamber-token.<token>`), which pushes `{type:"poke", latestSeq}`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
}
