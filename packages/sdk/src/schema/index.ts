export * from './access.js';
export * from './common.js';
