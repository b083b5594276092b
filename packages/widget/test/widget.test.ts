/**
 * <kepu-assistant> in Debian's chromium against the real server (`startServer` with demo data, in-memory PGlite),
 * on the real demo and example pages with their strict CSP (`script-src 'self'; style-src 'self'`).
 * Real end to end: bundle serving, widget sessions, the assistant's streamed answer, the rumour card from the demo
 * data, the event card of an event published through the API and the registration it leads to, feedback. Scripted
 * (page.route) only in the host-API and inline-example tests, whose point is the page's side.
 */
import { Kepu } from '@kepu/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetSessions } from '../../server/src/db/schema/access.js';
import type { RunningServer } from '../../server/src/server.js';
import { startServer } from '../../server/src/server.js';
import { memoryLogger, testConfig } from '../../server/src/test/app.js';
import { createTestKey } from '../../server/src/test/database.js';
import { launchBrowser, screenshot, watchPage } from './browser.js';
import { ensureBundle } from './bundle.js';
import { answerEvents, axeViolations, deepActive, fulfillSse, scriptChat } from './helpers.js';

let server: RunningServer;
// Answered from the demo data set's reviewed rumour entries.
const QUESTION = '喝隔夜茶会致癌吗？';
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

async function openPage(path: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  const page = await context.newPage();
  const problems = watchPage(page);
  const response = await page.goto(`${server.url}${path}`);
  return { context, page, problems, response };
}

const launcher = (page: Page) => page.locator('kepu-assistant').getByRole('button', { name: '科普助手', exact: true });
const input = (page: Page) => page.getByRole('textbox', { name: '输入你的问题' });

async function closeAll(context: BrowserContext, problems: string[]) {
  await context.close();
  expect(problems).toEqual([]);
}

/**
 * Saturday of next week, 10:00 in Asia/Shanghai: weeks start on Monday, so asked on a Sunday 下周末 is six days on
 * (the assistant reads 下周末 the same way).
 */
function nextWeekendSaturday10am(): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday'));
  const today10am = new Date(`${part('year')}-${part('month')}-${part('day')}T10:00:00+08:00`);
  return new Date(today10am.getTime() + (12 - ((weekday + 6) % 7)) * 86_400_000);
}

