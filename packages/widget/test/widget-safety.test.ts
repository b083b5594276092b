/**
 * Hostile and failing answers, in Debian's chromium on the real server's demo page (strict CSP, real sessions).
 * The XSS corpus goes through the real assistant where the real server can carry it (the demo data's published
 * rumour entry and its reviewing expert, rewritten to hold payloads) and through scripted SSE bodies (page.route) for every other field of the contract: answer
 * text, citation titles and URLs, all four card types, follow-ups. Errors are real HTTP statuses with the real
 * error envelope, scripted the same way; offline is the browser's own offline mode.
 */
import type { Card } from '@kepu/sdk';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experts, rumourEntries } from '../../server/src/db/schema/rumours.js';
import type { RunningServer } from '../../server/src/server.js';
import { startServer } from '../../server/src/server.js';
import { memoryLogger, testConfig } from '../../server/src/test/app.js';
import { launchBrowser, watchPage } from './browser.js';
import { ensureBundle } from './bundle.js';
import { answerEvents, fulfillSse, scriptChat } from './helpers.js';

/** Each payload, if it ever ran, would set `window.__xss` (or open a dialog, which the page watcher reports). */
const PAYLOADS = [
  '<script>window.__xss="script"</script>',
  '<img src=x onerror="window.__xss=\'img\'">',
  '<svg onload="window.__xss=\'svg\'"></svg>',
  '"><iframe src="javascript:parent.__xss=\'iframe\'"></iframe>',
  '<a href="javascript:window.__xss=\'a\'">点我</a>',
  '<details open ontoggle="window.__xss=\'details\'">x</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=\'mxss\'">',
  '</textarea><img src=x onerror=alert("textarea")>',
  '<style>*{display:none!important}</style>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, meant as plain text
  '${window.__xss="template"}',
  '{{constructor.constructor("window.__xss=\'angular\'")()}}',
  '<object data="javascript:window.__xss=\'object\'"></object>',
];
const BAD_URLS = [
  'javascript:window.__xss="href"',
  ' JaVaScRiPt:window.__xss="href2"',
  'java\nscript:window.__xss="href3"',
  'data:text/html,<script>parent.__xss="data"</script>',
  'vbscript:msgbox(1)',
  '//evil.example/steal',
];
const corpus = PAYLOADS.join(' ');

