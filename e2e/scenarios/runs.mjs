// Runs of requests (bulk revoke, sign out everywhere) belong to the account that confirmed
// them: a sign-out stops them and says what was not sent; leaving the tab mid-run asks first,
// and a run cut short by a reload is reported with what was never confirmed done; what
// authentik manages itself is never in a plan.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

const ALICE_TOKEN = 'ak-demo-alice-token';

export default ({ demo, reset, signIn, open, visit, submitToken, apiBody, withLatency, sessionSignIn }) => {
  const deletes = async () => (await demoControl(demo, 'requests')).filter((r) => r.method === 'DELETE' && r.path.includes('oauth2/refresh_tokens/'));
  /** A demo user by username, as the API has it. */
  const userNamed = async (username) => (await apiBody(`core/users/?username=${username}`)).results[0];
  /** Opens sign out everywhere's plan on the user page shown and waits for its confirmation. */
  const openPlan = async (page) => {
    await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    return dialog;
  };
  const clearRequests = () => fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
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
        await clearRequests();
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
        const me = await userNamed('akadmin');
        await open(page, `/users/${me.pk}`);
        await page.getByLabel(/Also remove API tokens/).check();
        const dialog = await openPlan(page);
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
        const me = await userNamed('akadmin');
        await open(page, `/users/${me.pk}`);
        await page.getByLabel('Also deactivate the account').check();
        const dialog = await openPlan(page);
        await dialog.getByText('This is the account this console is signed in with.').waitFor();
        await clearRequests();
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
        const bob = await userNamed('bob');
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
        const carol = await userNamed('carol');
        await open(page, `/users/${carol.pk}`);
        const dialog = await openPlan(page);
        await dialog.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
        await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === 'run-progress', 'focus on the progress');
        await page.locator('#run-summary').waitFor({ state: 'attached' });
      },
    },
    {
      name: 'runs: Back then Forward during sign out everywhere shows the same run, and a second cannot start',
      async run({ page }) {
        await reset();
        const bob = await userNamed('bob');
        // Within the console (no page load), so Back and Forward stay in it.
        await open(page, `/refresh-tokens?user=${bob.pk}`);
        await page.locator('table.data tbody tr').first().getByRole('link', { name: 'bob', exact: true }).click();
        await page.waitForURL(new RegExp(`/users/${bob.pk}$`));
        const dialog = await openPlan(page);
        const steps = await dialog.locator('ul.outcomes li').count();
        assert(steps >= 3, `a plan of several steps (${steps})`);
        await clearRequests();
        await withLatency(700, async () => {
          await dialog.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
          await eventually(async () => (await demoControl(demo, 'requests')).some((r) => r.method === 'DELETE'), 'the run started');
          await page.goBack();
          await page.waitForURL(/\/refresh-tokens\?/);
          // Elsewhere, the run is shown in a bar with Stop.
          const bar = page.locator('.run-bar');
          await bar.getByText('Sign out everywhere for bob').waitFor();
          await bar.getByRole('button', { name: 'Stop' }).waitFor();
          await axe(page, 'a run going on behind another page');
          await page.goForward();
          await page.waitForURL(new RegExp(`/users/${bob.pk}$`));
          // Its page shows it again: progress, not an idle page with old counts.
          const progress = page.locator('#run-progress');
          await progress.waitFor();
          assert(/\d+ of \d+/.test(await progress.textContent()), 'progress shown');
          assert(await page.getByRole('button', { name: 'Sign out everywhere…' }).isDisabled(), 'no second run while one goes');
          assertEq(await page.locator('.run-bar').count(), 0, 'no bar where the run is shown');
          await eventually(async () => (await page.locator('#run-summary').inputValue()).includes(': done ('), 'the run is done', 30000);
        });
        const deletes = (await demoControl(demo, 'requests')).filter((r) => r.method === 'DELETE').map((r) => r.path);
        assertEq(new Set(deletes).size, deletes.length, 'no DELETE sent twice');
        assertEq(deletes.length, steps, 'exactly the plan');
      },
    },
    {
      name: 'runs: a bulk revoke goes on behind Back, shown with Stop on the page the admin is on',
      async run({ page }) {
        await reset();
        await signIn(page);
        await page.getByRole('link', { name: 'Refresh tokens' }).first().click();
        await page.waitForURL(/\/refresh-tokens$/);
        await clearRequests();
        await withLatency(1000, async () => {
          await startBulkRevoke(page);
          await eventually(async () => (await deletes()).length >= 1, 'the run started');
          await page.goBack();
          const bar = page.locator('.run-bar');
          await bar.getByText('Revoke 20 refresh tokens').waitFor();
          await bar.getByRole('button', { name: 'Stop' }).click();
          const toast = page.locator('.toasts').getByText(/Stopped: \d+ refresh tokens? revoked, \d+ not sent\./);
          await toast.waitFor({ timeout: 20000 });
        });
        const sent = (await deletes()).length;
        assert(sent < 20, `Stop in the bar stopped the run (${sent} sent)`);
        assertEq(await page.locator('.run-bar').count(), 0, 'the bar goes once the run ended');
      },
    },
    {
      name: 'runs: a write whose answer was lost is read again before it is called failed',
      async run({ page }) {
        await reset();
        await open(page, '/refresh-tokens');
        await page.locator('table.data tbody tr').first().waitFor();
        const pks = (await page.locator('table.data tbody tr td:nth-child(2)').allTextContents()).slice(0, 3).map((p) => p.trim());
        for (const box of (await page.locator('table.data tbody tr input[type=checkbox]').all()).slice(0, 3)) await box.check();
        // The first DELETE is applied but a proxy answers 504; the second's connection dies before
        // authentik acts on it (the proxy answers 502); the third goes through.
        await demoControl(demo, 'faults', { kind: 'applied_504', method: 'DELETE', path_contains: 'oauth2/refresh_tokens/', times: 1 });
        await demoControl(demo, 'faults', { kind: 'drop', method: 'DELETE', path_contains: 'oauth2/refresh_tokens/', times: 1 });
        try {
          await page.getByRole('button', { name: 'Revoke selected (3)' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
          await dialog.getByText('3 of 3').waitFor();
          const outcomes = await dialog.locator('.outcomes li').allTextContents();
          assert(outcomes[0].endsWith(': revoked'), `applied, its answer lost: ${outcomes[0]}`);
          assert(outcomes[1].includes('failed') && outcomes[1].includes('Read again: not applied.'), `not applied: ${outcomes[1]}`);
          assert(outcomes[2].endsWith(': revoked'), `the third: ${outcomes[2]}`);
          assertEq((await api(demo, `oauth2/refresh_tokens/${pks[0]}/`)).status, 404, 'the first is gone');
          assertEq((await api(demo, `oauth2/refresh_tokens/${pks[1]}/`)).status, 200, 'the second is there');
          await dialog.getByRole('button', { name: 'Close' }).click();
        } finally {
          await demoControl(demo, 'faults', { kind: 'none' });
        }
      },
    },
    {
      name: 'runs: signed in with the session cookie, one\'s own session is ended last and every step before it is done',
      async run({ page }) {
        await reset();
        await sessionSignIn(page);
        const me = await userNamed('akadmin');
        await visit(page, `/users/${me.pk}`);
        const dialog = await openPlan(page);
        await dialog.getByText('This is the account this console is signed in with.').waitFor();
        const plan = await dialog.locator('ul.outcomes li').allTextContents();
        const own = plan.findIndex((t) => t.includes('this session'));
        assert(own >= 0, `the console's own session is in the plan: ${plan}`);
        assertEq(own, plan.length - 1, 'and it is the last step');
        await dialog.locator('#signout-own').check();
        await dialog.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
        // The run ends with the session it was signed in with: it reports in a toast.
        await page.locator('.toasts').getByText(`Sign out everywhere for akadmin: done (${plan.length} steps).`).waitFor({ timeout: 30000 });
        for (const [query, what] of [[`oauth2/refresh_tokens/?user=${me.pk}`, 'refresh tokens'], ['core/authenticated_sessions/?user__username=akadmin', 'sessions']]) {
          assertEq((await apiBody(query)).pagination.count, 0, `none of akadmin's ${what} left`);
        }
        await page.locator('header').getByRole('link', { name: 'Sign in' }).waitFor();
      },
    },
    {
      name: 'runs: a reload during sign out everywhere reports the steps it had not had answered',
      async run({ page }) {
        await reset();
        const bob = await userNamed('bob');
        await open(page, `/users/${bob.pk}`);
        const dialog = await openPlan(page);
        const plan = await dialog.locator('ul.outcomes li').allTextContents();
        const asked = [];
        page.removeAllListeners('dialog');
        page.on('dialog', async (d) => { asked.push(d.type()); await d.accept(); });
        await clearRequests();
        await withLatency(1500, async () => {
          await dialog.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
          // Two requests sent: the first has had its answer.
          await eventually(async () => (await demoControl(demo, 'requests')).filter((r) => r.method === 'DELETE').length >= 2, 'the run went on');
          await page.reload();
          assertEq(asked, ['beforeunload'], 'the tab asked before it was unloaded');
          const notice = page.getByRole('alert').filter({ hasText: 'A run was cut short: Sign out everywhere for bob' });
          await notice.waitFor();
          const listed = await notice.locator('li').allTextContents();
          assert(listed.length >= 1 && listed.length < plan.length, `the unanswered steps are listed (${listed.length} of ${plan.length})`);
          assertEq(listed, plan.slice(plan.length - listed.length), 'the last steps of the plan, in order');
        });
      },
    },
  ];
};
