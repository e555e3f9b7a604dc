// Group source connections: a reviewed edit sends only what changed (PATCH); create reports
// the server's errors, then creates.
import { assert, assertEq, axe, eventually } from '../harness.mjs';

export default ({ reset, open, visit, rowCount, waitForText, apiBody, requestsTo, screenshot }) => [
  {
    name: 'group connections: PATCH carries only the changed field after a reviewed diff',
    async run({ page }) {
      await open(page, '/group-connections', { reset: true });
      assert((await rowCount(page)) > 0, 'rows');
      await axe(page, 'group connection list');
      const before = await apiBody('sources/group_connections/oauth/2/');
      await visit(page, '/group-connections/2');
      await page.locator('#group-title').waitFor();
      const groupName = (await apiBody(`core/groups/${before.group}/`)).name;
      await waitForText(page.locator('.cards'), groupName, 'group name resolved');
      // 2026.x sends no source_obj: the source card is filled by a lookup.
      await waitForText(page.locator('#source-title').locator('..'), 'Slug', 'source looked up');
      await page.getByRole('link', { name: 'Edit' }).click();
      await page.locator('#field-identifier').fill('acme/renamed-team');
      await page.getByRole('button', { name: 'Review changes' }).click();
      const review = page.getByRole('region', { name: 'Review the changes' });
      await review.waitFor();
      const dts = await review.locator('dt').allTextContents();
      assertEq(dts, ['Identifier'], 'diff lists exactly the changed fields');
      assert((await review.textContent()).includes(before.identifier) && (await review.textContent()).includes('acme/renamed-team'), 'old → new');
      await axe(page, 'group connection review');
      await screenshot(page, 'group-connection-review');
      // Back to editing keeps the input.
      await review.getByRole('button', { name: 'Back to editing' }).click();
      assertEq(await page.locator('#field-identifier').inputValue(), 'acme/renamed-team', 'input kept');
      await page.getByRole('button', { name: 'Review changes' }).click();
      await review.getByRole('button', { name: 'Confirm and save' }).click();
      await page.waitForURL(/\/group-connections\/2$/);
      // 2026.x: read through the generic endpoint, changed through the kind's own, the one
      // authentik records in its event log (changed on purpose: all/ writes leave no trace).
      const patches = await requestsTo('PATCH', 'group_connections/oauth/2/');
      assertEq(patches.map((p) => p.body), [{ identifier: 'acme/renamed-team' }], 'PATCH body holds only the changed field');
    },
  },
  {
    name: 'group connections: create shows server errors, then creates',
    async run({ page }) {
      await reset();
      const existing = await apiBody('sources/group_connections/oauth/1/');
      await open(page, '/group-connections/new');
      await page.locator('#field-group').waitFor();
      await eventually(async () => (await page.locator(`#field-group option[value="${existing.group}"]`).count()) === 1, 'group options');
      await eventually(async () => (await page.locator(`#field-source option[value="${existing.source}"]`).count()) === 1, 'source options');
      await page.locator('#field-group').selectOption(existing.group);
      await page.locator('#field-source').selectOption(existing.source);
      await page.locator('#field-identifier').fill('dup-try');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.locator('#form-errors').waitFor();
      assert((await page.locator('#form-errors').textContent()).includes('must make a unique set'), 'duplicate (group, source)');
      await axe(page, 'create form with errors');
      // A free pair: a group without a connection to this source.
      const groups = (await apiBody('core/groups/?page_size=100&ordering=name')).results;
      const taken = new Set((await apiBody(`sources/group_connections/oauth/?page_size=100&source__slug=${existing.source_obj ? existing.source_obj.slug : ''}`)).results.map((c) => c.group));
      let free = null;
      for (const g of groups) {
        const r = (await apiBody(`sources/group_connections/oauth/?group=${g.pk}`)).results;
        if (!r.some((c) => c.source === existing.source)) { free = g; break; }
      }
      assert(free && !taken.has(free.pk), 'a free group exists');
      await page.locator('#field-group').selectOption(free.pk);
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/group-connections\/\d+$/);
      await page.getByText(/Group source connection \d+ created\./).waitFor();
      const posts = await requestsTo('POST', 'group_connections/oauth/');
      assertEq(posts.at(-1).body, { group: free.pk, source: existing.source, identifier: 'dup-try' }, 'POST body');
    },
  },
];
