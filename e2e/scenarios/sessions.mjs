// User consents and authenticated sessions, on authentik 2026.2 (site) and 2024.8 (site24):
// list → filter → detail → revoke / end with confirmation; a bulk run with one injected
// failure; "end all sessions of this user" where authentik has bulk_delete/ (and not where
// it has not); the console's own session marked and its end warned about.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ site, site24, demo, demo24, reset, open, visit, rowCount, apiBody, requestsTo, screenshot, sessionSignIn, waitForText }) => {
  const cellTexts = (page, col) => page.locator(`table.data tbody tr td:nth-child(${col})`).allTextContents();

  /** Consents on one console: filter by user (typed username), by application (a link), detail, revoke. */
  async function consentsRoundTrip(page, s, d, label) {
    await open(page, '/user-consents', { reset: true, site: s });
    assert((await rowCount(page)) > 1, `${label}: rows`);
    await axe(page, `${label} consent list`);
    const first = (await apiBody('core/user_consent/?page_size=1&ordering=pk', d)).results[0];
    const username = first.user.username;
    await page.locator('#filter-user').fill(username);
    await page.locator('#filter-user').press('Enter');
    await page.waitForURL(new RegExp(`user=${first.user.pk}`));
    await eventually(async () => {
      const users = await cellTexts(page, 3);
      return users.length > 0 && users.every((u) => u.trim() === username);
    }, `${label}: only ${username}'s consents`);
    // An application's name links to that application's consents (of every user).
    await page.locator('table.data tbody tr td:nth-child(4) a').first().click();
    await page.waitForURL(/\?application=[0-9a-f-]{36}$/);
    const app = new URL(page.url()).searchParams.get('application');
    const want = (await apiBody(`core/user_consent/?page_size=1&application=${app}`, d)).pagination.count;
    assert(want < (await apiBody('core/user_consent/?page_size=1', d)).pagination.count, 'the filter narrows');
    await eventually(async () => (await page.locator('table.data tbody tr').count()) === Math.min(want, 20), `${label}: application filtered (${want})`);
    // A malformed application pk: the server's message at the filter.
    await visit(page, '/user-consents?application=not-a-uuid', s);
    await page.locator('#filter-application-error').waitFor();
    assertEq(await page.locator('#filter-application').getAttribute('aria-invalid'), 'true', `${label}: filter marked invalid`);
    // Detail, then revoke with the used_by confirmation.
    await visit(page, `/user-consents/${first.pk}`, s);
    await page.locator('#application-title').waitFor();
    await waitForText(page.locator('h1'), `User consent ${first.pk}`, 'heading');
    await axe(page, `${label} consent detail`);
    await page.getByRole('button', { name: 'Revoke…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Nothing else refers to it').waitFor();
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText(`User consent ${first.pk} revoked.`).waitFor();
    await page.waitForURL(/\/user-consents$/);
    assertEq((await api(d, `core/user_consent/${first.pk}/`)).status, 404, `${label}: revoked`);
  }

  /** Sessions on one console: filter by username, detail (readable client, raw string), end one. */
  async function sessionsRoundTrip(page, s, d, label) {
    await open(page, '/sessions', { reset: true, site: s });
    assert((await rowCount(page)) > 1, `${label}: rows`);
    await axe(page, `${label} session list`);
    const target = (await apiBody('core/authenticated_sessions/?page_size=1', d)).results[0];
    const username = (await apiBody(`core/users/${target.user}/`, d)).username;
    // A username links to that user's page, whose sessions card leads to the filtered list.
    const link = page.locator('table.data tbody tr').first().locator('td:nth-child(3) a');
    await eventually(async () => !(await link.textContent()).includes('user #'), `${label}: username resolved`);
    const linked = (await link.textContent()).trim();
    await link.click();
    await page.waitForURL(/\/users\/\d+$/);
    await page.locator('#kind-sessions').locator('xpath=..').getByRole('link', { name: /^All \d+ in the list$/ }).click();
    await page.waitForURL((u) => new URL(u).searchParams.get('user__username') === linked);
    await eventually(async () => (await page.locator('#filter-username').inputValue()) === linked, `${label}: filter shows ${linked}`);
    await visit(page, '/sessions', s);
    await rowCount(page);
    await page.locator('#filter-username').fill(username);
    await page.locator('#filter-username').press('Enter');
    await page.waitForURL(/user__username=/);
    const count = (await apiBody(`core/authenticated_sessions/?page_size=1&user__username=${encodeURIComponent(username)}`, d)).pagination.count;
    await eventually(async () => (await page.locator('table.data tbody tr').count()) === Math.min(count, 20), `${label}: ${username}'s ${count} sessions`);
    await eventually(async () => (await cellTexts(page, 3)).every((u) => u.trim() === username), `${label}: usernames shown`);
    await visit(page, `/sessions/${target.uuid}`, s);
    await page.locator('#agent-title').waitFor();
    const facts = await page.locator('.card').textContent();
    assert(facts.includes(target.last_user_agent), `${label}: raw user agent on the detail page`);
    await axe(page, `${label} session detail`);
    await page.getByRole('button', { name: 'End…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Nothing else refers to it').waitFor();
    assertEq(await dialog.getByText('signs you out').count(), 0, `${label}: no sign-out warning for another session`);
    await dialog.getByRole('button', { name: 'End', exact: true }).click();
    await page.getByText(`Session ${target.uuid} ended.`).waitFor();
    assertEq((await api(d, `core/authenticated_sessions/${target.uuid}/`)).status, 404, `${label}: ended`);
    return { username };
  }

  /** Ticks the first three rows, fails the second's DELETE once, runs the bulk action. */
  async function bulkWithFailure(page, d, { verb, one, path }) {
    await page.locator('table.data tbody tr').first().waitFor();
    const pks = await page.locator('table.data tbody tr').evaluateAll((rows) => rows.slice(0, 3).map((r) => r.dataset.pk));
    for (const pk of pks) await page.getByRole('checkbox', { name: `Select ${one} ${pk}`, exact: true }).check();
    await demoControl(d, 'faults', { kind: 'empty405', method: 'DELETE', path_contains: `${path}${pks[1]}/`, times: 1 });
    await page.getByRole('button', { name: `${verb} selected (3)` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: verb, exact: true }).click();
    await dialog.getByText('3 of 3').waitFor();
    const outcomes = await dialog.locator('.outcomes li').allTextContents();
    assertEq(outcomes.length, 3, 'an outcome per row');
    assert(outcomes[1].includes('failed'), `failure reported: ${outcomes[1]}`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    assertEq((await api(d, `${path}${pks[0]}/`)).status, 404, 'first gone');
    assertEq((await api(d, `${path}${pks[1]}/`)).status, 200, 'failed one kept');
    assertEq((await api(d, `${path}${pks[2]}/`)).status, 404, 'third gone');
    await eventually(async () => (await page.locator(`tr[data-pk="${pks[0]}"]`).count()) === 0, 'list refreshed');
    return outcomes;
  }

  return [
    {
      name: 'user consents (2026.2): filter by user and application, detail, revoke',
      async run({ page }) {
        await consentsRoundTrip(page, site, demo, '2026.2');
      },
    },
    {
      name: 'user consents (2024.8): filter, search by username, detail, revoke',
      async run({ page }) {
        await consentsRoundTrip(page, site24, demo24, '2024.8');
        await visit(page, '/user-consents', site24);
        const alice = (await apiBody('core/users/?username=alice', demo24)).results[0];
        await page.locator('#list-search').fill('alice');
        await page.locator('#list-search').press('Enter');
        await page.waitForURL(/search=alice/);
        const want = (await apiBody('core/user_consent/?search=alice&page_size=100', demo24)).pagination.count;
        assert(alice && want > 0, 'alice has consents');
        await eventually(async () => (await page.locator('table.data tbody tr').count()) === Math.min(want, 20), 'search applied');
      },
    },
    {
      name: 'user consents: bulk revoke reports one injected failure and removes the rest',
      async run({ page }) {
        await open(page, '/user-consents', { reset: true });
        const outcomes = await bulkWithFailure(page, demo, { verb: 'Revoke', one: 'user consent', path: 'core/user_consent/' });
        assert(outcomes[0].includes('revoked') && outcomes[2].includes('revoked'), 'the others revoked');
      },
    },
    {
      name: 'sessions (2026.2): filter by username, detail with the raw client, end one',
      async run({ page }) {
        await sessionsRoundTrip(page, site, demo, '2026.2');
        await screenshot(page, 'sessions');
        // authentik's readings of a session, in words: browser, system, place and network.
        const all = (await apiBody('core/authenticated_sessions/?page_size=100', demo)).results;
        const placed = all.find((x) => x.geo_ip && x.asn && x.user_agent.os.family !== 'Other');
        assert(placed, 'the seed has a session with GeoIP and ASN facts');
        await visit(page, `/sessions/${placed.uuid}`, site);
        const fact = (label) => page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
        await waitForText(fact('Location'), `${placed.geo_ip.city}, ${placed.geo_ip.country}`, 'location');
        await waitForText(fact('Network'), `AS${placed.asn.asn}, ${placed.asn.as_org}, ${placed.asn.network}`, 'network');
        const os = placed.user_agent.os;
        assertEq((await fact('Operating system').textContent()).trim(), [os.family, [os.major, os.minor].filter(Boolean).join('.')].filter(Boolean).join(' '), 'operating system');
        assert((await fact('Client').textContent()).includes(` on ${os.family}`), 'the client names the system');
      },
    },
    {
      name: 'sessions (2024.8): filter, detail, end one; no "end all" (no bulk_delete/ there)',
      async run({ page }) {
        await sessionsRoundTrip(page, site24, demo24, '2024.8');
        const left = (await apiBody('core/authenticated_sessions/?page_size=1', demo24)).results[0];
        const username = (await apiBody(`core/users/${left.user}/`, demo24)).username;
        await visit(page, `/sessions?user__username=${encodeURIComponent(username)}`, site24);
        await rowCount(page);
        await page.getByRole('button', { name: /End selected/ }).waitFor();
        assertEq(await page.getByRole('button', { name: /End all/ }).count(), 0, 'no "End all" on 2024.8');
        // What authentik 2024.8 answers there: the detail route of a session called "bulk_delete".
        const r = await api(demo24, 'core/authenticated_sessions/bulk_delete/?user_pks=6', { method: 'DELETE' });
        assertEq([r.status, r.body], [404, { detail: 'Not found.' }], '2024.8 has no bulk_delete/');
      },
    },
    {
      name: 'sessions (2026.2): "end all N sessions" of one user uses bulk_delete/ and says how many',
      async run({ page }) {
        await open(page, '/sessions', { reset: true });
        await rowCount(page);
        // No filter: no "End all".
        assertEq(await page.getByRole('button', { name: /End all/ }).count(), 0, 'only on a list filtered to one user');
        const { results } = await apiBody('core/authenticated_sessions/?page_size=100', demo);
        const byUser = new Map();
        for (const x of results) byUser.set(x.user, (byUser.get(x.user) || 0) + 1);
        const [pk] = [...byUser.entries()].find(([, n]) => n >= 2);
        const username = (await apiBody(`core/users/${pk}/`)).username;
        const n = (await apiBody(`core/authenticated_sessions/?page_size=1&user__username=${encodeURIComponent(username)}`)).pagination.count;
        await visit(page, `/sessions?user__username=${encodeURIComponent(username)}`);
        const button = page.getByRole('button', { name: `End all ${n} sessions of ${username}…` });
        await button.click();
        const dialog = page.getByRole('dialog', { name: `End all ${n} sessions of ${username}?` });
        await dialog.waitFor();
        await axe(page, 'end all confirmation');
        await dialog.getByRole('button', { name: 'End all' }).click();
        await page.getByText(`${n} sessions of ${username} ended.`).waitFor();
        const sent = await requestsTo('DELETE', 'authenticated_sessions/bulk_delete/');
        assertEq(sent.length, 1, 'one bulk_delete');
        assertEq(sent[0].query, `user_pks=${pk}`, 'the user\'s pk, nothing else');
        await page.getByText('No sessions match.').waitFor();
        assertEq((await apiBody(`core/authenticated_sessions/?page_size=1&user__username=${encodeURIComponent(username)}`)).pagination.count, 0, 'all ended');
      },
    },
    {
      name: 'sessions: ending selected ones sends one DELETE each and reports an injected failure',
      async run({ page }) {
        await open(page, '/sessions', { reset: true, site: site24 });
        const outcomes = await bulkWithFailure(page, demo24, { verb: 'End', one: 'session', path: 'core/authenticated_sessions/' });
        assert(outcomes[0].includes('ended') && outcomes[2].includes('ended'), 'the others ended');
        const log = await demoControl(demo24, 'requests');
        assertEq(log.filter((r) => r.path.includes('bulk_delete')).length, 0, 'never bulk_delete/ for a selection');
      },
    },
    {
      name: 'sessions: the console\'s own session is marked, and ending it warns, then signs out',
      colorScheme: 'dark',
      async run({ page }) {
        await reset(demo);
        await sessionSignIn(page, site.url);
        await visit(page, '/sessions?user__username=akadmin');
        const mine = page.locator('tr', { has: page.getByText('This session') });
        await mine.first().waitFor();
        assertEq(await mine.count(), 1, 'one row is this session');
        await axe(page, 'session list with the current session');
        await mine.locator('a').first().click();
        await page.locator('#agent-title').waitFor();
        await page.getByRole('button', { name: 'End…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByText('ending it signs you out of authentik here').waitFor();
        await dialog.getByRole('button', { name: 'End', exact: true }).click();
        await page.waitForURL(/\/sign-in/);
      },
    },
    {
      name: 'sessions: hostile user agents render as text; 375 px usable for consents and sessions',
      viewport: { width: 375, height: 812 },
      async run({ page }) {
        await reset(demo, { hostile: true });
        await open(page, '/sessions?search=script');
        await rowCount(page);
        await waitForText(page.locator('table.data'), '<script>alert(1)</script>', 'hostile agent shown as text');
        assertEq(await page.locator('table.data script').count(), 0, 'no script element');
        for (const route of ['/sessions', '/user-consents']) {
          await visit(page, route);
          await rowCount(page);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert(overflow <= 0, `${route}: the page scrolls sideways by ${overflow}px`);
          await axe(page, `${route} at 375 px`);
        }
        await screenshot(page, 'narrow-sessions');
        await reset(demo);
      },
    },
  ];
};
