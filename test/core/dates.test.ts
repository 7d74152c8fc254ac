import { describe, expect, it } from 'vitest';
import { isTimeZone, localDate } from '../../src/core/dates.js';

describe('the alliance’s today', () => {
  it('is the local date in the alliance’s zone, across the clock changes', () => {
    // BST: 23:30 UTC is already tomorrow in London.
    expect(localDate(new Date('2026-06-01T23:30:00Z'), 'Europe/London')).toBe('2026-06-02');
    expect(localDate(new Date('2026-06-01T22:59:59Z'), 'Europe/London')).toBe('2026-06-01');
    // GMT: London is UTC in winter.
    expect(localDate(new Date('2026-12-01T23:30:00Z'), 'Europe/London')).toBe('2026-12-01');
    expect(localDate(new Date('2026-06-01T23:30:00Z'), 'UTC')).toBe('2026-06-01');
    expect(localDate(new Date('2026-06-01T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-06-02');
  });

  it('answers the same within a minute and changes at the minute midnight falls in', () => {
    expect(localDate(new Date('2026-03-29T00:59:59Z'), 'Europe/London')).toBe('2026-03-29');
    expect(localDate(new Date('2026-10-24T22:59:30Z'), 'Europe/London')).toBe('2026-10-24');
    expect(localDate(new Date('2026-10-24T23:00:00Z'), 'Europe/London')).toBe('2026-10-25');
  });

  it('knows real zones only', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
