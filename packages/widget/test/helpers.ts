import { readFile } from 'node:fs/promises';
import type { Card, ChatStreamEvent } from '@kepu/sdk';
import type { Page, Route } from 'playwright-core';
import { AXE_SOURCE_PATH } from './browser.js';

/** The focused element, looking through shadow roots (document.activeElement stops at the host). */
export function deepActive(page: Page) {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      className: String(el?.className ?? ''),
      text: el?.textContent?.trim() ?? '',
    };
  });
}

let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) in the page, shadow roots included; returns readable violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(AXE_SOURCE_PATH, 'utf8');
  // Evaluated over the DevTools protocol: the page's CSP governs the page's scripts, not the test's.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`,
  );
}

/** An SSE body in the documented format of `POST /v1/assistant/chat` with `stream: true`. */
export function sseBody(events: ChatStreamEvent[], messageId = 'msg_test'): string {
  return events.map((e, i) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\nid: ${messageId}:${i}\n\n`).join('');
}

/** A whole answer as the server streams it: meta, the text in a few deltas, cards, citations, done. */
export function answerEvents(options: {
  text: string;
  cards?: Card[];
  citations?: Extract<ChatStreamEvent, { event: 'citation' }>['data'][];
  followUps?: string[];
  messageId?: string;
}): ChatStreamEvent[] {
  const messageId = options.messageId ?? 'msg_test';
  const chunks = options.text.match(/[\s\S]{1,12}/g) ?? [];
  return [
    { event: 'meta', data: { conversationId: 'conv_test', messageId, intent: 'science_qa' } },
    ...chunks.map((text) => ({ event: 'delta' as const, data: { text } })),
    ...(options.cards ?? []).map((card) => ({ event: 'card' as const, data: card })),
    ...(options.citations ?? []).map((c) => ({ event: 'citation' as const, data: c })),
    { event: 'done', data: { followUps: options.followUps ?? [], timings: {} } },
  ];
}

/**
 * Answers the browser's next chat requests with scripted SSE bodies (everything else — sessions, registrations,
 * suggestions — still goes to the real server). Used where the real assistant cannot yet produce the needed output
 * (event cards: the events tool is not wired to the assistant) or must be made hostile (XSS corpus, errors).
 */
export async function scriptChat(page: Page, respond: (route: Route, body: unknown) => Promise<void> | void) {
  const requests: unknown[] = [];
  await page.route('**/v1/assistant/chat', async (route) => {
    const body: unknown = route.request().postDataJSON();
    requests.push(body);
    await respond(route, body);
  });
  return requests;
}

export function fulfillSse(route: Route, events: ChatStreamEvent[]) {
  return route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'access-control-allow-origin': '*' },
    body: sseBody(events),
  });
}
