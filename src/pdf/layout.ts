import type { Cell, FactsSection, Statement, TableSection } from '../core/statements/model.js';
import { fill, formatMoney, longDate, printable, wrapText } from './format.js';
import type { ColumnTemplate, SectionTemplate, Template } from './template.js';

/** What the layout draws on: a pdfkit document, or nothing at all while pages are counted. */
export interface Surface {
  newPage(): void;
  /** `width` is the text's width as `widthOf` measured it. */
  text(text: string, x: number, y: number, style: TextStyle, width: number): void;
  widthOf(text: string, font: TextStyle['font'], size: number): number;
  rule(x1: number, x2: number, y: number, colour: string): void;
}

export interface TextStyle {
  font: 'regular' | 'bold';
  size: number;
  colour: string;
}

/** Rows drawn between two yields, so a streaming response sends pages as they are made. */
const ROWS_PER_STEP = 200;

/**
 * Lays a statement out on lines of a fixed height. Long text wraps onto more lines (nothing is
 * ever cut off), so a row is as tall as its longest cell. It runs twice over the same rows: first
 * measuring only, to learn how many pages there will be, then drawing with "Page n of N". The
 * same code decides the breaks both times, from the same measurements, so they agree; the rows
 * are read from the database in each pass (by the same chain head, so they are the same rows).
 *
 * Yields now and then while drawing; returns the number of pages.
 */
