import { accessLogForPeople, READ_KINDS } from '../../core/access-log.js';
import { roleLabel } from '../../core/labels.js';
import { Table } from './display.js';
import { DateInput, ErrorSummary, TextField } from './form.js';
import { longDate } from './format.js';
import { partsOf, readDate, type PageKit } from './kit.js';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** When, in the alliance's words: "2 June 2026, 09:30 (UTC)". */
const when = (iso: string) => `${longDate(iso.slice(0, 10))}, ${iso.slice(11, 16)} (UTC)`;

/**
 * Who looked: the access log for coordinators, newest first, 50 lines a page, filtered by a
 * person's reference (all their records), by what was read and by dates. People are named as the
 * alliance knows them: the credential's name and role, and the SP-/IB- reference of whom the line
 * is about; never an internal id.
 */
export function accessLogRoutes(kit: PageKit): void {
  kit.get('/access-log', async (c) => {
    const q = (k: string) => c.req.query(k)?.trim() || undefined;
    const before = Number(q('before'));
    // Dates come as day, month and year boxes (or as `from`/`to` in an "older entries" link).
    const errors: Record<string, string> = {};
    const typed: Record<string, { day?: string; month?: string; year?: string }> = {};
    const dateOf = (id: 'from' | 'to', what: string) => {
      const parts = { day: q(`${id}-day`), month: q(`${id}-month`), year: q(`${id}-year`) };
      if (!parts.day && !parts.month && !parts.year) return q(id);
      const read = readDate(parts, what);
      if (read.ok) return read.iso;
      errors[`${id}-day`] = read.message;
      typed[id] = parts;
      return undefined;
    };
    const from = dateOf('from', 'the first day');
    const to = dateOf('to', 'the last day');
    const filter = {
      ...(q('person') && { reference: q('person')! }),
      ...(q('what') && { what: q('what')! }),
      ...(from && { from }),
      ...(to && { to }),
      ...(Number.isSafeInteger(before) && before > 0 && { before }),
    };
    const log = await accessLogForPeople({ privacy: kit.deps.store.privacy }, kit.ctx(c), filter);
    const older = new URLSearchParams(
      Object.entries({ ...filter, person: filter.reference, reference: undefined })
        .filter(([k, v]) => v !== undefined && k !== 'before')
        .map(([k, v]) => [k, String(v)]),
    );
    if (log.nextBefore !== null) older.set('before', String(log.nextBefore));
    return kit.page(
      c,
      { title: 'Who looked at personal data', back: { href: '/sparks', label: 'Back' } },
      <>
        <ErrorSummary errors={errors} />
        <h1>Who looked at personal data</h1>
        <p>
          Every time someone reads a person’s details, what they asked for or said, a budget’s
          spends or an export with names, it is written here and can never be changed.
        </p>
        <form method="get" action="/access-log" novalidate>
          <TextField
            id="person"
            label="Person’s reference"
            hint="For example, SP-7KQ2-M9XD or IB-4TRW-88KD"
            value={filter.reference}
            width="w20"
          />
          <div class="form-group">
            <label class="label" for="what">
              What was read
            </label>
            <select class="select" id="what" name="what">
              <option value="">Anything</option>
              {READ_KINDS.map((k) => (
                <option value={k} selected={k === filter.what}>
                  {capital(k)}
                </option>
              ))}
            </select>
          </div>
          <DateInput
            id="from"
            legend="From (UTC)"
            hint="For example, 1 6 2026"
            value={typed.from ?? partsOf(filter.from ?? '')}
            error={errors['from-day']}
          />
          <DateInput
            id="to"
            legend="To (UTC)"
            hint="For example, 30 6 2026"
            value={typed.to ?? partsOf(filter.to ?? '')}
            error={errors['to-day']}
          />
          <button type="submit" class="button">
            Show entries
          </button>
        </form>
        {log.items.length ? (
          <Table
            caption="Reads, newest first"
            columns={[{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'About' }]}
            rows={log.items.map((i) => [
              when(i.at),
              `${i.who ?? 'A credential no longer on file'} (${roleLabel(i.role)})`,
              capital(i.what),
              i.about ?? '',
            ])}
          />
        ) : (
          <p>No one has read anything that matches.</p>
        )}
        {log.nextBefore !== null && <a href={`/access-log?${older.toString()}`}>Older entries</a>}
      </>,
    );
  });
}
