/**
 * Reads back the text of a PDF that Kindling wrote, as pages of lines of cells (top to bottom,
 * left to right), on any runtime: it inflates the page content streams with the platform's
 * DecompressionStream and decodes pdfkit's text operators (`x y Tm`, `[<hex> kern <hex>] TJ`,
 * standard fonts in WinAnsi). Not a general PDF reader: on Node the tests read the same files
 * with pdfjs-dist (pdfjs-lines.ts) and check the two agree, which is what vouches for this one
 * where pdfjs cannot run (workerd).
 */
export type PdfPages = string[][][];

const WIN_ANSI_HIGH: Record<number, string> = {
  128: '€',
  130: '‚',
  131: 'ƒ',
  132: '„',
  133: '…',
  134: '†',
  135: '‡',
  136: 'ˆ',
  137: '‰',
  138: 'Š',
  139: '‹',
  140: 'Œ',
  142: 'Ž',
  145: '‘',
  146: '’',
  147: '“',
  148: '”',
  149: '•',
  150: '–',
  151: '—',
  152: '˜',
  153: '™',
  154: 'š',
  155: '›',
  156: 'œ',
  158: 'ž',
  159: 'Ÿ',
};

export async function pdfLines(bytes: Uint8Array): Promise<PdfPages> {
  const text = latin1(bytes);
  // Page objects in order, each naming its content stream object.
  const kids = /\/Type \/Pages\n\/Count \d+\n\/Kids \[([^\]]*)\]/.exec(text);
  if (!kids) throw new Error('no page tree');
  const pages: PdfPages = [];
  for (const [, pageId] of kids[1]!.matchAll(/(\d+) 0 R/g)) {
    const page = objectBody(text, pageId!);
    const contents = /\/Contents (\d+) 0 R/.exec(page);
    if (!contents) throw new Error(`page ${pageId} has no contents`);
    const stream = await streamOf(bytes, text, contents[1]!);
    pages.push(linesOf(stream));
  }
  return pages;
}

function linesOf(content: string): string[][] {
  const cells: { x: number; y: number; text: string }[] = [];
  for (const m of content.matchAll(
    /1 0 0 1 ([\d.-]+) ([\d.-]+) Tm\n\/F\d+ [\d.]+ Tf\n\[(.*?)\] TJ/g,
  )) {
    const decoded = [...m[3]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => decodeHex(h[1]!)).join('');
    if (decoded.trim()) cells.push({ x: Number(m[1]), y: Number(m[2]), text: decoded });
  }
  return groupLines(cells);
}

/** Cells on one baseline form a line; lines run down the page, cells across it. */
export function groupLines(cells: { x: number; y: number; text: string }[]): string[][] {
  const rows = new Map<number, { x: number; text: string }[]>();
  for (const c of cells) {
    const key = Math.round(c.y * 10) / 10;
    rows.set(key, [...(rows.get(key) ?? []), { x: c.x, text: c.text }]);
  }
  return [...rows.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([, row]) => row.sort((a, b) => a.x - b.x).map((c) => c.text));
}

export function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI_HIGH[code] ?? String.fromCharCode(code);
  }
  return out;
}

export function objectBody(text: string, id: string): string {
  const start = text.indexOf(`\n${id} 0 obj\n`);
  if (start < 0) throw new Error(`no object ${id}`);
  return text.slice(start, text.indexOf('\nendobj', start));
}

export async function streamOf(bytes: Uint8Array, text: string, id: string): Promise<string> {
  const body = objectBody(text, id);
  const start = text.indexOf(body) + body.indexOf('stream\n') + 'stream\n'.length;
  const end = text.indexOf('\nendstream', start);
  const raw = bytes.slice(start, end);
  if (!body.includes('/FlateDecode')) return latin1(raw);
  const inflated = new Response(
    new Blob([raw as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('deflate')),
  );
  return latin1(new Uint8Array(await inflated.arrayBuffer()));
}

export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192)
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** The PDF's page count from its page tree, and whether it starts and ends as a PDF does. */
export function pdfShape(bytes: Uint8Array): { header: string; pages: number; complete: boolean } {
  const text = latin1(bytes);
  return {
    header: text.slice(0, 8),
    pages: Number(/\/Type \/Pages\n\/Count (\d+)/.exec(text)?.[1] ?? 0),
    complete: text.endsWith('%%EOF\n'),
  };
}
