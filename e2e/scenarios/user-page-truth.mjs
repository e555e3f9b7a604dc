// The user page says only what is true: an account that is not a superuser is told that the
// counts are what it can see (authentik answers it 200 with its own objects only) and is not
// offered sign out everywhere on someone else's page; when a run reports done, no count from
// before the run is still shown; an unknown user is said once and nothing is read or offered.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

const NOPERM = 'ak-demo-noperm-token';
const NOPERM_PK = 9;

/** A user (not the account without permissions) with at least `n` refresh tokens. */
async function busyUser(demo, n) {
  const byUser = new Map();
  for (let page = 1; ; page++) {
    const { body } = await api(demo, `oauth2/refresh_tokens/?page_size=100&page=${page}`);
    for (const t of body.results) byUser.set(t.user.pk, (byUser.get(t.user.pk) ?? 0) + 1);
    if (!body.pagination.next) break;
  }
  const found = [...byUser].filter(([pk, c]) => c >= n && pk !== NOPERM_PK).sort((a, b) => b[1] - a[1])[0];
  if (!found) throw new Error(`no user with ${n} refresh tokens`);
  return found[0];
}

const card = (page, id) => page.locator(`#kind-${id}`).locator('xpath=..');

export default ({ site, site24, demo, demo24, open }) => [
  {
    name: 'user page truth: a non-superuser on another user\'s page sees counts as what it can see, the true reason on each card, and no sign out everywhere (2026.2 and 2024.8, 375 px wide)',
    viewport: { width: 375, height: 800 },
    async run({ page }) {
      for (const [s, d] of [[site, demo], [site24, demo24]]) {
        await demoControl(d, 'reset');
        const user = await busyUser(d, 3);
        const { username } = (await api(d, `core/users/${user}/`)).body;
        const asNoperm = (p) => api(d, p, { headers: { authorization: `Bearer ${NOPERM}` } });
        // What authentik answers this account (captures 640–648 on 2026.2.2, 660–669 on
        // 2024.8.6): the user is not readable, and every list is 200 with its own objects only.
        assertEq((await asNoperm(`core/users/${user}/`)).status, 403, 'the user is not readable');
        for (const p of [
          `oauth2/refresh_tokens/?user=${user}`,
          `oauth2/access_tokens/?user=${user}`,
          `oauth2/authorization_codes/?user=${user}`,
          `core/user_consent/?user=${user}`,
          `sources/user_connections/all/?user=${user}`,
          `core/authenticated_sessions/?user__username=${encodeURIComponent(username)}`,
          `core/tokens/?user__username=${encodeURIComponent(username)}`,
        ]) {
          const r = await asNoperm(p);
          assertEq([r.status, r.body.pagination?.count], [200, 0], `${p} as the account without permissions`);
        }
        const theirs = (await api(d, `oauth2/refresh_tokens/?user=${user}`)).body.pagination.count;
        assert(theirs >= 3, `the user has ${theirs} refresh tokens`);

        await open(page, `/users/${user}`, { site: s, token: NOPERM });
        const tokens = card(page, 'refresh-tokens');
        await eventually(async () => (await tokens.locator('.count').count()) > 0, 'the refresh-token count', 15000);
        const said = (await tokens.locator('.count').textContent()).trim();
        assertEq(said, '0 refresh tokens visible to this account', 'the count says whose view it is');
        await page.getByRole('note').filter({ hasText: 'not a superuser' }).first().waitFor();
        // Sessions and API tokens are listed by username, which this account may not read.
        for (const id of ['sessions', 'tokens']) {
          const c = card(page, id);
          await eventually(async () => !(await c.textContent()).includes('Reading…'), `${id} read`, 15000);
          const text = await c.textContent();
          assert(!text.includes('Not supported by this server'), `${id}: ${text}`);
          assert(text.includes('Not allowed'), `${id}: ${text}`);
        }
        // Nothing claims to sign this user out.
        assertEq(await page.getByRole('button', { name: /Sign out everywhere/ }).count(), 0, 'sign out everywhere offered');
        await page.locator('.danger-zone', { hasText: 'Only a superuser' }).waitFor();
        assert(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling at 375 px');
        await axe(page, 'user page of another user, no permissions');
      }
    },
  },
  {
    name: 'user page truth: when sign out everywhere reports done, the cards say re-reading (or the new counts) and the account shows the run\'s outcome, never the numbers from before',
    async run({ page }) {
      for (const [s, d] of [[site, demo], [site24, demo24]]) {
        await demoControl(d, 'reset');
        const user = await busyUser(d, 3);
        const n = (await api(d, `oauth2/refresh_tokens/?user=${user}`)).body.pagination.count;
        await open(page, `/users/${user}`, { site: s });
        const tokens = card(page, 'refresh-tokens');
        const before = `${n} refresh tokens`;
        await eventually(async () => ((await tokens.locator('.count').textContent().catch(() => '')) ?? '').trim() === before, before, 15000);
        // Every count shown before the run, of the kinds that had something.
        const counts = page.locator('.card.kind .count');
        const old = (await counts.allTextContents()).map((t) => t.trim()).filter((t) => !t.startsWith('0 '));
        // Every kind is removed, so every count read before is untrue once the run is done.
        for (const box of await page.locator('.danger-zone input[type=checkbox]').all()) await box.check();
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        // From here every read waits until the page has been looked at: as on a slow server.
        let release;
        const held = new Promise((r) => { release = r; });
        const reads = (url) => url.pathname.includes('/api/v3/');
        await page.route(reads, async (route) => {
          if (route.request().method() === 'GET') await held;
          await route.continue().catch(() => {});
        });
        try {
          await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
          const summary = page.locator('#run-summary');
          await eventually(async () => (await summary.inputValue()).includes(': done ('), 'done', 30000);
          const now = (await counts.allTextContents()).map((t) => t.trim());
          for (const o of old) assert(!now.includes(o), `"${o}" still shown after the run: ${JSON.stringify(now)}`);
          const shown = await tokens.textContent();
          assert(shown.includes('Re-reading'), `refresh tokens card: ${shown}`);
          // The deactivation is shown as done, not the account as it was.
          await page.locator('h1 .badge', { hasText: 'Inactive' }).waitFor({ timeout: 2000 });
          await axe(page, 'user page re-reading after a run');
        } finally {
          release();
          await page.unroute(reads);
        }
        await eventually(async () => ((await tokens.locator('.count').textContent().catch(() => '')) ?? '').trim() === '0 refresh tokens', 'the new count', 15000);
        assertEq((await api(d, `oauth2/refresh_tokens/?user=${user}`)).body.pagination.count, 0, 'the API agrees');
      }
    },
  },
  {
    name: 'user page truth: an unknown user is said once, no list is read and nothing is offered (2026.2 and 2024.8)',
    async run({ page }) {
      for (const [s, d] of [[site, demo], [site24, demo24]]) {
        // authentik's 404 for a user that does not exist (2026: the model's words; 2024.8: "Not found.").
        const r = await api(d, 'core/users/999999/');
        assertEq([r.status, r.body.detail], [404, d === demo ? 'No User matches the given query.' : 'Not found.'], 'the 404');
        await demoControl(d, 'reset');
        await open(page, '/users/999999', { site: s });
        await page.locator('.error-panel', { hasText: 'Not found' }).waitFor();
        await page.waitForLoadState('networkidle');
        assertEq(await page.locator('.error-panel').count(), 1, 'said once');
        assertEq(await page.locator('.card.kind').count(), 0, 'kind cards');
        assertEq(await page.getByRole('button', { name: /Sign out everywhere/ }).count(), 0, 'sign out everywhere offered');
        assertEq(await page.getByText('Select a valid choice').count(), 0, 'a filter error shown');
        const log = await demoControl(d, 'requests');
        const asked = log.filter((q) => /user(__username)?=/.test(q.query ?? '') && !q.path.includes('/events/'));
        assertEq(asked.map((q) => `${q.path}?${q.query}`), [], 'lists read for the unknown user');
        await axe(page, 'unknown user');
      }
    },
  },
  {
    name: 'user page truth: an unknown user, for an account that may not read users, is said once from the lists\' refusal; no card, nothing offered (2026.2 and 2024.8)',
    async run({ page }) {
      for (const [s, d] of [[site, demo], [site24, demo24]]) {
        await demoControl(d, 'reset');
        // An account that may not read users is refused the user (403) whether it exists or
        // not; the lists' filter tells: authentik refuses an unknown user as a `user` filter.
        const refused = await api(d, 'oauth2/refresh_tokens/?user=999999', { headers: { authorization: `Bearer ${NOPERM}` } });
        assertEq([refused.status, Object.keys(refused.body)], [400, ['user']], 'the list refuses the unknown user');
        await open(page, '/users/999999', { site: s, token: NOPERM });
        await page.getByRole('status').filter({ hasText: 'authentik has no user 999999' }).waitFor();
        assertEq(await page.locator('.card.kind').count(), 0, 'kind cards, no permissions');
        assertEq(await page.locator('.danger-zone').count(), 0, 'sign out everywhere, no permissions');
        assertEq(await page.getByText('Select a valid choice').count(), 0, 'a filter error shown, no permissions');
        await axe(page, 'unknown user, no permissions');
      }
    },
  },
];
