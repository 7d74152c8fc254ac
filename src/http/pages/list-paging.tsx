import type { FC } from 'hono/jsx';
import { parseCursor, type Page } from '../../core/paging.js';
import type { DateParts } from './form.js';
import { readDate, type PageContext } from './kit.js';

/**
 * Lists on the web read the same keyset pages as the API, a fixed number of rows at a time, and
 * show GOV.UK's pagination: Previous and Next links, no script. A keyset cursor only runs forward,
 * so each link carries the cursors of the pages before it (`prev`, '' for the first page); the
 * trail is capped, and past the cap "Previous" falls back to the first page.
 */
export const WEB_PAGE_SIZE = 25;
const TRAIL_CAP = 20;

export interface Paging {
  after: string | null;
  prev: string[];
  page: Page;
}

/** Where this page starts and the pages before it; a cursor we did not give out is a 422. */
export function pagingOf(c: PageContext): Paging {
  const after = c.req.query('after') || null;
  const prev = (c.req.queries('prev') ?? []).slice(-TRAIL_CAP).map((p) => p.slice(0, 200));
  return { after, prev, page: { after: parseCursor(after), limit: WEB_PAGE_SIZE } };
}

/** A date filter from its three boxes: absent when all are empty, else judged like any date. */
export function dateFilter(
  c: PageContext,
  id: string,
  what: string,
): { parts: DateParts; iso?: string; error?: string } {
  const parts = {
    day: c.req.query(`${id}-day`)?.trim() ?? '',
    month: c.req.query(`${id}-month`)?.trim() ?? '',
    year: c.req.query(`${id}-year`)?.trim() ?? '',
  };
  if (!parts.day && !parts.month && !parts.year) return { parts };
  const date = readDate(parts, what);
  return date.ok ? { parts, iso: date.iso } : { parts, error: date.message };
}

/** The filters as they were asked, to carry into every page link. */
export function filterQuery(c: PageContext, names: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const name of names) {
    const v = c.req.query(name)?.trim();
    if (v) out.push([name, v]);
  }
  return out;
}

function href(base: string, filters: [string, string][], after: string | null, prev: string[]) {
  const q = new URLSearchParams(filters);
  if (after) q.set('after', after);
  for (const p of prev) q.append('prev', p);
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export const Pagination: FC<{
  base: string;
  filters: [string, string][];
  paging: Paging;
  next: string | null;
  /** What is listed, for the links' hidden words ("applications"). */
  what: string;
}> = ({ base, filters, paging, next, what }) => {
  const { after, prev } = paging;
  const previous =
    after === null ? null : href(base, filters, prev[prev.length - 1] || null, prev.slice(0, -1));
  const following = next ? href(base, filters, next, [...prev, after ?? '']) : null;
  if (!previous && !following) return null;
  return (
    <nav class="pagination" aria-label={`Pages of ${what}`}>
      {previous && (
        <div class="pagination__prev">
          <a href={previous} rel="prev">
            Previous<span class="visually-hidden"> page of {what}</span>
          </a>
        </div>
      )}
      {following && (
        <div class="pagination__next">
          <a href={following} rel="next">
            Next<span class="visually-hidden"> page of {what}</span>
          </a>
        </div>
      )}
    </nav>
  );
};
