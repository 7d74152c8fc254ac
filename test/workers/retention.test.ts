import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/worker.js';
import { agedWorld, retentionContract } from '../contract/retention.contract.js';
import { makeHarness } from '../contract/harness.js';
import { body } from '../contract/helpers.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
const make = () => makeHarness('workers', d1Store(db), () => createD1Store(db));
retentionContract(make);

describe('the Cron Trigger', () => {
  it('runs the retention job from scheduled(), as of the time the trigger was due', async () => {
    const h = await make();
    const w = await agedWorld(h);
    const ctx = createExecutionContext();
    const controller = createScheduledController({
      scheduledTime: Date.parse('2033-01-01T03:17:00.000Z'),
      cron: '17 3 * * *',
    });
    worker.scheduled(controller, { DB: db }, ctx);
    await waitOnExecutionContext(ctx);
    h.setNow('2033-01-01T04:00:00.000Z');
    const read = async (id: string) =>
      body(
        await h.request(`/v1/alliances/${w.s.alliance}/applicants/${id}`, {
          token: w.s.coordinator,
        }),
      );
    expect(await read(w.declined)).toMatchObject({ erased: true, name: null });
    expect(await read(w.recent)).toMatchObject({ erased: false, name: 'Came Back' });
    const log = await body(
      await h.request(`/v1/access-log?subject=${w.declined}`, { token: w.s.coordinator }),
    );
    expect(log.items[1]).toMatchObject({
      at: '2033-01-01T03:17:00.000Z',
      who: { tokenId: 'job:retention', tokenName: 'The retention job' },
    });
  });
});
