import type { Role } from '../../../src/core/context.js';
import type { RunningApp } from './server.js';

/**
 * Not web pages for people: the JSON API and its reference (which is about ids and ISO dates on
 * purpose), health checks, and downloads (PDF, CSV), which are checked where they are made.
 */
const NOT_PAGES = [/^\/v1(\/|$)/, /^\/health/, /^\/openapi\.json$/, /^\/docs$/, /\.(pdf|csv)$/];

/**
 * Every page the app serves, read from the app's own route list: a page added tomorrow is in the
 * table without touching the test (a new path parameter needs a sample, and the test says so).
 */
export function pageRoutes(app: RunningApp): string[] {
  const paths = app.routes
    .filter((r) => r.method === 'GET' && !r.path.includes('*'))
    .map((r) => r.path)
    .filter((p) => !NOT_PAGES.some((x) => x.test(p)));
  return [...new Set(paths)].sort();
}

/** A person in a role: a holder may be the budget's holder or a co-holder on someone else's. */
export interface Persona {
  name: string;
  role: Role;
  holder?: string;
}

/** Fills a route's parameters (`:award`) with a sample for this persona. */
export function fill(
  route: string,
  persona: Persona,
  samples: Record<string, string | ((p: Persona) => string)>,
): string {
  return route.replace(/:(\w+)/g, (_, name: string) => {
    const sample = samples[name];
    if (sample === undefined)
      throw new Error(
        `The page ${route} has a parameter :${name} with no sample: add one to the samples in test/browser/pages.test.ts.`,
      );
    return encodeURIComponent(typeof sample === 'function' ? sample(persona) : sample);
  });
}

/** One line of the per-page table the lead pastes into the issue. */
export interface TableRow {
  page: string;
  role: string;
  size: string;
  status: number | string;
  violations: number | string;
  width360: number | string;
  problems: string[];
}

export function formatTable(rows: TableRow[]): string {
  const head = ['page', 'role', 'size', 'status', 'axe violations', 'width at 360'];
  const cells = rows.map((r) => [
    r.page,
    r.role,
    r.size,
    String(r.status),
    String(r.violations),
    String(r.width360),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
