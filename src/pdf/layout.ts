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
  const l = new Layout(statement, template, surface, totalPages);
  l.newPage();
  for (const section of statement.sections) {
    const t = template.statement.sections[section.id];
    if (!t || t.kind !== section.kind)
      throw new Error(
        `template "${statement.template}" has no ${section.kind} section "${section.id}"`,
      );
    if (section.kind === 'facts' && t.kind === 'facts') l.facts(section, t);
    else if (section.kind === 'table' && t.kind === 'table') yield* l.table(section, t);
    yield;
  }
  l.closing();
  return l.pageNumber;
}

type Column = ColumnTemplate & { x: number; w: number };
type TableTemplate = Extract<SectionTemplate, { kind: 'table' }>;

/** The pages as they are laid out: the cursor `y` on page `pageNumber`, and how to draw. */
class Layout {
  readonly c: Template['common'];
  readonly drawing: boolean;
  readonly left: number;
  readonly right: number;
  readonly row: number;
  readonly colours: { text: string; muted: string };
  readonly regular: TextStyle;
  readonly bold: TextStyle;
  readonly muted: TextStyle;
  readonly vars: Record<string, string>;
  readonly header: { style: TextStyle; height: number; lines: string[] }[];
  readonly top: number;
  readonly bottom: number;
  pageNumber = 0;
  y: number;

  constructor(
    readonly statement: Statement,
    readonly template: Template,
    readonly surface: Surface,
    readonly totalPages: number | null,
  ) {
    const c = template.common;
    this.c = c;
    this.drawing = totalPages !== null;
    this.left = c.page.margins.left;
    this.right = template.page.width - c.page.margins.right;
    this.row = c.text.row;
    this.colours = { text: c.colours.text, muted: c.colours.muted };
    this.regular = { font: 'regular', size: c.text.size, colour: this.colours.text };
    this.bold = { ...this.regular, font: 'bold' };
    this.muted = { ...this.regular, colour: this.colours.muted };
    this.vars = headerVars(statement, template);
    // The header is the same on every page but the page number: wrapped once, its height fixed.
    this.header = c.header.map((line) => {
      const style: TextStyle = {
        font: line.font,
        size: line.size,
        colour: this.colours[line.colour],
      };
      return {
        style,
        height: line.height,
        lines: this.linesOf(fill(line.text, this.vars), this.right - this.left, style),
      };
    });
    const headerHeight = this.header.reduce(
      (sum, h) => sum + h.height * Math.max(1, h.lines.length),
      0,
    );
    this.top = c.page.margins.top + headerHeight + 6;
    this.bottom = template.page.height - c.page.margins.bottom - c.footer.height;
    this.y = this.top;
  }

  /** The lines `text` takes in a box `width` wide. */
  linesOf(text: string, width: number, style: TextStyle): string[] {
    return text === ''
      ? []
      : wrapText(printable(text), width, (s) => this.surface.widthOf(s, style.font, style.size));
  }

  /** Draws lines already wrapped, one under the other from `atY`. */
  drawLines(
    lines: readonly string[],
    x: number,
    atY: number,
    width: number,
    style: TextStyle,
    align: 'left' | 'right' = 'left',
    lineHeight = this.row,
  ) {
    if (!this.drawing) return;
    lines.forEach((line, i) => {
      if (line === '') return;
      const w = this.surface.widthOf(line, style.font, style.size);
      this.surface.text(line, align === 'left' ? x : x + width - w, atY + i * lineHeight, style, w);
    });
  }

