// A user's whole footprint and "sign out everywhere": exactly what the confirmation lists
// is removed, one failure is reported and a second run removes it, Stop stops, and the
// account can be deactivated.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

/** Every pk of `path` for `query`, all pages. */
async function pks(demo, path, query) {
  const out = [];
  for (let page = 1; ; page++) {
    const { body } = await api(demo, `${path}?${query}&page_size=100&page=${page}`);
    out.push(...body.results.map((o) => String(o.pk)));
    if (!body.pagination.next) return out;
  }
}

/** A user with at least `n` refresh tokens and one user source connection. */
async function busyUser(demo, n) {
  const byUser = new Map();
  for (let page = 1; ; page++) {
    const { body } = await api(demo, `oauth2/refresh_tokens/?page_size=100&page=${page}`);
    for (const t of body.results) byUser.set(t.user.pk, (byUser.get(t.user.pk) ?? 0) + 1);
    if (!body.pagination.next) break;
  }
  for (const [pk, count] of [...byUser].sort((a, b) => b[1] - a[1])) {
    if (count < n) break;
    const conns = await pks(demo, 'sources/user_connections/all/', `user=${pk}`);
    if (conns.length > 0) return pk;
  }
  throw new Error(`no user with ${n} refresh tokens and a source connection`);
}

