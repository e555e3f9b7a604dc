// authentik 2024.8: connections cannot be changed through its API, and the console says so
// instead of offering a form that would fail.
import { assert, assertEq, axe } from '../harness.mjs';

export default ({ site24, open, visit, rowCount, waitForText }) => [
  {
    name: 'authentik 2024.8: connections are read-only and say so',
    async run({ page }) {
      await open(page, '/user-connections', { site: site24 });
      assert((await rowCount(page)) > 0, 'rows');
      await visit(page, '/user-connections/1/edit', site24);
      await page.getByRole('heading', { name: 'Read-only on this authentik version' }).waitFor();
      assertEq(await page.getByRole('button', { name: 'Save' }).count(), 0, 'no save button');
      await visit(page, '/user-connections/1', site24);
      await page.locator('#source-title').waitFor();
      // Group connections: nested source shown, editing explained, creating not offered.
      await visit(page, '/group-connections', site24);
      assert((await rowCount(page)) > 0, 'group rows');
      await visit(page, '/group-connections/1', site24);
      await waitForText(page.locator('#source-title').locator('..'), 'Slug', 'nested source card');
      await visit(page, '/group-connections/1/edit', site24);
      await page.getByRole('heading', { name: 'Read-only on this authentik version' }).waitFor();
      assertEq(await page.getByRole('button', { name: /Save|Review changes/ }).count(), 0, 'no save button');
      await axe(page, 'read-only group connection (2024.8)');
    },
  },
];
