import { describe, expect, it } from 'vitest';
import { inWords } from '../../src/http/pages/format.js';

describe('a refusal in a page’s words', () => {
  it('writes money in pounds, dates in full and drops ids', () => {
    expect(
      inWords(
        'The Small Sparks fund held 1234.50 on 2026-04-01 and holds 0.00 today; it cannot cover an award of 85.00. Nothing was written.',
      ),
    ).toBe(
      'The Small Sparks fund held £1,234.50 on 1 April 2026 and holds £0.00 today; it cannot cover an award of £85.00',
    );
    expect(inWords('Award awd_01hzx3k9q2 has 35.00 left to pay; 500.00 is more.')).toBe(
      'Award has £35.00 left to pay; £500.00 is more',
    );
  });

  it('leaves words that carry no id, amount or date as they are', () => {
    expect(inWords('Choose whether the panel awards, declines or defers')).toBe(
      'Choose whether the panel awards, declines or defers',
    );
    expect(inWords('Already £12.50 in words.')).toBe('Already £12.50 in words');
    expect(inWords('method must be one of bank_transfer, cash')).toBe(
      'method must be one of bank_transfer, cash',
    );
  });
});
