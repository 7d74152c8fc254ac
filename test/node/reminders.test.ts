import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHour, type Sender } from '../../src/core/reminders/model.js';
import { runReminders, type RemindersDeps } from '../../src/core/reminders/run.js';
import { infobipSender, webhookSender } from '../../src/reminders/senders.js';
import { openSqlite } from '../../src/store/node-store.js';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { makeHarness } from '../contract/harness.js';
import { sparksFixture } from '../contract/sparks-helpers.js';

/**
 * A fake SMS/email gateway on 127.0.0.1 that behaves as a good one does: it delivers a message
 * once per idempotency key, however often it is posted, and remembers when (in simulated time)
 * each delivery happened.
 */
function fakeGateway() {
  const delivered = new Map<string, { to: string; text: string; channel: string; at: string }>();
  const posts: string[] = [];
  let simulatedNow = '';
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const body = JSON.parse(raw) as { to: string; text: string; channel: string };
      posts.push(key);
      if (!delivered.has(key)) delivered.set(key, { ...body, at: simulatedNow });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  return {
    server,
    delivered,
    posts,
    setNow: (iso: string) => (simulatedNow = iso),
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

class Crash extends Error {}

const dir = mkdtempSync(join(tmpdir(), 'kindling-reminders-'));
const gateway = fakeGateway();
let url = '';
beforeAll(async () => {
  url = await gateway.start();
});
afterAll(async () => {
  await gateway.stop();
  rmSync(dir, { recursive: true, force: true });
});

const quiet = { startHour: 21, endHour: 9, timeZone: 'Europe/London' };
const FLAGGED = /recover|drug|alcohol|grant|budget|spark|money|£|\d+\.\d\d|approv|spend|addict/i;

describe('reminders over a simulated month, through a fake gateway on 127.0.0.1', () => {
  it('delivers exactly the reminders due, once each, across a crash and restart, never in quiet hours or after STOP', async () => {
    const path = join(dir, 'month.sqlite');
    const first = openSqlite({ path });
    const h = await makeHarness(
      'node',
      first.store,
      () => openSqlite({ path, migrate: false }).store,
    );
    h.setNow('2026-06-01T08:00:00.000Z');
    const s = await sparksFixture(h);
    await s.ok('POST', 'receipts', {
      funder: 'Council',
      amount: '2000.00',
      receivedOn: '2026-04-01',
    });
    const award = async (on: string) => {
      const applicant = await s.applicant();
      const application = await s.application(applicant, '100.00', on);
      const res = await s.decide(application, await s.sitting(on), {
        outcome: 'award',
        amount: '100.00',
        purpose: 'Bus pass',
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return { applicant, award: ((await res.json()) as { award: { id: string } }).award.id };
    };
    const early = await award('2026-04-10'); // follow-up due 5 June
    const later = await award('2026-05-01'); // follow-up due 26 June, heard on 22 June
    const b = await budgetsFixture(h);
    const { holder, other, supporter } = b.people;
    const joint = await b.budget(holder.id, {
      mode: 'joint',
      coHolders: [supporter.id],
      allocate: '400.00',
    });
    await b.ok(
      'POST',
      `budgets/${joint}/spends`,
      {
        provider: 'Bus Co',
        category: 'travel',
        amount: '150.00',
        spentOn: '2026-05-30',
        description: 'Annual pass',
      },
      { token: holder.token },
    );
    await b.budget(holder.id, { end: '2026-06-30' });
    await b.budget(other.id, { end: '2026-06-25' });
    const quietOne = (await b.ok('POST', 'people', { kind: 'holder' }, { key: false })).id;
    await b.budget(quietOne, { end: '2026-06-20' });

    const contact = (subject: string, json: unknown) =>
      s.ok('PUT', `contacts/${subject}`, json, { token: s.panel, key: false, status: 200 });
    await contact(early.applicant, { channel: 'sms', address: '07700 900004', consent: true });
    await contact(later.applicant, { channel: 'email', address: 'a2@example.org', consent: true });
    await contact(holder.id, { channel: 'sms', address: '+447700900001', consent: true });
    await contact(supporter.id, { channel: 'sms', address: '+447700900002', consent: true });
    await contact(other.id, { channel: 'sms', address: '+447700900003', consent: true });
    await contact(quietOne, { channel: 'none', consent: false });

    const depsOf = (store: typeof first.store): RemindersDeps => {
      let n = 0;
      return {
        store,
        reminders: store.reminders,
        ids: (p) => `${p}_${String(++n).padStart(5, '0')}`,
      };
    };
    let deps = depsOf(first.store);
    const sender = webhookSender(url, null);
    // The first process dies right after the gateway took its first message on 1 June.
    let crashArmed = true;
    const crashing: Sender = {
      name: 'crashing',
      async send(m) {
        const result = await sender.send(m);
        if (crashArmed) {
          crashArmed = false;
          throw new Crash('power cut');
        }
        return result;
      },
    };
    let restarted = false;
    for (
      let t = Date.parse('2026-06-01T00:00:00.000Z');
      t <= Date.parse('2026-06-30T21:00:00.000Z');
      t += 3 * 3600_000
    ) {
      const now = new Date(t);
      gateway.setNow(now.toISOString());
      if (now.toISOString() === '2026-06-05T12:00:00.000Z') {
        const stop = await s.ok(
          'POST',
          'reminders/replies',
          { from: '+447700900003', text: ' Stop ' },
          { key: false, status: 200 },
        );
        expect(stop).toEqual({ stopped: true });
      }
      if (now.toISOString() === '2026-06-22T12:00:00.000Z') {
        h.setNow('2026-06-22T12:00:00.000Z');
        await s.ok(
          'POST',
          `awards/${later.award}/follow-up`,
          {
            heardOn: '2026-06-22',
            inPerson: true,
            difference: 'Started a course',
            domainsImproved: ['purposeful-activity'],
          },
          { token: s.panel, key: false, status: 200 },
        );
      }
      try {
        await runReminders(deps, restarted ? sender : crashing, now, quiet);
      } catch (error) {
        expect(error).toBeInstanceOf(Crash);
        // Restart: a new process opens the same database file and runs again.
        deps = depsOf(openSqlite({ path, migrate: false }).store);
        restarted = true;
        await runReminders(deps, sender, now, quiet);
      }
    }
    expect(restarted).toBe(true);

    const got = [...gateway.delivered.values()]
      .map((d) => `${d.at.slice(0, 13)} ${d.channel} ${d.to}`)
      .sort();
    expect(got).toEqual([
      '2026-06-01T09 sms +447700900002', // a spend waits for the co-holder
      '2026-06-01T09 sms 07700900004', // follow-up due 5 June
      '2026-06-06T09 sms 07700900004', // now overdue
      '2026-06-16T09 sms +447700900001', // the holder's period ends 30 June
      '2026-06-19T09 email a2@example.org', // follow-up due 26 June (heard on 22 June: never overdue)
    ]);
    // The crashed message was posted again after the restart, and delivered once.
    expect(gateway.posts.length).toBe(6);
    expect(new Set(gateway.posts).size).toBe(5);
    for (const d of gateway.delivered.values()) {
      const hour = localHour(new Date(d.at), 'Europe/London');
      expect(hour >= 9 && hour < 21, d.at).toBe(true);
      expect(d.text).toMatch(/Reply STOP/);
      expect(d.text.replace('Reply STOP to stop these messages.', '')).not.toMatch(FLAGGED);
    }
    const seen = await s.ok('GET', 'reminders', undefined, { key: false });
    expect(seen.items.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('sent'));
    expect(seen.items.every((r: { attempts: number }) => r.attempts === 1)).toBe(true);
    expect(JSON.stringify(seen)).not.toMatch(/7700|example\.org/);
  });
});

describe('reminder choices and the outbox: who may do what', () => {
  it('records consent, refuses what is unclear, ignores other replies, and keeps it to coordinators', async () => {
    const h = await makeHarness('node', openSqlite({ path: join(dir, 'api.sqlite') }).store, () => {
      throw new Error('not used');
    });
    const s = await sparksFixture(h);
    const applicant = await s.applicant();
    const put = (json: unknown, token = s.panel) =>
      h.request(`/v1/alliances/${s.alliance}/contacts/${applicant}`, {
        method: 'PUT',
        token,
        json,
      });
    expect((await put({ channel: 'sms', address: '07700 900123', consent: false })).status).toBe(
      422,
    );
    const bad = await put({ channel: 'sms', address: 'call me', consent: true });
    expect(await bad.json()).toMatchObject({ status: 422, code: 'invalid_address' });
    expect((await put({ channel: 'email', address: 'x@example.org', consent: true })).status).toBe(
      200,
    );
    const read = await s.ok('GET', `contacts/${applicant}`, undefined, { key: false });
    expect(read).toMatchObject({ channel: 'email', address: 'x@example.org' });
    expect(read.reference).toMatch(/^SP-/);
    const reply = (text: string, token = s.coordinator) =>
      h.request(`/v1/alliances/${s.alliance}/reminders/replies`, {
        method: 'POST',
        token,
        json: { from: 'x@example.org', text },
      });
    expect(await (await reply('thanks, see you Tuesday')).json()).toEqual({ stopped: false });
    expect((await s.ok('GET', `contacts/${applicant}`, undefined, { key: false })).stoppedAt).toBe(
      null,
    );
    const auditor = s.auditor;
    const holder = await h.token('holder', { holder: 'per_x' });
    for (const token of [auditor, holder]) {
      expect((await put({ channel: 'none', consent: false }, token)).status).toBe(403);
      expect((await reply('STOP', token)).status).toBe(403);
      const list = await h.request(`/v1/alliances/${s.alliance}/reminders`, { token });
      expect(list.status).toBe(403);
    }
    const panelList = await h.request(`/v1/alliances/${s.alliance}/reminders`, { token: s.panel });
    expect(panelList.status).toBe(403);
    const elsewhere = await h.token('coordinator', { alliance: h.otherAlliance });
    expect((await put({ channel: 'none', consent: false }, elsewhere)).status).toBe(404);
    const theirs = await h.request(`/v1/alliances/${s.alliance}/reminders`, { token: elsewhere });
    expect(theirs.status).toBe(404);
    expect((await h.request(`/v1/alliances/${s.alliance}/reminders`)).status).toBe(401);
  });
});

describe('senders', () => {
  it('calls Infobip’s SMS API with our reminder id as its messageId, and reports refusals', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{}', { status: calls.length === 1 ? 200 : 401 });
    }) as unknown as typeof fetch;
    const sender = infobipSender(
      { baseUrl: 'https://xyz.api.infobip.com/', apiKey: 'k3y', from: 'Kindling' },
      fetcher,
    );
    const message = {
      id: 'rem_1',
      channel: 'sms' as const,
      to: '447700900123',
      subject: 's',
      text: 't',
    };
    expect(await sender.send(message)).toEqual({ ok: true, providerRef: 'rem_1' });
    expect(calls[0]!.url).toBe('https://xyz.api.infobip.com/sms/2/text/advanced');
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('App k3y');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      messages: [
        { from: 'Kindling', destinations: [{ to: '447700900123', messageId: 'rem_1' }], text: 't' },
      ],
    });
    expect(await sender.send(message)).toEqual({ ok: false, error: 'infobip answered 401' });
    expect(await sender.send({ ...message, channel: 'email' })).toMatchObject({ ok: false });
  });

  it('retries a refusing gateway and records the reminder as failed after five attempts', async () => {
    const path = join(dir, 'fail.sqlite');
    const { store } = openSqlite({ path });
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
      {
        token: s.panel,
        key: false,
        status: 200,
      },
    );
    let n = 0;
    const deps: RemindersDeps = { store, reminders: store.reminders, ids: (p) => `${p}_f${++n}` };
    const refusing: Sender = {
      name: 'refusing',
      send: async () => ({ ok: false, error: 'gateway answered 503' }),
    };
    for (let i = 0; i < 7; i++)
      await runReminders(
        deps,
        refusing,
        new Date(Date.parse('2026-06-02T10:00:00.000Z') + i * 900_000),
        quiet,
      );
    const list = await s.ok('GET', 'reminders', undefined, { key: false });
    expect(list.items).toMatchObject([
      { status: 'failed', attempts: 5, lastError: 'gateway answered 503', sentAt: null },
    ]);
    expect(
      (await s.ok('GET', 'reminders?status=waiting', undefined, { key: false })).items,
    ).toEqual([]);
  });
});
