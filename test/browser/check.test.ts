import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';

/** checkPage itself: each of its checks fails on a page that breaks it, and passes a good one. */
describe.skipIf(!browserAvailable())('checkPage', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const shell = (body: string) =>
    `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width,initial-scale=1"><title>Test page</title><style>body{margin:0;font:19px/25px sans-serif} button{min-height:44px;min-width:44px;font:inherit}</style></head><body><main><h1>Test page</h1>${body}</main></body></html>`;

  async function withPage(html: string, run: (page: Page) => Promise<void>) {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await page.setContent(html);
      await run(page);
    } finally {
      await context.close();
    }
  }

  it('passes a page that fits, has big targets and nothing for axe', async () => {
    await withPage(shell('<p>Some words.</p><button type="button">Continue</button>'), (page) =>
      checkPage(page).then(() => undefined),
    );
  });

  it('fails a page that scrolls sideways at 360 px', async () => {
    await withPage(shell('<div style="width:380px">wide</div>'), async (page) => {
      await expect(checkPage(page)).rejects.toThrow(/scrolls sideways at 360 px/);
    });
  });

  it('fails a button smaller than 44×44 px, and a link that stands alone, but not one in a sentence', async () => {
    await withPage(
      shell('<button type="button" style="min-height:20px">Go</button>'),
      async (page) => {
        await expect(checkPage(page)).rejects.toThrow(/targets too small/);
      },
    );
    await withPage(shell('<ul><li><a href="/x">Alone</a></li></ul>'), async (page) => {
      await expect(checkPage(page)).rejects.toThrow(/a "Alone" is \d+×\d+ px/);
    });
    await withPage(shell('<p>Read <a href="/x">the rules</a> first.</p>'), (page) =>
      checkPage(page).then(() => undefined),
    );
  });

  it('fails a control pushed off the screen', async () => {
    await withPage(
      shell('<div style="overflow:hidden"><button style="margin-left:400px">Far</button></div>'),
      async (page) => {
        await expect(checkPage(page)).rejects.toThrow(/outside the screen/);
      },
    );
  });

  it('fails a page axe finds a violation on (an input with no label)', async () => {
    await withPage(shell('<input type="text" name="x">'), async (page) => {
      await expect(checkPage(page)).rejects.toThrow(/label \(critical\)/);
    });
  });
});