  newPage() {
    this.pageNumber += 1;
    this.surface.newPage();
    this.y = this.top;
    if (!this.drawing) return;
    const { c, left, right, surface } = this;
    const pageVars = {
      ...this.vars,
      page: String(this.pageNumber),
      pages: String(this.totalPages ?? 0),
    };
    let lineY = c.page.margins.top;
    for (const h of this.header) {
      this.drawLines(h.lines, left, lineY, right - left, h.style, 'left', h.height);
      lineY += h.height * Math.max(1, h.lines.length);
    }
    const footer: TextStyle = { ...this.muted, size: c.footer.size };
    const footerY = this.template.page.height - c.page.margins.bottom - c.footer.size;
    const rightText = printable(fill(c.footer.right, pageVars));
    const rightWidth = surface.widthOf(rightText, footer.font, footer.size);
    surface.rule(left, right, this.top - 4, c.colours.rule);
    surface.rule(left, right, this.bottom + 4, c.colours.rule);
    this.drawLines([rightText], left, footerY, right - left, footer, 'right');
    // The first of the footer's wordings that fits on the line: a shorter one rather than a cut.
    const room = right - left - rightWidth - 12;
    const fits = c.footer.left
      .map((t) => printable(fill(t, pageVars)))
      .find((t) => surface.widthOf(t, footer.font, footer.size) <= room);
    if (fits !== undefined) this.drawLines([fits], left, footerY, room, footer);
  }

  /** Starts a new page unless `height` fits below the cursor. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  heading(text: string, following: number) {
    const c = this.c;
    if (this.y > this.top) this.y += c.section.gap;
    const style = { ...this.bold, size: c.section.headingSize };
    const lines = this.linesOf(fill(text, this.vars), this.right - this.left, style);
    const height = c.section.headingHeight + (lines.length - 1) * this.row;
    this.ensure(height + following);
    this.drawLines(lines, this.left, this.y, this.right - this.left, style);
    this.y += height;
  }

  notes(lines: readonly string[]) {
    for (const note of lines) {
      for (const line of this.linesOf(fill(note, this.vars), this.right - this.left, this.muted)) {
        this.ensure(this.row);
        this.drawLines([line], this.left, this.y, this.right - this.left, this.muted);
        this.y += this.row;
      }
    }
  }

  facts(section: FactsSection, t: Extract<SectionTemplate, { kind: 'facts' }>) {
    this.heading(t.heading, this.row * Math.min(2, section.facts.length));
    for (const fact of section.facts) {
      const label = t.labels[fact.key];
      if (label === undefined)
        throw new Error(
          `template "${this.statement.template}" has no label for ${section.id}.${fact.key}`,
        );
      const emphasised = t.emphasis.includes(fact.key);
      this.factLine(
        fill(label, this.vars),
        fact.value,
        emphasised ? this.bold : this.regular,
        emphasised,
      );
    }
    this.notes(t.note);
  }

  factLine(label: string, value: Cell, style: TextStyle, ruled: boolean) {
    const { c, left, right, row } = this;
    const labelWidth = c.facts.labelWidth;
    const labelLines = this.linesOf(label, labelWidth - c.text.padding, style);
    // A fact that is a date reads as the header's dates do ("1 April 2026").
    const text =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? longDate(value, c)
        : this.cellText(value, undefined);
    const numeric = typeof value !== 'string' || /^-?[0-9][0-9,.]*$/.test(text);
    const valueWidth = numeric ? c.facts.valueRight - labelWidth : right - left - labelWidth;
    const valueLines = this.linesOf(text, valueWidth, style);
    this.ensure(row * Math.max(1, labelLines.length, valueLines.length));
    this.drawLines(labelLines, left, this.y, labelWidth, style);
    if (numeric && ruled && this.drawing)
      this.surface.rule(left + labelWidth, left + c.facts.valueRight, this.y - 2, c.colours.rule);
    this.drawLines(
      valueLines,
      left + labelWidth,
      this.y,
      valueWidth,
      style,
      numeric ? 'right' : 'left',
    );
    this.y += row * Math.max(1, labelLines.length, valueLines.length);
  }

  /** The table's columns, scaled to the width of the page. */
  columnsOf(t: TableTemplate): Column[] {
    const scale = (this.right - this.left) / t.columns.reduce((sum, col) => sum + col.width, 0);
    const columns: Column[] = [];
    let x = this.left;
    for (const col of t.columns) {
      columns.push({ ...col, x, w: col.width * scale });
      x += col.width * scale;
    }
    return columns;
  }

