// API tokens and app passwords (`/core/tokens/`), on authentik 2026.2 (site) and 2024.8
// (site24): the key is never asked for nor shown, and an edit keeps what authentik's PATCH
// would otherwise change (intent, owner) and says what it does to the expiry.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ site, site24, demo, demo24, reset, open, visit, rowCount, waitForText, apiBody, screenshot }) => {
  const modes = [
    ['2026.2', site, demo],
    ['2024.8', site24, demo24],
  ];

  /** The console's requests to the demo API behind `d` (method, path, body). */
  const log = (d) => demoControl(d, 'requests');

  /** The test's own key reads, per demo API: the only view_key/ requests its log may hold. */
  const ownReads = new Map();

  /** No request of the console ever asked for a key, and no key is in the page. */
  async function noKeys(page, d, identifiers) {
    const asked = (await log(d)).filter((r) => r.path.includes('view_key'));
    assertEq(asked.length, ownReads.get(d) || 0, 'view_key/ never requested by the console');
    // Read the keys only now, after the log was checked (these requests are the test's own).
    const html = await page.content();
    for (const id of identifiers) {
      ownReads.set(d, (ownReads.get(d) || 0) + 1);
      const key = (await api(d, `core/tokens/${id}/view_key/`)).body.key;
      assert(key && key.length > 20, `${id}: the demo has a key`);
      assert(!html.includes(key), `${id}: key absent from the page`);
    }
  }

  return [
    ...modes.map(([v, s, d]) => ({
      name: `api tokens (${v}): list → filter → detail → delete with confirmation; no key anywhere`,
      async run({ page }) {
        await open(page, '/tokens', { reset: true, site: s });
        ownReads.set(d, 0);
        assertEq(await rowCount(page), 20, 'a full first page');
        const total = (await apiBody('core/tokens/?page_size=1', d)).pagination.count;
        assert(total > 100, `seed large enough to page (${total})`);
        await page.getByText(/Page 1 of \d+/).first().waitFor();
        // Latest expiry first: tokens that never expire come first, as PostgreSQL sorts NULL.
        await page.getByRole('button', { name: /^Expires/ }).click();
        await page.waitForURL(/ordering=-expires/);
        await eventually(async () => (await page.locator('table.data tbody tr').first().textContent()).includes('Never'), '"Never" for tokens that do not expire');
        await axe(page, `token list ${v}`);
        const shown = await page.content();
        await screenshot(page, `api-tokens-${v}`);

        // Filter: intent, then owner (user__username).
        await page.locator('#filter-intent').selectOption('app_password');
        await page.waitForURL(/intent=app_password/);
        await eventually(async () => {
          const chips = await page.locator('table.data tbody tr td .chip').allTextContents();
          return chips.length > 0 && chips.every((c) => c === 'App password');
        }, 'only app passwords');
        await page.locator('#filter-username').fill('alice');
        await page.locator('#filter-username').press('Enter');
        await page.waitForURL(/user__username=alice/);
        const want = (await apiBody('core/tokens/?user__username=alice&intent=app_password&page_size=100', d)).pagination.count;
        await eventually(async () => (await page.locator('table.data tbody tr').count()) === want, `alice's ${want} app passwords`);
        const owners = await page.locator('table.data tbody tr .username').allTextContents();
        assert(owners.every((o) => o === 'alice'), `owners: ${owners}`);
        assert(!shown.includes('view_key'), 'no key link');

        // Detail.
        await visit(page, '/tokens/alice-cli', s);
        await page.getByRole('heading', { name: /API token alice-cli/ }).waitFor();
        await waitForText(page.locator('.cards'), 'alice', 'owner card');
        await axe(page, `token detail ${v}`);
        await noKeys(page, d, ['alice-cli', 'alice-mail-app-password']);

        // Delete, with the used_by confirmation; cancel first keeps it.
        await page.getByRole('button', { name: 'Delete…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden' });
        assertEq((await api(d, 'core/tokens/alice-cli/')).status, 200, 'kept after cancel');
        await page.getByRole('button', { name: 'Delete…' }).click();
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await page.waitForURL(/\/tokens$/);
        await page.getByText('Token alice-cli deleted.').waitFor();
        assertEq((await api(d, 'core/tokens/alice-cli/')).status, 404, 'gone on the server');
        const usedBy = (await log(d)).filter((r) => r.path.includes('core/tokens/alice-cli/used_by/'));
        assert(usedBy.length >= 1, 'used_by asked before deleting');
        await noKeys(page, d, ['bob-ci']);
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `api tokens (${v}): bulk delete reports one injected failure and removes the rest`,
      async run({ page }) {
        await open(page, '/tokens', { reset: true, site: s });
        await rowCount(page);
        const ids = await page.locator('table.data tbody tr').evaluateAll((rows) => rows.slice(0, 3).map((r) => r.dataset.pk));
        assertEq(ids.length, 3, 'three rows');
        for (const id of ids) await page.getByRole('checkbox', { name: `Select token ${id}` }).check();
        await demoControl(d, 'faults', { kind: 'empty405', method: 'DELETE', path_contains: `core/tokens/${ids[1]}/`, times: 1 });
        await page.getByRole('button', { name: 'Delete selected (3)' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await dialog.getByText('3 of 3').waitFor();
        const outcomes = await dialog.locator('.outcomes li').allTextContents();
        assertEq(outcomes.length, 3, 'an outcome per row');
        assert(outcomes[1].includes('failed'), `failure reported: ${outcomes[1]}`);
        assert(outcomes[0].includes('deleted') && outcomes[2].includes('deleted'), `the others deleted: ${outcomes}`);
        await axe(page, `token bulk outcome ${v}`);
        await dialog.getByRole('button', { name: 'Close' }).click();
        assertEq((await api(d, `core/tokens/${ids[0]}/`)).status, 404, 'first gone');
        assertEq((await api(d, `core/tokens/${ids[1]}/`)).status, 200, 'failed one kept');
        assertEq((await api(d, `core/tokens/${ids[2]}/`)).status, 404, 'third gone');
        await eventually(async () => (await page.locator(`tr[data-pk="${ids[0]}"]`).count()) === 0, 'list refreshed');
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `api tokens (${v}): editing an app password's description keeps its intent, owner and expiry`,
      async run({ page }) {
        await open(page, '/tokens/alice-mail-app-password/edit', { reset: true, site: s });
        const before = await apiBody('core/tokens/alice-mail-app-password/', d);
        await page.locator('#field-description').waitFor();
        await page.locator('#field-description').fill('Mail on the new laptop');
        await page.getByRole('button', { name: 'Review changes' }).click();
        const review = page.getByRole('region', { name: 'Review the changes' });
        await review.waitFor();
        assertEq(await review.locator('dt').allTextContents(), ['Description'], 'the one change');
        await waitForText(review, 'Sent unchanged as well', 'the review names what rides along');
        assert((await review.textContent()).includes('Intent, Owner'), 'intent and owner named');
        await axe(page, `token edit review ${v}`);
        await review.getByRole('button', { name: 'Confirm and save' }).click();
        await page.waitForURL(/\/tokens\/alice-mail-app-password$/);
        const patches = (await log(d)).filter((r) => r.method === 'PATCH' && r.path.includes('core/tokens/'));
        assertEq(patches.map((p) => p.body), [{ description: 'Mail on the new laptop', intent: 'app_password', user: before.user }], 'PATCH body');
        const after = await apiBody('core/tokens/alice-mail-app-password/', d);
        assertEq([after.intent, after.user, after.expires], [before.intent, before.user, before.expires], 'intent, owner, expiry kept');
        await page.getByRole('heading', { name: /App password alice-mail-app-password/ }).waitFor();
        await waitForText(page.locator('.facts'), 'Mail on the new laptop', 'saved description shown');
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `api tokens (${v}): an API token's edit says first that authentik resets its expiry, then shows the expiry authentik set`,
      async run({ page }) {
        await open(page, '/tokens/alice-cli/edit', { reset: true, site: s });
        const before = await apiBody('core/tokens/alice-cli/', d);
        const notice = page.locator('#expiry-notice');
        await waitForText(notice, `authentik ${v} sets the expiry of an API token to 30 minutes from now on every save, whatever is entered.`, 'warned before saving');
        assertEq(await page.locator('#field-expires').count(), 0, 'no expiry field the server would ignore');
        await page.locator('#field-description').fill('CLI, rotated');
        await page.getByRole('button', { name: 'Review changes' }).click();
        const review = page.getByRole('region', { name: 'Review the changes' });
        await review.getByRole('button', { name: 'Confirm and save' }).click();
        await page.waitForURL(/\/tokens\/alice-cli$/);
        const after = await apiBody('core/tokens/alice-cli/', d);
        const left = Date.parse(after.expires) - Date.now();
        assert(left > 25 * 60e3 && left <= 31 * 60e3, `authentik reset the expiry to now + 30 min (${after.expires})`);
        assert(Date.parse(before.expires) - Date.now() > 10 * 86400e3, 'it was 20 days away before');
        assertEq([after.user, after.intent], [before.user, before.intent], 'owner and intent kept');
        // The page shows the server's expiry, not the 20 days the form started with.
        await page.locator(`.facts time[datetime="${after.expires}"]`).waitFor();
        assertEq(await page.locator(`time[datetime="${before.expires}"]`).count(), 0, 'the old expiry is gone');
        await page.getByText(/authentik set it to expire/).first().waitFor();
        await screenshot(page, `api-token-saved-${v}`);
      },
    })),
    {
      name: 'api tokens (2024.8): an app password expiry authentik refuses is shown under its field; an empty one is never sent',
      async run({ page }) {
        await open(page, '/tokens/alice-mail-app-password/edit', { reset: true, site: site24 });
        const field = page.locator('#field-expires');
        await field.waitFor();
        await field.fill('');
        await page.getByRole('button', { name: 'Review changes' }).click();
        await eventually(async () => (await field.getAttribute('aria-invalid')) === 'true', 'empty expiry refused locally');
        await field.fill('2099-01-01T00:00:00Z');
        await page.getByRole('button', { name: 'Review changes' }).click();
        const review = page.getByRole('region', { name: 'Review the changes' });
        await review.getByRole('button', { name: 'Confirm and save' }).click();
        const error = page.locator('#field-expires-error');
        await waitForText(error, 'Token expires exceeds maximum lifetime', 'the server message under the field');
        assertEq(await field.getAttribute('aria-invalid'), 'true', 'aria-invalid');
        assert((await field.getAttribute('aria-describedby')).includes('field-expires-error'), 'described by the message');
        const patches = (await demoControl(demo24, 'requests')).filter((r) => r.method === 'PATCH');
        assertEq(patches.map((p) => p.body), [{ expires: '2099-01-01T00:00:00Z', intent: 'app_password', user: 6 }], 'only the refused PATCH went out, never expires: null');
        await axe(page, 'token field error');
      },
    },
    {
      name: 'api tokens: 375 px wide list, detail and edit fit the screen',
      viewport: { width: 375, height: 812 },
      async run({ page }) {
        await reset();
        await open(page, '/tokens');
        for (const [route, ready] of [
          ['/tokens', 'table.data tbody tr'],
          ['/tokens/alice-mail-app-password', '.cards'],
          ['/tokens/alice-mail-app-password/edit', '#field-description'],
        ]) {
          await visit(page, route);
          await page.locator(ready).first().waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert(overflow <= 0, `${route}: the page scrolls sideways by ${overflow}px`);
          await axe(page, `${route} at 375 px`);
        }
        await screenshot(page, 'narrow-token-edit');
      },
    },
  ];
};
