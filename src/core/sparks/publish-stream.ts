import {
  CSV_HEADER,
  checkAward,
  checkHead,
  compareAwards,
  csvLine,
  csvRecord,
  grant360,
  packageHead,
  type PublishHead,
  type PublishedAward,
} from './publish.js';

/**
 * The published files written a page of awards at a time, byte for byte what `grants360Giving`
 * (as JSON.stringify writes it) and `grantsCsvLines` give for the same awards, so an alliance
 * with 10,000 awards never holds them all at once. The pages must come in the published order
 * (award date, then id), as the store's keyset pages do; each award is checked against the one
 * before, which also rules out an award appearing twice without remembering every id.
 *
 * The head is checked when the writer is made, before anything is produced. An award that fails
 * its checks on a later page throws while the file is being written: the caller has by then
 * sent the start of the file, so the response is cut short (the client sees a broken download,
 * never a complete-looking file with a grant missing).
 */
export interface AwardPages {
  head: PublishHead;
  /** The pages in published order; an empty page may end them. */
  pages: AsyncIterable<readonly PublishedAward[]>;
}

/** The 360Giving package as JSON text in chunks: the head, each page's grants, the close. */
export function grants360GivingChunks(source: AwardPages): AsyncGenerator<string> {
  checkHead(source.head);
  // `grants` is the package's last key, so its opening bracket ends the head's text.
  const opening = JSON.stringify({ ...packageHead(source.head), grants: [] }).slice(0, -2);
  return (async function* () {
    yield opening;
    let count = 0;
    for await (const award of ordered(source.pages)) {
      const text = JSON.stringify(grant360(source.head, award));
      yield count === 0 ? text : `,${text}`;
      count += 1;
    }
    // The schema forbids an empty package; the caller refuses one before the first byte.
    if (count === 0) throw new Error('a 360Giving package needs at least one grant');
    yield ']}';
  })();
}

/** The CSV grant register in chunks of whole lines, each ending in '\r\n'. */
export function grantsCsvChunks(source: AwardPages): AsyncGenerator<string> {
  checkHead(source.head);
  return (async function* () {
    yield csvRecord(CSV_HEADER);
    for await (const award of ordered(source.pages)) yield csvLine(source.head, award);
  })();
}

async function* ordered(
  pages: AsyncIterable<readonly PublishedAward[]>,
): AsyncGenerator<PublishedAward> {
  let previous: PublishedAward | null = null;
  for await (const page of pages)
    for (const award of page) {
      checkAward(award);
      if (previous && compareAwards(previous, award) >= 0)
        throw new Error(`award ${award.awardId} is out of order or appears twice`);
      previous = award;
      yield award;
    }
}
