export { type ClientOptions, DEFAULT_BASE_URL, type Fetch, Kepu, type RequestOptions } from './client.js';
export { APIPromise, type APIResponse, type WithRequestID } from './core/api-promise.js';
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIStreamError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  KepuError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from './core/errors.js';
export { CursorPage, type PageFetcher, PagePromise, type PageResponse } from './core/pagination.js';
export { parseSSE, type ServerSentEvent } from './core/sse.js';
export { OPERATIONS, type Operation, type OperationId } from './operations.js';
export type { Assistant, ChatParams } from './resources/assistant.js';
export type { Audit } from './resources/audit.js';
export { ChatCompletionStream } from './resources/chat-completion-stream.js';
export type { Chat, ChatCompletionParams, Completions } from './resources/chat-completions.js';
export { ChatStream, type ChatStreamChunk } from './resources/chat-stream.js';
export type { Events } from './resources/events.js';
export type { Experts } from './resources/experts.js';
export type { Health as HealthCheck } from './resources/health.js';
export type { HealthResources } from './resources/health-resources.js';
export type { Keys } from './resources/keys.js';
export type { LecturerBookings, Lecturers } from './resources/lecturers.js';
export type { Assignments, Opportunities, Shifts } from './resources/opportunities.js';
export type { QueryParams } from './resources/params.js';
export type { Registrations } from './resources/registrations.js';
export type { ImportFile, Resources, Taxonomies } from './resources/registry.js';
export type { Designations, Routes } from './resources/routes.js';
export type { Rumours, RumourTips } from './resources/rumours.js';
export type { Certificates, ServiceRecords } from './resources/service-records.js';
export type { Sessions } from './resources/sessions.js';
export type { Stats } from './resources/stats.js';
export {
  VOLUNTEER_TOKEN_HEADER,
  type VolunteerRequestOptions,
  type VolunteerSelf,
  type Volunteers,
} from './resources/volunteers.js';
// Every request and response type, inferred from the schemas (types only: no zod at run time).
export type * from './schema/index.js';
