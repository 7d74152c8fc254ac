import { timeSortableIds } from './core/ids.js';
import { createApp } from './http/app.js';
import { consoleJsonLogger } from './http/log.js';
import { runScheduledJobs } from './jobs.js';
import { sha256Hex } from './runtime/hash.js';
import { d1Store, type D1Like } from './store/d1-store.js';
import { remindOnSchedule } from './reminders/cron.js';

export interface WorkerEnv {
  DB: D1Like;
  /** REMINDER_SENDER and its settings (see src/reminders/senders.ts), as vars or secrets. */
  [setting: string]: unknown;
}

/** The parts of Workers' ScheduledController and ExecutionContext that we use. */
interface Scheduled {
  scheduledTime: number;
  cron?: string;
}

/** wrangler.toml's daily trigger: the jobs of src/jobs.ts (the other trigger sends reminders). */
const DAILY_CRON = '17 3 * * *';
interface Waiting {
  waitUntil(promise: Promise<unknown>): void;
}

const clock = () => new Date();
const ids = timeSortableIds(clock);
const apps = new WeakMap<object, ReturnType<typeof createApp>>();

/** The Workers entry: the same app, over the D1 binding named DB in wrangler.toml. */
export default {
  fetch(request: Request, env: WorkerEnv, ctx: unknown) {
    let app = apps.get(env.DB as object);
    if (!app) {
      app = createApp({ store: d1Store(env.DB), hasher: sha256Hex, ids, clock });
      apps.set(env.DB as object, app);
    }
    return app.fetch(request, env, ctx as never);
  },

  /**
   * The Cron Triggers in wrangler.toml. The daily one runs every scheduled job (src/jobs.ts) as of
   * the time the trigger was due, so a late or retried invocation judges the same day; the
   * others decide and send the reminders due.
   */
  scheduled(controller: Scheduled, env: WorkerEnv, ctx: Waiting) {
    if (controller.cron === DAILY_CRON) {
      const deps = { store: d1Store(env.DB), hasher: sha256Hex, ids, log: consoleJsonLogger };
      ctx.waitUntil(runScheduledJobs(deps, new Date(controller.scheduledTime)));
    } else ctx.waitUntil(remindOnSchedule(env, controller.scheduledTime, ids));
  },
};
