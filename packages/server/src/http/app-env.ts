import type { Principal } from '../access/principal.js';
import type { Logger } from '../logger.js';

/** Per-request variables every handler can read with `c.get(…)`. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    principal: Principal;
  };
}
