export { type ClientOptions, DEFAULT_BASE_URL, type Fetch, Kepu, type RequestOptions } from './client.js';
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
export { ChatStream, type ChatStreamChunk } from './resources/chat-stream.js';
export type { Health as HealthResource } from './resources/health.js';
export type {
  Card,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
  Citation,
  Intent,
} from './schema/assistant.js';
export type { ErrorCode, ErrorDetail, ErrorEnvelope, Health, Page, Readiness } from './schema/common.js';