describe('<kepu-assistant> on the demo page (real server)', () => {
  it('is used by keyboard alone: open, ask a rumour, read the verdict card, close — under strict CSP, axe-clean', async () => {
    const { context, page, problems, response } = await openPage('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'; style-src 'self'");
    const authHeaders: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/assistant/chat')) authHeaders.push(r.headers().authorization ?? '');
    });

    await launcher(page).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Tab from the top of the page to the launcher (it comes last in the tab order).
    for (let i = 0; i < 40 && (await deepActive(page)).className !== 'launcher'; i++) await page.keyboard.press('Tab');
    expect((await deepActive(page)).className).toBe('launcher');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await deepActive(page)).id).toBe('kepu-input');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');

    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    const card = page.locator('article.card.rumour');
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.locator('.badge').textContent()).toBe('谣言');
    expect(await card.locator('.badge').getAttribute('class')).toContain('false');
    expect(await card.locator('h3').textContent()).toContain('隔夜茶');
    expect(await card.textContent()).toContain('真相：');
    expect(await card.textContent()).toContain('审核专家');
    // The live region announces the finished answer once; the log is busy (silent) while it streams.
    await expect.poll(() => page.locator('[role="status"]').first().textContent()).toContain('助手已回答');
    expect(await page.locator('[role="log"]').getAttribute('aria-busy')).toBe('false');
    // The publishable key only opened a session; the question went with the short-lived session token.
    expect(authHeaders[0]).toMatch(/^Bearer st_/);
    await screenshot(page, 'widget-rumour-card');
    expect(await axeViolations(page)).toEqual([]);

    // Feedback: thumbs down asks for an optional reason; the rating is stored on the server.
    await page.getByRole('button', { name: '没帮助' }).click();
    await page.getByRole('textbox', { name: '哪里不好？（可选）' }).fill('想看更多来源');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role="status"]').first().textContent()).toBe('感谢反馈！');

    await input(page).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('kepu-assistant').getAttribute('open')).toBeNull();
    expect((await deepActive(page)).className).toBe('launcher');
    await closeAll(context, problems);
  });

  it('keeps the conversation across a reload, and "new conversation" forgets it here and in localStorage', async () => {
    const { context, page, problems } = await openPage('/');
    await launcher(page).click();
    await input(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    await page.locator('article.card.rumour').waitFor({ timeout: 15_000 });
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^kepu-assistant:v1:http:\/\/localhost:\d+:pk_demo/);

    await page.reload();
    await launcher(page).click();
    await page.locator('article.card.rumour').waitFor();
    await page.getByRole('button', { name: '新对话' }).click();
    expect(await page.locator('article.card').count()).toBe(0);
    // Back to the start: the suggested questions are the server's.
    const suggestions = await new Kepu({ baseURL: server.url, apiKey: null }).assistant.suggestions({ limit: 4 });
    expect(suggestions.data.length).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.locator('.intro .chips button').allTextContents()).map((t) => t.trim()))
      .toEqual(suggestions.data.map((x) => x.text));
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    await closeAll(context, problems);
  });

  it('renews a session the server no longer accepts, once, without bothering the visitor', async () => {
    const { context, page, problems } = await openPage('/');
    const sessionsCreated: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/sessions')) sessionsCreated.push(r.method());
    });
    await launcher(page).click();
    await input(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    await page.locator('article.card.rumour').waitFor({ timeout: 15_000 });
    // The session lapses on the server (as after 15 minutes); the next question is still answered.
    await server.database.db.update(widgetSessions).set({ expiresAt: new Date(Date.now() - 1000) });
    await input(page).fill(QUESTION);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('article.card.rumour').count(), { timeout: 15_000 }).toBe(2);
    expect(sessionsCreated).toEqual(['POST', 'POST']);
    expect(await page.locator('kepu-assistant-panel [role="alert"]').count()).toBe(0);
    await context.close();
    expect(problems).toEqual([`HTTP 401 POST ${server.url}/v1/assistant/chat`]);
  });

  it('asks for next weekend in 南山 for a 9-year-old, and registers from the event card with the inline form', async () => {
    // An event the organiser publishes through the API: next weekend's Saturday, 10:00 in Shenzhen, for ages 7–12.
    const staff = await createTestKey(server.database, { scopes: ['events:write', 'registrations:read'] });
    const kepu = new Kepu({ baseURL: server.url, apiKey: staff.token, maxRetries: 0 });
    const start = nextWeekendSaturday10am();
    const event = await kepu.events.create({
      title: '少儿机器人编程工作坊',
      summary: '动手搭建和编程小机器人',
      type: 'workshop',
      district: '南山区',
      venueName: '南山青少年科技馆',
      address: '南山区科技园',
      audience: { minAge: 7, maxAge: 12 },
      topics: ['机器人'],
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
      capacity: 20,
    });
    const occurrence = event.occurrences[0];
    if (!occurrence) throw new Error('the event has no occurrence');

    const { context, page, problems } = await openPage('/');
    await launcher(page).click();
    // The assistant's event search needs a topic word besides the time and place (see the report on issue 9).
    await input(page).fill('下周末南山区有适合9岁孩子的机器人活动吗？');
    await page.keyboard.press('Enter');
    const card = page.locator('article.card.event', { hasText: event.title });
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain('剩余名额 20');

    await card.getByRole('button', { name: `报名：${event.title}` }).click();
    await expect.poll(async () => (await deepActive(page)).tag).toBe('input');
    // A wrong mobile is caught before sending, with the field marked and focused.
    await card.getByLabel('姓名').fill('李测试');
    await card.getByLabel('手机号').fill('12345');
    await card.getByRole('button', { name: '提交报名' }).click();
    expect(await card.getByLabel('手机号').getAttribute('aria-invalid')).toBe('true');
    await card.getByLabel('手机号').fill('13800138000');
    await card.getByRole('button', { name: '提交报名' }).click();
    await card.getByText('报名成功！').waitFor();
    expect(await card.textContent()).toMatch(/签到码：\S{4,}/);
    expect(await card.textContent()).toContain('剩余名额 19'); // the card counts the seat just taken
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'widget-event-registration');

    const registrations = await kepu.registrations.list(event.id, occurrence.id, { reason: 'widget browser test' });
    expect(registrations.data.map((r) => [r.name, r.mobile, r.status])).toEqual([
      ['李测试', '13800138000', 'confirmed'],
    ]);
    await closeAll(context, problems);
  });

  it('fills the screen on a phone, and the launcher hides while open', async () => {
    const { context, page, problems } = await openPage('/', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await launcher(page).tap();
    await input(page).waitFor();
    const box = await page.locator('kepu-assistant-panel').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    expect(await launcher(page).isVisible()).toBe(false);
    await input(page).fill(QUESTION);
    await page.getByRole('button', { name: '发送' }).tap();
    await page.locator('article.card.rumour').waitFor({ timeout: 15_000 });
    await screenshot(page, 'widget-mobile');
    await page.getByRole('button', { name: '关闭' }).tap();
    expect(await launcher(page).isVisible()).toBe(true);
    await closeAll(context, problems);
  });
});

