// Accessibility: keyboard only, dark mode under axe, and a 375 px screen.
import { assert, assertEq, axe, demoControl } from '../harness.mjs';

export default ({ demo, reset, signIn, open, visit, rowCount, screenshot }) => [
  {
    name: 'keyboard only: from the list to a saved edit, with a visible focus ring',
    async run({ page }) {
      await open(page, '/user-connections', { reset: true });
      await rowCount(page);
      const tabTo = async (pred, what) => {
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate(pred)) return;
        }
        throw new Error(`Tab never reached ${what}`);
      };
      await tabTo(() => document.activeElement?.closest('tbody') && document.activeElement.tagName === 'A', 'a row link');
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert(ring !== 'none', `focus ring visible (outline ${ring})`);
      await page.evaluate(() => { window.__samePage = true; });
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/user-connections\/\d+$/);
      assert(await page.evaluate(() => window.__samePage === true), 'row links navigate inside the app, without a reload');
      await tabTo(() => document.activeElement?.textContent?.trim() === 'Edit', 'the Edit link');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/edit$/);
      await tabTo(() => document.activeElement?.id === 'field-identifier', 'the identifier field');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('typed-by-keyboard');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/user-connections\/\d+$/);
      await page.getByText(/saved\.$/).first().waitFor();
    },
  },
  {
    name: 'dark mode: sign-in, list, detail, edit with errors, dialog, empty and error states pass axe',
    colorScheme: 'dark',
    async run({ page }) {
      await reset();
      await visit(page, '/sign-in');
      await page.locator('#token').waitFor();
      await axe(page, 'sign-in (dark)');
      await open(page, '/user-connections');
      await rowCount(page);
      await axe(page, 'user connection list (dark)');
      await screenshot(page, 'user-connections-dark');
      await visit(page, '/user-connections/3');
      await page.locator('.cards').waitFor();
      await axe(page, 'user connection detail (dark)');
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page.getByRole('dialog').waitFor();
      await axe(page, 'delete dialog (dark)');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await visit(page, '/user-connections/3/edit');
      const original = await page.locator('#field-identifier').inputValue();
      await page.locator('#field-identifier').fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('#field-identifier-error').waitFor();
      await axe(page, 'edit with errors (dark)');
      await screenshot(page, 'edit-errors-dark');
      // Put the value back so leaving raises no unsaved-changes prompt.
      await page.locator('#field-identifier').fill(original);
      await visit(page, '/user-connections?search=no-such-connection-anywhere');
      await page.locator('.empty').waitFor();
      await axe(page, 'empty list (dark)');
      await demoControl(demo, 'faults', { kind: 'html500', path_contains: 'refresh_tokens', times: 1 });
      await visit(page, '/refresh-tokens');
      await page.locator('.error-panel').waitFor();
      await axe(page, 'error panel (dark)');
    },
  },
  {
    name: '375 px wide: list, detail and edit fit the screen',
    viewport: { width: 375, height: 812 },
    async run({ page }) {
      await reset();
      await signIn(page);
      for (const [route, shot, ready] of [
        ['/user-connections', 'narrow-list', 'table.data tbody tr'],
        ['/user-connections/3', 'narrow-detail', '.cards'],
        ['/user-connections/3/edit', 'narrow-edit', '#field-identifier'],
        ['/refresh-tokens', 'narrow-tokens', 'table.data tbody tr'],
      ]) {
        await visit(page, route);
        await page.locator(ready).first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `${route}: the page scrolls sideways by ${overflow}px`);
        await axe(page, shot);
        await screenshot(page, shot);
      }
    },
  },
  {
    name: '375 px wide: the header links sit behind a Menu button that opens, leads and closes',
    viewport: { width: 375, height: 812 },
    async run({ page }) {
      await signIn(page);
      const menu = page.getByRole('button', { name: 'Menu' });
      const nav = page.getByRole('navigation', { name: 'Main' });
      await menu.waitFor();
      assertEq(await menu.getAttribute('aria-expanded'), 'false', 'closed at first');
      assert(!(await nav.isVisible()), 'links hidden while closed');
      await menu.click();
      assertEq(await menu.getAttribute('aria-expanded'), 'true', 'open');
      await nav.getByRole('link', { name: 'Refresh tokens' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `open menu scrolls sideways by ${overflow}px`);
      await axe(page, 'narrow menu open');
      await screenshot(page, 'narrow-menu');
      await nav.getByRole('link', { name: 'Refresh tokens' }).click();
      await page.locator('table.data tbody tr').first().waitFor();
      assert(page.url().includes('/refresh-tokens'), 'the link led to its list');
      assertEq(await menu.getAttribute('aria-expanded'), 'false', 'closed after leading');
      // Keyboard: Enter opens it too.
      await menu.focus();
      await page.keyboard.press('Enter');
      await nav.getByRole('link', { name: 'User connections' }).waitFor();
    },
  },
  {
    name: 'wide screen: no Menu button, the links are in the header',
    async run({ page }) {
      await signIn(page);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Refresh tokens' }).waitFor();
      assertEq(await page.getByRole('button', { name: 'Menu' }).count(), 0, 'no Menu button');
    },
  },
];
