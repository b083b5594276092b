import type { ErrorCode, ErrorDetail, ErrorEnvelope } from '@kepu/sdk/schema';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { AppEnv } from './app-env.js';

/**
 * An error a client caused or must know about; rendered as the JSON error envelope.
 * @example throw new ApiError(409, 'conflict', 'This resource is not in review.')
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, details?: ErrorDetail[]) => new ApiError(409, 'conflict', message, details);
export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new ApiError(400, 'invalid_request', message, details);

/** Retry-After (seconds) sent while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'service_unavailable',
  504: 'timeout',
};

export function errorBody(
  c: Context<AppEnv>,
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
): ErrorEnvelope {
  return { error: { code, message, ...(details?.length ? { details } : {}), requestId: c.get('requestId') ?? '' } };
}

/** Turns zod issues into details that name each field (`body.location.lat`) and its problem. */
export function zodDetails(error: ZodError, target: string): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/** The app's single `onError`: known errors keep their status, a bug becomes 500 with a logged stack. */
export function renderError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) {
    for (const [k, v] of Object.entries(error.headers ?? {})) c.header(k, v);
    return c.json(errorBody(c, error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
    const message =
      status === 400 && /JSON/i.test(error.message)
        ? 'The request body is not valid JSON. Send a JSON document with Content-Type: application/json.'
        : error.message || 'The request could not be processed.';
    return c.json(errorBody(c, code, message), status);
  }
  if (isDatabaseUnavailable(error)) {
    c.get('logger')?.warn('database unavailable', { error: error.message });
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return c.json(
      errorBody(c, 'service_unavailable', 'The database is temporarily unavailable. Retry after a few seconds.'),
      503,
    );
  }
  c.get('logger')?.error('unhandled error', { error });
  return c.json(
    errorBody(c, 'internal_error', 'Something went wrong on our side. Quote the request id when you report it.'),
    500,
  );
}
