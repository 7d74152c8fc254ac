// biome-ignore-all lint/a11y/noRedundantRoles: the explicit roles keep a stacked table a table to screen readers once the phone CSS changes its display (NHS responsive table)
import type { Child, FC } from 'hono/jsx';
import { join } from './layout.js';

/**
 * Showing records: the summary list (one record, key and value), tables that stack into one card
 * per row below 641px (the NHS responsive table, PAGES.md), and the figures of a fund or budget.
 */

export interface Row {
  key: string;
  value: Child;
  action?: { href: string; label: string; what: string } | undefined;
}

export const SummaryList: FC<{ rows: (Row | false | null | undefined | '' | 0)[] }> = ({
  rows,
}) => (
  <dl class="summary-list">
    {rows
      .filter((r): r is Row => !!r)
      .map((r) => (
        <div class="summary-list__row">
          <dt class="summary-list__key">{r.key}</dt>
          <dd class="summary-list__value">{r.value ?? 'Not given'}</dd>
          {r.action && (
            <dd class="summary-list__actions">
              <a href={r.action.href}>
                {r.action.label}
                <span class="visually-hidden"> {r.action.what}</span>
              </a>
            </dd>
          )}
        </div>
      ))}
  </dl>
);

export interface Column {
  label: string;
  numeric?: boolean;
}

/**
 * A table with a caption and column headings; on phones each row becomes a card, every cell led
 * by its heading (aria-hidden there, since the header is read already). The first cell names the
 * row, so it is a row header.
 */
export const Table: FC<{ caption: Child; columns: Column[]; rows: Child[][] }> = (p) => (
  <table class="table table--stack" role="table">
    <caption class="table__caption">{p.caption}</caption>
    <thead role="rowgroup">
      <tr role="row">
        {p.columns.map((c) => (
          <th scope="col" role="columnheader" class={join(c.numeric && 'num')}>
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
    <tbody role="rowgroup">
      {p.rows.map((cells) => (
        <tr role="row">
          {cells.map((cell, i) => {
            const col = p.columns[i]!;
            const inner = (
              <>
                <span class="table__heading" aria-hidden="true">
                  {col.label}{' '}
                </span>
                <span>{cell}</span>
              </>
            );
            return i === 0 ? (
              <th scope="row" role="rowheader" class={join(col.numeric && 'num')}>
                {inner}
              </th>
            ) : (
              <td role="cell" class={join(col.numeric && 'num')}>
                {inner}
              </td>
            );
          })}
        </tr>
      ))}
    </tbody>
  </table>
);

export const Figures: FC<{ items: { amount: string; label: string; lead?: boolean }[] }> = ({
  items,
}) => (
  <div class="figures">
    {items.map((f) => (
      <p class={join('figure', f.lead && 'figure--lead')}>
        <b>{f.amount}</b>
        {f.label}
      </p>
    ))}
  </div>
);

export const Tag: FC<{ children: Child; tone?: 'grey' | 'green' | 'orange' }> = (p) => (
  <strong class={join('tag', p.tone && p.tone !== 'orange' && `tag--${p.tone}`)}>
    {p.children}
  </strong>
);
