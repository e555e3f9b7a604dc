// authentik's truth on every path: a change is sent where authentik's event log records it
// (a connection's kind endpoint, never `all/`), a form never overwrites a change made since
// it opened, a connection's source can only be one of its own kind, and a cold load knows
// the release before its first data request (no guessed address, no list read twice).
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ site, demo, reset, signIn, open, visit, apiBody, requestsTo }) => {
  /** Sources of the 2026.2 demo by kind (`oauth`, `plex` …). */
  const sourcesOf = async (kind) =>
    (await apiBody('sources/all/?page_size=100')).results.filter((s) => s.meta_model_name === `authentik_sources_${kind}.${kind}source`);
  const clearLog = () => fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
  const writes = async () => (await demoControl(demo, 'requests')).filter((r) => ['PUT', 'PATCH', 'POST', 'DELETE'].includes(r.method));
  const eventsOf = async (model, pk) =>
    (await apiBody(`events/events/?context_model_name=${model}&context_model_pk=${pk}&ordering=-created`)).results;
  /** A user connection at an OAuth source whose user has none at another OAuth source. */
  const movableOAuthConnection = async () => {
    const oauth = (await sourcesOf('oauth')).map((s) => s.pk);
    assert(oauth.length >= 2, 'the demo has two OAuth sources');
    const all = (await apiBody('sources/user_connections/all/?page_size=100&ordering=pk')).results;
    for (const c of all) {
      if (!oauth.includes(c.source)) continue;
      const taken = all.filter((o) => o.user === c.user).map((o) => o.source);
      const other = oauth.find((s) => !taken.includes(s));
      if (other) return { conn: c, other };
    }
    throw new Error('no OAuth connection can move to another OAuth source');
  };

  return [
    {
      name: 'truth: connection edits are sent to their kind\'s endpoint and authentik records them (2026.2)',
      async run({ page }) {
        await reset();
        await signIn(page);
        const { conn } = await movableOAuthConnection();
        await clearLog();
        await visit(page, `/user-connections/${conn.pk}/edit`);
        await page.locator('#field-identifier').fill('audited-e2e');
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.waitForURL(new RegExp(`/user-connections/${conn.pk}$`));
        assertEq((await writes()).map((w) => `${w.method} ${w.path}`), [`PUT /api/v3/sources/user_connections/oauth/${conn.pk}/`], 'the one write');
        const [event] = await eventsOf('useroauthsourceconnection', conn.pk);
        assertEq([event.action, event.context.http_request.path], ['model_updated', `/api/v3/sources/user_connections/oauth/${conn.pk}/`], 'authentik recorded the change');
        // The console's own history shows it, with the field it changed.
        const history = page.getByRole('region', { name: 'History' });
        await eventually(async () => (await history.textContent()).includes(`PUT /api/v3/sources/user_connections/oauth/${conn.pk}/`), 'the change in the history');
        assert((await history.textContent()).includes('audited-e2e'), 'the history names the new identifier');

        // A SAML group connection: its PATCH goes to saml/, never to all/.
        const saml = (await apiBody('sources/group_connections/saml/?page_size=1')).results[0];
        assert(saml, 'the demo has a SAML group connection');
        await clearLog();
        await visit(page, `/group-connections/${saml.pk}/edit`);
        await page.locator('#field-identifier').fill('audited-saml-e2e');
        await page.getByRole('button', { name: 'Review changes' }).click();
        await page.getByRole('button', { name: 'Confirm and save' }).click();
        await page.waitForURL(new RegExp(`/group-connections/${saml.pk}$`));
        assertEq((await writes()).map((w) => `${w.method} ${w.path}`), [`PATCH /api/v3/sources/group_connections/saml/${saml.pk}/`], 'the one write');
        assertEq((await eventsOf('groupsamlsourceconnection', saml.pk))[0]?.action, 'model_updated', 'authentik recorded the change');
        await axe(page, 'saved connection with its history');
      },
    },
    {
      name: 'truth: a user connection\'s source can be changed only to another source of its kind (2026.2)',
      async run({ page }) {
        await reset();
        const plex = (await apiBody('sources/user_connections/plex/?page_size=1')).results[0];
        assert(plex, 'the demo has a Plex user connection');
        await open(page, `/user-connections/${plex.pk}/edit`);
        await eventually(async () => (await page.locator(`#field-source option[value="${plex.source}"]`).count()) === 1, 'the current source offered');
        const plexSources = (await sourcesOf('plex')).map((s) => s.pk);
        const offered = await page.locator('#field-source option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
        assert(offered.length > 0 && offered.every((v) => plexSources.includes(v)), `only Plex sources are offered: ${offered}`);
        for (const other of [...(await sourcesOf('saml')), ...(await sourcesOf('oauth'))]) {
          assertEq(await page.locator(`#field-source option[value="${other.pk}"]`).count(), 0, `${other.name} is not offered`);
        }
        await axe(page, 'plex connection edit');
      },
    },
    {
      name: 'truth: two tabs — a save never silently reverts a change the other tab made (2026.2)',
      async run({ page, context }) {
        await reset();
        await signIn(page);
        const { conn, other } = await movableOAuthConnection();
        const route = `/user-connections/${conn.pk}/edit`;
        const b = await context.newPage();
        await signIn(b);
        await visit(b, route);
        await b.locator('#field-identifier').waitFor();
        // Tab A changes the identifier and saves.
        await visit(page, route);
        await page.locator('#field-identifier').fill('from-tab-a');
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.waitForURL(new RegExp(`/user-connections/${conn.pk}$`));
        await clearLog();
        // Tab B, opened before, changes only the source.
        await eventually(async () => (await b.locator(`#field-source option[value="${other}"]`).count()) === 1, 'the other source offered');
        await b.locator('#field-source').selectOption(other);
        await b.getByRole('button', { name: 'Save', exact: true }).click();
        await b.getByText('Changed in authentik since this form opened: Identifier.').waitFor();
        assertEq((await writes()).length, 0, 'nothing sent over the other tab\'s change');
        assertEq(await b.locator('#field-identifier').inputValue(), 'from-tab-a', 'the field the admin left takes authentik\'s value');
        assertEq(await b.locator('#field-source').inputValue(), other, 'the admin\'s change is kept');
        await axe(b, 'a form told of a change made elsewhere');
        // Saving again sends the admin's change over authentik's current values.
        await b.getByRole('button', { name: 'Save', exact: true }).click();
        await b.waitForURL(new RegExp(`/user-connections/${conn.pk}$`));
        const puts = (await writes()).filter((w) => w.method === 'PUT');
        assertEq(puts.length, 1, 'one PUT');
        assertEq([puts[0].body.identifier, puts[0].body.source], ['from-tab-a', other], 'the PUT keeps tab A\'s identifier');
        const now = await apiBody(`sources/user_connections/all/${conn.pk}/`);
        assertEq([now.identifier, now.source], ['from-tab-a', other], 'both changes kept');
        await b.close();
      },
    },
    {
      name: 'truth: signing in on the sign-in page asks for the release once (2026.2)',
      async run({ page }) {
        await reset();
        await page.goto(`${site.url}/sign-in`);
        await page.locator('#token').waitFor();
        await fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
        await page.locator('#token').fill('ak-demo-admin-token');
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByText('Signed in as').first().waitFor();
        await page.waitForLoadState('networkidle');
        const asked = await requestsTo('GET', 'admin/version/');
        assertEq(asked.length, 1, 'admin/version/ read once, beside the account');
      },
    },
    {
      name: 'truth: a cold load knows the release before its first data request — no guessed address, no list read twice (2026.2)',
      async run({ page }) {
        await reset();
        await signIn(page);
        const saml = (await apiBody('sources/group_connections/saml/?page_size=1')).results[0];
        const every = (await apiBody('sources/group_connections/all/?page_size=1')).pagination.count;
        const oauthOnly = (await apiBody('sources/group_connections/oauth/?page_size=1')).pagination.count;
        assert(every > oauthOnly, 'group connections of other kinds exist');
        // First without the release kept from an earlier load, then with it.
        for (const kept of [false, true]) {
          if (!kept) await page.evaluate(() => localStorage.clear());
          await clearLog();
          await visit(page, `/group-connections/${saml.pk}`);
          await page.getByRole('heading', { name: new RegExp(`Group source connection ${saml.pk}`) }).first().waitFor();
          await page.waitForLoadState('networkidle');
          const log = (await demoControl(demo, 'requests')).filter((r) => r.method === 'GET');
          const paths = log.map((r) => r.path);
          assert(!paths.some((p) => p.includes('group_connections/oauth/')), `kept=${kept}: no guessed OAuth address: ${paths}`);
          assertEq(paths.filter((p) => p.includes('group_connections/')), [`/api/v3/sources/group_connections/all/${saml.pk}/`], `kept=${kept}: the object read once, where it is`);
          if (!kept) {
            const version = paths.indexOf('/api/v3/admin/version/');
            const object = paths.indexOf(`/api/v3/sources/group_connections/all/${saml.pk}/`);
            assert(version >= 0 && version < object, `kept=${kept}: the release is asked first: ${paths}`);
          }
          assertEq(await page.getByText('Not found').count(), 0, 'never "Not found"');

          // The list: read once, from all/.
          if (!kept) await page.evaluate(() => localStorage.clear());
          await clearLog();
          await visit(page, '/group-connections');
          await page.locator('table.data tbody tr').first().waitFor();
          await page.waitForLoadState('networkidle');
          const lists = (await demoControl(demo, 'requests')).filter((r) => r.method === 'GET' && r.path.includes('group_connections/'));
          assertEq(lists.map((r) => r.path), ['/api/v3/sources/group_connections/all/'], `kept=${kept}: the list read once`);

          // The home tile counts every kind.
          if (!kept) await page.evaluate(() => localStorage.clear());
          await clearLog();
          await visit(page, '/');
          const tile = page.locator('.counts .tile', { hasText: 'Group source connections' });
          await eventually(async () => (await tile.textContent()).includes(String(every)), `kept=${kept}: the tile counts ${every}`);
          await page.waitForLoadState('networkidle');
          assert(!(await requestsTo('GET', 'group_connections/oauth/')).length, `kept=${kept}: the home asked no OAuth-only count`);
        }
      },
    },
  ];
};
