import type { IdGenerator } from '../core/context.js';
import type { QuietHours, Sender } from '../core/reminders/model.js';
import { runReminders, type SendSummary } from '../core/reminders/run.js';
import type { RemindersStore } from '../core/reminders/store.js';
import type { Store } from '../core/store.js';

/**
 * The Node service's in-process reminder schedule, wired like the scheduled backups: one run at a
 * time (a slow gateway never stacks runs up), and `stop()` waits for a run in flight so the
 * database is closed only after its outcomes are recorded. Overlap with `send-reminders` or a
 * second process is safe anyway: the outbox decides each reminder once and records it once.
 */
export function scheduleReminders(options: {
  store: Store & { reminders: RemindersStore };
  sender: Sender;
  quiet: QuietHours;
  everyMs: number;
  clock: () => Date;
  ids: IdGenerator;
  log: (fields: Record<string, unknown>, message: string) => void;
}): {
  stop(maxWaitMs: number): Promise<void>;
  runOnce(): Promise<(SendSummary & { due: number }) | null>;
} {
  const { store, sender, quiet, clock, ids, log } = options;
  let inFlight: Promise<unknown> | null = null;
  const runOnce = async () => {
    if (inFlight) return null;
    const run = runReminders({ store, reminders: store.reminders, ids }, sender, clock(), quiet);
    inFlight = run;
    try {
      const summary = await run;
      if (summary.due || summary.sent || summary.failed || summary.retrying || summary.cancelled)
        log({ event: 'reminders', sender: sender.name, ...summary }, 'reminders run');
      return summary;
    } finally {
      inFlight = null;
    }
  };
  const timer = setInterval(() => {
    runOnce().catch((error: unknown) =>
      log({ event: 'reminders', ok: false, error: String(error) }, 'reminders run stopped'),
    );
  }, options.everyMs);
  timer.unref();
  return {
    runOnce,
    // A gateway that hangs must not hold the service up past its grace: what is not recorded
    // stays waiting and is sent again, with the same idempotency key, on the next run.
    stop: async (maxWaitMs) => {
      clearInterval(timer);
      if (!inFlight) return;
      let wait: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        inFlight.catch(() => undefined),
        new Promise((r) => {
          wait = setTimeout(r, maxWaitMs);
        }),
      ]);
      clearTimeout(wait);
    },
  };
}
