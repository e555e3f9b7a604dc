// Session, sign-in, edit and home: who is signed in, what belongs to that session, and work
// that outlives its page.
import { ADMIN_TOKEN, api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

const ALICE_TOKEN = 'ak-demo-alice-token';
const NOPERM_TOKEN = 'ak-demo-noperm-token';
const ZWSP = '\u200b';

export default ({ site, site24, demo, SUBPATH, reset, signIn, open, visit, submitToken, sessionSignIn, rowCount, waitForText, apiBody, withLatency, screenshot }) => {
  const header = (page) => page.locator('header.topbar');

  async function signOut(page) {
    await header(page).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await eventually(async () => !(await header(page).textContent()).includes('Signed in as'), 'header without an account');
  }

  /** Signs in on the sign-in page already shown: no page load, so nothing in memory is reset. */
  async function signInHere(page, token) {
    await submitToken(page, token);
    await header(page).getByText('Signed in as').waitFor();
  }

  /** Follows an in-app link (no page load) to a console route. */
  async function go(page, route) {
    await page.evaluate((r) => {
      const a = document.createElement('a');
      a.href = r;
      a.textContent = 'go';
      document.body.appendChild(a);
      a.click();
      a.remove();
    }, `${new URL(site.url).pathname.replace(/\/$/, '')}${route}`);
  }

  /** API requests the console sent (the demo logs every /api/v3/ request). */
  async function apiLog() {
    return (await demoControl(demo, 'requests')).filter((r) => r.path.startsWith('/api/v3/'));
  }

  /** A connection of alice's (user 6), which her token may read and change. */
  async function aliceConnection() {
    return (await apiBody('sources/user_connections/all/?user=6&ordering=pk&page_size=1')).results[0];
  }

  return [
    {
      name: 'session: after sign-out, alice sees only what the API gives alice (no lookups of the admin\'s session)',
      async run({ page }) {
        await reset();
        const bob = await apiBody('core/users/7/');
        const own = await aliceConnection();
        const allSources = (await apiBody('sources/all/?page_size=100')).results;
        await signIn(page);
        // The admin's session reads bob's name and every source.
        await go(page, '/user-connections?user=7');
        await eventually(async () => (await page.locator('#filter-user').inputValue()) === bob.username, 'bob resolved for the admin');
        await go(page, `/user-connections/${own.pk}/edit`);
        // The sources of the connection's kind (OAuth): a connection stays in its kind's table.
        const oauth = allSources.filter((x) => x.meta_model_name === 'authentik_sources_oauth.oauthsource');
        await eventually(async () => (await page.locator('#field-source option').count()) === oauth.length + 1, `every OAuth source offered to the admin (${oauth.length})`);
        // Sign-out and sign-in in the same page: memory survives, as it does for an admin.
        await signOut(page);
        await signInHere(page, ALICE_TOKEN);
        await header(page).getByText('Signed in as alice').waitFor();
        // alice may not list sources: her picker holds only the current one, and says why.
        await go(page, `/user-connections/${own.pk}/edit`);
        await page.getByText('The list of sources could not be loaded').waitFor();
        const options = await page.locator('#field-source option').allTextContents();
        assertEq(options.length, 2, `alice's source options (${options.join(' | ')})`);
        // alice may not read bob: the filter shows the pk, not a name from the admin's session.
        await go(page, '/user-connections?user=7');
        await page.locator('#filter-user').waitFor();
        await page.waitForLoadState('networkidle');
        assertEq(await page.locator('#filter-user').inputValue(), '7', 'user filter for alice');
        assert(!(await page.content()).includes(bob.username), 'bob\'s username nowhere on alice\'s page');
        // Her list is what the API gives her.
        const hers = await api(demo, 'sources/user_connections/all/', { headers: { authorization: `Bearer ${ALICE_TOKEN}` } });
        await go(page, '/user-connections');
        assertEq(await rowCount(page), hers.body.results.length, 'alice\'s rows');
      },
    },
    {
      name: 'session: a draft belongs to its account; signing in as someone else drops it',
      async run({ page }) {
        await reset();
        const own = await aliceConnection();
        await open(page, `/user-connections/${own.pk}/edit`);
        await page.locator('#field-identifier').fill('typed-by-the-admin');
        // The admin's session expires mid-edit; alice signs in on the same tab.
        await demoControl(demo, 'faults', { kind: 'signed_out', method: 'PUT', times: 1 });
        await page.getByRole('button', { name: 'Save' }).click();
        await page.waitForURL(/\/sign-in\?next=/);
        await submitToken(page, ALICE_TOKEN);
        await page.waitForURL(new RegExp(`/user-connections/${own.pk}/edit$`));
        await header(page).getByText('Signed in as alice').waitFor();
        await page.locator('#field-identifier').waitFor();
        assertEq(await page.locator('#field-identifier').inputValue(), own.identifier, 'alice sees the saved value');
        assertEq(await page.getByText('Unsaved changes from earlier').count(), 0, 'no draft offered to alice');
        const kept = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => (sessionStorage.getItem(k) || '').includes('typed-by-the-admin')));
        assertEq(kept, [], 'the admin\'s draft is gone from the tab');
      },
    },
    {
      name: 'toasts: what one account was told goes as soon as another account signs in on the tab',
      async run({ page }) {
        await reset();
        const pk = (await apiBody('oauth2/refresh_tokens/?page_size=1')).results[0].pk;
        await open(page, `/refresh-tokens/${pk}`);
        await page.getByRole('button', { name: 'Revoke…' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
        const told = page.locator('.toasts').getByText(`Refresh token ${pk} revoked.`);
        await told.waitFor();
        const at = Date.now();
        await signOut(page);
        assertEq(await told.count(), 1, 'signed out, the admin still sees what was done');
        await signInHere(page, ALICE_TOKEN);
        await page.locator('.toasts').getByText('Signed in as alice.').waitFor();
        // The toast would be up for 6 s: gone well before then, it went with its account.
        await eventually(async () => await told.count() === 0, 'the admin\'s toast is gone for alice');
        const gone = Date.now() - at;
        assert(gone < 5000, `the admin's toast went with its account, not with its time (${gone} ms)`);
      },
    },
    {
      name: 'sign-in: a token with a zero-width space is refused under the field, with and without remember',
      async run({ page }) {
        await visit(page, '/sign-in');
        const signInButton = page.locator('form.card button[type=submit]');
        for (const remember of [false, true]) {
          await page.locator('#token').fill(`${ADMIN_TOKEN}${ZWSP}`);
          if (remember) await page.locator('#remember').check();
          await signInButton.click();
          await page.locator('#token-error').waitFor({ timeout: 3000 });
          const text = await page.locator('#token-error').textContent();
          assert(text.includes('invisible character (U+200B)') && text.includes(`position ${ADMIN_TOKEN.length + 1}`), `message: ${text}`);
          assertEq(await page.locator('#token').getAttribute('aria-invalid'), 'true', 'aria-invalid');
          assertEq((await signInButton.textContent()).trim(), 'Sign in', 'not stuck in "Signing in…"');
          assert(await signInButton.isEnabled(), 'button usable again');
          assertEq(await page.evaluate(() => sessionStorage.getItem('ak-admin.token')), null, 'nothing remembered');
        }
        // Spaces around a pasted token are trimmed.
        await page.locator('#token').fill(`  ${ADMIN_TOKEN}\n`);
        await signInButton.click();
        await header(page).getByText('Signed in as akadmin').waitFor();
        assertEq(await page.evaluate(() => sessionStorage.getItem('ak-admin.token')), ADMIN_TOKEN, 'the trimmed token remembered');
      },
    },
    {
      name: 'sign-in: a remembered token that cannot be used is dropped on reload, with a message and a way in',
      async run({ page }) {
        await visit(page, '/sign-in');
        await page.locator('#token').waitFor();
        // Remembered with a zero-width space (by an earlier console): every request would fail.
        await page.evaluate((t) => sessionStorage.setItem('ak-admin.token', t), `${ADMIN_TOKEN}${ZWSP}`);
        await visit(page, '/user-connections');
        await page.waitForURL(/\/sign-in\?next=%2Fuser-connections$/);
        await page.locator('#token-error').waitFor({ timeout: 3000 });
        assert((await page.locator('#token-error').textContent()).includes('remembered in this tab was forgotten'), 'says what happened');
        assertEq(await page.evaluate(() => sessionStorage.getItem('ak-admin.token')), null, 'dropped');
        await page.reload();
        await page.locator('#token').waitFor();
        // Remembered, but refused by authentik.
        await page.evaluate(() => sessionStorage.setItem('ak-admin.token', 'not-a-real-token'));
        await visit(page, '/refresh-tokens');
        await page.waitForURL(/\/sign-in\?next=%2Frefresh-tokens$/);
        await page.locator('#token-error').waitFor({ timeout: 3000 });
        assert((await page.locator('#token-error').textContent()).includes('did not accept the token remembered in this tab'), 'says authentik refused it');
        assertEq(await page.evaluate(() => sessionStorage.getItem('ak-admin.token')), null, 'dropped');
        await submitToken(page, ADMIN_TOKEN);
        await page.waitForURL(/\/refresh-tokens$/);
        await header(page).getByRole('button', { name: 'Sign out' }).waitFor();
      },
    },
    {
      name: 'sign-in: clicking a link while "Signing in…" still ends signed in, with the header and sign-out',
      async run({ page }) {
        await reset();
        await visit(page, '/sign-in');
        await page.locator('#token').fill(ADMIN_TOKEN);
        await withLatency(1500, async () => {
          await page.getByRole('button', { name: 'Sign in', exact: true }).click();
          await page.getByRole('button', { name: 'Signing in…' }).waitFor();
          await header(page).getByRole('link', { name: 'Refresh tokens', exact: true }).click();
          await header(page).getByText('Signed in as akadmin').waitFor({ timeout: 8000 });
          await header(page).getByRole('button', { name: 'Sign out' }).waitFor();
        });
        await page.waitForURL(/\/refresh-tokens$/);
        assert((await rowCount(page)) > 0, 'the page the link led to, signed in');
      },
    },
    {
      name: 'session-cookie sign-in: the header names the account, sign-out stops using the session and offers authentik\'s own',
      async run({ page }) {
        await reset();
        await sessionSignIn(page);
        await page.waitForURL((u) => !u.pathname.endsWith('/sign-in'));
        await header(page).getByText('Signed in as akadmin').waitFor();
        await signOut(page);
        const link = page.getByRole('link', { name: 'sign out of authentik' });
        await link.waitFor();
        assertEq(await link.getAttribute('href'), `/flows/-/default/invalidation/?next=${encodeURIComponent(`${SUBPATH}/sign-in?after=authentik`)}`, 'authentik\'s invalidation flow, same origin, back to the sign-in page');
        await axe(page, 'sign-in after a session sign-out');
        // The browser still holds the authentik session, but the console no longer uses it.
        const before = (await apiLog()).length;
        await visit(page, '/user-connections');
        await page.waitForURL(/\/sign-in\?next=%2Fuser-connections$/);
        await page.reload();
        await page.locator('#token').waitFor();
        await page.waitForLoadState('networkidle');
        assertEq((await apiLog()).slice(before).map((r) => r.path), [], 'API requests after sign-out');
        assertEq(await header(page).getByText('Signed in as').count(), 0, 'still signed out after a reload');
        // Until the admin asks for it again.
        await page.getByRole('button', { name: 'Use my authentik session' }).click();
        await header(page).getByText('Signed in as akadmin').waitFor();
        await page.waitForURL(/\/user-connections$/);
      },
    },
    {
      name: 'start-up while authentik cannot say who is signed in: the header can ask again or sign out',
      async run({ page }) {
        await reset();
        await signIn(page);
        await demoControl(demo, 'faults', { kind: 'drop', path_contains: 'core/users/me', times: 1 });
        await page.reload();
        await header(page).getByText('Signed in (account not known)').waitFor();
        await header(page).getByRole('button', { name: 'Sign out' }).waitFor();
        await header(page).getByRole('button', { name: 'Ask again' }).click();
        await header(page).getByText('Signed in as akadmin').waitFor();
      },
    },
    {
      name: 'cold load signed out: one question to authentik, then the sign-in page',
      async run({ page }) {
        await reset();
        await visit(page, '/');
        await page.waitForURL(/\/sign-in(\?|$)/);
        await page.locator('#token').waitFor();
        await page.waitForLoadState('networkidle');
        const sent = (await apiLog()).map((r) => `${r.method} ${r.path}`);
        assertEq(sent, ['GET /api/v3/core/users/me/'], 'requests of a signed-out cold load');
      },
    },
    {
      name: 'cold load with a remembered token: the list does not wait for core/users/me/, a form waits for the account that owns its draft',
      async run({ page }) {
        await open(page, '/user-connections/7/edit', { reset: true });
        await page.locator('#field-identifier').fill('typed-before-reload');
        // Hold authentik's answer about the account back until told.
        let answer;
        let again = () => {};
        const held = new Promise((resolve) => { answer = resolve; });
        await page.route('**/api/v3/core/users/me/', async (route) => { await held; await route.continue().catch(() => {}); });
        try {
          // Leaving the unsaved form asks first (beforeunload): yes, the draft stays in the tab.
          // Any other dialog is still a failure.
          const others = [];
          page.removeAllListeners('dialog');
          page.on('dialog', async (d) => {
            if (d.type() !== 'beforeunload') others.push(d.message());
            await d.accept();
          });
          await visit(page, '/user-connections');
          assertEq(others, [], 'dialogs other than the leave question');
          await page.locator('table.data tbody tr').first().waitFor();
          assert(!(await header(page).textContent()).includes('Signed in as'), 'rows shown while the account is still being asked for');
          answer();
          await header(page).getByText('Signed in as akadmin').waitFor();

          // The edit form's draft belongs to the account: no form (and no draft lost) before it is known.
          const heldAgain = new Promise((resolve) => { again = resolve; });
          await page.unroute('**/api/v3/core/users/me/');
          await page.route('**/api/v3/core/users/me/', async (route) => { await heldAgain; await route.continue().catch(() => {}); });
          await visit(page, '/user-connections/7/edit');
          await page.getByRole('heading', { name: 'Edit user source connection 7' }).waitFor();
          await page.waitForTimeout(300);
          assertEq(await page.locator('#field-identifier').count(), 0, 'form drawn before the account is known');
          again();
          await page.getByText('Unsaved changes from earlier in this tab were restored.').waitFor();
          assertEq(await page.locator('#field-identifier').inputValue(), 'typed-before-reload', 'draft restored');
        } finally {
          answer();
          again();
          await page.unroute('**/api/v3/core/users/me/');
        }
      },
    },
    {
      name: 'edit: save, then leave before the answer: the save finishes, a toast links to it, the page stays where the admin went',
      async run({ page }) {
        await open(page, '/user-connections/5/edit', { reset: true });
        await page.locator('#field-identifier').fill('saved-while-leaving');
        const toast = page.locator('.toast', { hasText: 'User source connection 5 saved.' });
        await withLatency(2000, async () => {
          await page.getByRole('button', { name: 'Save' }).click();
          await page.getByRole('button', { name: 'Saving…' }).waitFor();
          // No "unsaved changes" prompt: the run fails on any dialog.
          await header(page).getByRole('link', { name: 'Refresh tokens', exact: true }).click();
          await page.waitForURL(/\/refresh-tokens$/);
          await toast.waitFor({ timeout: 8000 });
        });
        const link = toast.getByRole('link', { name: 'Show user source connection 5' });
        assert((await link.getAttribute('href')).endsWith('/user-connections/5'), 'toast links to the object');
        assertEq((await apiBody('sources/user_connections/all/5/')).identifier, 'saved-while-leaving', 'saved on the server');
        await page.waitForTimeout(2500);
        assert(page.url().endsWith('/refresh-tokens'), `no later navigation (at ${page.url()})`);
        await link.click();
        await page.waitForURL(/\/user-connections\/5$/);
        await waitForText(page.locator('.facts'), 'saved-while-leaving', 'saved value shown');
      },
    },
    {
      name: 'edit: Back after a save goes to where the admin was before the edit, not to the form',
      async run({ page }) {
        await open(page, '/user-connections', { reset: true });
        await rowCount(page);
        await page.locator('table.data tbody a', { hasText: /^5$/ }).first().click();
        await page.waitForURL(/\/user-connections\/5$/);
        await page.getByRole('link', { name: 'Edit' }).click();
        await page.waitForURL(/\/user-connections\/5\/edit$/);
        await page.locator('#field-identifier').fill('saved-then-back');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.waitForURL(/\/user-connections\/5$/);
        await page.getByText('User source connection 5 saved.').waitFor();
        await page.goBack();
        await page.waitForTimeout(300);
        assert(!page.url().endsWith('/edit'), `Back returned to the form (${page.url()})`);
        assert(/\/user-connections\/5$/.test(page.url()), `Back leads to the object as before the edit (${page.url()})`);
        await page.goBack();
        await page.waitForURL(/\/user-connections$/);
      },
    },
    {
      name: 'authentik 2024.8: no "New connection", the create page says it cannot create, source kinds are named',
      async run({ page }) {
        await open(page, '/group-connections', { site: site24 });
        assert((await rowCount(page)) > 0, 'rows');
        await eventually(async () => (await page.getByRole('link', { name: 'New connection' }).count()) === 0, '"New connection" hidden');
        await visit(page, '/group-connections/new', site24);
        await page.getByRole('heading', { name: 'Cannot be created on this authentik version' }).waitFor();
        assertEq(await page.locator('#field-group').count(), 0, 'no form');
        // The nested source is authentik's generic base; the kind comes from the source list.
        for (const route of ['/user-connections/1', '/group-connections/1']) {
          await visit(page, route, site24);
          const card = page.locator('#source-title').locator('..');
          await waitForText(card, 'Slug', `source card on ${route}`);
          await eventually(async () => (await card.locator('dt:text-is("Kind") + dd').textContent()).trim() === 'OAuth source', `kind on ${route}`);
        }
      },
    },
    {
      name: 'group connections: a new one is offered every kind\'s sources, an edit its own kind\'s only; kinds named on 2026.2',
      async run({ page }) {
        await reset();
        const all = (await apiBody('sources/all/?page_size=100')).results;
        const kinds = ['oauth', 'saml', 'plex', 'kerberos', 'ldap', 'telegram'];
        const kinded = all.filter((s) => kinds.some((k) => s.component === `ak-source-${k}-form`));
        const oauth = all.filter((s) => s.component === 'ak-source-oauth-form');
        assert(kinded.length < all.length && oauth.length < kinded.length, 'seed has OAuth, other kinds and the built-in source');
        await open(page, '/group-connections/new');
        await page.locator('#field-source').waitFor();
        await eventually(async () => (await page.locator('#field-source option').count()) === kinded.length + 1, 'every kind\'s sources offered');
        const offered = await page.locator('#field-source option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
        assertEq(offered.sort(), kinded.map((s) => s.pk).sort(), 'exactly the sources of a kind with group connections (not the built-in one)');
        // An existing OAuth connection stays in OAuth's table: its edit offers OAuth sources only.
        await visit(page, '/group-connections/1/edit');
        await page.locator('#field-source').waitFor();
        const sameKind = async () => (await page.locator('#field-source option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean))).sort();
        await eventually(async () => (await sameKind()).length > 1, 'sources offered on edit');
        assertEq(await sameKind(), oauth.map((s) => s.pk).sort(), 'exactly the OAuth sources on edit');
        // 2026.2 nests no kind either.
        await visit(page, '/user-connections/3');
        const card = page.locator('#source-title').locator('..');
        await eventually(async () => (await card.locator('dt:text-is("Kind") + dd').textContent()).trim() === 'OAuth source', 'kind');
      },
    },
    {
      name: '375 px wide: the home chart is readable and usernames stay whole in lists',
      viewport: { width: 375, height: 812 },
      async run({ page }) {
        await open(page, '/', { reset: true });
        const sources = (await apiBody('sources/all/?page_size=100&ordering=name')).results.slice(0, 12);
        const chart = page.locator('.chart');
        await chart.getByText(sources[0].name, { exact: true }).first().waitFor();
        for (const s of sources) {
          const box = await chart.getByText(s.name, { exact: true }).first().boundingBox();
          assert(box.height >= 12, `${s.name}: label ${box.height.toFixed(1)} px tall`);
          assert(box.x >= 0 && box.x + box.width <= 375, `${s.name}: label inside the screen (${box.x.toFixed(0)}–${(box.x + box.width).toFixed(0)})`);
        }
        await axe(page, 'home at 375 px');
        await screenshot(page, 'narrow-home');
        // One line per username: the text's line boxes share one top.
        const lines = () => page.locator('table.data .username').evaluateAll((els) => els.map((el) => {
          const r = document.createRange();
          r.selectNodeContents(el);
          return [el.textContent, new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size];
        }).filter(([, n]) => n > 1));
        for (const route of ['/user-connections', '/refresh-tokens']) {
          await visit(page, route);
          await rowCount(page);
          await eventually(async () => (await page.locator('table.data .username').count()) > 0, `usernames on ${route}`);
          await eventually(async () => !(await page.locator('table.data').textContent()).includes('user #'), `names resolved on ${route}`);
          assertEq(await lines(), [], `usernames broken across lines on ${route}`);
        }
      },
    },
    {
      name: 'limited account: the header and the overview say lists show only what it may see',
      async run({ page }) {
        await reset();
        await signIn(page, site.url, NOPERM_TOKEN);
        await header(page).getByText('Signed in as dave-noperm (limited permissions)').waitFor();
        await visit(page, '/');
        await page.getByText('This account is not a superuser').waitFor();
        await signOut(page);
        await signInHere(page, ADMIN_TOKEN);
        await header(page).getByText('Signed in as akadmin').waitFor();
        assertEq(await header(page).getByText('limited permissions').count(), 0, 'superuser not marked');
        await go(page, '/');
        await page.locator('.counts').waitFor();
        assertEq(await page.getByText('This account is not a superuser').count(), 0, 'no note for a superuser');
      },
    },
  ];
};
