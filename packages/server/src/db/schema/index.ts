// Every table of the server, one file per domain. drizzle-kit reads this file to generate migrations.
export * from './access.js';
export * from './events.js';
export * from './knowledge.js';
export * from './meta.js';
export * from './registry.js';
export * from './rumours.js';
export * from './volunteers.js';
