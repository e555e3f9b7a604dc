// The overview: counts per resource and connections per source.
import { axe, eventually } from '../harness.mjs';

export default ({ open, screenshot }) => [
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
];
