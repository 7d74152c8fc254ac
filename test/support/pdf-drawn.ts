import { decodeHex, latin1, objectBody, streamOf } from './pdf-lines.js';

/**
 * The words inside the pictures of a Kindling PDF, page by page. pdfkit writes its own text as
 * `[<hex>] TJ` arrays (read by pdf-lines.ts); svg-to-pdfkit draws an SVG's text one glyph at a
 * time, `<hex> Tj` under its own transforms. Each BT…ET block of those is one SVG <text>, so
 * the words read back here exist in the file only because a chart was drawn into it.
 */
export async function drawnWords(bytes: Uint8Array): Promise<string[][]> {
  const text = latin1(bytes);
  const kids = /\/Type \/Pages\n\/Count \d+\n\/Kids \[([^\]]*)\]/.exec(text);
  if (!kids) throw new Error('no page tree');
  const pages: string[][] = [];
  for (const [, pageId] of kids[1]!.matchAll(/(\d+) 0 R/g)) {
    const contents = /\/Contents (\d+) 0 R/.exec(objectBody(text, pageId!));
    if (!contents) throw new Error(`page ${pageId} has no contents`);
    const stream = await streamOf(bytes, text, contents[1]!);
    const words: string[] = [];
    for (const block of stream.matchAll(/\nBT\n([\s\S]*?)\nET\n/g)) {
      const glyphs = [...block[1]!.matchAll(/<([0-9a-f]+)> Tj/g)].map((g) => decodeHex(g[1]!));
      if (glyphs.length) words.push(glyphs.join(''));
    }
    pages.push(words);
  }
  return pages;
}

/**
 * How many marks each page paints in the charts' blue (#1d70b8): bars, dots and lines. Nothing
 * else in the report uses that colour, so a count above zero is a chart drawn on that page.
 */
export async function blueMarks(bytes: Uint8Array): Promise<number[]> {
  const text = latin1(bytes);
  const kids = /\/Type \/Pages\n\/Count \d+\n\/Kids \[([^\]]*)\]/.exec(text);
  if (!kids) throw new Error('no page tree');
  const counts: number[] = [];
  for (const [, pageId] of kids[1]!.matchAll(/(\d+) 0 R/g)) {
    const contents = /\/Contents (\d+) 0 R/.exec(objectBody(text, pageId!));
    const stream = await streamOf(bytes, text, contents![1]!);
    counts.push((stream.match(/0\.1137\d* 0\.4392\d* 0\.7215\d* (?:scn|SCN)/g) ?? []).length);
  }
  return counts;
}