  /** Each cell's lines, and the height of the row they make. */
  wrapRow(columns: Column[], cells: Record<string, Cell>, style: TextStyle) {
    const pad = this.c.text.padding;
    let lines = 1;
    const wrapped = columns.map((col) => {
      const value = cells[col.key];
      const text =
        value === undefined
          ? []
          : this.linesOf(this.cellText(value, col.values), col.w - 2 * pad, style);
      lines = Math.max(lines, text.length);
      return text;
    });
    return { wrapped, height: lines * this.row };
  }

  drawRow(columns: Column[], r: ReturnType<Layout['wrapRow']>, style: TextStyle) {
    const pad = this.c.text.padding;
    columns.forEach((col, i) => {
      this.drawLines(r.wrapped[i]!, col.x + pad, this.y, col.w - 2 * pad, style, col.align);
    });
    this.y += r.height;
  }

  async *table(section: TableSection, t: TableTemplate): AsyncGenerator<void> {
    const columns = this.columnsOf(t);
    const heads = this.wrapRow(
      columns,
      Object.fromEntries(columns.map((col) => [col.key, fill(col.heading, this.vars)])),
      this.bold,
    );
    const columnHeads = () => {
      this.drawRow(columns, heads, this.bold);
      if (this.drawing) this.surface.rule(this.left, this.right, this.y - 2.5, this.c.colours.rule);
    };
    this.heading(t.heading, heads.height + this.row);
    columnHeads();
    let seen = 0;
    for await (const cells of section.rows()) {
      seen += 1;
      if (seen > section.rowCount) break;
      const r = this.wrapRow(columns, cells, this.regular);
      if (this.ensure(r.height)) columnHeads();
      this.drawRow(columns, r, this.regular);
      if (this.drawing && seen % ROWS_PER_STEP === 0) yield;
    }
    if (seen !== section.rowCount) {
      throw new Error(
        `table ${section.id} of a ${this.statement.template} statement yielded ${seen > section.rowCount ? 'more than' : `only ${seen} of`} the ${section.rowCount} rows it counted`,
      );
    }
    if (section.rowCount === 0) this.notes([t.empty]);
    if (section.totals) this.totals(section.totals, t, columns, columnHeads);
    this.notes(t.note);
  }

  /** The totals row, ruled off, with the totals label in the first column unless it has a total. */
  totals(
    totals: Record<string, Cell>,
    t: TableTemplate,
    columns: Column[],
    columnHeads: () => void,
  ) {
    const first = columns[0]!;
    const r = this.wrapRow(
      columns,
      {
        ...(totals[first.key] === undefined ? { [first.key]: t.totalsLabel } : {}),
        ...totals,
      },
      this.bold,
    );
    if (this.ensure(r.height + 2)) columnHeads();
    this.y += 2;
    if (this.drawing) this.surface.rule(this.left, this.right, this.y - 2.5, this.c.colours.rule);
    this.drawRow(columns, r, this.bold);
  }

  cellText(value: Cell, words: Record<string, string> | undefined): string {
    if (typeof value !== 'string') return formatMoney(value.minor, this.c.money);
    const word = words?.[value];
    return word === undefined ? value : fill(word, this.vars);
  }

  /** Whom to ask, then the seal, which closes the statement. */
  closing() {
    const { statement, c, row } = this;
    if (statement.contact) {
      this.heading(c.contact.heading, row);
      this.notes([fill(c.contact.text, { ...this.vars, contact: statement.contact })]);
    }
    const seal = c.seal;
    const sealRows = statement.seal.last ? seal.rows : seal.none;
    this.heading(seal.heading, row * sealRows.length);
    for (const r of sealRows)
      this.factLine(fill(r.label, this.vars), fill(r.value, this.vars), this.regular, false);
    if (statement.seal.last) this.notes(this.template.statement.sealNote ?? seal.note);
  }
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
