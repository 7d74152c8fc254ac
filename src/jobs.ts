import { runRetention } from './core/privacy/retention.js';
import type { AppDeps } from './http/router.js';
import type { Logger } from './http/log.js';

/** What a scheduled job gets: the app's store, ids and hasher, and where to log. */
export type JobDeps = Pick<AppDeps, 'store' | 'ids' | 'hasher'> & { log: Logger };

/** One scheduled job: runs at `now` and says in a few fields what it did (no personal data). */
export interface ScheduledJob {
  name: string;
  run(deps: JobDeps, now: Date): Promise<Record<string, unknown>>;
}

/**
 * The jobs both runtimes run on their schedule: Workers from the Cron Trigger in wrangler.toml
 * (`scheduled()` in src/worker.ts), Node from a timer in src/node.ts. A new job is one entry
 * here. Each runs on its own: one failing is logged and the next still runs.
 */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    name: 'retention',
    async run(deps, now) {
      const store = deps.store;
      const report = await runRetention(
        { ...deps, sparks: store.sparks, budgets: store.budgets, privacy: store.privacy },
        now,
      );
      return {
        alliances: report.alliances.length,
        erased: report.erased.map((e) => ({
          alliance: e.allianceId,
          reference: e.reference,
          lastActivityOn: e.lastActivityOn,
        })),
      };
    },
  },
];

/** Runs every job in turn at `now`, logging what each did or why it failed. */
export async function runScheduledJobs(
  deps: JobDeps,
  now: Date,
  jobs: readonly ScheduledJob[] = SCHEDULED_JOBS,
): Promise<{ name: string; ok: boolean }[]> {
  const results: { name: string; ok: boolean }[] = [];
  for (const job of jobs) {
    try {
      const summary = await job.run(deps, now);
      deps.log.info({ event: 'job', job: job.name, ok: true, at: now.toISOString(), ...summary });
      results.push({ name: job.name, ok: true });
    } catch (error) {
      deps.log.error({
        event: 'job',
        job: job.name,
        ok: false,
        at: now.toISOString(),
        error: error instanceof Error ? error.message : String(error),
      });
      results.push({ name: job.name, ok: false });
    }
  }
  return results;
}
