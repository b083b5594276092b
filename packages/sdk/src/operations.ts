/** An HTTP operation of the API: method and OpenAPI path template (`/v1/events/{id}`). */
export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
}

/**
 * Every operation the client calls, by the method that calls it (`events.list` is `kepu.events.list()`). Resources
 * call the API only through this table, so a test can hold it against the server's OpenAPI document both ways.
 */
export const OPERATIONS = {
  'health.live': { method: 'GET', path: '/healthz' },
  'health.ready': { method: 'GET', path: '/readyz' },
  'assistant.chat': { method: 'POST', path: '/v1/assistant/chat' },
  'sessions.create': { method: 'POST', path: '/v1/sessions' },
  'keys.create': { method: 'POST', path: '/v1/keys' },
  'keys.list': { method: 'GET', path: '/v1/keys' },
  'keys.revoke': { method: 'POST', path: '/v1/keys/{id}/revoke' },
  'audit.list': { method: 'GET', path: '/v1/audit' },
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;
