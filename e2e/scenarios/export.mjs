// CSV export: the file holds exactly what the API returns for the list's query (all pages,
// read one after another), never a secret, and Stop saves nothing.
import fs from 'node:fs';
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF), without the byte-order mark. */
function parseCsv(text) {
  assert(text.startsWith('\ufeff'), 'UTF-8 byte-order mark');
  text = text.slice(1);
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  assertEq(cell + row.join(''), '', 'the file ends with a line end');
  return rows;
}

/** The pks of every page of `path` (with `query`), in the API's order. */
async function apiPks(demo, path, query) {
  const pks = [];
  for (let page = 1; ; page++) {
    const { body } = await api(demo, `${path}?${query}&page_size=100&page=${page}`);
    pks.push(...body.results.map((o) => String(o.pk)));
    if (!body.pagination.next) return pks;
  }
}

export default ({ site, site24, demo, demo24, open, rowCount, apiBody, withLatency }) => [
  {
    name: 'export: the CSV of a filtered list is every row the API returns for it, in order, without client_secret (2026.2 and 2024.8)',
    async run({ page }) {
      for (const [s, d] of [[site, demo], [site24, demo24]]) {
        const provider = (await apiBody('oauth2/refresh_tokens/?page_size=1', d)).results[0].provider.pk;
        const query = `provider=${provider}&ordering=-expires`;
        await open(page, `/refresh-tokens?${query}`, { reset: true, site: s });
        await rowCount(page);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export CSV' }).click(),
        ]);
        assert(/^refresh-tokens-\d{4}-\d\d-\d\d\.csv$/.test(download.suggestedFilename()), download.suggestedFilename());
        const text = fs.readFileSync(await download.path(), 'utf8');
        // Read before this test asks the API itself (the log was cleared by the reset).
        const log = (await demoControl(d, 'requests')).filter((r) => r.path.includes('oauth2/refresh_tokens/') && /page_size=100/.test(r.query ?? ''));
        const rows = parseCsv(text);
        const header = rows[0];
        assertEq(header[0], 'pk', 'the name column first');
        const want = await apiPks(d, 'oauth2/refresh_tokens/', query);
        assert(want.length > 100, `several pages (${want.length} rows)`);
        assertEq(rows.slice(1).map((r) => r[0]), want, `${s.url}: rows are the API's, in its order`);
        const providerCol = header.indexOf('provider.pk') >= 0 ? header.indexOf('provider.pk') : header.indexOf('provider');
        assert(providerCol > 0, `a provider column: ${header}`);
        for (const r of rows.slice(1)) assertEq(r[providerCol], String(provider), 'every row of the provider');
        assert(!header.some((h) => /(^|\.)(client_secret|plex_token|key|access_token|refresh_token|password|token)$/.test(h)), `no secret column: ${header}`);
        if (s === site24) {
          const secret = (await apiBody('oauth2/refresh_tokens/?page_size=1', d)).results[0].provider.client_secret;
          assert(secret && !text.includes(secret), 'client_secret not in the file');
        }
        await page.getByText(`: ${want.length} rows.`).waitFor();
        assertEq(log.length, Math.ceil(want.length / 100), 'one request per page');
      }
      await axe(page, 'export done');
    },
  },
  {
    name: 'export: pages are read one after another, and Stop ends the run with no file and no further request',
    async run({ page }) {
      await open(page, '/refresh-tokens', { reset: true });
      await rowCount(page);
      let downloaded = false;
      page.on('download', () => { downloaded = true; });
      // Told by the browser's own events, not by timing: each page is asked only once the
      // one before it has answered.
      const exportPages = (url) => url.includes('oauth2/refresh_tokens/') && /page_size=100/.test(url);
      const asked = [];
      const answered = new Set();
      page.on('request', (r) => {
        if (!exportPages(r.url())) return;
        const n = Number(new URL(r.url()).searchParams.get('page'));
        asked.push({ n, earlierAnswered: [...Array(n - 1).keys()].every((i) => answered.has(i + 1)) });
      });
      page.on('requestfinished', (r) => { if (exportPages(r.url())) answered.add(Number(new URL(r.url()).searchParams.get('page'))); });
      const pages = () => demoControl(demo, 'requests').then((l) => l.filter((r) => r.path.includes('oauth2/refresh_tokens/') && /page_size=100/.test(r.query ?? '')));
      await withLatency(700, async () => {
        await page.getByRole('button', { name: 'Export CSV' }).click();
        await page.getByText(/Reading page 2 of \d+/).waitFor();
        await eventually(async () => asked.some((a) => a.n === 2), 'page 2 asked');
        await page.getByRole('button', { name: 'Stop export' }).click();
        await page.getByText(/Export stopped after 100 rows: no file was saved\./).waitFor();
      });
      assertEq(asked.map((a) => a.n), [1, 2], 'pages asked before Stop');
      assert(asked.every((a) => a.earlierAnswered), `each page asked after the one before answered: ${JSON.stringify(asked)}`);
      // The request page 2 was in flight at Stop; nothing is asked after it.
      await eventually(async () => (await pages()).length === 2, 'the demo saw both requests');
      await page.waitForTimeout(1500);
      assertEq((await pages()).length, 2, 'no request after Stop');
      assert(!downloaded, 'no file saved');
      await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    },
  },
  {
    name: 'export: a list that changes while it is read is said, and no file is saved',
    async run({ page }) {
      await open(page, '/refresh-tokens?ordering=pk', { reset: true });
      await rowCount(page);
      let downloaded = false;
      page.on('download', () => { downloaded = true; });
      const first = (await apiBody('oauth2/refresh_tokens/?ordering=pk&page_size=100')).results.slice(0, 5);
      const total = (await apiBody('oauth2/refresh_tokens/?page_size=1')).pagination.count;
      await withLatency(700, async () => {
        await page.getByRole('button', { name: 'Export CSV' }).click();
        await page.getByText(/Reading page 2 of \d+/).waitFor();
        // Five rows of the page already read go away: every later page shifts by five.
        for (const t of first) assertEq((await api(demo, `oauth2/refresh_tokens/${t.pk}/`, { method: 'DELETE' })).status, 204, 'deleted');
        // The next page read after a delete shows the count moved (by as many as were gone).
        const fewer = [1, 2, 3, 4, 5].map((n) => total - n).join('|');
        await page.getByText(new RegExp(`The list changed while it was read \\(${total} → (${fewer}) objects\\)`)).waitFor({ timeout: 20000 });
      });
      await page.getByText(/so none was saved\. Export again\./).waitFor();
      assert(!downloaded, 'no file saved');
      await axe(page, 'export of a changing list');
    },
  },
  {
    name: 'export: group connections are exported from the list shown — every kind on 2026.2, the picked kind on both releases',
    async run({ page }) {
      for (const [s, d, route, endpoint] of [
        [site, demo, '/group-connections', 'sources/group_connections/all/'],
        [site, demo, '/group-connections?kind=saml', 'sources/group_connections/saml/'],
        [site24, demo24, '/group-connections?kind=saml', 'sources/group_connections/saml/'],
        [site24, demo24, '/group-connections?kind=plex', 'sources/group_connections/plex/'],
      ]) {
        await open(page, route, { reset: true, site: s });
        await rowCount(page);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export CSV' }).click(),
        ]);
        const rows = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
        const asked = (await demoControl(d, 'requests')).filter((r) => r.path.includes('group_connections/') && /page_size=100/.test(r.query ?? ''));
        assert(asked.length > 0 && asked.every((r) => r.path === `/api/v3/${endpoint}`), `${route}: the export read ${endpoint}: ${asked.map((r) => r.path)}`);
        const want = await apiPks(d, endpoint, 'ordering=pk');
        assert(want.length > 0, `${route}: the list has rows`);
        const pk = rows[0].indexOf('pk');
        assert(pk >= 0, `a pk column: ${rows[0]}`);
        assertEq(rows.slice(1).map((r) => r[pk]), want, `${s.url}${route}: the file holds the list's rows`);
      }
    },
  },
  {
    name: 'export: a failing page is reported with no file saved, and leaving the page stops the run',
    async run({ page }) {
      await open(page, '/refresh-tokens', { reset: true });
      await rowCount(page);
      await demoControl(demo, 'faults', { kind: 'html500', method: 'GET', path_contains: 'oauth2/refresh_tokens/', times: 1 });
      await page.getByRole('button', { name: 'Export CSV' }).click();
      await page.getByText(/Export failed: .* No file was saved\./).waitFor();
      await withLatency(700, async () => {
        await page.getByRole('button', { name: 'Export CSV' }).click();
        await page.getByText(/Reading/).waitFor();
        await page.getByRole('link', { name: 'User connections' }).first().click();
        await page.locator('table.data tbody tr').first().waitFor();
      });
      const n = (await demoControl(demo, 'requests')).filter((r) => r.path.includes('oauth2/refresh_tokens/')).length;
      await page.waitForTimeout(1500);
      const m = (await demoControl(demo, 'requests')).filter((r) => r.path.includes('oauth2/refresh_tokens/')).length;
      assertEq(m, n, 'no page read after leaving');
    },
  },
];
