/**
 * A very small HTML builder for the web pages: every value put into a template is escaped unless
 * it is already `Html` (made by `h` or `raw`), so a name or a purpose typed by someone can never
 * become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const raw = (markup: string) => new Html(markup);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** "£1,234.50" from a decimal string "1234.50" (the API's money), without touching floats. */
export function pounds(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', pence = '00'] = (negative ? amount.slice(1) : amount).split('.');
  return `${negative ? '−' : ''}£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${pence}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "1 April 2026" from "2026-04-01". */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

const STYLE = `
:root{--ink:#1b1b1b;--muted:#555;--line:#d8d8d8;--accent:#1f4e8c;--warn:#8a3b00;--ok:#1d6b3a}
*{box-sizing:border-box}
body{font:17px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--ink);background:#fafafa}
header{background:#fff;border-bottom:1px solid var(--line);padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.2rem;align-items:center}
header .brand{font-weight:700;color:var(--ink);text-decoration:none;margin-right:auto}
header nav a{margin-right:1rem}
header form{margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.4rem 0 1rem}
h2{font-size:1.25rem;margin:1.6rem 0 .6rem}
a{color:var(--accent)}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:.6rem 0}
.figure{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;background:#fff}
.figure b{display:block;font-size:1.35rem}
.figure span{color:var(--muted);font-size:.9rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:var(--muted)} .warn{color:var(--warn);font-weight:600} .ok{color:var(--ok)}
.notice{border-left:4px solid var(--accent);background:#eef3fa;padding:.6rem .8rem;margin:0 0 1rem}
.error{border-left:4px solid var(--warn);background:#fbefe6;padding:.6rem .8rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
input{font:inherit;padding:.45rem .5rem;border:1px solid #999;border-radius:4px;max-width:100%}
input[type=password]{width:28rem}
button{font:inherit;padding:.45rem 1rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.link{background:none;border:none;color:var(--accent);text-decoration:underline;padding:0}
ul.links li{margin:.3rem 0}
.inline{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
.inline label{margin:0}
header .brand,header nav a,a.button-link{display:inline-flex;align-items:center;min-height:44px;min-width:44px}
button{min-height:44px;min-width:44px}
@media print{header{display:none}}
`;

export interface Chrome {
  title: string;
  /** Who is signed in, for the header; null on the sign-in page. */
  signedIn: { role: string; allianceId: string; nav: { href: string; label: string }[] } | null;
}

export function layout(chrome: Chrome, body: Html): string {
  const who = chrome.signedIn;
  return (
    '<!doctype html>' +
    h`<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${chrome.title} · Kindling</title><style>${raw(STYLE)}</style></head>
<body><header><a class="brand" href="/">Kindling</a>${
      who
        ? h`<nav>${who.nav.map((n) => h`<a href="${n.href}">${n.label}</a>`)}</nav>
<span class="muted">${who.allianceId} · ${who.role}</span>
<form method="post" action="/sign-out"><button class="link" type="submit">Sign out</button></form>`
        : ''
    }</header>
<main>${body}</main></body></html>`.value
  );
}