export async function* layOut(
  statement: Statement,
  template: Template,
  surface: Surface,
  totalPages: number | null,
): AsyncGenerator<void, number> {
  const c = template.common;
  const drawing = totalPages !== null;
  const page = template.page;
  const left = c.page.margins.left;
  const right = page.width - c.page.margins.right;
  const row = c.text.row;
  const colours = { text: c.colours.text, muted: c.colours.muted };
  const regular: TextStyle = { font: 'regular', size: c.text.size, colour: colours.text };
  const bold: TextStyle = { ...regular, font: 'bold' };
  const muted: TextStyle = { ...regular, colour: colours.muted };
  const vars = headerVars(statement, template);

  /** The lines `text` takes in a box `width` wide. */
  const linesOf = (text: string, width: number, style: TextStyle): string[] =>
    text === ''
      ? []
      : wrapText(printable(text), width, (s) => surface.widthOf(s, style.font, style.size));
  /** Draws lines already wrapped, one under the other from `atY`. */
  const drawLines = (
    lines: readonly string[],
    x: number,
    atY: number,
    width: number,
    style: TextStyle,
    align: 'left' | 'right' = 'left',
    lineHeight = row,
  ) => {
    if (!drawing) return;
    lines.forEach((line, i) => {
      if (line === '') return;
      const w = surface.widthOf(line, style.font, style.size);
      surface.text(line, align === 'left' ? x : x + width - w, atY + i * lineHeight, style, w);
    });
  };

  // The header is the same on every page but the page number: wrapped once, its height fixed.
  const header = c.header.map((line) => {
    const style: TextStyle = { font: line.font, size: line.size, colour: colours[line.colour] };
    return {
      style,
      height: line.height,
      lines: linesOf(fill(line.text, vars), right - left, style),
    };
  });
  const headerHeight = header.reduce((sum, h) => sum + h.height * Math.max(1, h.lines.length), 0);
  const top = c.page.margins.top + headerHeight + 6;
  const bottom = page.height - c.page.margins.bottom - c.footer.height;

  let pageNumber = 0;
  let y = top;

  const newPage = () => {
    pageNumber += 1;
    surface.newPage();
    y = top;
    if (!drawing) return;
    const pageVars = { ...vars, page: String(pageNumber), pages: String(totalPages ?? 0) };
    let lineY = c.page.margins.top;
    for (const h of header) {
      drawLines(h.lines, left, lineY, right - left, h.style, 'left', h.height);
      lineY += h.height * Math.max(1, h.lines.length);
    }
    const footer: TextStyle = { ...muted, size: c.footer.size };
    const footerY = page.height - c.page.margins.bottom - c.footer.size;
    const rightText = printable(fill(c.footer.right, pageVars));
    const rightWidth = surface.widthOf(rightText, footer.font, footer.size);
    surface.rule(left, right, top - 4, c.colours.rule);
    surface.rule(left, right, bottom + 4, c.colours.rule);
    drawLines([rightText], left, footerY, right - left, footer, 'right');
    // The first of the footer's wordings that fits on the line: a shorter one rather than a cut.
    const room = right - left - rightWidth - 12;
    const fits = c.footer.left
      .map((t) => printable(fill(t, pageVars)))
      .find((t) => surface.widthOf(t, footer.font, footer.size) <= room);
    if (fits !== undefined) drawLines([fits], left, footerY, room, footer);
  };
  /** Starts a new page unless `height` fits below the cursor. */
  const ensure = (height: number): boolean => {
    if (y + height <= bottom) return false;
    newPage();
    return true;
  };
  const heading = (text: string, following: number) => {
    if (y > top) y += c.section.gap;
    const style = { ...bold, size: c.section.headingSize };
    const lines = linesOf(fill(text, vars), right - left, style);
    const height = c.section.headingHeight + (lines.length - 1) * row;
    ensure(height + following);
    drawLines(lines, left, y, right - left, style);
    y += height;
  };
  const notes = (lines: readonly string[]) => {
    for (const note of lines) {
      for (const line of linesOf(fill(note, vars), right - left, muted)) {
        ensure(row);
        drawLines([line], left, y, right - left, muted);
        y += row;
      }
    }
  };

  const facts = (section: FactsSection, t: Extract<SectionTemplate, { kind: 'facts' }>) => {
    heading(t.heading, row * Math.min(2, section.facts.length));
    for (const fact of section.facts) {
      const label = t.labels[fact.key];
      if (label === undefined)
        throw new Error(
          `template "${statement.template}" has no label for ${section.id}.${fact.key}`,
        );
      const emphasised = t.emphasis.includes(fact.key);
      factLine(fill(label, vars), fact.value, emphasised ? bold : regular, emphasised);
    }
    notes(t.note);
  };
  const factLine = (label: string, value: Cell, style: TextStyle, ruled: boolean) => {
    const labelWidth = c.facts.labelWidth;
    const labelLines = linesOf(label, labelWidth - c.text.padding, style);
    // A fact that is a date reads as the header's dates do ("1 April 2026").
    const text =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? longDate(value, c)
        : cellText(value, undefined);
    const numeric = typeof value !== 'string' || /^-?[0-9][0-9,.]*$/.test(text);
    const valueWidth = numeric ? c.facts.valueRight - labelWidth : right - left - labelWidth;
    const valueLines = linesOf(text, valueWidth, style);
    ensure(row * Math.max(1, labelLines.length, valueLines.length));
    drawLines(labelLines, left, y, labelWidth, style);
    if (numeric && ruled && drawing)
      surface.rule(left + labelWidth, left + c.facts.valueRight, y - 2, c.colours.rule);
    drawLines(valueLines, left + labelWidth, y, valueWidth, style, numeric ? 'right' : 'left');
    y += row * Math.max(1, labelLines.length, valueLines.length);
  };

  async function* table(
    section: TableSection,
    t: Extract<SectionTemplate, { kind: 'table' }>,
  ): AsyncGenerator<void> {
    const scale = (right - left) / t.columns.reduce((sum, col) => sum + col.width, 0);
    const columns: (ColumnTemplate & { x: number; w: number })[] = [];
    let x = left;
    for (const col of t.columns) {
      columns.push({ ...col, x, w: col.width * scale });
      x += col.width * scale;
    }
    const pad = c.text.padding;
    /** Each cell's lines, and the height of the row they make. */
    const wrapRow = (cells: Record<string, Cell>, style: TextStyle) => {
      let lines = 1;
      const wrapped = columns.map((col) => {
        const value = cells[col.key];
        const text =
          value === undefined ? [] : linesOf(cellText(value, col.values), col.w - 2 * pad, style);
        lines = Math.max(lines, text.length);
        return text;
      });
      return { wrapped, height: lines * row };
    };
    const drawRow = (r: ReturnType<typeof wrapRow>, style: TextStyle) => {
      columns.forEach((col, i) => {
        drawLines(r.wrapped[i]!, col.x + pad, y, col.w - 2 * pad, style, col.align);
      });
      y += r.height;
    };
    const heads = wrapRow(
      Object.fromEntries(columns.map((col) => [col.key, fill(col.heading, vars)])),
      bold,
    );
    const columnHeads = () => {
      drawRow(heads, bold);
      if (drawing) surface.rule(left, right, y - 2.5, c.colours.rule);
    };
    heading(t.heading, heads.height + row);
    columnHeads();
    let seen = 0;
    for await (const cells of section.rows()) {
      seen += 1;
      if (seen > section.rowCount) break;
      const r = wrapRow(cells, regular);
      if (ensure(r.height)) columnHeads();
      drawRow(r, regular);
      if (drawing && seen % ROWS_PER_STEP === 0) yield;
    }
    if (seen !== section.rowCount) {
      throw new Error(
        `table ${section.id} of a ${statement.template} statement yielded ${seen > section.rowCount ? 'more than' : `only ${seen} of`} the ${section.rowCount} rows it counted`,
      );
    }
    if (section.rowCount === 0) notes([t.empty]);
    if (section.totals) {
      const first = columns[0]!;
      const r = wrapRow(
        {
          ...(section.totals[first.key] === undefined ? { [first.key]: t.totalsLabel } : {}),
          ...section.totals,
        },
        bold,
      );
      if (ensure(r.height + 2)) columnHeads();
      y += 2;
      if (drawing) surface.rule(left, right, y - 2.5, c.colours.rule);
      drawRow(r, bold);
    }
    notes(t.note);
  }

  const cellText = (value: Cell, words: Record<string, string> | undefined): string => {
    if (typeof value !== 'string') return formatMoney(value.minor, c.money);
    const word = words?.[value];
    return word === undefined ? value : fill(word, vars);
  };

  newPage();
  for (const section of statement.sections) {
    const t = template.statement.sections[section.id];
    if (!t || t.kind !== section.kind)
      throw new Error(
        `template "${statement.template}" has no ${section.kind} section "${section.id}"`,
      );
    if (section.kind === 'facts' && t.kind === 'facts') facts(section, t);
    else if (section.kind === 'table' && t.kind === 'table') yield* table(section, t);
    yield;
  }

  if (statement.contact) {
    heading(c.contact.heading, row);
    notes([fill(c.contact.text, { ...vars, contact: statement.contact })]);
  }

  // The seal closes the statement.
  const seal = c.seal;
  const sealRows = statement.seal.last ? seal.rows : seal.none;
  heading(seal.heading, row * sealRows.length);
  for (const r of sealRows) factLine(fill(r.label, vars), fill(r.value, vars), regular, false);
  if (statement.seal.last) notes(template.statement.sealNote ?? seal.note);
  return pageNumber;
}

