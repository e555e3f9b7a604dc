// Who gets in and what they are told: a deep link survives sign-in, an expired session
// keeps the draft, and an account without permissions is told so on each screen.
import { ADMIN_TOKEN, assert, assertEq, axe, demoControl } from '../harness.mjs';

export default ({ demo, open, visit, submitToken, rowCount, apiBody }) => [
  {
    name: 'signed out: a deep link leads to sign-in and back',
    async run({ page }) {
      await visit(page, '/user-connections?search=gh&page_size=50');
      await page.waitForURL(/\/sign-in\?next=/);
      const next = new URL(page.url()).searchParams.get('next');
      assertEq(next, '/user-connections?search=gh&page_size=50', 'return path');
      // A wrong token is refused with the server's reason under the field.
      await submitToken(page, 'not-a-real-token');
      await page.locator('#token-error').waitFor();
      assert((await page.locator('#token-error').textContent()).includes('Token invalid/expired'), 'reason shown');
      assertEq(await page.locator('#token').getAttribute('aria-invalid'), 'true', 'token aria-invalid');
      await submitToken(page, ADMIN_TOKEN);
      await page.waitForURL(/\/user-connections\?search=gh&page_size=50$/);
      assert((await rowCount(page)) > 0, 'rows after sign-in');
      assertEq(await page.locator('#list-search').inputValue(), 'gh', 'search restored from URL');
      // The token never reaches the URL, the DOM or the console.
      const html = await page.content();
      assert(!html.includes(ADMIN_TOKEN) && !page.url().includes(ADMIN_TOKEN), 'token not in DOM/URL');
    },
  },
  {
    name: 'session expiry mid-edit: sign in again and the draft is still there',
    async run({ page }) {
      await open(page, '/user-connections/7/edit', { reset: true });
      await page.locator('#field-identifier').fill('typed-before-expiry');
      await demoControl(demo, 'faults', { kind: 'signed_out', method: 'PUT', times: 1 });
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/sign-in\?next=%2Fuser-connections%2F7%2Fedit/);
      await submitToken(page, ADMIN_TOKEN);
      await page.waitForURL(/\/user-connections\/7\/edit$/);
      await page.getByText('Unsaved changes from earlier in this tab were restored.').waitFor();
      assertEq(await page.locator('#field-identifier').inputValue(), 'typed-before-expiry', 'draft restored');
    },
  },
  {
    name: 'an account without permissions: each screen says what it may not do, in place',
    async run({ page }) {
      // Its own name, from core/users/me/, although it may not read users.
      await open(page, '/user-connections', { reset: true, token: 'ak-demo-noperm-token' });
      assertEq(await rowCount(page), 1, 'only its own connection');
      await page.locator('table.data').getByText('dave-noperm').waitFor();
      await visit(page, '/group-connections');
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      assert((await page.locator('.error-panel').textContent()).includes('You do not have permission to perform this action.'), 'server words');
      assert(page.url().endsWith('/group-connections'), 'no redirect to sign-in');
      await visit(page, '/user-connections/1');
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      // Its own connection can be edited, and the form says why no other source is offered.
      const own = (await apiBody('sources/user_connections/all/?user=9')).results[0];
      await visit(page, `/user-connections/${own.pk}/edit`);
      await page.getByText('The list of sources could not be loaded').waitFor();
      await axe(page, 'edit without the source list');
    },
  },
];
