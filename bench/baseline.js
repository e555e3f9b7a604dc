// The comparison for the render benchmark: the same JSON as the console fetches, rendered
// into the same table markup with plain DOM calls, no framework.
const token = sessionStorage.getItem('ak-admin.token');
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
function relative(iso) {
  const secs = (Date.parse(iso) - Date.now()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(secs) >= size || unit === 'second') return rtf.format(Math.round(secs / size), unit);
  }
  return '';
}
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function link(href, text, attrs) {
  return el('a', { href, ...attrs }, text);
}

const query = new URLSearchParams(location.search);
const size = query.get('page_size') || '1000';
const resp = await fetch(`/api/v3/sources/user_connections/all/?page=1&page_size=${size}&ordering=pk`, {
  headers: { authorization: `Bearer ${token}` },
});
const page = await resp.json();
const table = el('table', { class: 'data' });
const head = el('tr');
for (const label of ['ID', 'User', 'Source', 'Identifier', 'Created']) {
  const th = el('th', { scope: 'col', 'aria-sort': 'none' });
  th.append(el('button', { type: 'button', class: 'sort' }, label));
  head.append(th);
}
const thead = el('thead');
thead.append(head);
table.append(thead);
const body = el('tbody');
for (const c of page.results) {
  const tr = el('tr', { 'data-pk': String(c.pk) });
  const src = c.source_obj || c.source;
  const cells = [
    link(`/user-connections/${c.pk}`, String(c.pk)),
    link(`/user-connections?user=${c.user}`, String(c.user)),
    link(`/user-connections?source__slug=${encodeURIComponent(src.slug)}`, src.name),
    c.identifier === undefined
      ? el('span', { class: 'muted', title: 'Not sent by this authentik version' }, '—')
      : link(`/user-connections/${c.pk}`, c.identifier, { class: 'clip', title: c.identifier }),
    el('time', { datetime: c.created, title: new Date(c.created).toLocaleString() }, relative(c.created)),
  ];
  for (const cell of cells) {
    const td = el('td');
    td.append(cell);
    tr.append(td);
  }
  body.append(tr);
}
table.append(body);
document.querySelector('.table-wrap').append(table);