/** Everything a template's words may name, besides `page` and `pages`. */
export function headerVars(statement: Statement, template: Template): Record<string, string> {
  const c = template.common;
  const date = (iso: string) => longDate(iso, c);
  const base: Record<string, string> = {};
  // Dates among a statement's own values print as the header's dates do.
  for (const [key, value] of Object.entries(statement.vars))
    base[key] = /^\d{4}-\d{2}-\d{2}$/.test(value) ? date(value) : value;
  base.organisation = statement.organisation;
  base.from = statement.period.from === null ? '' : date(statement.period.from);
  base.to = date(statement.period.to);
  base.generatedOn = date(statement.generatedOn);
  base.period = fill(statement.period.from === null ? c.period.at : c.period.range, base);
  base.title = fill(template.statement.title, base);
  const standing = statement.standing;
  base.runsTo = date(standing.runsTo);
  base.lockedThrough = standing.lockedThrough === null ? '' : date(standing.lockedThrough);
  base.standing = fill(standing.final ? c.standing.final : c.standing.toDate, base);
  const seal = statement.seal;
  base.sealScope = statement.period.from === null ? c.seal.scope.at : c.seal.scope.range;
  if (seal.last) {
    Object.assign(base, {
      sealFirst: String(seal.firstSeq),
      sealLast: String(seal.last.seq),
      sealEntry: seal.last.entryId,
      sealHash: seal.last.hash,
      sealRecordedAt: seal.last.recordedAt,
      sealShort: `${seal.last.seq}:${seal.last.hash.slice(0, 16)}`,
    });
  } else {
    base.sealShort = c.seal.shortNone;
  }
  return base;
}
