// OAuth2 access tokens and authorization codes, on authentik 2026.2 (site) and 2024.8
// (site24): list → filter by user → filter by provider → detail → revoke with the used_by
// confirmation; a bulk revoke with an injected failure; the provider's client_secret (sent
// by both releases) never in the page; axe; 375 px.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

const KINDS = [
  { name: 'access tokens', one: 'access token', title: 'Access token', route: '/access-tokens', path: 'oauth2/access_tokens/', idToken: true },
  { name: 'authorization codes', one: 'authorization code', title: 'Authorization code', route: '/authorization-codes', path: 'oauth2/authorization_codes/', idToken: false },
];

export default ({ site, site24, demo, demo24, open, visit, rowCount, apiBody, screenshot }) => {
  const modes = [
    { label: '2026.2', s: site, d: demo },
    { label: '2024.8', s: site24, d: demo24 },
  ];
  const rowPks = (page) => page.locator('table.data tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.pk));

  const walkthroughs = KINDS.flatMap((k) => modes.map(({ label, s, d }) => ({
    name: `${k.name} (${label}): list → filter by user and provider → detail → revoke; client_secret never in the page`,
    async run({ page }) {
      const first = (await apiBody(`${k.path}?page_size=1`, d)).results[0];
      const secret = first.provider.client_secret;
      assert(secret && secret.length > 3, `${label} sends the provider's client_secret`);

      await open(page, k.route, { reset: true, site: s });
      assert((await rowCount(page)) > 1, 'rows');
      // Server pagination: more than one page of them.
      const pager = page.getByRole('navigation', { name: 'Pagination' });
      await eventually(async () => /Page 1 of ([2-9]|\d\d)/.test(await pager.textContent()), 'several pages');
      await axe(page, `${k.name} list (${label})`);
      assert(!(await page.content()).includes(secret), 'client_secret absent from the list');

      // By user: a username resolved to its pk; every row is alice's.
      await page.locator('#filter-user').fill('alice');
      await page.locator('#filter-user').press('Enter');
      await page.waitForURL(/[?&]user=6\b/);
      const aliceCount = (await apiBody(`${k.path}?user=6`, d)).pagination.count;
      assert(aliceCount > 0, 'alice has some');
      await eventually(async () => {
        const names = await page.locator('table.data tbody .username').allTextContents();
        return names.length === Math.min(aliceCount, 20) && names.every((n) => n === 'alice');
      }, 'only alice\'s rows');

      // By provider, alone.
      await page.locator('#filter-user').fill('');
      await page.locator('#filter-user').press('Enter');
      await page.waitForURL((u) => !/[?&]user=/.test(u.toString()));
      await eventually(async () => (await page.locator('#filter-provider option[value="2"]').count()) === 1, 'provider options');
      await page.locator('#filter-provider').selectOption('2');
      await page.waitForURL(/[?&]provider=2\b/);
      const wanted = new Set((await apiBody(`${k.path}?provider=2&page_size=100`, d)).results.map((t) => String(t.pk)));
      await eventually(async () => {
        const pks = await rowPks(page);
        return pks.length > 0 && pks.every((pk) => wanted.has(pk));
      }, 'only provider 2\'s rows');

      // Detail of the first row.
      const pk = (await rowPks(page))[0];
      await page.locator(`tr[data-pk="${pk}"] a`).first().click();
      await page.waitForURL(new RegExp(`${k.route}/${pk}$`));
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${k.title} ${pk}`) }).waitFor();
      const one = await apiBody(`${k.path}${pk}/`, d);
      const cards = page.locator('.cards');
      await cards.getByText(one.provider.name, { exact: true }).first().waitFor();
      await cards.getByText(one.user.username, { exact: true }).first().waitFor();
      // Related lists: this user's access tokens, codes, refresh tokens…
      const related = page.getByRole('navigation', { name: 'Lists of this user' });
      const href = await related.getByRole('link', { name: k.name[0].toUpperCase() + k.name.slice(1) }).getAttribute('href');
      assert(href.endsWith(`${k.route}?user=${one.user.pk}`), `related list link: ${href}`);
      if (k.idToken) {
        await page.locator('#claims-title').waitFor();
        const claims = await page.locator('table.claims').textContent();
        for (const c of ['iss', 'sub', 'aud', 'exp']) assert(claims.includes(c), `claim ${c}`);
      } else {
        // A code has neither an ID token nor a revoked flag.
        assertEq(await page.locator('#claims-title').count(), 0, 'no ID token section');
        assertEq(await page.locator('.facts dt', { hasText: 'Revoked' }).count(), 0, 'no revoked fact');
      }
      await axe(page, `${k.name} detail (${label})`);
      await screenshot(page, `${k.route.slice(1)}-detail-${label}`);
      assert(!(await page.content()).includes(secret), 'client_secret absent from the detail');
      assert(!(await page.content()).includes(one.provider.client_secret), 'this provider\'s secret absent');

      // Revoke, with the used_by confirmation.
      await page.getByRole('button', { name: 'Revoke…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Nothing else refers to it').waitFor();
      await axe(page, `${k.name} revoke dialog (${label})`);
      await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
      await page.waitForURL((u) => u.pathname.endsWith(k.route));
      await page.getByText(`${k.title} ${pk} revoked.`).waitFor();
      assertEq((await api(d, `${k.path}${pk}/`)).status, 404, 'gone from authentik');
    },
  })));

  const bulk = KINDS.map((k, i) => {
    const { label, s, d } = modes[i];
    return {
      name: `${k.name} (${label}): bulk revoke reports one injected failure and removes the rest`,
      async run({ page }) {
        await open(page, k.route, { reset: true, site: s });
        await rowCount(page);
        const pks = (await rowPks(page)).slice(0, 3);
        assertEq(pks.length, 3, 'three rows');
        for (const pk of pks) await page.getByRole('checkbox', { name: `Select ${k.one} ${pk}` }).check();
        await demoControl(d, 'faults', { kind: 'empty405', method: 'DELETE', path_contains: `${k.path.split('/')[1]}/${pks[1]}/`, times: 1 });
        await page.getByRole('button', { name: 'Revoke selected (3)' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
        await dialog.getByText('3 of 3').waitFor();
        const outcomes = await dialog.locator('.outcomes li').allTextContents();
        assertEq(outcomes.length, 3, 'an outcome per row');
        assert(outcomes[1].includes('failed'), `failure reported: ${outcomes[1]}`);
        assert(outcomes[0].includes('revoked') && outcomes[2].includes('revoked'), `the others revoked: ${outcomes}`);
        await axe(page, `${k.name} bulk outcome`);
        await dialog.getByRole('button', { name: 'Close' }).click();
        assertEq((await api(d, `${k.path}${pks[0]}/`)).status, 404, 'first gone');
        assertEq((await api(d, `${k.path}${pks[1]}/`)).status, 200, 'failed one kept');
        assertEq((await api(d, `${k.path}${pks[2]}/`)).status, 404, 'third gone');
        await eventually(async () => (await page.locator(`tr[data-pk="${pks[0]}"]`).count()) === 0, 'list refreshed');
        await page.getByRole('button', { name: 'Revoke selected (1)' }).waitFor();
      },
    };
  });

  const narrow = {
    name: 'access tokens and authorization codes: 375 px wide, list and detail fit the screen',
    viewport: { width: 375, height: 812 },
    async run({ page }) {
      await open(page, '/access-tokens', { reset: true });
      for (const k of KINDS) {
        for (const [route, ready] of [[k.route, 'table.data tbody tr'], [`${k.route}/1`, '.cards']]) {
          await visit(page, route);
          await page.locator(ready).first().waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert(overflow <= 0, `${route}: the page scrolls sideways by ${overflow}px`);
          await axe(page, `${route} at 375 px`);
        }
        await screenshot(page, `narrow-${k.route.slice(1)}`);
      }
    },
  };

  // authentik lists a user's own grants to an account without permissions (2024.8.6 665/666).
  const own = KINDS.map((k) => ({
    name: `${k.name} (2024.8): an account without permissions lists only its own`,
    async run({ page }) {
      await open(page, k.route, { reset: true, site: site24, token: 'ak-demo-noperm-token' });
      await rowCount(page);
      const names = await page.locator('table.data tbody .username').allTextContents();
      assert(names.length > 0 && names.every((n) => n === 'dave-noperm'), `rows: ${names}`);
      await axe(page, `${k.name} as dave-noperm`);
    },
  }));

  return [...walkthroughs, ...bulk, ...own, narrow];
};
