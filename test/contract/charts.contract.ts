import { describe, expect, it } from 'vitest';
import { barChart, lineChart, poundsTick } from '../../src/charts/plot.js';

/** The charts draw the same on both runtimes: Plot over linkedom, no browser, no script. */
export function chartsContract() {
  describe('charts as server-side SVG', () => {
    it('draws one bar per cell, labelled in pounds from pence, as an image with a title', () => {
      const chart = barChart('Spending by category', [
        { label: 'Housing', amount: '1234.50' },
        { label: 'Peer support', amount: '80.00' },
        { label: 'Community', amount: '0.00' },
      ]);
      expect(chart.svg.startsWith('<svg')).toBe(true);
      expect(chart.svg).toContain('role="img"');
      expect(chart.svg).toContain('<title>Spending by category</title>');
      expect(chart.svg.match(/<rect /g)?.length).toBe(3);
      expect(chart.svg).toContain('£1,234.50');
      expect(chart.svg).toContain('Peer support');
      expect(chart.svg).not.toMatch(/<script|javascript:|\son\w+=/i);
    });

    it('draws counts too, and gives a suppressed cell words instead of a bar', () => {
      const chart = barChart('Days to first payment', [
        { label: 'within a week', count: 7 },
        { label: '8 to 14 days', count: 'fewer than 5' },
        { label: 'over 28 days', count: 'suppressed' },
      ]);
      expect(chart.svg).toContain('>7<');
      expect(chart.svg).toContain('>fewer than 5<');
      expect(chart.svg).toContain('>hidden<');
      // Zero-width bars for the hidden cells: nothing to measure them by.
      const widths = [...chart.svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => m[1]);
      expect(widths.filter((w) => Number(w) === 0)).toHaveLength(2);
    });

    it('draws the fund over the months as a line with a dot at each month', () => {
      const chart = lineChart('The fund over the year', [
        { label: 'Apr', amount: '2000.00' },
        { label: 'May', amount: '1500.00' },
        { label: 'Jun', amount: '1725.25' },
      ]);
      expect(chart.svg.match(/<circle /g)?.length).toBe(3);
      expect(chart.svg).toMatch(/<path [^>]*d="M/);
      expect(chart.svg).toContain('Jun: £1,725.25');
      expect(chart.svg).toContain('>£2,000<');
    });

    it('formats ticks from pence without floats, and leaves fractional ticks blank', () => {
      expect(poundsTick(120000)).toBe('£1,200');
      expect(poundsTick(1250)).toBe('£12.50');
      expect(poundsTick(-500)).toBe('−£5');
      expect(poundsTick(0.5)).toBe('');
    });
  });
}
