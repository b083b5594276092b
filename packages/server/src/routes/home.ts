import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Db } from '../db/create-database.js';
import type { AppEnv } from '../http/app-env.js';
import { ApiError } from '../http/errors.js';
import { demoPublishableKey } from './demo-key.js';
import { entryPath, type WidgetBundle } from './widget-bundle.js';

/** `examples/` at the repository root (absent in an installed package: the example pages then 404). */
const EXAMPLES_DIR = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const EXAMPLES = ['partner-site', 'inline'] as const;
const STATIC_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const DEMO_CSS = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;line-height:1.6}
body{margin:0;background:Canvas;color:CanvasText}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem 8rem}
h1{margin:0 0 .25rem;font-size:2rem}
.lead{margin-top:0;opacity:.85}
code{font-size:.9em}
pre{overflow-x:auto;padding:.75rem;border-radius:8px;background:color-mix(in srgb,CanvasText 8%,Canvas)}
.notice{padding:.75rem 1rem;border-left:4px solid #b3261e}
li{margin:.25rem 0}
`;

/**
 * The demo page at `/` (the assistant in launcher mode, links to the API reference and the examples) and the two
 * example partner pages under `/examples/…`. Pages get this server's demo publishable key for their own origin.
 */
export function homeRoutes(deps: { db: Db; bundle: WidgetBundle; publicUrl: string }) {
  const pageConfig = async (requestUrl: string) => {
    const origin = new URL(requestUrl).origin;
    const manifest = await deps.bundle.manifest();
    return {
      origin,
      widgetUrl: manifest ? entryPath(manifest) : undefined,
      buildId: manifest?.buildId,
      key: manifest ? await demoPublishableKey(deps.db, origin, deps.publicUrl) : undefined,
    };
  };

  return new Hono<AppEnv>()
    .get('/assets/demo.css', (c) => {
      c.header('content-type', 'text/css; charset=utf-8');
      c.header('cache-control', 'public, max-age=300');
      return c.body(DEMO_CSS);
    })
    .get('/', async (c) => {
      const { widgetUrl, key, buildId, origin } = await pageConfig(c.req.url);
      const embed = `<script type="module" src="${origin}${widgetUrl ?? '/widget/kepu-assistant.js'}"></script>
<kepu-assistant publishable-key="pk_…" lang="zh-CN"></kepu-assistant>`;
      return c.html(html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kepu 科普 — demo</title><link rel="stylesheet" href="/assets/demo.css">
${widgetUrl ? html`<script type="module" src="${widgetUrl}"></script>` : ''}
</head>
<body>
<main>
<h1>Kepu 科普</h1>
<p class="lead">科普资源、活动、志愿者与科学辟谣的开放平台 · Open software for a city science association.</p>
${
  widgetUrl
    ? html`<p>右下角的「科普助手」就是合作网站用一个标签嵌入的助手。试试问：喝隔夜茶会致癌吗？</p>
<p>The “科普助手” button at the bottom right is the assistant partner sites embed with one tag (build <code>${buildId}</code>).</p>`
    : html`<p class="notice">The assistant widget is not built yet: run <code>pnpm build:widget</code> (pnpm start does it).</p>`
}
<h2>嵌入 · Embed</h2>
<pre><code>${embed}</code></pre>
<h2>示例 · Examples</h2>
<ul>
<li><a href="/examples/partner-site/">合作场馆网站（悬浮按钮）· partner site with the launcher</a></li>
<li><a href="/examples/inline/">区科协页面（内嵌）· the assistant inside a page section</a></li>
</ul>
<h2>API</h2>
<ul>
<li><a href="/docs">API 参考 · API reference</a></li>
<li><a href="/openapi.json">OpenAPI 3.1 document</a></li>
<li><a href="/readyz">Readiness</a></li>
</ul>
</main>
${widgetUrl ? html`<kepu-assistant publishable-key="${key}" lang="zh-CN"></kepu-assistant>` : ''}
</body>
</html>`);
    })
    .get('/examples/:name{[a-z-]+}', (c) => c.redirect(`/examples/${c.req.param('name')}/`, 301))
    .get('/examples/:name{[a-z-]+}/', async (c) => {
      const name = exampleName(c.req.param('name'));
      const template = await readExample(name, 'index.html');
      const { widgetUrl, key, origin } = await pageConfig(c.req.url);
      if (!widgetUrl || !key) {
        throw new ApiError(404, 'not_found', 'The widget bundle is not built: run `pnpm build:widget` first.');
      }
      // The example files are what a partner would publish; the server fills in its own URL and demo key.
      const page = template
        .toString('utf8')
        .replaceAll('%KEPU_WIDGET_URL%', `${origin}${widgetUrl}`)
        .replaceAll('%KEPU_API_BASE%', origin)
        .replaceAll('%KEPU_PUBLISHABLE_KEY%', key);
      return c.html(page);
    })
    .get('/examples/:name{[a-z-]+}/:file{[a-z0-9-]+\\.(css|svg|png)}', async (c) => {
      const name = exampleName(c.req.param('name'));
      const file = c.req.param('file');
      const body = await readExample(name, file);
      c.header('content-type', STATIC_TYPES[path.extname(file)] ?? 'application/octet-stream');
      c.header('cache-control', 'public, max-age=300');
      return c.body(new Uint8Array(body));
    });
}

function exampleName(name: string): (typeof EXAMPLES)[number] {
  const found = EXAMPLES.find((e) => e === name);
  if (!found) throw new ApiError(404, 'not_found', `No example ${name}. Examples: ${EXAMPLES.join(', ')}.`);
  return found;
}

async function readExample(name: string, file: string): Promise<Buffer> {
  try {
    return await readFile(path.join(EXAMPLES_DIR, name, file));
  } catch {
    throw new ApiError(404, 'not_found', `No file ${file} in example ${name}.`);
  }
}
