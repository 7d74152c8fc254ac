import { z } from 'zod';
import type { OutgoingMessage, QuietHours, Sender, SendResult } from '../core/reminders/model.js';
import { DEFAULT_QUIET } from '../core/reminders/model.js';

/**
 * The senders a deployment can choose with REMINDER_SENDER. Each catches its own network errors
 * and answers { ok: false }, so a refused or unreachable gateway is an attempt to retry; and each
 * passes the reminder's id as the gateway's idempotency key, so a retry is never a second text.
 */

/** Writes what it would send, without the address or the words: the default, safe anywhere. */
export function logSender(log: (line: string) => void = console.log): Sender {
  return {
    name: 'log',
    async send(m) {
      log(`reminder ${m.id}: would send by ${m.channel} (${m.text.length} characters)`);
      return { ok: true, providerRef: null };
    },
  };
}

async function post(
  url: string,
  init: RequestInit,
  fetcher: typeof fetch,
): Promise<{ ok: boolean; status: number; body: string } | { error: string }> {
  try {
    const res = await fetcher(url, {
      ...init,
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
    });
    return { ok: res.ok, status: res.status, body: await res.text() };
  } catch (error) {
    return { error: error instanceof Error ? error.name : 'network error' };
  }
}

/** POSTs JSON to a URL the alliance configures, so any SMS or email gateway can be plugged in. */
export function webhookSender(
  url: string,
  secret: string | null,
  fetcher: typeof fetch = fetch,
): Sender {
  return {
    name: 'webhook',
    async send(m: OutgoingMessage): Promise<SendResult> {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': m.id,
      };
      if (secret) headers.authorization = `Bearer ${secret}`;
      const res = await post(url, { headers, body: JSON.stringify(m) }, fetcher);
      if ('error' in res) return { ok: false, error: res.error };
      if (!res.ok) return { ok: false, error: `gateway answered ${res.status}` };
      return { ok: true, providerRef: m.id };
    },
  };
}

/**
 * Infobip's SMS API (POST /sms/2/text/advanced, `Authorization: App <key>`). Our reminder id is
 * the message's `messageId`: with Infobip's idempotency enabled for the sender, a retry with the
 * same id within its grace period is not delivered again. Infobip sends text only: an email
 * contact is a failed attempt here (use the webhook sender for email).
 */
export function infobipSender(
  config: { baseUrl: string; apiKey: string; from: string },
  fetcher: typeof fetch = fetch,
): Sender {
  return {
    name: 'infobip',
    async send(m) {
      if (m.channel !== 'sms') return { ok: false, error: 'infobip sends text messages only' };
      const res = await post(
        `${config.baseUrl.replace(/\/$/, '')}/sms/2/text/advanced`,
        {
          headers: {
            authorization: `App ${config.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            messages: [
              { from: config.from, destinations: [{ to: m.to, messageId: m.id }], text: m.text },
            ],
          }),
        },
        fetcher,
      );
      if ('error' in res) return { ok: false, error: res.error };
      if (!res.ok) return { ok: false, error: `infobip answered ${res.status}` };
      return { ok: true, providerRef: m.id };
    },
  };
}

export const ReminderEnv = z.object({
  REMINDER_SENDER: z.enum(['log', 'webhook', 'infobip']).default('log'),
  REMINDER_WEBHOOK_URL: z.url().optional(),
  REMINDER_WEBHOOK_SECRET: z.string().min(1).optional(),
  INFOBIP_BASE_URL: z.url().optional(),
  INFOBIP_API_KEY: z.string().min(1).optional(),
  INFOBIP_FROM: z.string().min(1).max(15).optional(),
  /** "21-9": no messages from 21:00 until 09:00 local time. */
  REMINDER_QUIET_HOURS: z
    .string()
    .regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/)
    .default('21-9'),
  REMINDER_TIME_ZONE: z.string().default(DEFAULT_QUIET.timeZone),
});
export type ReminderEnv = z.infer<typeof ReminderEnv>;

/** The sender and quiet hours a deployment configured; throws with what is missing. */
export function remindersFromEnv(
  raw: Record<string, unknown>,
  fetcher: typeof fetch = fetch,
): { sender: Sender; quiet: QuietHours } {
  const env = ReminderEnv.parse(raw);
  const [startHour, endHour] = env.REMINDER_QUIET_HOURS.split('-').map(Number) as [number, number];
  const quiet = { startHour, endHour, timeZone: env.REMINDER_TIME_ZONE };
  if (env.REMINDER_SENDER === 'webhook') {
    if (!env.REMINDER_WEBHOOK_URL) throw new Error('REMINDER_WEBHOOK_URL is needed for webhook');
    return {
      sender: webhookSender(env.REMINDER_WEBHOOK_URL, env.REMINDER_WEBHOOK_SECRET ?? null, fetcher),
      quiet,
    };
  }
  if (env.REMINDER_SENDER === 'infobip') {
    if (!env.INFOBIP_BASE_URL || !env.INFOBIP_API_KEY || !env.INFOBIP_FROM)
      throw new Error('INFOBIP_BASE_URL, INFOBIP_API_KEY and INFOBIP_FROM are needed for infobip');
    return {
      sender: infobipSender(
        { baseUrl: env.INFOBIP_BASE_URL, apiKey: env.INFOBIP_API_KEY, from: env.INFOBIP_FROM },
        fetcher,
      ),
      quiet,
    };
  }
  return { sender: logSender(), quiet };
}
