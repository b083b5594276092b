import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); playwright's own browsers are never downloaded. */
export const CHROMIUM = process.env.KEPU_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No chromium at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (or set KEPU_CHROMIUM).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Screenshots are always taken (rendering them is part of the test); they replace the ones in docs/images only when
 * asked with `KEPU_UPDATE_SCREENSHOTS=1`, so an ordinary `pnpm test` leaves the working tree as it was.
 */
export const SCREENSHOT_DIR =
  process.env.KEPU_UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../docs/images/', import.meta.url))
    : path.join(tmpdir(), 'kepu-widget-screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Collects what must never happen on a page: CSP violations, uncaught errors, console errors, dialogs (XSS). */
export function watchPage(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests are reported below with their URL; anything else logged as an error is a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/** axe-core's source, injected into the page under test (a script the page's CSP does not govern: CDP). */
export const AXE_SOURCE_PATH = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
