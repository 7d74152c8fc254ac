import type { Cell, TableSection } from '../core/statements/model.js';
import { fill } from './format.js';
import type { Layout, TextStyle } from './layout.js';
import type { ColumnTemplate, SectionTemplate } from './template.js';

/** Rows drawn between two yields, so a streaming response sends pages as they are made. */
const ROWS_PER_STEP = 200;

type Column = ColumnTemplate & { x: number; w: number };
type TableTemplate = Extract<SectionTemplate, { kind: 'table' }>;

/** The table's columns, scaled to the width of the page. */
function columnsOf(l: Layout, t: TableTemplate): Column[] {
  const scale = (l.right - l.left) / t.columns.reduce((sum, col) => sum + col.width, 0);
  const columns: Column[] = [];
  let x = l.left;
  for (const col of t.columns) {
    columns.push({ ...col, x, w: col.width * scale });
    x += col.width * scale;
  }
  return columns;
}

/** Each cell's lines, and the height of the row they make. */
function wrapRow(l: Layout, columns: Column[], cells: Record<string, Cell>, style: TextStyle) {
  const pad = l.c.text.padding;
  let lines = 1;
  const wrapped = columns.map((col) => {
    const value = cells[col.key];
    const text =
      value === undefined ? [] : l.linesOf(l.cellText(value, col.values), col.w - 2 * pad, style);
    lines = Math.max(lines, text.length);
    return text;
  });
  return { wrapped, height: lines * l.row };
}

function drawRow(l: Layout, columns: Column[], r: ReturnType<typeof wrapRow>, style: TextStyle) {
  const pad = l.c.text.padding;
  columns.forEach((col, i) => {
    l.drawLines(r.wrapped[i]!, col.x + pad, l.y, col.w - 2 * pad, style, col.align);
  });
  l.y += r.height;
}

export async function* table(
  l: Layout,
  section: TableSection,
  t: TableTemplate,
): AsyncGenerator<void> {
  const columns = columnsOf(l, t);
  const heads = wrapRow(
    l,
    columns,
    Object.fromEntries(columns.map((col) => [col.key, fill(col.heading, l.vars)])),
    l.bold,
  );
  const columnHeads = () => {
    drawRow(l, columns, heads, l.bold);
    if (l.drawing) l.surface.rule(l.left, l.right, l.y - 2.5, l.c.colours.rule);
  };
  l.heading(t.heading, heads.height + l.row);
  columnHeads();
  let seen = 0;
  for await (const cells of section.rows()) {
    seen += 1;
    if (seen > section.rowCount) break;
    const r = wrapRow(l, columns, cells, l.regular);
    if (l.ensure(r.height)) columnHeads();
    drawRow(l, columns, r, l.regular);
    if (l.drawing && seen % ROWS_PER_STEP === 0) yield;
  }
  if (seen !== section.rowCount) {
    throw new Error(
      `table ${section.id} of a ${l.statement.template} statement yielded ${seen > section.rowCount ? 'more than' : `only ${seen} of`} the ${section.rowCount} rows it counted`,
    );
  }
  if (section.rowCount === 0) l.notes([t.empty]);
  if (section.totals) totals(l, section.totals, t, columns, columnHeads);
  l.notes(t.note);
}

/** The totals row, ruled off, with the totals label in the first column unless it has a total. */
function totals(
  l: Layout,
  totals: Record<string, Cell>,
  t: TableTemplate,
  columns: Column[],
  columnHeads: () => void,
) {
  const first = columns[0]!;
  const r = wrapRow(
    l,
    columns,
    {
      ...(totals[first.key] === undefined ? { [first.key]: t.totalsLabel } : {}),
      ...totals,
    },
    l.bold,
  );
  if (l.ensure(r.height + 2)) columnHeads();
  l.y += 2;
  if (l.drawing) l.surface.rule(l.left, l.right, l.y - 2.5, l.c.colours.rule);
  drawRow(l, columns, r, l.bold);
}
