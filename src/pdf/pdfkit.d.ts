// The little of pdfkit 0.20 that src/pdf uses. pdfkit ships no type declarations, and
// @types/pdfkit describes the Node build only (no registerStdFonts, which workerd needs).

declare module 'pdfkit' {
  export interface PDFDocumentOptions {
    size?: [number, number];
    margins?: { top: number; right: number; bottom: number; left: number };
    autoFirstPage?: boolean;
    bufferPages?: boolean;
    compress?: boolean;
    lang?: string;
    displayTitle?: boolean;
    font?: string;
    info?: {
      Title?: string;
      Author?: string;
      Subject?: string;
      Keywords?: string;
      Creator?: string;
      Producer?: string;
      CreationDate?: Date;
      ModDate?: Date;
    };
  }

  export default class PDFDocument {
    constructor(options?: PDFDocumentOptions);
    on(event: 'data', listener: (chunk: Uint8Array) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (error: unknown) => void): this;
    addPage(options?: PDFDocumentOptions): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(width: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    stroke(): this;
    /** `textWidth`: the text's width, already measured with widthOfString, so pdfkit need not measure it again. */
    text(
      text: string,
      x: number,
      y: number,
      options?: { lineBreak?: boolean; textWidth?: number; width?: number },
    ): this;
    widthOfString(text: string): number;
    heightOfString(text: string, options?: { width?: number }): number;
    end(): void;
  }

  /** Browser build only (the one workerd gets): standard font metrics must be registered first. */
  export const registerStdFonts: ((...fonts: unknown[]) => void) | undefined;
}

declare module 'pdfkit/standard-fonts/Helvetica' {
  const font: unknown;
  export default font;
}

declare module 'pdfkit/standard-fonts/HelveticaBold' {
  const font: unknown;
  export default font;
}

// svg-to-pdfkit 0.1: draws an SVG (as text) onto a pdfkit page; it ships no types.
declare module 'svg-to-pdfkit' {
  import type PDFDocument from 'pdfkit';
  export default function SVGtoPDF(
    doc: PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: {
      width?: number;
      height?: number;
      preserveAspectRatio?: string;
      assumePt?: boolean;
      fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
    },
  ): void;
}
