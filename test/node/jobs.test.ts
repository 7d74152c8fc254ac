import { describe, expect, it, vi } from 'vitest';
import { scheduleEvery } from '../../src/runtime/schedule.js';
import { memoryLogger } from '../../src/http/log.js';
import { runScheduledJobs, SCHEDULED_JOBS, type JobDeps } from '../../src/jobs.js';

describe('scheduled jobs', () => {
  it('runs every job at the given time; one that fails is logged and the next still runs', async () => {
    const log = memoryLogger();
    const seen: string[] = [];
    const deps = { log } as unknown as JobDeps;
    const results = await runScheduledJobs(deps, new Date('2033-01-01T03:17:00.000Z'), [
      {
        name: 'breaks',
        run: async () => {
          throw new Error('disk on fire');
        },
      },
      {
        name: 'counts',
        run: async (_deps, now) => {
          seen.push(now.toISOString());
          return { counted: 3 };
        },
      },
    ]);
    expect(results).toEqual([
      { name: 'breaks', ok: false },
      { name: 'counts', ok: true },
    ]);
    expect(seen).toEqual(['2033-01-01T03:17:00.000Z']);
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'error', job: 'breaks', ok: false, error: 'disk on fire' }),
      expect.objectContaining({ level: 'info', job: 'counts', ok: true, counted: 3 }),
    ]);
  });

  it('includes retention', () => {
    expect(SCHEDULED_JOBS.map((j) => j.name)).toContain('retention');
  });

  it('runs them on Node from a timer: first soon after start, then every period, one at a time', async () => {
    vi.useFakeTimers();
    try {
      let runs = 0;
      const schedule = scheduleEvery({
        everyMs: 86_400_000,
        firstAfterMs: 60_000,
        task: async () => {
          runs += 1;
        },
      });
      await vi.advanceTimersByTimeAsync(59_999);
      expect(runs).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(86_400_000);
      expect(runs).toBe(2);
      schedule.stop();
      await vi.advanceTimersByTimeAsync(3 * 86_400_000);
      expect(runs).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
