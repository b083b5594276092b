import { z } from 'zod';

/**
 * Machine-readable error codes of the error envelope. Clients branch on `code`, never on `message`.
 */
export const ErrorCode = z
  .enum([
    'invalid_request',
    'unauthorized',
    'forbidden',
    'not_found',
    'method_not_allowed',
    'conflict',
    'payload_too_large',
    'unsupported_media_type',
    'unprocessable',
    'rate_limited',
    'internal_error',
    'service_unavailable',
    'timeout',
  ])
  .meta({ id: 'ErrorCode' });
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One problem with the request, e.g. a field that failed validation. */
export const ErrorDetail = z
  .object({
    path: z.string().meta({ description: 'Where the problem is, e.g. `body.location.lat` or `query.limit`.' }),
    message: z.string().meta({ description: 'What is wrong and, where possible, how to fix it.' }),
    code: z.string().optional().meta({ description: 'Validator issue code, e.g. `too_small`.' }),
  })
  .meta({ id: 'ErrorDetail' });
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** The one shape of every non-2xx response. */
export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.array(ErrorDetail).optional(),
      requestId: z.string().meta({ description: 'Quote it when you report a problem; it is also in `X-Request-Id`.' }),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;

export const Readiness = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    database: z.object({
      driver: z.enum(['pglite', 'postgres']),
      ok: z.boolean(),
      latencyMs: z.number().optional(),
    }),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof Readiness>;

/** Opaque cursor for keyset pagination. */
export const Cursor = z
  .string()
  .max(512)
  .meta({ description: 'Opaque cursor from `nextCursor` of the previous page.' });

/** `limit` query parameter shared by list endpoints. */
export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(20)
  .meta({ description: 'Page size, 1–100.', example: 20 });

export const PageQuery = z.object({ cursor: Cursor.optional(), limit: Limit });
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of a list endpoint; `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}
export type Page<T> = { data: T[]; nextCursor: string | null };
