// Runs of requests (bulk revoke, sign out everywhere) belong to the account that confirmed
// them: a sign-out stops them and says what was not sent; leaving the tab mid-run asks first,
// and a run cut short by a reload is reported with what was never confirmed done; what
// authentik manages itself is never in a plan.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

const ALICE_TOKEN = 'ak-demo-alice-token';

export default ({ demo, reset, signIn, open, submitToken, apiBody, withLatency }) => {
  const deletes = async () => (await demoControl(demo, 'requests')).filter((r) => r.method === 'DELETE' && r.path.includes('oauth2/refresh_tokens/'));
  /** Ticks the 20 rows of the refresh-token list and starts revoking them. */
  const startBulkRevoke = async (page) => {
    await page.locator('table.data tbody tr').first().waitFor();
    const pks = await page.locator('table.data tbody tr td:nth-child(2)').allTextContents();
    await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
    await page.getByRole('button', { name: 'Revoke selected (20)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    return pks.map((p) => p.trim());
  };

  return [
    {
      name: 'runs: a bulk revoke stops when its account signs out, and another account never finishes it',
      async run({ page }) {
        await reset();
        await signIn(page);
        // Within the console (no page load), so Back stays in it while the run goes on.
        await page.getByRole('link', { name: 'Refresh tokens' }).first().click();
        await page.waitForURL(/\/refresh-tokens$/);
        await fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
        let pks, said;
        await withLatency(1500, async () => {
          pks = await startBulkRevoke(page);
          assertEq(pks.length, 20, 'twenty rows ticked');
          await eventually(async () => (await deletes()).length >= 1, 'the run started');
          await page.goBack();
          await page.getByRole('button', { name: 'Sign out' }).click();
          await page.locator('#token').waitFor();
          await submitToken(page, ALICE_TOKEN);
          await page.getByText('Signed in as').first().waitFor({ timeout: 20000 });
          const toast = page.locator('.toasts').getByText(/Stopped: \d+ refresh tokens? revoked, \d+ not sent\. Not sent: the account that confirmed it is no longer signed in/);
          await toast.waitFor({ timeout: 20000 });
          said = Number((await toast.textContent()).match(/(\d+) not sent/)[1]);
        });
        const sent = (await deletes()).length;
        assert(sent < 20, `not every DELETE went out (${sent})`);
        const left = [];
        for (const pk of pks) if ((await api(demo, `oauth2/refresh_tokens/${pk}/`)).status === 200) left.push(pk);
        assertEq(left.length, 20 - sent, 'every token not sent is still there');
        assertEq(said, 20 - sent, 'the toast counts what was not sent');
      },
    },
    {
      name: 'runs: leaving the tab during a run asks first; after a reload the steps never confirmed are listed',
      async run({ page }) {
        await reset();
        await signIn(page);
        await page.getByRole('link', { name: 'Refresh tokens' }).first().click();
        await page.waitForURL(/\/refresh-tokens$/);
        const asked = [];
        page.removeAllListeners('dialog');
        page.on('dialog', async (d) => { asked.push(d.type()); await d.accept(); });
        await withLatency(1500, async () => {
          const pks = await startBulkRevoke(page);
          await eventually(async () => (await deletes()).length >= 2, 'two requests sent');
          await page.reload();
          assertEq(asked, ['beforeunload'], 'the tab asked before it was unloaded');
          const notice = page.getByRole('alert').filter({ hasText: 'A run was cut short: Revoke 20 refresh tokens' });
          await notice.waitFor();
          const listed = await notice.locator('li').allTextContents();
          assert(listed.length >= 17 && listed.length <= 19, `the unanswered steps are listed (${listed.length})`);
          for (const l of listed) assert(pks.some((pk) => l.startsWith(`Refresh token ${pk}`)), `a ticked token: ${l}`);
          assertEq(listed.at(-1).split(' ')[2], pks.at(-1), 'down to the last one');
          await axe(page, 'a run cut short');
          await notice.getByRole('button', { name: 'Dismiss' }).click();
          assertEq(await page.getByText('A run was cut short').count(), 0, 'dismissed');
        });
        // Said once: another load does not repeat it.
        await page.reload();
        await page.locator('table.data tbody tr').first().waitFor();
        assertEq(await page.getByText('A run was cut short').count(), 0, 'not said again');
      },
    },
    {
      name: 'runs: tokens authentik manages itself are never in a sign-out plan',
      async run({ page }) {
        await reset();
        const managed = (await apiBody('core/tokens/?page_size=100&user__username=akadmin')).results.filter((t) => t.managed);
        assert(managed.length > 0, 'akadmin owns a token authentik manages');
        const me = (await apiBody('core/users/?username=akadmin')).results[0];
        await open(page, `/users/${me.pk}`);
        await page.getByLabel(/Also remove API tokens/).check();
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        const items = await dialog.locator('ul.outcomes li').allTextContents();
        assert(items.some((i) => i.startsWith('Token ')), `the account's own API tokens are listed: ${items}`);
        for (const t of managed) assert(!items.some((i) => i.includes(t.identifier)), `${t.identifier} is not in the plan`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
      },
    },
    {
      name: 'runs: signing one\'s own account out everywhere is said plainly and needs a deliberate confirmation',
      async run({ page }) {
        await reset();
        const me = (await apiBody('core/users/?username=akadmin')).results[0];
        await open(page, `/users/${me.pk}`);
        await page.getByLabel('Also deactivate the account').check();
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByText('This is the account this console is signed in with.').waitFor();
        await fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
        await dialog.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
        await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === 'signout-own', 'focus on the deliberate confirmation');
        const writes = (await demoControl(demo, 'requests')).filter((r) => r.method !== 'GET');
        assertEq(writes.length, 0, 'nothing sent without the deliberate confirmation');
        await axe(page, 'own account sign-out confirmation');
        // Ticked once, then cancelled: the next plan asks again.
        await dialog.locator('#signout-own').check();
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        await dialog.getByText('This is the account this console is signed in with.').waitFor();
        assert(!(await dialog.locator('#signout-own').isChecked()), 'the deliberate confirmation is asked for each plan');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        assert((await api(demo, `core/users/${me.pk}/`)).body.is_active, 'still active');
      },
    },
    {
      name: 'runs: a session that ends while sign out everywhere is prepared closes the confirmation and offers a way back in',
      async run({ page }) {
        await reset();
        const bob = (await apiBody('core/users/?username=bob')).results[0];
        await open(page, `/users/${bob.pk}`);
        await page.getByRole('button', { name: 'Sign out everywhere…' }).waitFor();
        // The page's own reads are done first: only the reads that prepare the plan meet the fault.
        await page.locator('#kind-refresh-tokens').locator('xpath=..').locator('.count').waitFor();
        await page.waitForLoadState('networkidle');
        // The session ends: authentik refuses the reads that prepare the plan.
        await demoControl(demo, 'faults', { kind: 'signed_out', method: 'GET', path_contains: 'oauth2/', times: 5 });
        try {
          await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
          const header = page.locator('header');
          await header.getByRole('link', { name: 'Sign in' }).waitFor();
          await page.waitForTimeout(500);
          assertEq(await page.getByRole('dialog').count(), 0, 'no confirmation offered to nobody');
          const writes = (await demoControl(demo, 'requests')).filter((r) => r.method !== 'GET');
          assertEq(writes.length, 0, 'nothing sent');
          await header.getByRole('link', { name: 'Sign in' }).click();
          await page.waitForURL(/\/sign-in\?/);
          assert(decodeURIComponent(page.url()).includes(`/users/${bob.pk}`), 'back to the user page after signing in');
        } finally {
          await demoControl(demo, 'faults', { kind: 'none' });
        }
      },
    },
    {
      name: 'runs: once sign out everywhere is confirmed, focus goes to its progress',
      async run({ page }) {
        await reset();
        const carol = (await apiBody('core/users/?username=carol')).results[0];
        await open(page, `/users/${carol.pk}`);
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
        await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === 'signout-progress', 'focus on the progress');
        await page.locator('#signout-summary').waitFor({ state: 'attached' });
      },
    },
  ];
};
