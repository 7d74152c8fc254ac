import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';
import worker from '../../src/worker.js';
import { makeHarness } from '../contract/harness.js';
import { sparksFixture } from '../contract/sparks-helpers.js';

const db = env.DB as D1Like;

afterEach(() => vi.restoreAllMocks());

describe('the Worker’s Cron Trigger', () => {
  it('decides and sends the reminders due through scheduled(), once, in workerd over D1', async () => {
    const h = await makeHarness('workers', d1Store(db), () => createD1Store(db));
    h.setNow('2026-06-01T08:00:00.000Z');
    const s = await sparksFixture(h);
    await s.ok('POST', 'receipts', {
      funder: 'Council',
      amount: '500.00',
      receivedOn: '2026-04-01',
    });
    const applicant = await s.applicant();
    const application = await s.application(applicant, '100.00', '2026-04-10');
    const decided = await s.decide(application, await s.sitting('2026-04-10'), {
      outcome: 'award',
      amount: '100.00',
      purpose: 'Bus pass',
    });
    expect(decided.status).toBe(201);
    await s.ok(
      'PUT',
      `contacts/${applicant}`,
      { channel: 'sms', address: '07700 900123', consent: true },
      { key: false, status: 200 },
    );

    const posted: { key: string | null; body: { to: string; text: string } }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      expect(String(input)).toBe('https://gateway.test/messages');
      const headers = new Headers(init?.headers);
      posted.push({ key: headers.get('idempotency-key'), body: JSON.parse(String(init?.body)) });
      return new Response('{}', { status: 202 });
    });
    const run = async (iso: string) => {
      const waiting: Promise<unknown>[] = [];
      worker.scheduled(
        { scheduledTime: Date.parse(iso) },
        {
          DB: db,
          REMINDER_SENDER: 'webhook',
          REMINDER_WEBHOOK_URL: 'https://gateway.test/messages',
        },
        { waitUntil: (p) => waiting.push(p) },
      );
      await Promise.all(waiting);
    };
    await run('2026-06-01T21:30:00.000Z'); // 22:30 in London: quiet hours
    expect(posted).toEqual([]);
    await run('2026-06-02T09:15:00.000Z');
    await run('2026-06-02T09:30:00.000Z');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.to).toBe('07700900123');
    expect(posted[0]!.body.text).toContain('by 5 June');
    const list = await s.ok('GET', 'reminders', undefined, { key: false });
    expect(list.items).toMatchObject([
      { kind: 'follow_up_due', status: 'sent', attempts: 1, channel: 'sms', id: posted[0]!.key },
    ]);
  });
});
