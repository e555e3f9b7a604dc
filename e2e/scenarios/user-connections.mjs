// User source connections: the list's URL state, the detail cards, edit (local and server
// errors, one PUT), delete, and a page past the end.
import { api, assert, assertEq, eventually } from '../harness.mjs';

export default ({ demo, SUBPATH, reset, open, rowCount, waitForText, apiBody, requestsTo, withLatency, screenshot, userWithTwoConnections }) => [
  {
    name: 'list: pagination, search, filters and ordering live in the URL',
    async run({ page }) {
      await open(page, '/user-connections');
      assertEq(await rowCount(page), 20, 'default page size');
      // Every link stays inside the console's path (matters under a sub-path).
      const outside = await page.evaluate((prefix) => [...document.querySelectorAll('a[href^="/"]')]
        .map((a) => a.getAttribute('href')).filter((h) => !h.startsWith(`${prefix}/`)), SUBPATH);
      assertEq(outside, [], 'links outside the console');
      await screenshot(page, 'user-connections');
      const total = (await apiBody('sources/user_connections/all/?page_size=1')).pagination.count;
      assert(total >= 1000, `seed has ${total} connections`);
      await page.getByText(`1–20 of ${total}`).waitFor();
      await page.getByRole('button', { name: 'Next ›' }).click();
      await page.waitForURL(/page=2/);
      await page.getByText(`21–40 of ${total}`).waitFor();
      // Ordering by a column header, descending on the second click.
      await page.getByRole('button', { name: /^ID/ }).click();
      await page.waitForURL(/ordering=-pk/);
      const maxId = (await apiBody('sources/user_connections/all/?ordering=-pk&page_size=1')).results[0].pk;
      await eventually(async () => Number(await page.locator('table.data tbody tr').first().getAttribute('data-pk')) === maxId, `descending order starts at ${maxId}`);
      // Search by identifier.
      const sample = (await apiBody('sources/user_connections/all/?page_size=1&page=7')).results[0];
      await page.locator('#list-search').fill(sample.identifier);
      await page.locator('#list-search').press('Enter');
      await page.waitForURL(/search=/);
      await waitForText(page.locator('table.data tbody'), sample.identifier, 'search result');
      // Filter by source and by user (typed as a username).
      const slug = sample.source_obj.slug;
      await page.locator('#filter-source').selectOption(slug);
      await page.waitForURL(new RegExp(`source__slug=${slug}`));
      const user = await apiBody(`core/users/${sample.user}/`);
      await page.locator('#filter-user').fill(user.username);
      await page.locator('#filter-user').press('Enter');
      await page.waitForURL(new RegExp(`user=${sample.user}`));
      await page.reload();
      await waitForText(page.locator('table.data tbody'), sample.identifier, 'same view after reload');
      // The username is read after the page shows (behind the rows' own user lookups).
      await eventually(async () => (await page.locator('#filter-user').inputValue()) === user.username, 'the user filter to show the username');
      const lastList = (await requestsTo('GET', 'user_connections/all/')).at(-1);
      assert(lastList.query.includes(`user=${sample.user}`) && lastList.query.includes(`source__slug=${slug}`), `API query ${lastList.query}`);
      // An unknown username is said, not silently ignored.
      await page.locator('#filter-user').fill('nobody-by-this-name');
      await page.locator('#filter-user').press('Enter');
      await page.locator('#filter-user-error').waitFor();
    },
  },
  {
    name: 'detail shows user and source cards, times with exact value on hover',
    async run({ page }) {
      const c = await apiBody('sources/user_connections/all/3/');
      const user = await apiBody(`core/users/${c.user}/`);
      await open(page, '/user-connections');
      await page.locator('table.data tbody a', { hasText: /^3$/ }).first().click();
      await page.waitForURL(/\/user-connections\/3$/);
      await page.getByRole('heading', { name: 'User source connection 3' }).waitFor();
      await page.locator('#user-title').waitFor();
      await waitForText(page.locator('.cards'), user.username, 'username in user card');
      const cards = await page.locator('.cards').textContent();
      assert(cards.includes(c.source_obj.name) && cards.includes(c.source_obj.slug), 'source card');
      assert((await page.locator('.facts').textContent()).includes(c.identifier), 'identifier');
      const title = await page.locator('.facts time').first().getAttribute('title');
      assert(title && title.length > 8, `exact time on hover: ${title}`);
      assertEq(await page.title(), 'User source connection 3 · authentik admin', 'page title follows the route');
    },
  },
  {
    name: 'edit: blank identifier is refused under the field, then a fix is saved with PUT',
    async run({ page }) {
      await reset();
      const before = await apiBody('sources/user_connections/all/5/');
      await open(page, '/user-connections/5/edit');
      const input = page.locator('#field-identifier');
      await input.waitFor();
      assertEq(await input.inputValue(), before.identifier, 'current value loaded');
      await input.fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('#field-identifier-error').waitFor();
      assertEq((await page.locator('#field-identifier-error').textContent()).trim(), 'This field may not be blank.', 'message under Identifier');
      assertEq(await input.getAttribute('aria-invalid'), 'true', 'aria-invalid');
      await screenshot(page, 'edit-error');
      assertEq(await input.getAttribute('aria-describedby'), 'field-identifier-error field-identifier-hint', 'aria-describedby');
      await eventually(async () => (await page.evaluate(() => document.activeElement.id)) === 'field-identifier', 'focus on the invalid field');
      await input.fill('fixed-identifier-42');
      assertEq(await input.getAttribute('aria-invalid'), 'false', 'error cleared when edited');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/user-connections\/5$/);
      await page.getByText('User source connection 5 saved.').waitFor();
      await waitForText(page.locator('.facts'), 'fixed-identifier-42', 'saved value shown');
      const puts = await requestsTo('PUT', 'user_connections/oauth/5/');
      assertEq(puts.length, 1, 'exactly one PUT (blank was caught locally)');
      assertEq(puts[0].body, { user: before.user, source: before.source, identifier: 'fixed-identifier-42' }, 'PUT body');
    },
  },
  {
    name: 'edit: an unknown source is reported under Source by the server',
    async run({ page }) {
      await open(page, '/user-connections/6/edit', { reset: true });
      const select = page.locator('#field-source');
      await select.waitFor();
      // A source deleted by someone else while this form was open.
      await page.evaluate(() => {
        const s = document.querySelector('#field-source');
        const o = document.createElement('option');
        o.value = '00000000-0000-0000-0000-000000000000';
        o.textContent = 'Deleted meanwhile';
        s.appendChild(o);
      });
      await select.selectOption('00000000-0000-0000-0000-000000000000');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('#field-source-error').waitFor();
      assertEq((await page.locator('#field-source-error').textContent()).trim(),
        'Invalid pk "00000000-0000-0000-0000-000000000000" - object does not exist.', 'server message under Source');
      assertEq(await select.getAttribute('aria-invalid'), 'true', 'aria-invalid');
      // Focus moves on the frame after the errors are drawn, so it is awaited, not sampled.
      await eventually(async () => (await page.evaluate(() => document.activeElement.id)) === 'field-source', 'focus on Source', 2000);
      assertEq(await select.inputValue(), '00000000-0000-0000-0000-000000000000', 'choice kept');
      assert(page.url().endsWith('/user-connections/6/edit'), 'still on the form');
    },
  },
  {
    name: 'edit: a duplicate (user, source) is a non-field message above the form',
    async run({ page }) {
      await reset();
      const [a, b] = await userWithTwoConnections();
      await open(page, `/user-connections/${a.pk}/edit`);
      await page.locator('#field-source').waitFor();
      await eventually(async () => (await page.locator(`#field-source option[value="${b.source}"]`).count()) === 1, 'source options');
      await page.locator('#field-source').selectOption(b.source);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('#form-errors').waitFor();
      assert((await page.locator('#form-errors').textContent()).includes('The fields user, source must make a unique set.'), 'non-field message');
      // Focus moves once the summary is rendered (the next frame).
      await eventually(async () => (await page.evaluate(() => document.activeElement.id)) === 'form-errors', 'focus on the summary', 2000);
      assertEq(await page.locator('#field-source').inputValue(), b.source, 'choice kept');
    },
  },
  {
    name: 'delete: confirmation copes with used_by failing, then the item is gone',
    async run({ page }) {
      await open(page, '/user-connections/9', { reset: true });
      await page.getByRole('button', { name: 'Delete…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByText('could not list what uses this object').waitFor();
      // Cancel keeps it.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assertEq((await api(demo, 'sources/user_connections/all/9/')).status, 200, 'still there after cancel');
      await page.getByRole('button', { name: 'Delete…' }).click();
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.waitForURL(/\/user-connections$/);
      await page.getByText('User source connection 9 deleted.').waitFor();
      assertEq((await api(demo, 'sources/user_connections/all/9/')).status, 404, 'gone on the server');
    },
  },
  {
    name: 'out-of-range page: lands on the last page',
    async run({ page }) {
      await reset();
      const { total_pages: last } = (await apiBody('sources/user_connections/all/?page_size=20')).pagination;
      await open(page, `/user-connections?page=${last + 40}`);
      await page.waitForURL(new RegExp(`page=${last}(&|$)`));
      assert((await rowCount(page)) > 0, 'rows of the last page');
      await page.getByText(`Page ${last} of ${last}`).waitFor();
    },
  },
  {
    name: 'double submit: one PUT however often Save is pressed, and the button says so',
    async run({ page }) {
      await open(page, '/user-connections/4/edit', { reset: true });
      await page.locator('#field-identifier').fill('saved-once');
      const save = page.locator('form.edit-form button[type=submit]');
      await withLatency(1500, async () => {
        await save.click();
        await eventually(async () => (await save.isDisabled()) && (await save.textContent()).includes('Saving'), 'button disabled and saying "Saving…"', 1000);
        await save.click({ force: true }).catch(() => {});
        await page.locator('#field-identifier').press('Enter');
        await page.waitForURL(/\/user-connections\/4$/);
      });
      assertEq((await requestsTo('PUT', 'user_connections/oauth/4/')).length, 1, 'PUT requests');
    },
  },
];
