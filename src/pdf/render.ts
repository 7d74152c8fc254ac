import PDFDocument from 'pdfkit';
import type { Statement } from '../core/statements/model.js';
import { ensureStandardFonts } from './fonts.js';
import { headerVars, layOut, type Surface, type TextStyle } from './layout.js';
import { templateFor, type Template } from './template.js';

/**
 * Renders a statement as a PDF stream with pdfkit, laid out by its template.
 *
 * The same statement gives the same bytes every time: pdfkit's CreationDate and ModDate are the
 * time the last covered entry was recorded (or the end of the period when none is), not the wall
 * clock; the file identifier pdfkit derives from the document information is therefore fixed
 * too; nothing random goes in. The printed generation date is the only thing that follows the
 * clock, at day precision (see Statement.generatedOn). Node's pdfkit compresses with zlib and
 * workerd's with fflate, so the two runtimes may differ in compressed bytes, never in content.
 *
 * Pages are counted first, by laying the rows out without drawing (long text wraps, so a row's
 * height depends on its words); then the rows are read again, by the same chain head, and drawn
 * while the response streams, page by page, so memory stays flat however long the statement.
 * Template mistakes fail in the counting pass, before any byte is sent.
 */
export async function renderStatementPdf(
  statement: Statement,
): Promise<ReadableStream<Uint8Array>> {
  const template = templateFor(statement.template);
  await ensureStandardFonts();
  const pages = await countPages(statement, template);

  let doc: PDFDocument | null = null;
  let steps: AsyncGenerator<void, number> | null = null;
  let ended: Promise<void> = Promise.resolve();
  let chunks = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!doc || !steps) {
          doc = new PDFDocument(documentOptions(statement, template));
          const current = doc;
          current.on('data', (chunk) => {
            chunks += 1;
            // pdfkit may still flush a page after the stream failed or was cancelled.
            if (!finished) controller.enqueue(chunk);
          });
          ended = new Promise((resolve, reject) => {
            current.on('end', resolve);
            current.on('error', reject);
          });
          steps = layOut(statement, template, pdfSurface(current, template), pages);
        }
        // A pull that enqueues nothing is not called again, so draw until pdfkit has written
        // something (it writes a page when the next one starts) or the document is done.
        const before = chunks;
        for (;;) {
          const step = await steps.next();
          if (!step.done) {
            if (chunks > before) return;
            continue;
          }
          if (step.value !== pages)
            throw new Error(
              `${statement.template} statement: counted ${pages} pages, drew ${step.value}`,
            );
          doc.end();
          await ended;
          finished = true;
          controller.close();
          return;
        }
      } catch (error) {
        finished = true;
        controller.error(error);
      }
    },
    async cancel() {
      finished = true;
      await steps?.return(0);
    },
  });
}

/**
 * The layout run once without drawing: it reads the rows and measures their text (which decides
 * how many lines each takes), on a document that is never written out.
 */
export async function countPages(statement: Statement, template: Template): Promise<number> {
  await ensureStandardFonts();
  let pages = 0;
  const measuring = pdfSurface(new PDFDocument({ autoFirstPage: false }), template);
  const counting: Surface = {
    newPage: () => (pages += 1),
    text: () => undefined,
    widthOf: measuring.widthOf,
    rule: () => undefined,
  };
  const run = layOut(statement, template, counting, null);
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
  }
}

function documentOptions(statement: Statement, template: Template) {
  const vars = headerVars(statement, template);
  const stamp = new Date(statement.seal.last?.recordedAt ?? `${statement.period.to}T00:00:00.000Z`);
  const seal = statement.seal.last
    ? `seal: entries ${statement.seal.firstSeq} to ${statement.seal.last.seq}, head ${statement.seal.last.hash}`
    : 'seal: no entries';
  return {
    size: [template.page.width, template.page.height] as [number, number],
    margins: { top: 0, right: 0, bottom: 0, left: 0 },
    autoFirstPage: false,
    bufferPages: false,
    compress: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `${vars.title} (${vars.period})`,
      Author: statement.organisation,
      Subject: vars.period,
      Keywords: seal,
      Creator: 'Kindling',
      Producer: 'Kindling with PDFKit',
      CreationDate: stamp,
      ModDate: stamp,
    },
  };
}

/**
 * Draws on a pdfkit document. Its own margins are zero, so pdfkit never starts a page by itself:
 * the layout alone decides where pages break. Font and colour are set only when they change.
 */
function pdfSurface(doc: PDFDocument, template: Template): Surface {
  const fonts = template.common.fonts;
  let font = '';
  let size = 0;
  let colour = '';
  const use = (style: Pick<TextStyle, 'font' | 'size'>) => {
    const name = fonts[style.font];
    if (name !== font) {
      font = name;
      doc.font(name);
    }
    if (style.size !== size) {
      size = style.size;
      doc.fontSize(size);
    }
  };
  // Dates, headings and labels come back again and again: their widths are remembered, within a bound.
  const widths = new Map<string, number>();
  return {
    newPage() {
      doc.addPage({
        size: [template.page.width, template.page.height],
        margins: { top: 0, right: 0, bottom: 0, left: 0 },
      });
      colour = '';
    },
    text(text, x, y, style, width) {
      use(style);
      if (style.colour !== colour) {
        colour = style.colour;
        doc.fillColor(colour);
      }
      // pdfkit measures the text again unless told its width; measuring is most of its cost here.
      doc.text(text, x, y, { lineBreak: false, textWidth: width });
    },
    widthOf(text, fontRole, fontSize) {
      const key = `${fontRole}|${fontSize}|${text}`;
      let width = widths.get(key);
      if (width === undefined) {
        use({ font: fontRole, size: fontSize });
        width = doc.widthOfString(text);
        if (widths.size >= 4096) widths.clear();
        widths.set(key, width);
      }
      return width;
    },
    rule(x1, x2, y, ruleColour) {
      doc.strokeColor(ruleColour).lineWidth(0.5).moveTo(x1, y).lineTo(x2, y).stroke();
    },
  };
}
