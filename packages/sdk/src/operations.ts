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
  'events.list': { method: 'GET', path: '/v1/events' },
  'events.retrieve': { method: 'GET', path: '/v1/events/{id}' },
  'events.create': { method: 'POST', path: '/v1/events' },
  'events.update': { method: 'PATCH', path: '/v1/events/{id}' },
  'events.recommendations': { method: 'GET', path: '/v1/events/recommendations' },
  'events.calendar': { method: 'GET', path: '/v1/events/{id}.ics' },
  'events.feed': { method: 'GET', path: '/v1/events.ics' },
  'registrations.create': { method: 'POST', path: '/v1/events/{id}/occurrences/{occurrenceId}/registrations' },
  'registrations.list': { method: 'GET', path: '/v1/events/{id}/occurrences/{occurrenceId}/registrations' },
  'registrations.retrieve': { method: 'GET', path: '/v1/registrations/{id}' },
  'registrations.cancel': { method: 'DELETE', path: '/v1/registrations/{id}' },
  'registrations.checkIn': { method: 'POST', path: '/v1/registrations/{id}/check-in' },
  'stats.events': { method: 'GET', path: '/v1/stats/events' },
  'sessions.create': { method: 'POST', path: '/v1/sessions' },
  'keys.create': { method: 'POST', path: '/v1/keys' },
  'keys.list': { method: 'GET', path: '/v1/keys' },
  'keys.revoke': { method: 'POST', path: '/v1/keys/{id}/revoke' },
  'audit.list': { method: 'GET', path: '/v1/audit' },
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;
