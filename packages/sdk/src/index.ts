export type { ErrorCode, ErrorEnvelope, Health, Page, Readiness } from './schema/common.js';
