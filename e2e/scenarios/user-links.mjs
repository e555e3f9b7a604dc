// Usernames lead to the user's page: in every list with a user column (both compat modes) and
// on detail cards. The user page itself reads little when opened (one small page per kind)
// and everything only when "sign out everywhere" is asked for.
import { api, assert, assertEq, demoControl, eventually } from '../harness.mjs';

/** Every kind the user page reads, by list path and the filter naming the user. */
const KINDS = [
  ['sources/user_connections/all/', 'user'],
  ['oauth2/refresh_tokens/', 'user'],
  ['oauth2/access_tokens/', 'user'],
  ['oauth2/authorization_codes/', 'user'],
  ['core/user_consent/', 'user'],
  ['core/authenticated_sessions/', 'user__username'],
  ['core/tokens/', 'user__username'],
];

/** The GET requests the demo API logged for one kind's list, filtered to `value`. */
async function kindReads(d, path, key, value) {
  const log = await demoControl(d, 'requests');
  return log
    .filter((r) => r.method === 'GET' && r.path.endsWith(`/${path}`))
    .map((r) => new URLSearchParams(r.query || ''))
    .filter((q) => q.get(key) === value);
}

async function clearRequests(d) {
  const r = await fetch(`${d.url}/__demo/requests`, { method: 'DELETE' });
  assert(r.ok, `clearing the request log: ${r.status}`);
}

/** Every list with a user (or owner) column. */
const LISTS = ['/user-connections', '/refresh-tokens', '/access-tokens', '/authorization-codes', '/user-consents', '/sessions', '/tokens'];

