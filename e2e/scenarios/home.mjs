// The overview: counts per resource and connections per source.
import { assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ open, visit, demo, screenshot }) => [
  {
    name: 'home: counts and connections per source',
    async run({ page }) {
      await open(page, '/');
      await eventually(async () => !(await page.locator('.tiles').textContent()).includes('…'), 'counts');
      await page.locator('.chart .bars li').first().waitFor();
      await axe(page, 'home');
      await screenshot(page, 'home');
    },
  },
  {
    name: 'routes: an address no resource has (or a page a resource lacks) says "Page not found", without asking authentik',
    async run({ page }) {
      await open(page, '/');
      await page.waitForLoadState('networkidle');
      for (const route of ['/no-such-list', '/no-such-list/3', '/refresh-tokens/1/edit', '/user-connections/new']) {
        const before = (await demoControl(demo, 'requests')).length;
        await visit(page, route);
        await page.getByRole('heading', { name: 'Page not found' }).waitFor();
        await page.waitForLoadState('networkidle');
        const asked = (await demoControl(demo, 'requests')).slice(before).map((r) => r.path)
          .filter((p) => !/core\/users\/me\/|admin\/version\//.test(p));
        assertEq(asked, [], `requests for ${route} beyond who is signed in`);
        await page.getByRole('link', { name: 'Go to the start page' }).waitFor();
      }
      await axe(page, 'page not found');
    },
  },
];
