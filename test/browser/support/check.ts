import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0–2.2 A and AA, and axe's best practices: the issue asks for both. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The phone widths every page must fit without sideways scrolling. */
export const PHONE_WIDTHS = [360, 390] as const;

/** What was seen on one page, kept so a run can report the widest document and axe's findings. */
export interface PageReport {
  url: string;
  title: string;
  /** document.documentElement.scrollWidth at each phone width. */
  widths: Record<number, number>;
  axeViolations: number;
}
export const seen: PageReport[] = [];

interface Target {
  what: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/**
 * Every control a person must press: buttons, radios and checkboxes, and links that stand on their
 * own (in a list, a table cell, the header, a button-like link). A link inside running text is
 * exempt, as WCAG 2.5.8 exempts inline targets: its size is the sentence's.
 */
function targetsInPage(): Target[] {
  const inline = (a: Element) => {
    let block = a.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline'))
      block = block.parentElement;
    const own = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
    const around = (block?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return around.length > own.length;
  };
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Clipped to nothing (a skip link until it has focus, GOV.UK's visually-hidden) is not on screen.
    const clipped = style.clipPath.startsWith('inset(50%');
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !clipped;
  };
  const controls = Array.from(
    document.querySelectorAll(
      'button, input[type=submit], input[type=radio], input[type=checkbox], a[href]',
    ),
  ).filter((el) => !(el.tagName === 'A' && inline(el)));
  return controls.filter(visible).map((el) => {
    const r = el.getBoundingClientRect();
    const label = (el.textContent || (el as HTMLInputElement).value || el.id || '').trim();
    return {
      what: `${el.tagName.toLowerCase()} "${label.slice(0, 40)}"`,
      left: r.left + scrollX,
      top: r.top + scrollY,
      right: r.right + scrollX,
      bottom: r.bottom + scrollY,
      width: r.width,
      height: r.height,
    };
  });
}

async function phoneProblems(page: Page, width: number, report: PageReport): Promise<string[]> {
  const sizes = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  report.widths[width] = sizes.scrollWidth;
  const wide =
    sizes.scrollWidth > sizes.innerWidth
      ? [`scrolls sideways at ${width} px (document ${sizes.scrollWidth} px wide)`]
      : [];
  return [...wide, ...(await targetProblems(page, `${width} px`))];
}

async function targetProblems(page: Page, at: string): Promise<string[]> {
  // Sent as source text, so nothing the test's bundler adds to the function travels with it.
  const { targets, innerWidth } = (await page.evaluate(
    `({ targets: (${targetsInPage.toString()})(), innerWidth: window.innerWidth })`,
  )) as { targets: Target[]; innerWidth: number };
  const problems: string[] = [];
  for (const t of targets) {
    if (t.left < 0 || t.right > innerWidth + 0.5) problems.push(`${t.what} is outside the screen`);
    if (t.width < 43.5 || t.height < 43.5)
      problems.push(`${t.what} is ${Math.round(t.width)}×${Math.round(t.height)} px`);
  }
  return problems.length
    ? [`at ${at}: targets too small or off screen: ${problems.join('; ')}`]
    : [];
}

async function axe(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // newPage adds axe to every document it opens; a page made another way gets it here.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: any) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  }, AXE_TAGS);
}

/**
 * The checks every page passes, wherever it is in a journey: no sideways scrolling at 360 and
 * 390 px, every control a person must press inside the screen and at least 44×44 px, and no axe
 * violation of any impact (WCAG 2.2 AA and best practice). The page is put back at the size it
 * was, and the checks at that size run too. Returns what was seen and every problem, without
 * throwing, so a table of pages can report them all at once.
 */
export async function inspectPage(
  page: Page,
  options: { phoneWidths?: boolean } = {},
): Promise<{ report: PageReport; problems: string[] }> {
  const original = page.viewportSize()!;
  const report: PageReport = {
    url: new URL(page.url()).pathname,
    title: await page.title(),
    widths: {},
    axeViolations: 0,
  };
  const problems: string[] = [];
  if (options.phoneWidths !== false) {
    // The size the page is at is measured where it is; the other widths each need a resize.
    const here = PHONE_WIDTHS.find((w) => w === original.width);
    if (here) problems.push(...(await phoneProblems(page, here, report)));
    try {
      for (const width of PHONE_WIDTHS.filter((w) => w !== here)) {
        await page.setViewportSize({ width, height: 800 });
        problems.push(...(await phoneProblems(page, width, report)));
      }
    } finally {
      await page.setViewportSize(original);
    }
  }
  if (!PHONE_WIDTHS.includes(original.width as 360))
    problems.push(...(await targetProblems(page, `${original.width} px`)));
  const violations = await axe(page);
  report.axeViolations = violations.length;
  seen.push(report);
  problems.push(
    ...violations.map((v) => `axe violations: ${v.id} (${v.impact}): ${v.nodes.join(' | ')}`),
  );
  return { report, problems };
}

/** inspectPage, failing the test on the first page with a problem. */
export async function checkPage(page: Page): Promise<PageReport> {
  const { report, problems } = await inspectPage(page);
  // Thrown in full: vitest shortens long strings in an expect() failure, hiding which control.
  if (problems.length) throw new Error(`${page.url()}:\n${problems.join('\n')}`);
  return report;
}
