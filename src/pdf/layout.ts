import type { Cell, FactsSection, Statement } from '../core/statements/model.js';
import { fill, formatMoney, longDate, printable, wrapText } from './format.js';
import { headerVars } from './header-vars.js';
import { table } from './layout-table.js';
import type { SectionTemplate, Template } from './template.js';

export { headerVars };

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
    else if (section.kind === 'table' && t.kind === 'table') yield* table(l, section, t);
    yield;
  }
  l.closing();
  return l.pageNumber;
}

/** The pages as they are laid out: the cursor `y` on page `pageNumber`, and how to draw. */
export class Layout {
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
