export { type App, type AppDeps, createApp } from './app.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export { createDatabase, type Database, type Db } from './db/create-database.js';
export { runMigrations } from './db/migrate.js';
export { createLogger, type Logger } from './logger.js';
export { startServer } from './server.js';
