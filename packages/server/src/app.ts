import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from './config.js';
import { createPiiCipher } from './crypto/pii-cipher.js';
import type { Database } from './db/create-database.js';
import { accessRoutes } from './domains/access/routes.js';
import { createConfiguredEmbedder } from './domains/assistant/embedder.js';
import { assistantRoutes } from './domains/assistant/routes.js';
import { eventsRoutes } from './domains/events/routes.js';
import { registryRoutes } from './domains/registry/routes.js';
import { rumoursRoutes } from './domains/rumours/routes.js';
import { volunteerPageRoutes, volunteersRoutes } from './domains/volunteers/routes.js';
import { errorBody, renderError } from './http/errors.js';
import { accessLog } from './http/middleware/access-log.js';
import { authenticate } from './http/middleware/authenticate.js';
import { htmlSecurity } from './http/middleware/html-security.js';
import { idempotency } from './http/middleware/idempotency.js';
import { inputGuard } from './http/middleware/input-guard.js';
import { rateLimitFromConfig } from './http/middleware/rate-limit.js';
import { requestTimeout } from './http/middleware/request-timeout.js';
import { createRouter } from './http/openapi-app.js';
import type { Logger } from './logger.js';
import { apiDocsRoutes } from './routes/api-docs.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { widgetAssetRoutes } from './routes/widget-assets.js';
import { defaultWidgetBundleDir, widgetBundle } from './routes/widget-bundle.js';

/** Everything the app needs from outside; no module-level state, so tests build as many apps as they like. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
}

export const API_VERSION = '0.1.0';

/**
 * Builds the HTTP application. Middleware order is registration order:
 * request id → access log → security headers → CORS → body limit → timeout → authentication → rate limit →
 * input guard → idempotency → routes.
 * @example const app = createApp({ config, database, logger }); await app.request('/healthz')
 */
export function createApp(deps: AppDeps) {
  const { config, logger } = deps;
  const app = createRouter();

  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(accessLog(logger));
  app.use(
    secureHeaders({
      crossOriginResourcePolicy: 'cross-origin', // the widget bundle and API are used from partner sites
      crossOriginOpenerPolicy: false,
      xFrameOptions: false, // frame-ancestors in the CSP says this, configurably
    }),
  );
  app.use(htmlSecurity({ frameAncestors: config.access.frameAncestors }));
  app.use(
    '/v1/*',
    cors({
      origin: config.corsOrigins === '*' ? '*' : config.corsOrigins,
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'X-Request-Id',
        'X-Kepu-Session',
        'X-Volunteer-Token',
      ],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
      maxAge: 600,
    }),
  );
  // Import uploads (`POST /v1/<kind>/import`) have their own, larger limit (KEPU_UPLOAD_LIMIT_BYTES), enforced there.
  const uploadBodyLimit = (path: string) => /^\/v1\/[a-z-]+\/import$/.test(path);
  const jsonBodyLimit = bodyLimit({
    maxSize: config.bodyLimitBytes,
    onError: (c) =>
      c.json(
        errorBody(
          c,
          'payload_too_large',
          `The request body is larger than ${config.bodyLimitBytes} bytes. Send less data, or split it.`,
        ),
        413,
      ),
  });
  const importBodyLimit = bodyLimit({
    maxSize: config.uploadLimitBytes,
    onError: (c) =>
      c.json(
        errorBody(
          c,
          'payload_too_large',
          `The file is larger than the import limit of ${config.uploadLimitBytes} bytes (KEPU_UPLOAD_LIMIT_BYTES). Split it into smaller files.`,
        ),
        413,
      ),
  });
  app.use('/v1/*', (c, next) => (uploadBodyLimit(c.req.path) ? importBodyLimit(c, next) : jsonBodyLimit(c, next)));
  app.use('/v1/*', requestTimeout(config.requestTimeoutMs));
  app.use('/v1/*', authenticate({ db: deps.database.db, requireWidgetSessions: config.access.requireWidgetSessions }));
  app.use('/v1/*', rateLimitFromConfig(config, deps.database.db));
  app.use('/v1/*', inputGuard());
  app.use(
    '/v1/*',
    idempotency({
      db: deps.database.db,
      cipher: createPiiCipher(config.piiKey),
      trustedProxyHops: config.access.trustedProxyHops,
    }),
  );

  app.route('/', healthRoutes(deps));
  const bundle = widgetBundle(defaultWidgetBundleDir());
  app.route('/', homeRoutes({ db: deps.database.db, bundle, publicUrl: config.publicUrl }));
  app.route('/', widgetAssetRoutes(bundle));
  app.route('/', apiDocsRoutes());
  app.route('/v1', accessRoutes(deps));
  // One configured embedder for the app: the assistant, registry search and claim checks search the vectors it (and
  // the embedding queue, `kepu reindex`) wrote.
  const embedder = createConfiguredEmbedder(config.assistant.embedding);
  app.route('/v1', assistantRoutes({ ...deps, embedder }));
  app.route('/v1', eventsRoutes(deps));
  app.route('/v1', volunteersRoutes(deps));
  app.route('/v1', registryRoutes({ ...deps, embedder }));
  app.route('/v1', rumoursRoutes({ ...deps, embedder }));
  app.route('/', volunteerPageRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A publishable key (`pk_…`, browsers, allowed origins only) or a secret key (`sk_…`, servers, scoped).',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Kepu API',
      version: API_VERSION,
      description:
        'The API of Kepu (科普): science-popularization resources, events and registration, volunteers, ' +
        'the health-expert base with rumour checks, and the assistant. Errors share one envelope (`Error`).',
      license: { name: 'Apache-2.0' },
    },
    servers: [{ url: config.publicUrl }],
  });

  app.notFound((c) =>
    c.json(
      errorBody(c, 'not_found', `No route for ${c.req.method} ${c.req.path}. The API reference is at /docs.`),
      404,
    ),
  );
  app.onError(renderError);
  return app;
}

export type App = ReturnType<typeof createApp>;
