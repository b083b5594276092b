import type { ErrorCode, ErrorDetail } from '../schema/common.js';

/** Every error the client throws is a `KepuError`: catch this one to catch them all. */
export class KepuError extends Error {
  override name = 'KepuError';
}

/** The server answered with a non-2xx status; `code`, `message`, `details` and `requestId` come from its envelope. */
export class APIError extends KepuError {
  override name = 'APIError';
  /** The HTTP status. */
  readonly status: number;
  /** Machine-readable code: branch on this, never on `message`. */
  readonly code: ErrorCode;
  /** One entry per problem, e.g. each field that failed validation (`body.messages`). */
  readonly details: ErrorDetail[];
  /** Quote it when you report a problem (also the `X-Request-Id` header). */
  readonly requestId: string | undefined;
  readonly headers: Headers;

  constructor(
    status: number,
    error: { code: ErrorCode; message: string; details?: ErrorDetail[] | undefined; requestId?: string | undefined },
    headers: Headers,
  ) {
    super(error.message);
    this.status = status;
    this.code = error.code;
    this.details = error.details ?? [];
    this.requestId = error.requestId ?? headers.get('x-request-id') ?? undefined;
    this.headers = headers;
  }

  /** Builds the subclass that matches the status, from a parsed body (the envelope, or anything a proxy sent). */
  static generate(status: number, body: unknown, headers: Headers): APIError {
    const error = envelopeOf(body) ?? {
      code: fallbackCode(status),
      message: `HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`,
    };
    const Class = ERROR_BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
    return new Class(status, error, headers);
  }
}

/** 400: the request is malformed; `details` names each field and its problem. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: no key, or the key is unknown, revoked or expired. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: the key may not do this (scope, origin). */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 404: no such record (or route). */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409: the record is not in a state that allows this, or an `Idempotency-Key` was reused for another request. */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 422: well-formed, but breaks a rule of the domain. */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
/** 429: too many requests; `retryAfter` says how many seconds to wait, when the server said so. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  get retryAfter(): number | undefined {
    const ms = retryAfterMs(this.headers);
    return ms === undefined ? undefined : ms / 1000;
  }
}
/** 5xx: a problem on the server's side; retried automatically. */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** The server could not be reached, or the connection broke before a response arrived. */
export class APIConnectionError extends KepuError {
  override name = 'APIConnectionError';
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** No response within `timeout` milliseconds. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  constructor(timeoutMs?: number) {
    super(timeoutMs === undefined ? 'Request timed out.' : `Request timed out after ${timeoutMs} ms.`);
  }
}
/** The caller aborted the request through its `AbortSignal`. */
export class APIUserAbortError extends KepuError {
  override name = 'APIUserAbortError';
  constructor(message = 'Request was aborted.') {
    super(message);
  }
}

type APIErrorClass = new (...args: ConstructorParameters<typeof APIError>) => APIError;
const ERROR_BY_STATUS: Partial<Record<number, APIErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

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

function fallbackCode(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}

/** Reads `{ error: { code, message, details, requestId } }` without trusting its shape. */
function envelopeOf(
  body: unknown,
): { code: ErrorCode; message: string; details?: ErrorDetail[]; requestId?: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details, requestId } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code: code as ErrorCode,
    message,
    ...(Array.isArray(details) ? { details: details as ErrorDetail[] } : {}),
    ...(typeof requestId === 'string' && requestId ? { requestId } : {}),
  };
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The server reported a failure inside a stream that had started well (an SSE `error` event). */
export class APIStreamError extends KepuError {
  override name = 'APIStreamError';
  constructor(
    /** Machine-readable code from the event, e.g. `internal_error`. */
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}
