// When the server or the data misbehave: a permission error and a lost connection are said
// in place, hostile data stays text, and a slow server neither blocks navigation nor lets
// a left page's answer replace the next one.
import { assert, assertEq, demoControl, eventually } from '../harness.mjs';

export default ({ demo, reset, signIn, open, visit, rowCount, waitForText, apiBody, withLatency, screenshot }) => [
  {
    name: 'forbidden is said in place; network loss offers a retry',
    async run({ page }) {
      await reset();
      await signIn(page);
      await demoControl(demo, 'faults', { kind: 'forbidden', path_contains: 'user_connections', times: 1 });
      await visit(page, '/user-connections');
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      assert(page.url().endsWith('/user-connections'), 'no redirect to sign-in for a permission error');
      await demoControl(demo, 'faults', { kind: 'drop', path_contains: 'user_connections', times: 1 });
      await page.reload();
      // Through nginx a dropped upstream arrives as a 502.
      await page.getByText(/could not be reached|Cannot reach the server/).waitFor();
      await page.getByRole('button', { name: 'Try again' }).click();
      assert((await rowCount(page)) > 0, 'rows after retry');
    },
  },
  {
    name: 'an answer with a field of another type is refused whole, saying where; Try again reads it again',
    async run({ page }) {
      await reset();
      await signIn(page);
      await demoControl(demo, 'faults', { kind: 'mistyped', path_contains: 'user_connections', times: 1 });
      await visit(page, '/user-connections');
      // The first row's pk came as an object: the list says so rather than showing the rest.
      await page.getByText('results.0.pk: expected an integer, found an object').waitFor();
      assertEq(await page.locator('table.data tbody tr').count(), 0, 'no partial list');
      await page.getByRole('button', { name: 'Try again' }).click();
      assert((await rowCount(page)) > 0, 'rows after retry');
      assertEq(await page.getByText('expected an integer').count(), 0, 'the error is gone with the rows');
    },
  },
  {
    name: 'hostile data renders as text: markup, 10 KB values, RTL and emoji',
    async run({ page }) {
      await reset(demo, { hostile: true });
      await open(page, '/user-connections');
      await rowCount(page);
      await page.locator('table.data').getByText('<img src=x onerror=alert(1)>').first().waitFor();
      const injected = () => page.evaluate(() => document.querySelectorAll('img[src="x"], img[onerror]').length
        + [...document.scripts].filter((s) => !s.src).length);
      assertEq(await injected(), 0, 'no element made from data');
      // A 10 KB identifier is clipped in the list with the full value in its title.
      const long = (await apiBody('sources/user_connections/all/?user=24&page_size=1')).results[0];
      assert(long.identifier.length >= 10000, 'seed has a 10 KB identifier');
      await visit(page, '/user-connections?user=24');
      const cell = page.locator(`tr[data-pk="${long.pk}"] a.clip`);
      await cell.waitFor();
      assertEq(await cell.getAttribute('title'), long.identifier, 'full value on hover');
      assert((await cell.boundingBox()).width < 400, 'clipped in the table');
      // The detail page wraps it without scrolling the page sideways.
      await visit(page, `/user-connections/${long.pk}`);
      await page.locator('.facts').waitFor();
      await waitForText(page.locator('.facts'), long.identifier, 'full value on the detail page');
      assert(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll');
      // Right-to-left text and emoji are shown as given.
      const rtl = (await apiBody('core/users/12/')).name;
      const rtlConn = (await apiBody('sources/user_connections/all/?user=12&page_size=1')).results[0];
      await visit(page, `/user-connections/${rtlConn.pk}`);
      await page.locator('.cards').getByText(rtl).first().waitFor();
      // Group names and ID token claims too.
      await visit(page, '/group-connections');
      await rowCount(page);
      const token = (await apiBody('oauth2/refresh_tokens/?user=10&page_size=1')).results[0];
      if (token) {
        await visit(page, `/refresh-tokens/${token.pk}`);
        await page.locator('.cards').getByText('<img src=x onerror=alert(1)>').first().waitFor();
      }
      assertEq(await injected(), 0, 'still no element made from data');
      await screenshot(page, 'hostile-data');
      await reset(demo, { hostile: false });
    },
  },
  {
    name: 'slow server: progress shown, navigation works, the left view\'s request is aborted',
    async run({ page }) {
      await reset();
      await signIn(page);
      const failed = [];
      page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
      await withLatency(10000, async () => {
        await page.getByRole('link', { name: 'User connections', exact: true }).click();
        await page.getByRole('status').filter({ hasText: 'Loading' }).first().waitFor();
        await page.getByRole('link', { name: 'Refresh tokens', exact: true }).click();
        await page.waitForURL(/\/refresh-tokens$/);
        await page.getByRole('heading', { name: 'OAuth2 refresh tokens' }).waitFor();
        await eventually(async () => failed.some((f) => f.includes('user_connections') && /ABORTED/i.test(f)), 'user connection request aborted', 5000);
      });
      // The token list arrives after the delay, and nothing of the left page replaces it.
      await page.locator('table.data tbody tr').first().waitFor({ timeout: 20000 });
      await page.waitForTimeout(300);
      assertEq((await page.locator('h1').textContent()).trim(), 'OAuth2 refresh tokens', 'still the token page');
      assert((await page.locator('table.data tbody a[href*="/refresh-tokens/"]').count()) > 0, 'rows are tokens');
    },
  },
];
