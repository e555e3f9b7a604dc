// History: authentik's event log for an object, under its detail and on the user page.
// An edit made in the console appears with who made it, the method and the path; the seeded
// shell creations show without an account link; an account without permissions is told that
// only superusers read the log (authentik answers 403), in both releases.
import { api, assert, assertEq, axe, eventually } from '../harness.mjs';

export default ({ demo, site24, demo24, open, visit, apiBody, waitForText, screenshot }) => [
  {
    name: 'history: a group connection edited in the console shows the PATCH by akadmin (2026.2)',
    async run({ page }) {
      await open(page, '/group-connections/2', { reset: true });
      const old = (await apiBody('sources/group_connections/all/2/')).identifier;
      const history = page.getByRole('region', { name: 'History' });
      await history.waitFor();
      await waitForText(history, 'authentik-shell', 'the seeded creation');
      assert((await history.getByRole('link', { name: 'authentik-shell' }).count()) === 0, 'no link for the shell (pk 0)');
      await page.getByRole('link', { name: 'Edit' }).click();
      await page.locator('#field-identifier').fill('acme/history-check');
      await page.getByRole('button', { name: 'Review changes' }).click();
      const review = page.getByRole('region', { name: 'Review the changes' });
      await review.getByRole('button', { name: 'Confirm and save' }).click();
      await page.waitForURL(/\/group-connections\/2$/);
      const after = page.getByRole('region', { name: 'History' });
      // Edited through the kind's endpoint (authentik records nothing sent through all/):
      // the log names the request as it was made.
      await waitForText(after, 'PATCH /api/v3/sources/group_connections/oauth/2/', 'the edit is in the history');
      const first = after.locator('li').first();
      const text = await first.textContent();
      assert(text.startsWith('Changed by akadmin'), `newest first, in words: ${text}`);
      const me = (await apiBody('core/users/me/')).user;
      assert((await first.getByRole('link', { name: 'akadmin' }).getAttribute('href')).endsWith(`/users/${me.pk}`), 'akadmin links to the user page');
      assert(text.includes('127.0.0.1'), 'the address');
      // authentik's event carries no diff; the console knows what it sent in that request
      // (the event's request_id is the X-authentik-id its answer carried).
      const sent = first.getByRole('definition');
      await sent.first().waitFor();
      assertEq(await first.locator('dt').allTextContents(), ['Identifier'], 'the changed field, by its label');
      assertEq(await first.locator('dd del').allTextContents(), [old], 'its value before');
      assertEq(await first.locator('dd ins').allTextContents(), ['acme/history-check'], 'the value sent');
      assert((await after.locator('li').nth(1).locator('dl').count()) === 0, 'the older events have no fields');
      await axe(page, 'group connection history');
      await screenshot(page, 'history-group-connection');
      // A reload keeps it (the note lives in the tab with the account's drafts); a change made
      // outside the console is shown without fields: the console knows only its own.
      // Through the kind's endpoint, as authentik's own UI writes (through all/ authentik
      // would record nothing at all).
      const outside = await api(demo, 'sources/group_connections/oauth/2/', { method: 'PATCH', body: JSON.stringify({ identifier: 'acme/outside' }) });
      assertEq(outside.status, 200, 'the change made outside');
      await page.reload();
      const reloaded = page.getByRole('region', { name: 'History' });
      await eventually(async () => (await reloaded.locator('li').count()) >= 3, 'the outside change listed');
      assertEq(await reloaded.locator('li').first().locator('dl').count(), 0, 'no fields for the change made outside');
      assertEq(await reloaded.locator('li').nth(1).locator('dd ins').allTextContents(), ['acme/history-check'], 'the console edit keeps its fields after a reload');
      // The user page has a history too (nothing changed the account itself: the empty state).
      await first.getByRole('link', { name: 'akadmin' }).click();
      await page.waitForURL(new RegExp(`/users/${me.pk}$`));
      await waitForText(page.getByRole('region', { name: 'History' }), 'holds nothing', 'user history');
    },
  },
  {
    name: 'history: an app password edited in the console shows the description it sent (2024.8)',
    async run({ page }) {
      const before = await apiBody('core/tokens/alice-mail-app-password/', demo24);
      await open(page, '/tokens/alice-mail-app-password/edit', { reset: true, site: site24 });
      await page.locator('#field-description').fill('Mail, new laptop');
      await page.getByRole('button', { name: 'Review changes' }).click();
      await page.getByRole('region', { name: 'Review the changes' }).getByRole('button', { name: 'Confirm and save' }).click();
      await page.waitForURL(/\/tokens\/alice-mail-app-password$/);
      const first = page.getByRole('region', { name: 'History' }).locator('li').first();
      await waitForText(first, 'Sent from this console', 'the fields the console sent');
      assertEq(await first.locator('dt').allTextContents(), ['Description'], 'only the changed field (intent and owner ride along unchanged)');
      assertEq(await first.locator('dd del').allTextContents(), [before.description || '(empty)'], 'before');
      assertEq(await first.locator('dd ins').allTextContents(), ['Mail, new laptop'], 'sent');
      await axe(page, 'app password history (2024.8)');
    },
  },
  {
    name: 'history: a refresh token shows its seeded creation on 2024.8',
    async run({ page }) {
      const t = (await apiBody('oauth2/refresh_tokens/?ordering=pk&page_size=1', demo24)).results[0];
      await open(page, `/refresh-tokens/${t.pk}`, { reset: true, site: site24 });
      const history = page.getByRole('region', { name: 'History' });
      await waitForText(history, 'Created by authentik-shell', 'the seeded creation');
      assert(!(await history.textContent()).includes('PATCH'), 'no request for a shell creation');
      await axe(page, 'refresh token history (2024.8)');
    },
  },
  {
    name: 'history: an account without permissions is told only superusers read the log',
    async run({ page }) {
      for (const [s, d] of [[undefined, undefined], [site24, demo24]]) {
        const dave = (await apiBody('core/users/?username=dave-noperm', d)).results[0];
        const mine = (await apiBody(`oauth2/access_tokens/?user=${dave.pk}&page_size=1`, d)).results[0];
        assert(mine, 'dave-noperm owns an access token');
        await open(page, `/access-tokens/${mine.pk}`, { site: s, token: 'ak-demo-noperm-token' });
        const history = page.getByRole('region', { name: 'History' });
        await waitForText(history, "Only superusers can read authentik's event log.", 'the note');
        await eventually(async () => (await page.locator('.error-panel').count()) === 0, 'no error panel');
        await axe(page, 'history as dave-noperm');
      }
    },
  },
];