export default ({ site, site24, demo, demo24, open, visit, screenshot, withLatency }) => [
  {
    name: 'user page: sign out everywhere removes exactly what it listed, reports an injected failure, a second run removes the rest, deactivates (2026.2 and 2024.8)',
    async run({ page }) {
      for (const [s, d] of [[site, demo], [site24, demo24]]) {
        await demoControl(d, 'reset');
        const user = await busyUser(d, 3);
        const tokens = await pks(d, 'oauth2/refresh_tokens/', `user=${user}`);
        const conns = await pks(d, 'sources/user_connections/all/', `user=${user}`);
        const everyToken = await pks(d, 'oauth2/refresh_tokens/', 'ordering=pk');
        await open(page, `/users/${user}`, { site: s });
        const tokensCard = page.locator('#kind-refresh-tokens').locator('xpath=..');
        await waitCount(tokensCard, tokens.length, 'refresh token');
        await waitCount(page.locator('#kind-user-connections').locator('xpath=..'), conns.length, 'user source connection');
        await axe(page, 'user page');
        await screenshot(page, s === site ? 'user-page' : 'user-page-2024');

        await page.getByLabel('Also remove user source connections').check();
        await page.getByLabel('Also deactivate the account').check();
        const failing = tokens[1];
        await demoControl(d, 'faults', { kind: 'empty405', method: 'DELETE', path_contains: `refresh_tokens/${failing}/`, times: 1 });
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        const plan = (await dialog.locator('ul.plan li').allTextContents()).map((t) => t.trim());
        // Every kind of the user's, counted as the API lists them for the user.
        const username = (await api(d, `core/users/${user}/`)).body.username;
        const expected = ['Deactivate the account: 1', `Refresh tokens: ${tokens.length}`, `User source connections: ${conns.length}`];
        for (const [label, path, q] of [
          ['Access tokens', 'oauth2/access_tokens/', `user=${user}`],
          ['Authorization codes', 'oauth2/authorization_codes/', `user=${user}`],
          ['User consents', 'core/user_consent/', `user=${user}`],
          ['Sessions', 'core/authenticated_sessions/', `user__username=${encodeURIComponent(username)}`],
        ]) {
          const n = (await pks(d, path, q)).length;
          if (n > 0) expected.push(`${label}: ${n}`);
        }
        assertEq([...plan].sort(), expected.sort(), 'the plan by kind');
        await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
        const summary = page.locator('#run-summary');
        await eventually(async () => (await summary.inputValue()).length > 0, 'summary', 20000);
        const text = await summary.inputValue();
        assert(text.startsWith(`Sign out everywhere for `) && text.includes('1 of '), text);
        assert(text.includes(`failed: Refresh token ${failing}`), text);
        await page.locator('.outcomes li.failed').first().waitFor();

        // Exactly what was listed is gone: the failed one stays, nothing of anyone else moved.
        assertEq(await pks(d, 'oauth2/refresh_tokens/', `user=${user}`), [failing], 'the failed token remains');
        assertEq(await pks(d, 'sources/user_connections/all/', `user=${user}`), [], 'connections removed');
        const others = everyToken.filter((pk) => !tokens.includes(pk) || pk === failing);
        assertEq(await pks(d, 'oauth2/refresh_tokens/', 'ordering=pk'), others.sort((a, b) => a - b), 'nobody else\'s tokens touched');
        assertEq((await api(d, `core/users/${user}/`)).body.is_active, false, 'deactivated');
        await page.locator('h1 .badge', { hasText: 'Inactive' }).waitFor();

        // A second run removes what is left, and says so.
        await waitCount(tokensCard, 1, 'refresh token');
        await page.getByLabel('Also deactivate the account').uncheck();
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        // The confirmation opens once every page of the kinds is read.
        await dialog.waitFor();
        const again = (await dialog.locator('ul.plan li').allTextContents()).map((t) => t.trim());
        assertEq(again, ['Refresh tokens: 1'], 'second plan');
        await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
        await eventually(async () => (await summary.inputValue()).includes('done (1 step)'), 'second summary', 20000);
        assertEq(await pks(d, 'oauth2/refresh_tokens/', `user=${user}`), [], 'nothing left');
        // The account's history names the deactivation with the field the console changed.
        await page.reload();
        const history = page.getByRole('region', { name: 'History' });
        const change = history.locator('li', { hasText: `PATCH /api/v3/core/users/${user}/` }).first();
        await change.waitFor();
        assertEq(await change.locator('dt').allTextContents(), ['Active'], 'the changed field');
        assertEq([await change.locator('dd del').textContent(), await change.locator('dd ins').textContent()], ['Yes', 'No'], 'active: yes → no');
      }
    },
  },
  {
    name: 'user page: Stop ends sign-out after the request in flight; what was not sent stays',
    async run({ page }) {
      await demoControl(demo, 'reset');
      const user = await busyUser(demo, 5);
      const tokens = await pks(demo, 'oauth2/refresh_tokens/', `user=${user}`);
      await open(page, `/users/${user}`);
      await waitCount(page.locator('#kind-refresh-tokens').locator('xpath=..'), tokens.length, 'refresh token');
      await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
      await withLatency(600, async () => {
        await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
        await page.getByText(/ 1 of \d+/).waitFor();
        await page.getByRole('button', { name: 'Stop', exact: true }).click();
        await eventually(async () => (await page.locator('#run-summary').inputValue()).includes('stopped'), 'stopped', 20000);
      });
      const text = await page.locator('#run-summary').inputValue();
      assert(/stopped, \d+ of/.test(text), text);
      const notSent = Number(text.match(/Refresh tokens: \d+ done, \d+ already gone, \d+ failed, (\d+) not sent/)[1]);
      assert(notSent > 0, text);
      const left = await pks(demo, 'oauth2/refresh_tokens/', `user=${user}`);
      assertEq(left.length, notSent, `tokens left equal those not sent (${text})`);
    },
  },
  {
    name: 'user page: reached from a user card and from the overview\'s user search; an unknown user says so',
    async run({ page }) {
      const t = (await api(demo, 'oauth2/refresh_tokens/?page_size=1')).body.results[0];
      await open(page, `/refresh-tokens/${t.pk}`, { reset: true });
      await page.getByRole('navigation', { name: 'Lists of this user' }).getByRole('link', { name: 'User page' }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${t.user.username}`) }).waitFor();
      // From the overview's user search, by username.
      await visit(page, '/');
      await page.getByLabel('Find a user').fill(t.user.username);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${t.user.username}`) }).waitFor();
      assert(page.url().endsWith(`/users/${t.user.pk}`), page.url());
      await visit(page, '/');
      await page.getByLabel('Find a user').fill('nobody-has-this-name');
      await page.getByRole('button', { name: 'Open' }).click();
      await page.getByText('No user is named “nobody-has-this-name”.').waitFor();
      assertEq(await page.getByLabel('Find a user').getAttribute('aria-invalid'), 'true', 'aria-invalid');
      await axe(page, 'user search error');
      await visit(page, '/users/999999');
      await page.locator('.error-panel').waitFor();
      await visit(page, '/users/not-a-number');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    },
  },
  {
    name: 'user page: an account without permissions sees only what the API gives it (2026.2 and 2024.8)',
    async run({ page }) {
      const NOPERM = 'ak-demo-noperm-token';
      for (const [s, d] of [[site, demo], [site24, demo24]]) {
        await demoControl(d, 'reset');
        const me = (await api(d, 'core/users/me/', { headers: { authorization: `Bearer ${NOPERM}` } })).body.user;
        const own = async (path, q) => (await api(d, `${path}?${q}&page_size=100`, { headers: { authorization: `Bearer ${NOPERM}` } })).body;
        await open(page, `/users/${me.pk}`, { site: s, token: NOPERM });
        // authentik lets only superusers read a user: said in place, the rest still works.
        await page.locator('.error-panel').first().waitFor();
        for (const [id, path, one] of [
          ['refresh-tokens', 'oauth2/refresh_tokens/', 'refresh token'],
          ['access-tokens', 'oauth2/access_tokens/', 'access token'],
          ['authorization-codes', 'oauth2/authorization_codes/', 'authorization code'],
        ]) {
          const body = await own(path, `user=${me.pk}`);
          assert(body.results.every((o) => o.user.pk === me.pk), `${path}: the API gives only the account's own`);
          // Counted as what this account can see, which is not what the user has.
          await waitCount(page.locator(`#kind-${id}`).locator('xpath=..'), body.pagination.count, one, ' visible to this account');
        }
        await axe(page, 'user page, no permissions');
      }
    },
  },
];

async function waitCount(card, n, one, whose = '') {
  const want = `${n} ${one}${n === 1 ? '' : 's'}${whose}`;
  await eventually(async () => ((await card.locator('.count').textContent().catch(() => '')) ?? '').trim() === want, `card says ${want}`, 15000);
}
