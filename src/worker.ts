import { timeSortableIds } from './core/ids.js';
import { createApp } from './http/app.js';
import { sha256Hex } from './runtime/hash.js';
import { d1Store, type D1Like } from './store/d1-store.js';
import { remindOnSchedule } from './reminders/cron.js';

export interface WorkerEnv {
  DB: D1Like;
  /** REMINDER_SENDER and its settings (see src/reminders/senders.ts), as vars or secrets. */
  [setting: string]: unknown;
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

  /** The Cron Triggers in wrangler.toml: each scheduled job is one call, run to its end. */
  scheduled(
    controller: { scheduledTime: number },
    env: WorkerEnv,
    ctx: { waitUntil(promise: Promise<unknown>): void },
  ) {
    ctx.waitUntil(remindOnSchedule(env, controller.scheduledTime, ids));
  },
};
