// Group connections of every kind: a new one is created at its source's kind's endpoint
// (SAML at saml/, Plex at plex/: authentik keeps each kind in its own table), the detail
// names the kind, a duplicate shows authentik's message, 2024.8 still refuses creation. The
// history of a connection whose object names no kind (2026.x's all/) is found from its
// source's kind: the event log is asked for `groupsamlsourceconnection`, not OAuth's model.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ site24, demo, demo24, reset, open, visit, waitForText, apiBody, requestsTo, screenshot }) => {
  /** The first listed source of `kind` on the 2026.2 demo. */
  const sourceOf = async (kind) => {
    const all = (await apiBody('sources/all/?page_size=100')).results;
    const s = all.find((x) => x.meta_model_name === `authentik_sources_${kind}.${kind}source`);
    assert(s, `the demo has a ${kind} source`);
    return s;
  };
  /** A group without a connection to `source` (the pair is unique across every kind). */
  const freeGroupFor = async (source) => {
    for (const g of (await apiBody('core/groups/?page_size=100&ordering=name')).results) {
      const conns = (await apiBody(`sources/group_connections/all/?group=${g.pk}&page_size=100`)).results;
      if (!conns.some((c) => c.source === source.pk)) return g;
    }
    throw new Error(`no group is free for ${source.slug}`);
  };
  const eventQueries = async (model, pk, d = demo) =>
    (await demoControl(d, 'requests')).filter((r) => r.method === 'GET' && r.path.includes('events/events/')
      && r.query.includes(`context_model_name=${model}`) && r.query.includes(`context_model_pk=${pk}`));
  /** Fills the new-connection form once its pickers hold the options. */
  const fill = async (page, group, source, identifier) => {
    await eventually(async () => (await page.locator(`#field-group option[value="${group}"]`).count()) === 1, 'group options');
    await eventually(async () => (await page.locator(`#field-source option[value="${source}"]`).count()) === 1, 'source options');
    await page.locator('#field-group').selectOption(group);
    await page.locator('#field-source').selectOption(source);
    await page.locator('#field-identifier').fill(identifier);
  };

  return [
    {
      name: 'group connection kinds: SAML and Plex connections are created at their kind\'s endpoint, with their history (2026.2)',
      async run({ page }) {
        await reset();
        await open(page, '/group-connections/new');
        const saml = await sourceOf('saml');
        const plex = await sourceOf('plex');
        await page.locator('#field-source').waitFor();
        // Every kind's sources, named by kind; the built-in source has no group connections.
        await eventually(async () => (await page.locator(`#field-source option[value="${saml.pk}"]`).count()) === 1, 'SAML offered');
        const options = await page.locator('#field-source option').allTextContents();
        for (const label of ['— OAuth', '— SAML', '— Plex', '— Kerberos', '— LDAP', '— Telegram']) {
          assert(options.some((o) => o.endsWith(label)), `a source named "${label}" is offered: ${options}`);
        }
        assert(!options.some((o) => o.includes('authentik Built-in')), 'the built-in source is not offered');
        await axe(page, 'new group connection form');
        for (const [kind, source, word] of [['saml', saml, 'SAML source'], ['plex', plex, 'Plex source']]) {
          const group = await freeGroupFor(source);
          if (kind !== 'saml') await visit(page, '/group-connections/new');
          await fill(page, group.pk, source.pk, `${kind}-e2e-team`);
          await page.getByRole('button', { name: 'Create' }).click();
          await page.waitForURL(/\/group-connections\/\d+$/);
          const pk = page.url().match(/(\d+)$/)[1];
          await page.getByText(`Group source connection ${pk} created.`).waitFor();
          // The request went to the kind's own endpoint, with what the form holds.
          const posts = await requestsTo('POST', 'sources/group_connections/');
          assertEq(posts.map((p) => p.path), [`/api/v3/sources/group_connections/${kind}/`], `${kind}: one POST, at ${kind}/`);
          assertEq(posts[0].body, { group: group.pk, source: source.pk, identifier: `${kind}-e2e-team` }, `${kind}: POST body`);
          const stored = await apiBody(`sources/group_connections/${kind}/${pk}/`);
          assertEq(stored.identifier, `${kind}-e2e-team`, `${kind}: kept at its kind's table`);
          // The detail names the kind (looked up from the source list).
          await waitForText(page.locator('#source-title').locator('..'), word, `${kind}: the kind is shown`);
          // Its history: asked for under the kind's model, showing the creation's request.
          const history = page.getByRole('region', { name: 'History' });
          await waitForText(history, `POST /api/v3/sources/group_connections/${kind}/`, `${kind}: the creation in the history`);
          assert((await history.textContent()).includes('Created by akadmin'), `${kind}: who created it`);
          assert((await eventQueries(`group${kind}sourceconnection`, pk)).length > 0, `${kind}: events asked for group${kind}sourceconnection`);
          assertEq((await eventQueries('groupoauthsourceconnection', pk)).length, 0, `${kind}: not for OAuth's model`);
          await axe(page, `${kind} group connection detail`);
          if (kind === 'saml') await screenshot(page, 'group-connection-saml-created');
          await fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
        }
      },
    },
    {
      name: 'group connection kinds: a duplicate SAML pair shows authentik\'s message under the form (2026.2)',
      async run({ page }) {
        await reset();
        const taken = (await apiBody('sources/group_connections/saml/?page_size=1')).results[0];
        assert(taken, 'the demo has a SAML group connection');
        await open(page, '/group-connections/new');
        await fill(page, taken.group, taken.source, 'dup-saml');
        await page.getByRole('button', { name: 'Create' }).click();
        await page.locator('#form-errors').waitFor();
        await waitForText(page.locator('#form-errors'), 'The fields group, source must make a unique set.', 'the server\'s words');
        const posts = await requestsTo('POST', 'sources/group_connections/');
        assertEq(posts.map((p) => p.path), ['/api/v3/sources/group_connections/saml/'], 'tried at saml/');
        // The input stays for a correction.
        assertEq(await page.locator('#field-identifier').inputValue(), 'dup-saml', 'input kept');
        await axe(page, 'duplicate SAML group connection');
      },
    },
    {
      name: 'group connection kinds: a SAML group connection edited elsewhere shows the edit in its history (2026.2)',
      async run({ page }) {
        await reset();
        const conn = (await apiBody('sources/group_connections/saml/?page_size=1')).results[0];
        // Through the kind's endpoint, as authentik's own UI does (a write through all/ is not
        // recorded at all, captures 730–737).
        const changed = await api(demo, `sources/group_connections/saml/${conn.pk}/`, {
          method: 'PATCH', body: JSON.stringify({ identifier: 'cn=history-check' }),
        });
        assertEq(changed.status, 200, 'PATCH through saml/');
        await open(page, `/group-connections/${conn.pk}`);
        const history = page.getByRole('region', { name: 'History' });
        await waitForText(history, `PATCH /api/v3/sources/group_connections/saml/${conn.pk}/`, 'the edit is in the history');
        const asked = await eventQueries('groupsamlsourceconnection', conn.pk);
        assert(asked.length > 0 && asked.every((r) => r.query.includes('context_model_app=authentik_sources_saml')), 'events asked for the SAML model');
        await axe(page, 'SAML group connection history');
      },
    },
    {
      name: 'group connection kinds: a user connection from all/ gets its history from its source\'s kind (2026.2)',
      async run({ page }) {
        await reset();
        const conn = (await apiBody('sources/user_connections/saml/?page_size=1')).results[0];
        const listed = await apiBody(`sources/user_connections/all/${conn.pk}/`);
        assertEq(listed.source_obj.meta_model_name, 'authentik_core.source', 'all/ names no kind');
        const put = await api(demo, `sources/user_connections/saml/${conn.pk}/`, {
          method: 'PUT', body: JSON.stringify({ user: conn.user, source: conn.source, identifier: 'saml-history-check' }),
        });
        assertEq(put.status, 200, 'PUT through saml/');
        await open(page, `/user-connections/${conn.pk}`);
        const history = page.getByRole('region', { name: 'History' });
        await waitForText(history, `PUT /api/v3/sources/user_connections/saml/${conn.pk}/`, 'the edit is in the history');
        assert((await eventQueries('usersamlsourceconnection', conn.pk)).length > 0, 'events asked for usersamlsourceconnection');
        await axe(page, 'SAML user connection history');
      },
    },
    {
      name: 'group connection kinds: 2024.8 still cannot create; a SAML connection read at saml/ has its history',
      async run({ page }) {
        await open(page, '/group-connections/new', { reset: true, site: site24 });
        await page.getByRole('heading', { name: 'Cannot be created on this authentik version' }).waitFor();
        await visit(page, '/group-connections?kind=saml', site24);
        await page.locator('table.data tbody tr').first().waitFor();
        assertEq(await page.getByRole('link', { name: 'New connection' }).count(), 0, 'no New connection on 2024.8');
        const key = await page.locator('table.data tbody tr').first().evaluate((r) => r.dataset.pk);
        assert(/^saml-\d+$/.test(key), `the key names the kind: ${key}`);
        await visit(page, `/group-connections/${key}`, site24);
        const history = page.getByRole('region', { name: 'History' });
        await waitForText(history, 'holds nothing', 'the history is asked for (nothing logged yet)');
        const pk = key.slice('saml-'.length);
        assert((await eventQueries('groupsamlsourceconnection', pk, demo24)).length > 0, 'events asked for the SAML model on 2024.8');
        await axe(page, '2024.8 SAML group connection');
      },
    },
    {
      name: 'group connection kinds: 375 px wide, the new connection form fits the screen',
      viewport: { width: 375, height: 812 },
      async run({ page }) {
        await reset();
        const saml = await sourceOf('saml');
        await open(page, '/group-connections/new');
        await eventually(async () => (await page.locator(`#field-source option[value="${saml.pk}"]`).count()) === 1, 'SAML offered');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `the form scrolls sideways by ${overflow}px`);
        const box = await page.locator('#field-source').boundingBox();
        assert(box && box.x >= 0 && box.x + box.width <= 375, `the source picker is within the screen: ${JSON.stringify(box)}`);
        assert(await page.getByRole('button', { name: 'Create' }).isVisible(), 'Create is reachable');
        await axe(page, 'narrow new group connection');
        await screenshot(page, 'narrow-new-group-connection');
      },
    },
  ];
};
