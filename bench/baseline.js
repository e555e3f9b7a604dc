// The render benchmark's comparison: a hand-written page with no framework that fetches the
// same JSON from the same API as the console's user-connections list and builds the same
// markup (the same elements, attributes and text as src/resources/user_connections.rs and
// src/components/{list,table,time}.rs produce; bench/run.mjs checks that they match).
// Like the console, it shows "user #pk" first and fills in usernames (one request per
// user) after the table is in the page.

const API = '/api/v3';
const ROUTE = '/user-connections';
const token = sessionStorage.getItem('ak-admin.token');

// One formatter of each kind, as the console keeps (src/components/time.rs).
const RELATIVE = new Intl.RelativeTimeFormat([], { numeric: 'auto' });
const EXACT = new Intl.DateTimeFormat([], { dateStyle: 'medium', timeStyle: 'long' });

/** The console's unit choice (time::relative_parts), rounding half away from zero like Rust. */
function relative(ms) {
  const delta = (ms - Date.now()) / 1000;
  const abs = Math.abs(delta);
  const [div, unit] = abs < 60 ? [1, 'second']
    : abs < 3600 ? [60, 'minute']
      : abs < 86400 ? [3600, 'hour']
        : abs < 86400 * 30 ? [86400, 'day']
          : abs < 86400 * 365 ? [86400 * 30, 'month']
            : [86400 * 365, 'year'];
  const n = delta / div;
  return RELATIVE.format(Math.sign(n) * Math.round(Math.abs(n)), unit);
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k]);
  for (const c of children) e.append(c);
  return e;
}

const listHref = (key, value) => `${ROUTE}?${new URLSearchParams([[key, value]])}`;
const detailHref = (pk) => `${ROUTE}/${pk}`;

async function get(path, query) {
  const r = await fetch(`${API}/${path}${query ? `?${query}` : ''}`, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

function timeCell(iso) {
  const ms = iso == null ? NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return iso == null ? el('span', { class: 'muted' }, '—') : iso;
  const title = EXACT.format(ms);
  return el('time', { datetime: iso, title }, relative(ms), el('span', { class: 'visually-hidden' }, ` (${title})`));
}

/** Username spans by user pk, filled in once the user is fetched. */
const userSpans = new Map();

function row(c) {
  const src = c.source_obj || (typeof c.source === 'object' ? c.source : null);
  const span = el('span', { class: 'username' }, `user #${c.user}`);
  if (!userSpans.has(c.user)) userSpans.set(c.user, []);
  userSpans.get(c.user).push(span);
  const cells = [
    el('a', { href: detailHref(c.pk) }, String(c.pk)),
    el('a', { href: `/users/${c.user}` }, span),
    src
      ? el('a', { href: listHref('source__slug', src.slug) }, src.name)
      : el('span', { class: 'mono' }, String(c.source)),
    c.identifier == null
      ? el('span', { class: 'muted', title: 'Not sent by this authentik version' }, '—')
      : el('a', { href: detailHref(c.pk), class: 'clip', title: c.identifier }, c.identifier),
    timeCell(c.created),
  ];
  // The row checkbox of the bulk actions, as the console draws it.
  const select = el('td', { class: 'select' },
    el('input', { type: 'checkbox', 'aria-label': `Select user source connection ${c.pk}` }));
  return el('tr', { 'data-pk': String(c.pk) }, select, ...cells.map((x) => el('td', null, x)));
}

function header(label, field, ordering) {
  if (!field) return el('th', { scope: 'col' }, label);
  const sorted = ordering === field ? true : ordering === `-${field}` ? false : null;
  return el('th', { scope: 'col', 'aria-sort': sorted === null ? 'none' : sorted ? 'ascending' : 'descending' },
    el('button', { class: 'sort', type: 'button' }, label,
      el('span', { class: 'arrow', 'aria-hidden': 'true' }, sorted === null ? '↕' : sorted ? '▲' : '▼')));
}

function pager(p, pageSize) {
  const btn = (text, disabled) => {
    const b = el('button', { class: 'btn', type: 'button' }, text);
    if (disabled) b.setAttribute('disabled', '');
    return b;
  };
  const select = el('select', null, ...[20, 50, 100].map((n) => {
    const o = el('option', { value: String(n) }, String(n));
    if (n === pageSize) o.setAttribute('selected', '');
    return o;
  }));
  return el('nav', { class: 'pager', 'aria-label': 'Pagination' },
    el('span', { class: 'range' }, p.count === 0 ? 'No results' : `${p.start_index}–${p.end_index} of ${p.count}`),
    btn('‹ Previous', p.previous === 0),
    el('span', { class: 'current', 'aria-current': 'page' }, `Page ${Math.max(p.current, 1)} of ${Math.max(p.total_pages, 1)}`),
    btn('Next ›', p.next === 0),
    el('label', { class: 'page-size' }, 'Rows per page ', select));
}

const params = new URLSearchParams(location.search);
const requested = Number.parseInt(params.get('page_size') || '', 10);
const pageSize = requested >= 1 && requested <= 1000 ? requested : 20;
const ordering = 'pk';
const query = new URLSearchParams([['page', '1'], ['page_size', String(pageSize)], ['ordering', ordering]]).toString();

const section = el('section', { class: 'page' },
  el('h1', null, 'User source connections'),
  el('p', { class: 'lede' }, 'Links between authentik users and their accounts at external sources.'));
document.getElementById('main').append(section);

const page = await get('sources/user_connections/all/', query);
const table = el('table', { class: 'data' },
  el('caption', { class: 'visually-hidden' }, 'user source connections'),
  el('thead', null, el('tr', null,
    el('th', { scope: 'col', class: 'select' },
      el('input', { type: 'checkbox', 'aria-label': 'Select all rows on this page' })),
    header('ID', 'pk', ordering), header('User', 'user', ordering), header('Source', null, ordering),
    header('Identifier', 'identifier', ordering), header('Created', 'created', ordering))),
  el('tbody', null, ...page.results.map(row)));
section.append(el('div', { class: 'table-wrap' }, table), pager(page.pagination, pageSize));

// After the table is painted, as the console does: one request per user, names filled in.
setTimeout(() => {
  for (const [pk, spans] of userSpans) {
    get(`core/users/${pk}/`).then((u) => {
      for (const s of spans) { s.textContent = u.username; s.title = u.username; }
    }, () => {});
  }
}, 0);
