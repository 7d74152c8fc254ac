import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/core/statements/subject-access.js';

describe('wrapping what a person said for a subject access PDF', () => {
  it('loses no character and keeps every line within the width', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.integer({ min: 5, max: 120 }),
        (text, width) => {
          const lines = wrapText(text, width);
          for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
          const squash = (s: string) => s.replace(/\s+/g, '');
          expect(squash(lines.join(' '))).toBe(squash(text));
        },
      ),
    );
  });

  it('breaks at spaces when the words fit', () => {
    expect(wrapText('in hospital after a fall, back next month', 20)).toEqual([
      'in hospital after a',
      'fall, back next',
      'month',
    ]);
  });
});
