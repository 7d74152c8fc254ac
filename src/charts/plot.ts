import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { formatMinor, parseAmount } from '../core/money.js';

/**
 * Charts as SVG text, drawn on the server with Observable Plot over linkedom's DOM, so the same
 * code runs on Node and in workerd and the pages stay script-free. Values are integer pence all
 * the way to the pixel: Plot scales them, and axis labels are formatted from pence with
 * decimal.js (formatMinor), so no money is ever a float here either. Each chart is an image with
 * a title and a description for screen readers; the figures it shows are also in a table beside
 * it, which is what anyone who cannot see it reads.
 */

/**
 * One bar: money (a decimal string from the report, "120.00") or a count. A cell the report
 * suppressed ("fewer than 5", "suppressed") gets no bar, only those words, so a picture never
 * shows what the table hides.
 */
export interface Bar {
  label: string;
  amount?: string;
  count?: number | string;
}

export interface Chart {
  title: string;
  svg: string;
}

const BLUE = '#1d70b8';
// Drawn for a phone: at 420 units wide a 14-unit font is still about 12 px on a 360 px screen,
// and wider screens cap the chart (the page's CSS) rather than shrink its words.
const WIDTH = 420;
const FONT = '14px';

const minorOf = (amount: string) => {
  const parsed = parseAmount(amount);
  return parsed.ok ? parsed.minor : 0;
};

/** "£1,200" or "£12.50" from pence; blank for a fractional tick (never money). */
export function poundsTick(minor: number): string {
  if (!Number.isSafeInteger(minor)) return '';
  const [whole = '0', pence = '00'] = formatMinor(Math.abs(minor)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '−' : ''}£${grouped}${pence === '00' ? '' : `.${pence}`}`;
}

function finish(figure: Element, title: string, description: string): Chart {
  const doc = figure.ownerDocument;
  // Plot names its marks' groups (aria-label on <g>), which ARIA forbids on an element without a
  // role; inside an image the parts are not read anyway: the image's title and description are.
  for (const part of Array.from(figure.querySelectorAll('[aria-label],[aria-description]'))) {
    part.removeAttribute('aria-label');
    part.removeAttribute('aria-description');
  }
  figure.setAttribute('role', 'img');
  figure.setAttribute('aria-label', title);
  const t = doc.createElementNS('http://www.w3.org/2000/svg', 'title');
  t.textContent = title;
  const d = doc.createElementNS('http://www.w3.org/2000/svg', 'desc');
  d.textContent = description;
  figure.insertBefore(d, figure.firstChild);
  figure.insertBefore(t, figure.firstChild);
  return { title, svg: figure.outerHTML };
}

const newDocument = () => parseHTML('<!doctype html><html><body></body></html>').document;

/** Horizontal bars, one per label, with the figure (or why there is none) at the end of each. */
export function barChart(title: string, bars: readonly Bar[]): Chart {
  const money = bars.some((b) => b.amount !== undefined);
  const data = bars.map((b) => {
    const shown = money ? b.amount : b.count;
    const value =
      typeof shown === 'number' ? shown : shown && /^\d+\.\d\d$/.test(shown) ? minorOf(shown) : 0;
    const words =
      typeof shown === 'string' && !/^\d/.test(shown)
        ? shown === 'suppressed'
          ? 'hidden'
          : shown
        : null;
    return {
      label: b.label,
      value,
      text: words ?? (money ? poundsTick(value) : String(value)),
    };
  });
  const tick = money ? poundsTick : (n: number) => (Number.isInteger(n) ? String(n) : '');
  // With nothing above zero Plot would stretch every bar across; a scale of nothing has no axis.
  const max = Math.max(0, ...data.map((d) => d.value));
  // Each label sits above its bar, at full width, so a long domain name is never cut short.
  const figure = Plot.plot({
    document: newDocument(),
    width: WIDTH,
    height: 40 + 52 * Math.max(1, data.length),
    marginLeft: 14,
    marginRight: 70,
    style: { fontSize: FONT },
    x: {
      label: null,
      tickFormat: tick,
      ticks: 3,
      grid: max > 0,
      nice: true,
      domain: [0, max || 1],
      axis: max ? 'bottom' : null,
    },
    y: { label: null, domain: data.map((d) => d.label), axis: null, paddingInner: 0.1 },
    marks: [
      Plot.barX(data, { x: 'value', y: 'label', fill: BLUE, insetTop: 24 }),
      Plot.text(data, {
        x: 0,
        y: 'label',
        text: 'label',
        textAnchor: 'start',
        dy: -11,
        fill: '#0b0c0c',
      }),
      Plot.text(data, {
        x: 'value',
        y: 'label',
        text: 'text',
        textAnchor: 'start',
        dx: 4,
        dy: 12,
        fill: '#0b0c0c',
        fontWeight: 'bold',
      }),
      Plot.ruleX([0]),
    ],
  }) as unknown as Element;
  const description = data.map((d) => `${d.label}: ${d.text}`).join('; ');
  return finish(figure, title, description || 'Nothing to show');
}

/** A line over the months, a dot at each month's end. */
export function lineChart(
  title: string,
  points: readonly { label: string; amount: string }[],
): Chart {
  const data = points.map((p) => ({ label: p.label, minor: minorOf(p.amount) }));
  // Room for the widest tick ("£1,000,000" at the top of a nice scale): about 9 units a character.
  const top = Math.max(0, ...data.map((d) => d.minor));
  const widest = poundsTick(10 ** String(Math.max(1, Math.floor(top / 100))).length * 100).length;
  const figure = Plot.plot({
    document: newDocument(),
    width: WIDTH,
    height: 260,
    marginLeft: Math.max(60, 12 + 9 * widest),
    marginRight: 20,
    style: { fontSize: FONT },
    x: { label: null, domain: data.map((d) => d.label), type: 'point', padding: 0.3 },
    y: { label: null, tickFormat: poundsTick, ticks: 4, grid: true, nice: true, zero: true },
    marks: [
      Plot.lineY(data, { x: 'label', y: 'minor', stroke: BLUE, strokeWidth: 3 }),
      Plot.dot(data, { x: 'label', y: 'minor', fill: BLUE, r: 4 }),
      Plot.ruleY([0]),
    ],
  }) as unknown as Element;
  const description = data.map((d) => `${d.label}: ${poundsTick(d.minor)}`).join('; ');
  return finish(figure, title, description || 'Nothing to show');
}
