import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';

/** The demo landing page at `/`: links to the API reference and, once built, the assistant widget demo. */
export function homeRoutes() {
  return new Hono<AppEnv>().get('/', (c) =>
    c.html(`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kepu 科普 — demo</title></head>
<body>
<main>
<h1>Kepu 科普</h1>
<p>科普资源、活动、志愿者与科学辟谣的开放平台 · Open software for a city science association.</p>
<ul>
<li><a href="/docs">API 参考 · API reference</a></li>
<li><a href="/openapi.json">OpenAPI 3.1 document</a></li>
<li><a href="/readyz">Readiness</a></li>
</ul>
<p>The assistant widget demo appears here once <code>@kepu/widget</code> is built.</p>
</main>
</body>
</html>`),
  );
}
