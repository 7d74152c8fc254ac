import { existsSync } from 'node:fs';
import { AXE_SOURCE } from './check.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core. No browser can be downloaded on these machines,
 * so we never call `playwright install`: the executable is the system one (or KINDLING_CHROMIUM).
 */
const CANDIDATES = [
  process.env.KINDLING_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => !!p);

export const chromiumPath: string | undefined = CANDIDATES.find((p) => existsSync(p));

let warned = false;
/**
 * True when the browser suite can run. Without Chromium it says so once, loudly, with what to
 * install; under CI=true that is a failure, as a missing hledger is.
 */
export function browserAvailable(): boolean {
  if (chromiumPath) return true;
  const line =
    '*** BROWSER SUITE NOT RUN: no Chromium found (looked for KINDLING_CHROMIUM, /usr/bin/chromium). Install it with `apt-get install -y chromium`. ***';
  if (process.env.CI === 'true') throw new Error(line);
  if (!warned) console.warn(line);
  warned = true;
  return false;
}

/** PLATFORM.md's flags: headless, no sandbox (root in CI), and nothing that reaches the network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath!, args: FLAGS, headless: true });
}

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;
export type Viewport = { width: number; height: number };

/** A fresh context (its own cookies) at a viewport; en-GB, as the people who use Kindling. */
export async function newPage(
  browser: Browser,
  viewport: Viewport,
): Promise<{ context: BrowserContext; page: Page }> {
  // Scripts stay enabled only so the checks can evaluate in the page; our pages have none and
  // their CSP would refuse any.
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  // axe-core in every document before it loads: injecting 600 KB per page after load cost
  // 0.3–0.6 s a page. It is added by the browser, not the page, so the pages' CSP is untouched.
  await context.addInitScript({ content: AXE_SOURCE });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Counts the documents the browser loads in the main frame (each navigation, each form post and
 * its redirect's final page), so a journey can be held to a number of page loads.
 */
export function countPageLoads(page: Page): { count(): number; reset(): void } {
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  return {
    count: () => loads,
    reset: () => {
      loads = 0;
    },
  };
}
