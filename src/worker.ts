import { timeSortableIds } from './core/ids.js';
import { createApp } from './http/app.js';
import { consoleJsonLogger } from './http/log.js';
import { runScheduledJobs } from './jobs.js';
import { sha256Hex } from './runtime/hash.js';
import { d1Store, type D1Like } from './store/d1-store.js';

export interface WorkerEnv {
  DB: D1Like;
}

/** The parts of Workers' ScheduledController and ExecutionContext that we use. */
interface Scheduled {
  scheduledTime: number;
  cron: string;
}
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
   * The Cron Trigger in wrangler.toml: every scheduled job (src/jobs.ts), as of the time the
   * trigger was due, so a late or retried invocation judges the same day.
   */
  scheduled(controller: Scheduled, env: WorkerEnv, ctx: Waiting) {
    const deps = { store: d1Store(env.DB), hasher: sha256Hex, ids, log: consoleJsonLogger };
    ctx.waitUntil(runScheduledJobs(deps, new Date(controller.scheduledTime)));
  },
};
