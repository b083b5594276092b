import type { Config } from '../../config.js';
import { createPiiCipher } from '../../crypto/pii-cipher.js';
import type { Database } from '../../db/create-database.js';
import { createRouter } from '../../http/openapi-app.js';
import type { Logger } from '../../logger.js';
import { certificatePageRoutes } from './certificate-page.js';
import { hoursRoutes } from './hours-routes.js';
import { lecturerRoutes } from './lecturer-routes.js';
import { VOLUNTEER_TOKEN_HEADER, type VolunteerRouteDeps } from './route-kit.js';
import { shiftRoutes } from './shift-routes.js';
import { volunteerRoutes } from './volunteer-routes.js';

function routeDeps(deps: { config: Config; database: Database; now?: () => Date }): VolunteerRouteDeps {
  return {
    config: deps.config,
    database: deps.database,
    pii: createPiiCipher(deps.config.piiKey),
    now: deps.now ?? (() => new Date()),
    volunteerOf: new WeakMap(),
  };
}

/**
 * Volunteers, opportunities and shifts, hours and certificates, lecturers, stats: mount under `/v1`.
 * @example app.route('/v1', volunteersRoutes(deps))
 */
export function volunteersRoutes(deps: { config: Config; database: Database; logger: Logger; now?: () => Date }) {
  if (deps.config.piiKeySource === 'development') {
    deps.logger.warn(
      'KEPU_PII_KEY is not set: volunteers’ mobiles are encrypted with the public development key. Set KEPU_PII_KEY (openssl rand -base64 32) before storing real data.',
    );
  }
  const shared = routeDeps(deps);
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'volunteerToken', {
    type: 'apiKey',
    in: 'header',
    name: VOLUNTEER_TOKEN_HEADER,
    description: 'A volunteer’s self-service token (`vt_…`), shown once at registration.',
  });
  router.route('/', volunteerRoutes(shared));
  router.route('/', shiftRoutes(shared));
  router.route('/', hoursRoutes(shared));
  router.route('/', lecturerRoutes(shared));
  return router;
}

/** The printable certificate page and its stylesheet: mount at `/`. */
export function volunteerPageRoutes(deps: { config: Config; database: Database }) {
  return certificatePageRoutes(routeDeps(deps));
}
