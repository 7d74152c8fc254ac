import type { Cell, FactsSection, Statement, TableSection } from '../core/statements/model.js';
import { fill, fitText, formatMoney, longDate, printable } from './format.js';
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
 * Lays a statement out on fixed-height, single-line rows (long text is cut with an ellipsis), so
 * where every page breaks depends only on how many rows each table has. Run once over the counts
 * alone to learn how many pages there will be, then again with the rows streaming in to draw
 * them with "Page n of N": the same code decides the breaks both times, so they agree.
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
  const headerHeight = c.header.reduce((sum, line) => sum + line.height, 0);
  const top = c.page.margins.top + headerHeight + 6;
  const bottom = page.height - c.page.margins.bottom - c.footer.height;
  const row = c.text.row;
  const colours = { text: c.colours.text, muted: c.colours.muted };
  const regular: TextStyle = { font: 'regular', size: c.text.size, colour: colours.text };
  const bold: TextStyle = { ...regular, font: 'bold' };
  const muted: TextStyle = { ...regular, colour: colours.muted };
  const vars = headerVars(statement, template);

  let pageNumber = 0;
  let y = top;

  /**
   * Draws one line of text in a box `width` wide, cut to fit. Text is measured once when it fits,
   * which is nearly always: measuring (with kerning) is most of what a long statement costs.
   */
  const draw = (
    text: string,
    x: number,
    atY: number,
    width: number,
    style: TextStyle,
    align: 'left' | 'right' = 'left',
  ) => {
    if (!drawing || text === '') return;
    let shown = printable(text);
    let shownWidth = surface.widthOf(shown, style.font, style.size);
    if (shownWidth > width) {
      shown = fitText(shown, width, (s) => surface.widthOf(s, style.font, style.size), shownWidth);
      shownWidth = surface.widthOf(shown, style.font, style.size);
    }
    surface.text(shown, align === 'left' ? x : x + width - shownWidth, atY, style, shownWidth);
  };
  /** Draws at the cursor. */
  const put = (
    text: string,
    x: number,
    width: number,
    style: TextStyle,
    align: 'left' | 'right' = 'left',
  ) => draw(text, x, y, width, style, align);

  const newPage = () => {
    pageNumber += 1;
    surface.newPage();
    const pageVars = { ...vars, page: String(pageNumber), pages: String(totalPages ?? 0) };
    let lineY = c.page.margins.top;
    for (const line of c.header) {
      draw(fill(line.text, pageVars), left, lineY, right - left, {
        font: line.font,
        size: line.size,
        colour: colours[line.colour],
      });
      lineY += line.height;
    }
    const footer: TextStyle = { ...muted, size: c.footer.size };
    const footerY = page.height - c.page.margins.bottom - c.footer.size;
    const rightText = fill(c.footer.right, pageVars);
    const leftText = fill(c.footer.left, pageVars);
    if (drawing) {
      surface.rule(left, right, top - 4, c.colours.rule);
      surface.rule(left, right, bottom + 4, c.colours.rule);
      const rightWidth = surface.widthOf(printable(rightText), footer.font, footer.size);
      draw(rightText, left, footerY, right - left, footer, 'right');
      draw(leftText, left, footerY, right - left - rightWidth - 12, footer);
    }
    y = top;
  };
  /** Starts a new page unless `height` fits below the cursor. */
  const ensure = (height: number): boolean => {
    if (y + height <= bottom) return false;
    newPage();
    return true;
  };
  const heading = (text: string, following: number) => {
    if (y > top) y += c.section.gap;
    ensure(c.section.headingHeight + following);
    put(fill(text, vars), left, right - left, { ...bold, size: c.section.headingSize });
    y += c.section.headingHeight;
  };
  const notes = (lines: readonly string[]) => {
    for (const line of lines) {
      ensure(row);
      put(fill(line, vars), left, right - left, muted);
      y += row;
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
      ensure(row);
      factLine(fill(label, vars), fact.value, emphasised ? bold : regular, emphasised);
    }
    notes(t.note);
  };
  const factLine = (label: string, value: Cell, style: TextStyle, ruled: boolean) => {
    const labelWidth = c.facts.labelWidth;
    put(label, left, labelWidth - c.text.padding, style);
    const text = cellText(value, undefined);
    if (typeof value !== 'string' || /^-?[0-9][0-9,.]*$/.test(value)) {
      if (ruled && drawing)
        surface.rule(left + labelWidth, left + c.facts.valueRight, y - 2, c.colours.rule);
      put(text, left + labelWidth, c.facts.valueRight - labelWidth, style, 'right');
    } else {
      put(text, left + labelWidth, right - left - labelWidth, style);
    }
    y += row;
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
    const columnHeads = () => {
      for (const col of columns) put(col.heading, col.x + pad, col.w - 2 * pad, bold, col.align);
      y += row;
      if (drawing) surface.rule(left, right, y - 2.5, c.colours.rule);
    };
    /** One row; `cells` is null while pages are only being counted. */
    const line = (cells: Record<string, Cell> | null, style: TextStyle) => {
      for (const col of columns) {
        const value = cells?.[col.key];
        if (value !== undefined)
          put(cellText(value, col.values), col.x + pad, col.w - 2 * pad, style, col.align);
      }
      y += row;
    };
    heading(t.heading, 2 * row);
    columnHeads();
    let seen = 0;
    const rows = drawing ? section.rows() : countOnly(section.rowCount);
    for await (const cells of rows) {
      seen += 1;
      if (seen > section.rowCount) break;
      if (ensure(row)) columnHeads();
      line(cells, regular);
      if (drawing && seen % ROWS_PER_STEP === 0) yield;
    }
    if (seen !== section.rowCount) {
      throw new Error(
        `table ${section.id} of a ${statement.template} statement yielded ${seen > section.rowCount ? 'more than' : `only ${seen} of`} the ${section.rowCount} rows it counted`,
      );
    }
    if (section.rowCount === 0) {
      ensure(row);
      put(t.empty, left + pad, right - left - 2 * pad, muted);
      y += row;
    }
    if (section.totals) {
      if (ensure(row + 2)) columnHeads();
      y += 2;
      if (drawing) surface.rule(left, right, y - 2.5, c.colours.rule);
      const first = columns[0]!;
      line(
        {
          ...(section.totals[first.key] === undefined ? { [first.key]: t.totalsLabel } : {}),
          ...section.totals,
        },
        bold,
      );
    }
    notes(t.note);
  }

  const cellText = (value: Cell, words: Record<string, string> | undefined): string => {
    if (typeof value !== 'string') return formatMoney(value.minor, c.money);
    return words?.[value] ?? value;
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

  // The seal closes the statement.
  const seal = c.seal;
  const sealRows = statement.seal.last ? seal.rows : seal.none;
  heading(seal.heading, row * sealRows.length);
  for (const r of sealRows) {
    ensure(row);
    factLine(fill(r.label, vars), fill(r.value, vars), regular, false);
  }
  if (statement.seal.last) notes(seal.note);
  return pageNumber;
}

async function* countOnly(count: number): AsyncGenerator<null> {
  for (let i = 0; i < count; i++) yield null;
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
