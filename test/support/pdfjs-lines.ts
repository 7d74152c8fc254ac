import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { groupLines, type PdfPages } from './pdf-lines.js';

const standardFontDataUrl = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
);

/** The text of a PDF as pdf.js reads it (Node only): pages of lines of cells, as pdfLines gives. */
export async function pdfjsLines(bytes: Uint8Array): Promise<PdfPages> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl,
    verbosity: 0,
    isEvalSupported: false,
  }).promise;
  try {
    const pages: PdfPages = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      const cells = content.items.flatMap((item) =>
        'str' in item && item.str.trim()
          ? [{ x: item.transform[4] as number, y: item.transform[5] as number, text: item.str }]
          : [],
      );
      pages.push(groupLines(cells));
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}
