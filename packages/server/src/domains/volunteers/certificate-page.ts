import type { ServiceCertificate } from '@kepu/sdk/schema';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../../http/app-env.js';
import { ApiError } from '../../http/errors.js';
import { findCertificate } from './hours-service.js';
import type { VolunteerRouteDeps } from './route-kit.js';

/** Served as a file so the page needs no inline style under the strict CSP. */
const STYLESHEET = `
body { font-family: "Noto Serif SC", "Songti SC", serif; margin: 0; background: #f4f1ea; color: #222; }
main { max-width: 42rem; margin: 2rem auto; background: #fff; padding: 3rem; border: 6px double #8b1a1a; }
h1 { text-align: center; letter-spacing: .3em; color: #8b1a1a; }
dl { display: grid; grid-template-columns: 9rem 1fr; gap: .6rem 1rem; }
dt { color: #555; } dd { margin: 0; font-weight: 600; }
.revoked { color: #b00; font-weight: 700; text-align: center; border: 2px solid #b00; padding: .5rem; }
.note { font-size: .85rem; color: #555; margin-top: 2rem; }
@media print { body { background: #fff; } main { margin: 0; border-color: #8b1a1a; } .note a { color: inherit; } }
`;

function page(cert: ServiceCertificate) {
  return html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>志愿服务记录证明 ${cert.code}</title>
<link rel="stylesheet" href="/certificates/certificate.css"></head>
<body><main>
<h1>志愿服务记录证明</h1>
${cert.revoked ? html`<p class="revoked">此证明已撤销 · This certificate was revoked</p>` : ''}
<dl>
<dt>志愿者</dt><dd>${cert.volunteerName}</dd>
<dt>服务期间</dt><dd>${cert.periodStart} 至 ${cert.periodEnd}</dd>
<dt>累计服务时长</dt><dd>${cert.hours} 小时（${cert.approvedMinutes} 分钟，${cert.recordCount} 条记录）</dd>
<dt>出具组织</dt><dd>${cert.organizationName}</dd>
<dt>出具日期</dt><dd>${cert.issuedAt.slice(0, 10)}</dd>
<dt>验证码</dt><dd>${cert.code}</dd>
</dl>
<p class="note">本证明依据出具组织记录并审核的志愿服务记录免费出具。核验：<a href="${cert.verifyUrl}">${cert.verifyUrl}</a>。
为保护个人信息，公开核验页面仅显示姓名首字。</p>
</main></body></html>`;
}

/** `/certificates/{code}`: the printable page; `/certificates/certificate.css`: its stylesheet. */
export function certificatePageRoutes(deps: VolunteerRouteDeps) {
  return new Hono<AppEnv>()
    .get('/certificates/certificate.css', (c) => {
      c.header('Content-Type', 'text/css; charset=utf-8');
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(STYLESHEET);
    })
    .get('/certificates/:code', async (c) => {
      try {
        const cert = await findCertificate(deps.database.db, c.req.param('code'), deps.config.publicUrl);
        return c.html(page(cert));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          return c.html(
            html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>未找到证明</title>
<link rel="stylesheet" href="/certificates/certificate.css"></head>
<body><main><h1>未找到证明</h1><p>没有验证码为 ${c.req.param('code')} 的志愿服务记录证明。请核对验证码。</p></main></body></html>`,
            404,
          );
        }
        throw error;
      }
    });
}