describe('the host API', () => {
  it('ask(), close(), reset() and the page events; register can be taken over; English loads on demand; ephemeral', async () => {
    const { context, page, problems } = await openPage('/');
    const requests = await scriptChat(page, (route) =>
      fulfillSse(
        route,
        answerEvents({
          text: 'Here is one.',
          cards: [
            {
              type: 'event',
              id: 'evt_host_api',
              occurrenceId: 'occ_host_api',
              title: 'Robot workshop',
              startsAt: '2026-12-12T10:00:00+08:00',
              endsAt: '2026-12-12T12:00:00+08:00',
              seatsLeft: 5,
              free: true,
              registrationOpen: true,
            },
          ],
        }),
      ),
    );
    await page.evaluate(() => {
      const el = document.querySelector('kepu-assistant');
      if (!el) throw new Error('no <kepu-assistant>');
      el.setAttribute('lang', 'en');
      el.setAttribute('ephemeral', '');
      const seen: unknown[] = [];
      (window as unknown as { seen: unknown[] }).seen = seen;
      for (const type of ['kepu-open', 'kepu-close', 'kepu-message', 'kepu-card-action']) {
        el.addEventListener(type, (e) => {
          const detail = (e as CustomEvent).detail as Record<string, unknown> | null;
          seen.push({ type, role: detail?.role, status: detail?.status, action: detail?.action });
          if (type === 'kepu-card-action') e.preventDefault(); // the page runs its own registration
        });
      }
    });
    await page
      .locator('kepu-assistant')
      .evaluate((el) => (el as HTMLElementTagNameMap['kepu-assistant']).ask('Any workshops?'));
    const card = page.locator('article.card.event');
    await card.waitFor();
    expect(await page.getByRole('textbox', { name: 'Your question' }).count()).toBe(1);
    expect(requests[0]).toMatchObject({
      context: { lang: 'en' },
      messages: [{ role: 'user', content: 'Any workshops?' }],
    });
    await card.getByRole('button', { name: 'Register: Robot workshop' }).click();
    expect(await card.locator('form').count()).toBe(0); // the page called preventDefault()
    await page.locator('kepu-assistant').evaluate((el) => (el as HTMLElementTagNameMap['kepu-assistant']).close());
    await page.locator('kepu-assistant').evaluate((el) => (el as HTMLElementTagNameMap['kepu-assistant']).reset());
    expect(await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toEqual([
      { type: 'kepu-open' },
      { type: 'kepu-message', role: 'user' },
      { type: 'kepu-message', role: 'assistant', status: 'done' },
      { type: 'kepu-card-action', action: 'register' },
      { type: 'kepu-close' },
    ]);
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    await closeAll(context, problems);
  });
});

describe('the examples', () => {
  it('partner site: one script tag with data-* attributes adds the launcher; the page CSS does not leak in', async () => {
    const { context, page, problems } = await openPage('/examples/partner-site/');
    const element = page.locator('kepu-assistant');
    await launcher(page).waitFor();
    expect(await element.getAttribute('publishable-key')).toMatch(/^pk_demo/);
    expect(await element.getAttribute('context')).toBe('{"district":"南山区"}');
    // The page styles every <button> brown, 20px Georgia; the launcher keeps its own look.
    const style = await launcher(page).evaluate((b) => {
      const s = getComputedStyle(b);
      return { background: s.backgroundColor, font: s.fontFamily };
    });
    expect(style.background).toBe('rgb(11, 87, 208)');
    expect(style.font).not.toContain('Georgia');
    await screenshot(page, 'example-partner-site');
    await closeAll(context, problems);
  });

  it('inline: the panel sits in the page section, sends the page context, follows the page theme (dark)', async () => {
    const { context, page, problems } = await openPage('/examples/inline/', { colorScheme: 'dark' });
    const requests = await scriptChat(page, (route) =>
      fulfillSse(route, answerEvents({ text: '好的，我按**南山区**和 9 岁来找。', followUps: ['有免费的吗？'] })),
    );
    await input(page).fill('周末有什么活动？');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '有免费的吗？' }).waitFor();
    expect(requests[0]).toMatchObject({
      stream: true,
      context: { district: '南山区', age: 9, lang: 'zh-CN' },
      messages: [{ role: 'user', content: '周末有什么活动？' }],
    });
    const header = await page
      .locator('kepu-assistant-panel header')
      .evaluate((h) => getComputedStyle(h).backgroundColor);
    expect(header).toBe('rgb(143, 209, 158)'); // --kepu-color-accent from the page's dark theme
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'example-inline-dark');
    await closeAll(context, problems);
  });
});
