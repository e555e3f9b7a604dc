// Confirmations stay fixed to what they were opened for, and the smaller things an admin
// meets on the way: the phone menu, the sessions list at 375 px, an app password's expiry in
// the past, sessions named by username, the sign-in page while signed in, and digits typed
// where a user is looked up (a username first, an ID only when no one has that username).
import { assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ site, site24, demo, demo24, reset, open, visit, rowCount, waitForText, apiBody }) => {
  const requests = (d, method, part) => demoControl(d, 'requests')
    .then((log) => log.filter((r) => r.method === method && r.path.includes(part)));
  const sessionsOf = async (name, d = demo) => (await apiBody(`core/authenticated_sessions/?page_size=1&user__username=${name}`, d)).pagination.count;
  /** A closed `<dialog>` is hidden: the role query then finds none. */
  const closed = (page) => page.getByRole('dialog').waitFor({ state: 'hidden', timeout: 5000 });

  return [
    {
      name: 'confirmations (2026.2): Back under "End all N sessions of alice" closes it; bob\'s sessions are untouched',
      async run({ page }) {
        await open(page, '/sessions?user__username=bob', { reset: true });
        const [alice, bob] = [await sessionsOf('alice'), await sessionsOf('bob')];
        assert(alice > 1 && bob > 1 && alice !== bob, `seeded counts (${alice}, ${bob})`);
        await page.getByRole('button', { name: `End all ${bob} sessions of bob…` }).waitFor();
        await page.locator('#filter-username').fill('alice');
        await page.locator('#filter-username').press('Enter');
        await page.waitForURL(/user__username=alice/);
        await page.getByRole('button', { name: `End all ${alice} sessions of alice…` }).click();
        await page.getByRole('dialog', { name: `End all ${alice} sessions of alice?` }).waitFor();
        await page.goBack();
        await page.waitForURL(/user__username=bob$/);
        await closed(page);
        // The page now offers bob's, opened afresh and named as such.
        await page.getByRole('button', { name: `End all ${bob} sessions of bob…` }).click();
        const dialog = page.getByRole('dialog', { name: `End all ${bob} sessions of bob?` });
        await dialog.waitFor();
        await axe(page, 'end all, reopened after Back');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await closed(page);
        assertEq((await requests(demo, 'DELETE', 'authenticated_sessions')).length, 0, 'nothing ended');
        assertEq([await sessionsOf('alice'), await sessionsOf('bob')], [alice, bob], 'every session kept');
      },
    },
    {
      name: 'confirmations (2024.8): Back under a bulk "End selected" closes it unconfirmed',
      async run({ page }) {
        await open(page, '/sessions', { reset: true, site: site24 });
        await rowCount(page);
        await page.locator('#filter-username').fill('alice');
        await page.locator('#filter-username').press('Enter');
        await page.waitForURL(/user__username=alice/);
        await eventually(async () => (await page.locator('table.data tbody tr td:nth-child(3)').allTextContents()).every((u) => u.trim() === 'alice'), 'alice\'s sessions');
        const pk = await page.locator('table.data tbody tr').first().getAttribute('data-pk');
        await page.getByRole('checkbox', { name: `Select session ${pk}`, exact: true }).check();
        await page.getByRole('button', { name: 'End selected (1)' }).click();
        await page.getByRole('dialog', { name: 'End 1 session?' }).waitFor();
        await page.goBack();
        await page.waitForURL((u) => !new URL(u).searchParams.has('user__username'));
        await closed(page);
        assertEq((await requests(demo24, 'DELETE', 'authenticated_sessions')).length, 0, 'nothing ended');
      },
    },
    {
      name: 'confirmations (2026.2): an "End…" dialog closes when the session it was opened under ends',
      async run({ page }) {
        await open(page, '/sessions', { reset: true });
        const target = (await apiBody('core/authenticated_sessions/?page_size=1&user__username=bob')).results[0];
        await visit(page, `/sessions/${target.uuid}`);
        await page.locator('#agent-title').waitFor();
        // The next answer says the credentials are no longer good: the account is gone.
        await demoControl(demo, 'faults', { kind: 'signed_out', method: 'GET', path_contains: 'used_by', times: 1 });
        await page.getByRole('button', { name: 'End…' }).click();
        await closed(page);
        assertEq(await page.locator('header').getByText('Signed in as').count(), 0, 'signed out');
        assertEq((await requests(demo, 'DELETE', 'authenticated_sessions')).length, 0, 'nothing ended');
      },
    },
    {
      name: 'phone menu (375 px, dark): Escape closes it and returns focus to Menu; so does a click outside',
      viewport: { width: 375, height: 812 },
      colorScheme: 'dark',
      async run({ page }) {
        await open(page, '/');
        const menu = page.getByRole('button', { name: 'Menu' });
        const nav = page.getByRole('navigation', { name: 'Main' });
        await menu.click();
        await nav.getByRole('link', { name: 'Sessions', exact: true }).waitFor();
        assertEq(await menu.getAttribute('aria-expanded'), 'true', 'expanded');
        await axe(page, 'phone menu open');
        await nav.getByRole('link', { name: 'Sessions', exact: true }).focus();
        await page.keyboard.press('Escape');
        await nav.waitFor({ state: 'hidden', timeout: 5000 });
        assertEq(await menu.getAttribute('aria-expanded'), 'false', 'collapsed on Escape');
        await eventually(() => menu.evaluate((b) => document.activeElement === b), 'focus back on Menu');
        await menu.click();
        await nav.waitFor();
        await page.getByRole('heading', { name: 'Overview' }).click();
        await nav.waitFor({ state: 'hidden', timeout: 5000 });
        assertEq(await menu.getAttribute('aria-expanded'), 'false', 'collapsed by a click outside');
        // A link in it still leads on and closes it.
        await menu.click();
        await nav.getByRole('link', { name: 'Sessions', exact: true }).click();
        await page.waitForURL(/\/sessions$/);
        await nav.waitFor({ state: 'hidden', timeout: 5000 });
      },
    },
    {
      name: 'sessions at 375 px: the Client column breaks between words and the pager\'s buttons stay on one line',
      viewport: { width: 375, height: 812 },
      async run({ page }) {
        await open(page, '/sessions', { reset: true });
        await rowCount(page);
        const lines = await page.evaluate(() => {
          // Lines a run of text covers: a word broken across two lines has two boxes.
          const boxes = (node, from, to) => {
            const r = document.createRange();
            if (to === undefined) r.selectNodeContents(node);
            else {
              r.setStart(node, from);
              r.setEnd(node, to);
            }
            return new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top))).size;
          };
          const broken = [];
          for (const el of document.querySelectorAll('table.data tbody td:nth-child(4) span')) {
            const text = el.firstChild;
            if (!text || text.nodeType !== Node.TEXT_NODE) continue;
            for (const m of text.data.matchAll(/\S+/g)) {
              if (m[0].length <= 20 && boxes(text, m.index, m.index + m[0].length) > 1) broken.push(m[0]);
            }
          }
          const pager = [...document.querySelectorAll('.pager .btn')].map((b) => [b.textContent.trim(), boxes(b)]);
          return { broken, pager };
        });
        assertEq(lines.broken, [], 'client words broken across lines');
        for (const [label, n] of lines.pager) assertEq(n, 1, `"${label}" on one line`);
        assert(lines.pager.some(([l]) => l === 'Next ›'), 'a Next button');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
        await axe(page, 'sessions at 375 px');
      },
    },
    ...[['2026.2', site, demo], ['2024.8', site24, demo24]].map(([v, s, d]) => ({
      name: `api tokens (${v}): an app password expiry in the past is refused under its field before anything is sent`,
      async run({ page }) {
        await open(page, '/tokens/alice-mail-app-password/edit', { reset: true, site: s });
        const field = page.locator('#field-expires');
        await field.waitFor();
        await field.fill('2020-01-01T00:00:00Z');
        await page.getByRole('button', { name: 'Review changes' }).click();
        const error = page.locator('#field-expires-error');
        await waitForText(error, 'This time has passed', 'the local message under the field', 5000);
        assertEq(await field.getAttribute('aria-invalid'), 'true', 'aria-invalid');
        assert((await field.getAttribute('aria-describedby')).includes('field-expires-error'), 'described by the message');
        await eventually(() => field.evaluate((f) => document.activeElement === f), 'focus on the field');
        assertEq(await page.getByRole('region', { name: 'Review the changes' }).count(), 0, 'no review offered');
        await axe(page, `past expiry ${v}`);
        // A time ahead goes on to the review; nothing was sent meanwhile.
        await field.fill('2099-01-01T00:00:00Z');
        await page.getByRole('button', { name: 'Review changes' }).click();
        await page.getByRole('region', { name: 'Review the changes' }).waitFor();
        assertEq((await requests(d, 'PATCH', 'core/tokens/')).length, 0, 'no PATCH');
      },
    })),
    {
      name: 'sessions (2026.2): a bulk confirmation names each session\'s user by username',
      async run({ page }) {
        await open(page, '/sessions?user__username=alice', { reset: true });
        const first = page.locator('table.data tbody tr').first();
        await first.waitFor();
        await eventually(async () => (await first.locator('td:nth-child(3)').textContent()).trim() === 'alice', 'the row names alice');
        const pk = await first.getAttribute('data-pk');
        await page.getByRole('checkbox', { name: `Select session ${pk}`, exact: true }).check();
        await page.getByRole('button', { name: 'End selected (1)' }).click();
        const item = page.getByRole('dialog', { name: 'End 1 session?' }).locator('.outcomes li');
        await item.waitFor();
        const text = await item.textContent();
        assert(text.startsWith(`Session ${pk} (alice, `) && !text.includes('user #'), `named by username: ${text}`);
        await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      },
    },
    {
      name: 'sessions (2024.8): ending one session names its user by username',
      async run({ page }) {
        await open(page, '/sessions', { reset: true, site: site24 });
        const target = (await apiBody('core/authenticated_sessions/?page_size=1&user__username=bob', demo24)).results[0];
        await visit(page, `/sessions/${target.uuid}`, site24);
        await page.locator('#agent-title').waitFor();
        await page.getByRole('button', { name: 'End…' }).click();
        await page.getByRole('dialog', { name: /^End session of bob \(/ }).waitFor({ timeout: 5000 });
        await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
        await closed(page);
      },
    },
    {
      name: 'sign-in page while signed in: says who, goes on to the console or signs out first',
      async run({ page }) {
        await open(page, '/sign-in?next=%2Fsessions');
        const card = page.locator('#signed-in');
        await waitForText(card, 'signed in as akadmin', 'who is signed in', 5000);
        assertEq(await page.locator('#token').count(), 0, 'no form to sign in over the account');
        await axe(page, 'sign-in while signed in');
        await card.getByRole('link', { name: 'Go on to the console' }).click();
        await page.waitForURL(/\/sessions$/);
        await rowCount(page);
        await visit(page, '/sign-in');
        await card.getByRole('button', { name: 'Sign out first' }).click();
        await page.locator('#token').waitFor();
        await eventually(() => page.locator('#token').evaluate((t) => document.activeElement === t), 'focus on the token field');
        assertEq(await page.locator('header').getByText('Signed in as').count(), 0, 'signed out');
        assertEq(await page.evaluate(() => sessionStorage.getItem('ak-admin.token')), null, 'the remembered token forgotten');
      },
    },
    {
      name: 'user filter: a username read late never replaces what the admin typed meanwhile',
      async run({ page }) {
        await open(page, '/', { reset: true });
        const alice = (await apiBody('core/users/?username=alice')).results[0];
        // The list opened with `?user=<pk>` reads that user's name; hold the answer back.
        let answer;
        const held = new Promise((resolve) => { answer = resolve; });
        await page.route(`**/api/v3/core/users/${alice.pk}/`, async (route) => { await held; await route.continue().catch(() => {}); });
        try {
          await visit(page, `/user-consents?user=${alice.pk}`);
          const filter = page.locator('#filter-user');
          await eventually(async () => (await filter.inputValue()) === String(alice.pk), 'the pk shown while the name is read');
          await filter.fill('bob');
          answer();
          await page.waitForLoadState('networkidle');
          await page.waitForTimeout(300);
          assertEq(await filter.inputValue(), 'bob', 'what the admin typed is kept');
          // Another filter value from the URL (Back) shows the URL again.
          await page.goBack();
          await page.goForward();
          await eventually(async () => (await filter.inputValue()) === 'alice', 'the URL\'s user by name after Back and Forward');
        } finally {
          await page.unroute(`**/api/v3/core/users/${alice.pk}/`);
        }
      },
    },
    ...[['2026.2', site, demo], ['2024.8', site24, demo24]].map(([v, s, d]) => ({
      name: `find a user (${v}): digits are a username first, a user ID only when no one has that username`,
      async run({ page }) {
        await open(page, '/', { reset: true, site: s });
        const named7 = (await apiBody('core/users/?username=7', d)).results[0];
        assert(named7 && named7.pk !== 7, 'the seed has a user named 7 who is not user 7');
        const find = page.locator('#find-user');
        await find.fill('7');
        await find.press('Enter');
        await page.waitForURL(new RegExp(`/users/${named7.pk}$`), { timeout: 5000 });
        // Digits nobody is named: the ID, said so.
        await visit(page, '/', s);
        await find.fill('6');
        await find.press('Enter');
        await page.waitForURL(/\/users\/6$/);
        await page.getByText('No user is named “6”: user ID 6 (alice) was used.').waitFor();
        await visit(page, '/', s);
        await find.fill('99999');
        await find.press('Enter');
        await waitForText(page.locator('#find-user-error'), 'No user is named “99999”, and no user has that ID.', 'neither');
        assertEq(await find.getAttribute('aria-invalid'), 'true', 'marked invalid');
        // The lists' User filter reads digits the same way.
        await visit(page, '/user-consents', s);
        await rowCount(page);
        const filter = page.locator('#filter-user');
        await filter.fill('7');
        await filter.press('Enter');
        await page.waitForURL(new RegExp(`[?&]user=${named7.pk}(&|$)`), { timeout: 5000 });
        // What the admin sees before typing again: the box names the user the digits found.
        await eventually(async () => (await filter.inputValue()) === '7', 'the box to show the username found');
        await filter.fill('6');
        await filter.press('Enter');
        await page.waitForURL(/[?&]user=6(&|$)/, { timeout: 10000 }).catch(async (e) => {
          const error = await page.locator('#filter-user-error').textContent().catch(() => null);
          throw new Error(`${e.message}\nthe box holds “${await filter.inputValue()}”, its error: ${error}`);
        });
        await page.getByRole('status').filter({ hasText: 'No user is named “6”: user ID 6 (alice) was used.' }).waitFor();
        await axe(page, `user filter by ID ${v}`);
      },
    })),
  ];
};