function hostileCards(): Card[] {
  return [
    {
      type: 'rumour',
      id: 'rum_x',
      claim: corpus,
      rating: 'false',
      ratingLabel: PAYLOADS[1] ?? '',
      explanation: corpus,
      reviewedBy: [{ name: PAYLOADS[0] ?? '', title: PAYLOADS[2], institution: PAYLOADS[3] }],
      sources: BAD_URLS.map((url, i) => ({ title: PAYLOADS[i] ?? 'x', url, publisher: PAYLOADS[4] })),
      dateReviewed: PAYLOADS[5],
      url: BAD_URLS[0],
    },
    {
      type: 'event',
      id: 'evt_x',
      occurrenceId: 'occ_x',
      title: corpus,
      startsAt: PAYLOADS[6] ?? '',
      endsAt: PAYLOADS[7] ?? '',
      venue: { name: PAYLOADS[8] ?? '', address: PAYLOADS[9], district: PAYLOADS[10] },
      seatsLeft: 3,
      free: true,
      registrationOpen: true,
      reasons: PAYLOADS,
      url: BAD_URLS[1],
    },
    {
      type: 'place',
      id: 'res_x',
      name: corpus,
      kind: PAYLOADS[0] ?? '',
      district: PAYLOADS[1],
      address: PAYLOADS[2],
      hoursToday: PAYLOADS[3],
      openNow: true,
      mapUrl: BAD_URLS[2],
      url: BAD_URLS[3],
    },
    { type: 'opportunity', id: 'opp_x', title: corpus, place: PAYLOADS[4], startsAt: PAYLOADS[5], url: BAD_URLS[4] },
  ];
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  await ensureBundle();
  server = await startServer({
    config: testConfig({ PORT: '0', HOST: '127.0.0.1', KEPU_RATE_LIMIT_STORE: 'off' }),
    logger: memoryLogger(),
    demo: true,
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openDemo() {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(`${server.url}/`);
  await page.locator('kepu-assistant').getByRole('button', { name: '科普助手', exact: true }).click();
  return { context, page, problems };
}

async function ask(page: Page, text: string) {
  await page.getByRole('textbox', { name: '输入你的问题' }).fill(text);
  await page.keyboard.press('Enter');
}

/** What an executed payload would leave behind, looked for in the page and in every shadow root. */
function injectionTraces(page: Page) {
  return page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length; i++) {
      for (const el of roots[i]?.querySelectorAll('*') ?? []) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    const widgetRoots = roots.slice(1);
    const found: string[] = [];
    const xss = (window as unknown as { __xss?: unknown }).__xss;
    if (xss !== undefined) found.push(`window.__xss = ${String(xss)}`);
    for (const root of widgetRoots) {
      for (const el of root.querySelectorAll(
        'script, iframe, img, object, embed, style, math, details, textarea ~ img',
      )) {
        found.push(`element <${el.tagName.toLowerCase()}>`);
      }
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.getAttributeNames())
          if (attr.startsWith('on')) found.push(`attribute ${attr} on <${el.tagName}>`);
      }
      for (const a of root.querySelectorAll('a[href]')) {
        const href = a.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:|tel:)/.test(href)) found.push(`link ${href}`);
      }
    }
    return found;
  });
}

