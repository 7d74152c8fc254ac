import type { IdGenerator } from '../core/context.js';
import { runReminders, type SendSummary } from '../core/reminders/run.js';
import type { D1Like } from '../store/d1-store.js';
import { d1Store } from '../store/d1-store.js';
import { remindersFromEnv } from './senders.js';

/**
 * One Cron Trigger run on Workers: decide and send the reminders due at the trigger's time. It is
 * a plain function so `scheduled()` in src/worker.ts can call it beside other scheduled work; a
 * bad setting rejects (and is logged by the runtime) instead of throwing out of the dispatcher.
 */
export async function remindOnSchedule(
  env: { DB: D1Like } & Record<string, unknown>,
  scheduledTime: number,
  ids: IdGenerator,
): Promise<SendSummary & { due: number }> {
  const { sender, quiet } = remindersFromEnv(env);
  const store = d1Store(env.DB);
  const summary = await runReminders(
    { store, reminders: store.reminders, ids },
    sender,
    new Date(scheduledTime),
    quiet,
  );
  console.log(JSON.stringify({ event: 'reminders', sender: sender.name, ...summary }));
  return summary;
}
