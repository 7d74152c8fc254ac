/**
 * Runs `task` every `everyMs` in this process, the first time after `firstAfterMs` (so a service
 * restarted daily still runs its daily jobs), one run at a time; the timers never keep the
 * process alive. Errors are the task's to log: a failed run does not stop the next.
 */
export function scheduleEvery(options: {
  everyMs: number;
  firstAfterMs: number;
  task: () => Promise<unknown>;
}): { stop(): void; running(): Promise<unknown> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(options.task).catch(() => undefined);
  };
  const first = setTimeout(run, options.firstAfterMs);
  const timer = setInterval(run, options.everyMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
    running: () => running,
  };
}
