import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError } from '../../common/wire.ts';

/** An error a handler throws on purpose; the error handler turns it into `{status, code, message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not-found', `${what} not found`);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

/** Maps every failure to the API's JSON error shape and never leaks internals in a 500. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    let body: ApiError;
    if (error instanceof HttpError) {
      body = { status: error.status, code: error.code, message: error.message };
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const problems = error.validation
        .map((issue) => `${where}${issue.instancePath.replaceAll('/', '.')}: ${issue.message}`)
        .join('; ');
      body = { status: 400, code: 'invalid-request', message: problems };
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      body = { status: 415, code: 'unsupported-media-type', message: 'Unsupported Content-Type for this route' };
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = { status: 413, code: 'too-large', message: 'Request body is too large' };
    } else if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error.statusCode === 400 && error instanceof SyntaxError)) {
      body = { status: 400, code: 'invalid-json', message: `Request body is not valid JSON: ${error.message}` };
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      body = { status: error.statusCode, code: error.code ?? 'bad-request', message: error.message };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      body = { status: 500, code: 'internal', message: 'Internal server error' };
    }
    if (body.status === 413) reply.header('connection', 'close');
    return reply.status(body.status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = { status: 404, code: 'not-found', message: `No route ${request.method} ${request.url.split('?')[0]}` };
    return reply.status(404).send(body);
  });
}
