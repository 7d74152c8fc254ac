import { describe, expect, it } from 'vitest';
import { yearsBefore } from '../../src/core/privacy/retention.js';

describe('the retention period', () => {
  it('counts back whole calendar years, 29 February to the 28th', () => {
    expect(yearsBefore('2033-01-01', 6)).toBe('2027-01-01');
    expect(yearsBefore('2028-02-29', 6)).toBe('2022-02-28');
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29');
    expect(yearsBefore('2026-12-31', 1)).toBe('2025-12-31');
  });
});
