import { listPools } from '../../core/budgets/pools.js';
import { listStreams } from '../../core/budgets/setup.js';
import { splitLabel } from '../../core/labels.js';
import { ErrorSummary, TextField } from './form.js';
import { path, pounds } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { filterQuery, pagingOf } from './list-paging.js';
import { Filters, Results } from './list-parts.js';

/** A name as typed: how it starts, at most 80 characters; empty is no filter. */
const nameOf = (c: PageContext) => c.req.query('name')?.trim().slice(0, 80) || undefined;

const NameField = (p: { value: string | undefined; what: string }) => (
  <TextField
    id="name"
    label={`Name of the ${p.what}`}
    hint="All of it or how it starts"
    value={p.value}
    width="w20"
  />
);

/**
 * Creating a budget, first step: its funding stream, from the same page of streams in name order as the streams
 * list, found by how its name starts. Never every stream of the alliance in one drop-down.
 */
export async function chooseStream(kit: PageKit, c: PageContext, problem?: string) {
  const paging = pagingOf(c);
  const name = nameOf(c);
  const page = await listStreams(kit.deps, kit.ctx(c), { name, page: paging.page });
  return kit.page(
    c,
    {
      title: 'Create a budget: choose the funding stream',
      hasErrors: problem !== undefined,
      back: { href: '/budgets' },
    },
    <>
      <ErrorSummary errors={problem ? { streams: problem } : {}} />
      <span class="caption">Create a budget</span>
      <h1 id="streams">Which funding stream is it drawn from?</h1>
      <Filters
        c={c}
        action="/budgets/new"
        errors={{}}
        reference={false}
        extra={<NameField value={name} what="stream" />}
      />
      <Results
        what="funding streams"
        base="/budgets/new"
        filters={filterQuery(c, ['name'])}
        paging={paging}
        next={page.next}
        columns={[{ label: 'Stream' }, { label: 'To allocate', numeric: true }]}
        rows={page.items.map((s) => [
          <a href={`/budgets/new?stream=${encodeURIComponent(s.id)}`}>
            <span class="visually-hidden">Choose </span>
            {s.name}
          </a>,
          pounds(s.available ?? '0.00'),
        ])}
      />
    </>,
    problem ? 422 : 200,
  );
}

/**
 * Funding streams and pools, in name order a page at a time, found by how the name starts: the
 * same paged use cases as GET /v1/streams and /v1/pools. Coordinators open each one; auditors
 * read the figures.
 */
export function streamListRoutes(kit: PageKit): void {
  kit.get('/budgets/lists/streams', async (c) => {
    const paging = pagingOf(c);
    const name = nameOf(c);
    const page = await listStreams(kit.deps, kit.ctx(c), { name, page: paging.page });
    const coordinator = c.get('actor').role === 'coordinator';
    return kit.page(
      c,
      { title: 'Funding streams', back: { href: coordinator ? '/budgets' : '/statements' } },
      <>
        <h1>Funding streams</h1>
        <Filters
          c={c}
          action="/budgets/lists/streams"
          errors={{}}
          reference={false}
          extra={<NameField value={name} what="stream" />}
        />
        <Results
          what="funding streams"
          base="/budgets/lists/streams"
          filters={filterQuery(c, ['name'])}
          paging={paging}
          next={page.next}
          columns={[{ label: 'Stream' }, { label: 'To allocate', numeric: true }]}
          rows={page.items.map((s) => [
            coordinator ? <a href={path`/budgets/streams/${s.id}`}>{s.name}</a> : s.name,
            pounds(s.available ?? '0.00'),
          ])}
        />
      </>,
    );
  });

  kit.get('/budgets/lists/pools', async (c) => {
    const paging = pagingOf(c);
    const name = nameOf(c);
    const page = await listPools(kit.deps, kit.ctx(c), { name, page: paging.page });
    const coordinator = c.get('actor').role === 'coordinator';
    return kit.page(
      c,
      { title: 'Pools', back: { href: coordinator ? '/budgets' : '/statements' } },
      <>
        <h1>Pools</h1>
        <Filters
          c={c}
          action="/budgets/lists/pools"
          errors={{}}
          reference={false}
          extra={<NameField value={name} what="pool" />}
        />
        <Results
          what="pools"
          base="/budgets/lists/pools"
          filters={filterQuery(c, ['name'])}
          paging={paging}
          next={page.next}
          columns={[
            { label: 'Pool' },
            { label: 'Members', numeric: true },
            { label: 'How it is shared' },
            { label: 'Held', numeric: true },
          ]}
          rows={page.items.map((p) => [
            coordinator ? <a href={path`/budgets/pools/${p.id}`}>{p.name}</a> : p.name,
            p.members,
            splitLabel(p.splitRule),
            pounds(p.balance),
          ])}
        />
      </>,
    );
  });
}
