import { describe, expect, it } from 'vitest';
import type { Sender } from '../../src/core/reminders/model.js';
import { scheduleReminders } from '../../src/runtime/reminders-schedule.js';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { sparksFixture } from '../contract/sparks-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One Small Sparks follow-up due in four days, to a person who said yes to texts. */
async function oneDueReminder() {
  const { store } = openSqlite({ path: ':memory:' });
  const h = await makeHarness('node', store, () => {
    throw new Error('not used');
  });
  h.setNow('2026-06-01T08:00:00.000Z');
  const s = await sparksFixture(h);
  await s.ok('POST', 'receipts', {
    funder: 'Council',
    amount: '500.00',
    receivedOn: '2026-04-01',
  });
  const applicant = await s.applicant();
  const application = await s.application(applicant, '100.00', '2026-04-10');
  await s.decide(application, await s.sitting('2026-04-10'), {
    outcome: 'award',
    amount: '100.00',
    purpose: 'x',
  });
  await s.ok(
    'PUT',
    `contacts/${applicant}`,
    { channel: 'sms', address: '07700900123', consent: true },
    { token: s.panel, key: false, status: 200 },
  );
  return { store, s };
}

describe('the Node service’s reminder schedule', () => {
  it('runs one at a time, and stopping waits for the run in flight to record what it sent', async () => {
    const { store, s } = await oneDueReminder();

    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Sender = {
      name: 'slow',
      async send() {
        calls++;
        await gate;
        return { ok: true, providerRef: null };
      },
    };
    const logged: Record<string, unknown>[] = [];
    let n = 0;
    const schedule = scheduleReminders({
      store,
      sender: slow,
      quiet: { startHour: 21, endHour: 9, timeZone: 'Europe/London' },
      everyMs: 10,
      clock: () => new Date('2026-06-02T10:00:00.000Z'),
      ids: (p) => `${p}_s${++n}`,
      log: (fields) => logged.push(fields),
    });
    for (let i = 0; i < 100 && calls === 0; i++) await sleep(10);
    expect(calls).toBe(1);
    await sleep(80); // eight more ticks while the gateway hangs: none starts another run
    expect(calls).toBe(1);
    let stopped = false;
    const stopping = schedule.stop(5_000).then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    release();
    await stopping;
    const list = await s.ok('GET', 'reminders', undefined, { key: false });
    expect(list.items).toMatchObject([{ status: 'sent', attempts: 1 }]);
    expect(logged).toMatchObject([{ event: 'reminders', sender: 'slow', sent: 1 }]);
    await sleep(50);
    expect(calls).toBe(1);
  });

  it('stops within its grace when a gateway hangs for good, leaving the reminder waiting', async () => {
    const { store, s } = await oneDueReminder();
    let asked = false;
    const hanging: Sender = {
      name: 'hanging',
      send: () => {
        asked = true;
        return new Promise(() => undefined);
      },
    };
    const schedule = scheduleReminders({
      store,
      sender: hanging,
      quiet: { startHour: 21, endHour: 9, timeZone: 'Europe/London' },
      everyMs: 60_000,
      clock: () => new Date('2026-06-02T10:00:00.000Z'),
      ids: (p) => `${p}_x`,
      log: () => undefined,
    });
    void schedule.runOnce();
    for (let i = 0; i < 100 && !asked; i++) await sleep(10);
    expect(asked).toBe(true);
    const started = performance.now();
    await schedule.stop(200);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(1_000);
    // Not recorded, so still waiting: the next run sends it again with the same id.
    const list = await s.ok('GET', 'reminders', undefined, { key: false });
    expect(list.items).toMatchObject([{ status: 'waiting', attempts: 0 }]);
  });
});
