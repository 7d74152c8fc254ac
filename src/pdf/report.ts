import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { longDate } from '../http/pages/format.js';
import { SUPPRESSION_NOTE, type Block, type ReportView } from '../reports/view.js';
import { ensureStandardFonts } from './fonts.js';

/**
 * The commissioners' report as an A4 PDF: the blocks of the web page in the same order, each
 * chart drawn as vectors from the same SVG (svg-to-pdfkit), each table as text that can be
 * copied and read back. The document's dates are the report's own day, not the wall clock, so
 * the same report gives the same file.
 */
const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const CONTENT = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin;
const COLUMNS = { count: PAGE.margin + 300, amount: PAGE.margin + CONTENT };
const INK = '#0b0c0c';
const GREY = '#505a5f';
/** Charts are drawn for a phone (420 units): 340 pt keeps their words at about 11 pt. */
const CHART_WIDTH = 340;

/** The chart's own size, from its viewBox: the PDF keeps the proportions. */
function chartHeight(svg: string, width: number): number {
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  return box ? (width * Number(box[2])) / Number(box[1]) : width / 2;
}

/** Plot's embedded stylesheet is for browsers; the PDF takes the attributes alone. */
const forPdf = (svg: string) => svg.replace(/<style>[\s\S]*?<\/style>/g, '');

class Flow {
  y = PAGE.margin;
  constructor(readonly doc: PDFDocument) {}
  room(height: number) {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage();
    this.y = PAGE.margin;
  }
  line(text: string, size: number, options: { bold?: boolean; color?: string; gap?: number } = {}) {
    this.doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(size)
      .fillColor(options.color ?? INK);
    const height = this.doc.heightOfString(text, { width: CONTENT });
    this.room(height);
    this.doc.text(text, PAGE.margin, this.y, { width: CONTENT });
    this.y += height + (options.gap ?? 4);
  }
  cells(label: string, count: string, amount: string | null, bold = false) {
    const size = 10;
    this.room(size + 6);
    this.doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(size)
      .fillColor(INK);
    this.doc.text(label, PAGE.margin, this.y, { width: 240, lineBreak: false });
    const right = (text: string, at: number) =>
      this.doc.text(text, at - this.doc.widthOfString(text), this.y, { lineBreak: false });
    right(count, COLUMNS.count);
    if (amount !== null) right(amount, COLUMNS.amount);
    this.y += size + 6;
  }
}

function drawBlock(flow: Flow, block: Block) {
  const chartH = block.chart ? chartHeight(block.chart.svg, CHART_WIDTH) : 0;
  // Keep a block's title with its chart (or first rows) on one page.
  flow.room(24 + Math.min(chartH, 400) + 40);
  flow.line(block.title, 13, { bold: true, gap: 6 });
  if (block.chart) {
    SVGtoPDF(flow.doc, forPdf(block.chart.svg), PAGE.margin, flow.y, {
      width: CHART_WIDTH,
      height: chartH,
      preserveAspectRatio: 'xMinYMin meet',
      fontCallback: (_family, bold) => (bold ? 'Helvetica-Bold' : 'Helvetica'),
    });
    flow.y += chartH + 8;
  }
  const hasMoney = block.rows.some((r) => r.amount !== null);
  flow.cells(block.heading, block.counting, hasMoney ? 'Amount' : null, true);
  for (const row of block.rows) flow.cells(row.label, row.count, row.amount);
  if (block.total) flow.cells(block.total.label, block.total.count, block.total.amount, true);
  for (const note of block.notes) flow.line(note, 10, { color: GREY });
  flow.y += 14;
}

/** The whole report as PDF bytes (a few pages: built in memory, then sent). */
export async function renderReportPdf(view: ReportView): Promise<Uint8Array> {
  await ensureStandardFonts();
  const stamp = new Date(`${view.generatedOn}T00:00:00.000Z`);
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: { top: PAGE.margin, right: PAGE.margin, bottom: 0, left: PAGE.margin },
    compress: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `${view.title}: ${view.allianceName}`,
      Author: view.allianceName,
      Subject: `${view.from} to ${view.to}`,
      Creator: 'Kindling',
      Producer: 'Kindling with PDFKit',
      CreationDate: stamp,
      ModDate: stamp,
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const flow = new Flow(doc);
  flow.line(`${view.title}: ${view.allianceName}`, 20, { bold: true, gap: 8 });
  flow.line(
    `${longDate(view.from)} to ${longDate(view.to)}. Made on ${longDate(view.generatedOn)}.`,
    11,
  );
  flow.line(SUPPRESSION_NOTE, 10, { color: GREY, gap: 16 });
  for (const section of view.sections) {
    // A heading never ends a page: it keeps at least a block's start with it.
    flow.room(220);
    flow.line(section.heading, 16, { bold: true, gap: 10 });
    for (const block of section.blocks) drawBlock(flow, block);
  }
  doc.end();
  await done;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
