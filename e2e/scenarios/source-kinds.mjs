// Source connections of every kind: SAML, Plex, Kerberos, LDAP and Telegram beside OAuth.
// A user connection's detail shows its kind's fields (asking the kind's own endpoint only
// where it adds fields), a Plex token never reaches the page, and group connections of
// every kind are listed on both versions (all/ on 2026.2, one kind's endpoint on 2024.8).
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ site, site24, demo, demo24, reset, open, visit, rowCount, waitForText, apiBody, screenshot }) => {
  const versions = [
    { v: '2026.2', s: site, d: demo },
    { v: '2024.8', s: site24, d: demo24 },
  ];
  const requests = async (d, method, part) =>
    (await demoControl(d, 'requests')).filter((r) => r.method === method && r.path.includes(part));
  const firstPk = async (page) => page.locator('table.data tbody tr').first().evaluate((r) => r.dataset.pk);

  return [
    ...versions.map(({ v, s, d }) => ({
      name: `source kinds (${v}): SAML user connections filtered by source, the kind's fields, delete after confirmation`,
      async run({ page }) {
        await open(page, '/user-connections', { reset: true, site: s });
        await rowCount(page);
        const select = page.locator('#filter-source');
        await eventually(async () => (await select.locator('option[value="corp-saml"]').count()) === 1, 'SAML source offered');
        await select.selectOption('corp-saml');
        await page.waitForURL(/source__slug=corp-saml/);
        await eventually(async () => {
          const sources = await page.locator('table.data tbody tr td:nth-child(4)').allTextContents();
          return sources.length > 0 && sources.every((t) => t.trim() === 'Corp SAML');
        }, 'only SAML rows');
        await axe(page, `SAML user connections ${v}`);
        const pk = await firstPk(page);
        const typed = await apiBody(`sources/user_connections/saml/${pk}/`, d);
        const before = (await requests(d, 'GET', `user_connections/saml/${pk}/`)).length;
        await visit(page, `/user-connections/${pk}`, s);
        const card = page.locator('#kind-title').locator('..');
        await waitForText(card, 'SAML connection', 'kind named');
        await waitForText(card, 'SAML NameID', 'identifier named by what it is');
        await waitForText(card, typed.identifier, 'identifier shown (2024.8: from the typed endpoint only)');
        const asked = (await requests(d, 'GET', `user_connections/saml/${pk}/`)).length - before;
        if (v === '2024.8') {
          assertEq(asked, 1, '2024.8: the identifier is only at the typed endpoint, which is asked once');
        } else {
          assertEq(asked, 0, '2026.2: the typed endpoint adds nothing, so it is not asked');
          await waitForText(card, 'authentik keeps no other fields for SAML connections.', 'says there is nothing more');
        }
        await axe(page, `SAML user connection detail ${v}`);
        await screenshot(page, `saml-user-connection-${v}`);
        await page.getByRole('button', { name: 'Delete…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await page.waitForURL(/\/user-connections$/);
        await page.getByText(`User source connection ${pk} deleted.`).waitFor();
        assertEq((await api(d, `sources/user_connections/all/${pk}/`)).status, 404, 'gone on the server');
      },
    })),
    ...versions.map(({ v, s, d }) => ({
      name: `source kinds (${v}): a Plex connection's token is nowhere in the page, its address or the console`,
      async run({ page }) {
        await reset(d);
        const logged = [];
        page.on('console', (m) => logged.push(m.text()));
        const list = await apiBody('sources/user_connections/plex/?page_size=5', d);
        assert(list.results.length > 0, 'the demo has Plex connections');
        assert(!JSON.stringify(list).includes('plex_token'), 'the model sends no plex_token (write-only)');
        const pk = list.results[0].pk;
        await open(page, `/user-connections/${pk}`, { site: s });
        const card = page.locator('#kind-title').locator('..');
        await waitForText(card, 'Plex connection', 'kind named');
        await waitForText(card, 'Plex token', 'the token is named');
        await waitForText(card, 'write-only, never sent to the console', 'and said to be out of reach');
        if (v === '2024.8') await waitForText(card, list.results[0].identifier, 'Plex account ID from the typed endpoint');
        await axe(page, `Plex user connection ${v}`);
        const html = await page.content();
        // Every demo Plex token starts so; none may be in the page, its address or the console.
        assert(!html.includes('plex-secret-'), 'no Plex token in the page HTML');
        assert(!html.includes('plex_token'), 'no plex_token field in the page');
        assert(!page.url().includes('plex-secret-'), 'none in the address');
        assert(!logged.some((t) => t.includes('plex-secret-')), 'none in the console');
      },
    })),
    ...versions.map(({ v, s, d }) => ({
      name: `source kinds (${v}): an OAuth connection's typed endpoint is asked once for what only it sends`,
      async run({ page }) {
        await reset(d);
        const conn = (await apiBody('sources/user_connections/oauth/?page_size=1&ordering=-pk', d)).results[0];
        const before = (await requests(d, 'GET', `user_connections/oauth/${conn.pk}/`)).length;
        await open(page, `/user-connections/${conn.pk}`, { site: s });
        const card = page.locator('#kind-title').locator('..');
        await waitForText(card, 'OAuth connection', 'kind named');
        await waitForText(card, 'Subject at the provider', 'identifier named');
        await waitForText(card, conn.identifier, 'identifier shown');
        await waitForText(card, 'Access token', 'the access token is named, not shown');
        // 2026.2 sends `expires` (null: none kept); 2024.8's serializer has no such field.
        await waitForText(card, v === '2024.8' ? 'not sent by this authentik version' : 'none recorded', 'expiry');
        assertEq((await requests(d, 'GET', `user_connections/oauth/${conn.pk}/`)).length - before, 1, 'asked once');
      },
    })),
    {
      name: 'source kinds (2024.8): a kind endpoint the server lacks is said, the rest still shown',
      async run({ page }) {
        await reset(demo24);
        const conn = (await apiBody('sources/user_connections/saml/?page_size=1', demo24)).results[0];
        // How authentik answers a path it does not have: its HTML 404 page.
        await page.route(`**/api/v3/sources/user_connections/saml/${conn.pk}/`, (route) =>
          route.fulfill({ status: 404, contentType: 'text/html', body: '<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>' }));
        await open(page, `/user-connections/${conn.pk}`, { site: site24 });
        const card = page.locator('#kind-title').locator('..');
        await waitForText(card, 'This authentik version has no endpoint for SAML connections', 'the missing endpoint is named');
        await waitForText(card, 'not sent by this authentik version', 'the identifier it would have given is said to be missing');
        await waitForText(page.locator('#user-title').locator('..'), 'Username', 'the rest of the page still shown');
        await axe(page, 'missing kind endpoint');
      },
    },
    {
      name: 'source kinds (2026.2): group connections of every kind from all/, one kind picked',
      async run({ page }) {
        await open(page, '/group-connections', { reset: true });
        await page.getByText('Showing group connections of every kind.').waitFor();
        await rowCount(page);
        assert((await requests(demo, 'GET', 'group_connections/all/')).length > 0, 'the list of every kind is asked for');
        await axe(page, 'group connections of every kind');
        await page.locator('#filter-source-kind').selectOption('plex');
        await page.waitForURL(/kind=plex/);
        await page.getByText('Showing Plex group connections only.').waitFor();
        await eventually(async () => (await requests(demo, 'GET', 'group_connections/plex/')).length > 0, 'the Plex endpoint asked');
        const sent = (await requests(demo, 'GET', 'group_connections/plex/')).at(-1);
        assert(!sent.path.includes('kind='), `the kind picks the address and is not sent: ${sent.path}`);
        const typed = await apiBody('sources/group_connections/plex/?page_size=100');
        await eventually(async () => (await page.locator('table.data tbody tr').count()) === Math.min(20, typed.pagination.count), 'the Plex page');
        const pk = await firstPk(page);
        assert(/^\d+$/.test(pk), `all/ reaches every kind: plain key ${pk}`);
        await visit(page, `/group-connections/${pk}`);
        await waitForText(page.locator('#source-title').locator('..'), 'Plex source', 'source kind from the list of sources');
        await page.getByRole('link', { name: 'Edit' }).click();
        await page.locator('#field-source').waitFor();
        await eventually(async () => (await page.locator('#field-source option').count()) >= 1, 'source options');
        const offered = await page.locator('#field-source option').allTextContents();
        assert(offered.some((t) => t.startsWith('Plex')) && !offered.some((t) => t.startsWith('GitHub')), `only Plex sources offered: ${offered}`);
      },
    },
    {
      name: 'source kinds (2024.8): group connections one kind at a time, a Plex one shown and deleted',
      async run({ page }) {
        await open(page, '/group-connections', { reset: true, site: site24 });
        await page.getByText('Showing OAuth group connections. authentik 2024.8 has no list of every kind').waitFor();
        await rowCount(page);
        const kinds = await page.locator('#filter-source-kind option').allTextContents();
        assertEq(kinds, ['OAuth', 'SAML', 'Plex'], 'the kinds 2024.8 has');
        await axe(page, 'group connections 2024.8');
        await page.locator('#filter-source-kind').selectOption('plex');
        await page.waitForURL(/kind=plex/);
        await page.getByText('Showing Plex group connections only.').waitFor();
        await eventually(async () => ((await firstPk(page).catch(() => '')) || '').startsWith('plex-'), 'rows keyed by their kind');
        const key = await firstPk(page);
        const pk = key.slice('plex-'.length);
        await page.locator(`tr[data-pk="${key}"] a`).first().click();
        await page.waitForURL(new RegExp(`/group-connections/${key}$`));
        await page.locator('#group-title').waitFor();
        await waitForText(page.locator('#source-title').locator('..'), 'Plex source', 'source kind');
        await axe(page, 'Plex group connection 2024.8');
        await screenshot(page, 'plex-group-connection-2024');
        await page.getByRole('button', { name: 'Delete…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await page.waitForURL(/\/group-connections$/);
        assertEq((await api(demo24, `sources/group_connections/plex/${pk}/`)).status, 404, 'deleted at the Plex endpoint');
      },
    },
    {
      name: 'source kinds (2024.8): bulk delete of SAML group connections reports an injected failure',
      async run({ page }) {
        await open(page, '/group-connections?kind=saml', { reset: true, site: site24 });
        await rowCount(page);
        await eventually(async () => (await firstPk(page)).startsWith('saml-'), 'SAML rows');
        const keys = await page.locator('table.data tbody tr').evaluateAll((rows) => rows.slice(0, 3).map((r) => r.dataset.pk));
        assertEq(keys.length, 3, 'three rows');
        for (const k of keys) await page.getByRole('checkbox', { name: `Select group source connection ${k}` }).check();
        const pks = keys.map((k) => k.slice('saml-'.length));
        await demoControl(demo24, 'faults', { kind: 'empty405', method: 'DELETE', path_contains: `group_connections/saml/${pks[1]}/`, times: 1 });
        await page.getByRole('button', { name: 'Delete selected (3)' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await dialog.getByText('3 of 3').waitFor();
        const outcomes = await dialog.locator('.outcomes li').allTextContents();
        assert(outcomes[1].includes('failed'), `failure reported: ${outcomes[1]}`);
        assert(outcomes[0].includes('deleted') && outcomes[2].includes('deleted'), `the others deleted: ${outcomes}`);
        await axe(page, 'bulk delete outcome');
        await dialog.getByRole('button', { name: 'Close' }).click();
        assertEq((await api(demo24, `sources/group_connections/saml/${pks[0]}/`)).status, 404, 'first gone');
        assertEq((await api(demo24, `sources/group_connections/saml/${pks[1]}/`)).status, 200, 'failed one kept');
        assertEq((await api(demo24, `sources/group_connections/saml/${pks[2]}/`)).status, 404, 'third gone');
      },
    },
    {
      name: 'source kinds: 375 px wide, the kind card and the kind filter fit the screen',
      viewport: { width: 375, height: 812 },
      async run({ page }) {
        await reset();
        const plex = (await apiBody('sources/user_connections/plex/?page_size=1')).results[0];
        for (const [route, ready] of [
          [`/user-connections/${plex.pk}`, '#kind-title'],
          ['/group-connections?kind=saml', 'table.data tbody tr'],
        ]) {
          await open(page, route);
          await page.locator(ready).first().waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert(overflow <= 0, `${route}: the page scrolls sideways by ${overflow}px`);
          await axe(page, `narrow ${route}`);
          await screenshot(page, `narrow-kinds-${ready.startsWith('#') ? 'detail' : 'list'}`);
        }
      },
    },
  ];
};