describe('XSS corpus never executes', () => {
  it('through the real assistant: a reviewed rumour entry of the demo data whose fields carry payloads', async () => {
    // Plant payloads in the published entry the assistant answers from (its claim stays, so it still matches) and in
    // the expert who reviewed it, as a compromised editor account could.
    const db = server.database.db;
    const [entry] = await db
      .update(rumourEntries)
      .set({
        explanation: sql`${rumourEntries.explanation} || ${PAYLOADS[1] ?? ''} || ${PAYLOADS[0] ?? ''}`,
        sources: BAD_URLS.map((url, i) => ({ title: PAYLOADS[i] ?? 'x', url, publisher: PAYLOADS[4] ?? '' })),
        reviewedBy: [
          { expertId: null, name: `测试专家${PAYLOADS[2]}`, title: PAYLOADS[3] ?? '', institution: PAYLOADS[5] ?? '' },
        ],
      })
      .where(and(eq(rumourEntries.status, 'published'), like(rumourEntries.claim, '%隔夜茶%')))
      .returning();
    if (!entry) throw new Error('the demo data has no published rumour entry about 隔夜茶');
    if (entry.reviewerIds.length > 0) {
      await db
        .update(experts)
        .set({ name: `林测试${PAYLOADS[2]}`, institution: PAYLOADS[6] ?? '' })
        .where(inArray(experts.id, entry.reviewerIds));
    }
    const { context, page, problems } = await openDemo();
    await ask(page, '喝隔夜茶会致癌吗？');
    const card = page.locator('article.card.rumour');
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain('<img src=x onerror=');
    expect(await card.textContent()).toContain('<script>window.__xss="script"</script>');
    await page.waitForTimeout(300); // an onerror would fire within this
    expect(await injectionTraces(page)).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('in answer text, markdown links, citations, every card type and follow-ups', async () => {
    const { context, page, problems } = await openDemo();
    await scriptChat(page, (route) =>
      fulfillSse(
        route,
        answerEvents({
          text: [
            ...PAYLOADS,
            ...BAD_URLS.map((u, i) => `[链接${i}](${u.replace(/\s/g, '')})`),
            `**${PAYLOADS[1]}** *${PAYLOADS[2]}* \`${PAYLOADS[0]}\` [1][2]`,
            '```',
            PAYLOADS[0] ?? '',
            '```',
          ].join('\n\n'),
          cards: hostileCards(),
          citations: BAD_URLS.map((url, i) => ({
            n: i + 1,
            type: 'faq',
            id: `faq_${i}`,
            title: PAYLOADS[i] ?? 'x',
            url,
          })),
          followUps: PAYLOADS.slice(0, 3),
        }),
      ),
    );
    await ask(page, '测试');
    await page.locator('article.card.opportunity').waitFor();
    await page.waitForTimeout(300);
    expect(await injectionTraces(page)).toEqual([]);
    const answer = await page.locator('.turn.assistant .answer').textContent();
    expect(answer).toContain('<iframe src="javascript:');
    expect(answer).toContain('链接0'); // refused links stay as text
    // Follow-up chips carry payloads as plain labels; clicking one sends it as text.
    await page.getByRole('button', { name: PAYLOADS[0], exact: true }).click();
    await page.waitForTimeout(300);
    expect(await injectionTraces(page)).toEqual([]);
    // The event card's register form is still a plain, working form.
    // The follow-up asked again, so the scripted answer (and its event card) is there twice: use the newest.
    await page
      .locator('article.card.event')
      .last()
      .getByRole('button', { name: /^报名：/ })
      .click();
    expect(await page.locator('article.card.event').last().locator('form input').count()).toBe(3);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('in a conversation planted in localStorage by another script', async () => {
    const { context, page, problems } = await openDemo();
    const key = await page.evaluate(() => {
      const el = document.querySelector('kepu-assistant');
      return `kepu-assistant:v1:${location.origin}:${el?.getAttribute('publishable-key')}`;
    });
    await page.evaluate(
      ([storageKey, cards, payload]) => {
        const turns = [
          { role: 'user', id: 'u1', text: payload },
          { role: 'assistant', id: 'a1', status: 'done', text: payload, cards, citations: [], followUps: [] },
        ];
        localStorage.setItem(storageKey as string, JSON.stringify({ turns }));
      },
      [key, hostileCards(), corpus] as const,
    );
    await page.reload();
    await page.locator('kepu-assistant').getByRole('button', { name: '科普助手', exact: true }).click();
    await page.locator('article.card.place').waitFor();
    await page.waitForTimeout(300);
    expect(await injectionTraces(page)).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });
});

describe('failures are explained, with a way forward', () => {
  const envelope = (code: string, message: string) =>
    JSON.stringify({ error: { code, message, requestId: 'req_test_1' } });

  it('rate limited: says when to retry; retry then answers', async () => {
    const { context, page, problems } = await openDemo();
    let calls = 0;
    await scriptChat(page, (route) => {
      calls += 1;
      if (calls === 1) {
        return route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '30' },
          body: envelope('rate_limited', 'Too many questions.'),
        });
      }
      return fulfillSse(route, answerEvents({ text: '现在可以回答了。' }));
    });
    await ask(page, '测试');
    const alert = page.locator('kepu-assistant-panel [role="alert"]');
    await expect.poll(() => alert.textContent()).toContain('请在 30 秒后重试');
    await page.getByRole('button', { name: '重试' }).click();
    await page.locator('.answer').getByText('现在可以回答了。').waitFor();
    expect(await alert.count()).toBe(0);
    await context.close();
    expect(problems).toEqual([`HTTP 429 POST ${server.url}/v1/assistant/chat`]);
  });

  it('server error: says so with the request id; a broken stream counts as an error too', async () => {
    const { context, page, problems } = await openDemo();
    let calls = 0;
    await scriptChat(page, (route) => {
      calls += 1;
      if (calls === 1) {
        return route.fulfill({ status: 500, contentType: 'application/json', body: envelope('internal_error', 'x') });
      }
      // Cut after a delta: no `done` event.
      return route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: 'event: meta\ndata: {"conversationId":"c","messageId":"m","intent":"science_qa"}\n\nevent: delta\ndata: {"text":"一半"}\n\n',
      });
    });
    await ask(page, '测试');
    const alert = page.locator('kepu-assistant-panel [role="alert"]');
    await expect.poll(() => alert.textContent()).toContain('服务暂时出了问题，请稍后重试。（req_test_1）');
    await page.getByRole('button', { name: '重试' }).click();
    await expect.poll(() => alert.textContent()).toContain('请检查网络连接');
    await context.close();
    expect(problems).toEqual([`HTTP 500 POST ${server.url}/v1/assistant/chat`]);
  });

  it('offline: says to check the connection; retry works once back online', async () => {
    const { context, page, problems } = await openDemo();
    await scriptChat(page, (route) => fulfillSse(route, answerEvents({ text: '又连上了。' })));
    await context.setOffline(true);
    await ask(page, '测试');
    const alert = page.locator('kepu-assistant-panel [role="alert"]');
    await expect.poll(() => alert.textContent()).toContain('网络已断开');
    await context.setOffline(false);
    await page.getByRole('button', { name: '重试' }).click();
    await page.locator('.answer').getByText('又连上了。').waitFor();
    await context.close();
    expect(problems).toEqual([]);
  });

  it('stop: cancels the answer in flight and gives the send button back', async () => {
    const { context, page, problems } = await openDemo();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await scriptChat(page, async (route) => {
      await held;
      await route.abort().catch(() => {});
    });
    await ask(page, '测试');
    await page.getByText('正在思考…').waitFor();
    await page.getByRole('button', { name: '停止生成' }).click();
    await page.getByText('已停止生成。').waitFor();
    await page.getByRole('button', { name: '发送' }).waitFor();
    release();
    await context.close();
    expect(problems).toEqual([]);
  });

  it('a question asked while an answer streams stops that answer and keeps both in order', async () => {
    const { context, page, problems } = await openDemo();
    let calls = 0;
    await scriptChat(page, async (route) => {
      calls += 1;
      if (calls === 1) {
        await new Promise((resolve) => setTimeout(resolve, 3000)); // still "thinking" when the page asks again
        await route.abort().catch(() => {});
        return;
      }
      await fulfillSse(route, answerEvents({ text: '第二个问题的回答。' }));
    });
    await ask(page, '第一个问题');
    await page.getByText('正在思考…').waitFor();
    await page
      .locator('kepu-assistant')
      .evaluate((el) => (el as HTMLElementTagNameMap['kepu-assistant']).ask('第二个问题'));
    await page.locator('.answer').getByText('第二个问题的回答。').waitFor();
    await page.waitForTimeout(3500); // the first request settles after the second answer
    const turns = await page
      .locator('.turn')
      .evaluateAll((els) => els.map((e) => e.textContent?.replace(/\s+/g, ' ').trim()));
    expect(turns).toHaveLength(4);
    expect(turns[0]).toContain('第一个问题');
    expect(turns[1]).toContain('已停止生成。');
    expect(turns[2]).toContain('第二个问题');
    expect(turns[3]).toContain('第二个问题的回答。');
    await context.close();
    expect(problems).toEqual([]);
  });

  it('a wrong publishable key: tells the visitor the site is misconfigured, without a useless retry', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/`);
    await page.locator('kepu-assistant').evaluate((el) => el.setAttribute('publishable-key', `pk_${'0'.repeat(32)}`));
    await page.locator('kepu-assistant').getByRole('button', { name: '科普助手', exact: true }).click();
    await ask(page, '测试');
    const alert = page.locator('kepu-assistant-panel [role="alert"]');
    await expect.poll(() => alert.textContent()).toContain('联系网站管理员');
    expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
    await context.close();
    expect(problems).toEqual([`HTTP 401 POST ${server.url}/v1/sessions`]);
  });
});