export default ({ site, site24, demo, demo24, open, visit, rowCount, screenshot }) => {
  /** Clicks the first row's username on `route` and checks the user page it opens names that user. */
  async function followFirstUsername(page, s, d, route, label) {
    await visit(page, route, s);
    assert((await rowCount(page)) > 0, `${label} ${route}: rows`);
    const link = page.locator('table.data tbody tr').first().locator('a:has(.username)');
    // Sessions and connections carry a pk and show the username once it is looked up.
    await eventually(async () => {
      const t = (await link.textContent().catch(() => '')).trim();
      return t !== '' && !t.startsWith('user #');
    }, `${label} ${route}: username resolved`);
    const name = (await link.textContent()).trim();
    await link.click();
    await page.waitForURL(/\/users\/\d+$/);
    const pk = new URL(page.url()).pathname.split('/').pop();
    assertEq((await api(d, `core/users/${pk}/`)).body.username, name, `${label} ${route}: the page is ${name}'s`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${name}\\b`) }).waitFor();
  }

  return [
    {
      name: 'user links: every username in a list leads to that user\'s page (2026.2 and 2024.8)',
      async run({ page }) {
        for (const [s, d, label] of [[site, demo, '2026.2'], [site24, demo24, '2024.8']]) {
          await open(page, '/', { reset: true, site: s });
          for (const route of LISTS) await followFirstUsername(page, s, d, route, label);
        }
      },
    },
    {
      name: 'user links: the username on a detail page\'s user card leads to the user\'s page',
      async run({ page }) {
        const t = (await api(demo, 'oauth2/refresh_tokens/?page_size=1')).body.results[0];
        const session = (await api(demo, 'core/authenticated_sessions/?page_size=1')).body.results[0];
        const owner = (await api(demo, `core/users/${session.user}/`)).body;
        await open(page, `/refresh-tokens/${t.pk}`);
        await page.locator('#user-title').locator('..').getByRole('link', { name: t.user.username, exact: true }).click();
        await page.waitForURL(new RegExp(`/users/${t.user.pk}$`));
        await page.getByRole('heading', { level: 1, name: new RegExp(`^${t.user.username}\\b`) }).waitFor();
        // A session names its user by pk: the link is there before the username is known.
        await visit(page, `/sessions/${session.uuid}`);
        await page.locator('.facts').getByRole('link', { name: owner.username, exact: true }).click();
        await page.waitForURL(new RegExp(`/users/${owner.pk}$`));
        await screenshot(page, 'user-page-from-session');
      },
    },
    {
      name: 'user page: opening reads one small page per kind; sign out everywhere reads every page; a run re-reads each kind once (2026.2 and 2024.8)',
      async run({ page }) {
        for (const [s, d, label] of [[site, demo, '2026.2'], [site24, demo24, '2024.8']]) {
          await open(page, '/', { reset: true, site: s });
          // The user with the most sessions: every kind has something to read.
          const sessions = (await api(d, 'core/authenticated_sessions/?page_size=100')).body.results;
          const counts = new Map();
          for (const x of sessions) counts.set(x.user, (counts.get(x.user) ?? 0) + 1);
          const pk = [...counts].sort((a, b) => b[1] - a[1])[0][0];
          const username = (await api(d, `core/users/${pk}/`)).body.username;
          const valueOf = (key) => (key === 'user' ? String(pk) : username);
          await clearRequests(d);
          await visit(page, `/users/${pk}`, s);
          await page.locator('#kind-sessions').locator('xpath=..').locator('.count').waitFor();
          await page.waitForLoadState('networkidle');
          const total = {};
          for (const [path, key] of KINDS) {
            const reads = await kindReads(d, path, key, valueOf(key));
            assertEq(reads.map((q) => q.get('page_size')), ['5'], `${label} ${path}: one small page on opening`);
            assertEq(reads[0].get('page') ?? '1', '1', `${label} ${path}: the first page`);
            total[path] = (await api(d, `${path}?${key}=${encodeURIComponent(valueOf(key))}&page_size=1`)).body.pagination.count;
          }
          // The card counts what authentik counts, from that one small page.
          const grants = total['oauth2/refresh_tokens/'];
          assertEq((await page.locator('#kind-refresh-tokens').locator('xpath=..').locator('.count').textContent()).trim(),
            `${grants} refresh token${grants === 1 ? '' : 's'}`, `${label}: refresh tokens counted`);

          // Sign out everywhere (every optional kind ticked) reads every page of every kind.
          for (const box of await page.locator('input[id^="also-"]:not(#also-deactivate)').all()) await box.check();
          await clearRequests(d);
          await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.waitFor();
          for (const [path, key] of KINDS) {
            const reads = await kindReads(d, path, key, valueOf(key));
            const pages = Math.max(1, Math.ceil(total[path] / 100));
            assertEq(reads.map((q) => `${q.get('page') ?? '1'}/${q.get('page_size')}`),
              Array.from({ length: pages }, (_, i) => `${i + 1}/100`), `${label} ${path}: every page read for the plan`);
          }
          const plan = (await dialog.locator('ul.plan li').allTextContents()).map((t) => t.trim());
          assert(plan.includes(`Refresh tokens: ${grants}`) || grants === 0, `${label}: plan ${plan}`);

          // After the run, each kind is read once again (sessions too, though the account is re-read).
          await clearRequests(d);
          // The busiest user may be the signed-in account itself, which is signed out only
          // deliberately (issue: signing yourself out everywhere).
          if (await dialog.locator('#signout-own').count()) await dialog.locator('#signout-own').check();
          await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
          await eventually(async () => (await page.locator('#run-summary').inputValue()).length > 0, `${label}: summary`, 20000);
          await page.waitForLoadState('networkidle');
          await eventually(async () => (await kindReads(d, 'core/authenticated_sessions/', 'user__username', username)).length > 0, `${label}: sessions re-read`);
          await new Promise((r) => setTimeout(r, 500));
          for (const [path, key] of KINDS) {
            const reads = await kindReads(d, path, key, valueOf(key));
            assertEq(reads.map((q) => q.get('page_size')), ['5'], `${label} ${path}: read once after the run`);
          }
          assertEq((await page.locator('#kind-refresh-tokens').locator('xpath=..').locator('.count').textContent()).trim(),
            '0 refresh tokens', `${label}: nothing left`);
        }
      },
    },
  ];
};
