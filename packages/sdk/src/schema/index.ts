export * from './access.js';
export * from './assistant.js';
export * from './common.js';
export * from './events.js';
export * from './imports.js';
export * from './rumour-rating.js';
export * from './volunteers.js';
