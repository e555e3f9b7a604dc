// The overview: counts per resource and connections per source.
import { assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ open, visit, demo, demo24, site, site24, apiBody, screenshot }) => [
  {
    name: 'home and header: every resource under its group, each count equal to its list\'s total (2026.2 and 2024.8)',
    async run({ page }) {
      for (const s of [site, site24]) {
        await open(page, '/', { site: s });
        // The header: each group names its links, and each link is a tile of the same group.
        await page.locator('header .nav-group').first().waitFor();
        const groups = await page.locator('header nav[aria-label="Main"] ul.groups > li').evaluateAll((lis) =>
          lis.map((li) => ({
            group: li.querySelector('.nav-group').textContent.trim(),
            links: [...li.querySelectorAll('a')].map((a) => new URL(a.href).pathname),
          })));
        assert(groups.length >= 2, `header groups: ${JSON.stringify(groups)}`);
        for (const g of groups) assert(g.links.length > 0, `group ${g.group} has links`);
        const tiles = page.locator('.counts .tile');
        await eventually(async () => !(await page.locator('.counts').textContent()).includes('…'), 'counts');
        const counted = await page.locator('.counts section').evaluateAll((sections) =>
          sections.map((sec) => ({
            group: sec.querySelector('h2').textContent.trim(),
            links: [...sec.querySelectorAll('a')].map((a) => new URL(a.href).pathname),
          })));
        assertEq(counted, groups, 'home groups and tiles follow the header');
        const n = await tiles.count();
        for (let i = 0; i < n; i++) {
          await visit(page, '/', s);
          const tile = page.locator('.counts .tile').nth(i);
          await eventually(async () => !(await tile.textContent()).includes('…'), `count ${i}`);
          const count = (await tile.locator('.count').textContent()).trim();
          assert(/^\d+$/.test(count), `tile ${i} on ${s.url} shows a number, not ${count}`);
          // MFA devices are listed one kind at a time; the tile counts every kind
          // (authentik's `admin/all/`, one plain array).
          if (new URL(await tile.locator('a').evaluate((a) => a.href)).pathname.endsWith('/mfa-devices')) {
            const all = await apiBody('authenticators/admin/all/', s === site24 ? demo24 : demo);
            assertEq(count, String(all.length), 'the MFA tile counts devices of every kind');
            // … and says so: its link opens one kind's list, whose total differs.
            assertEq((await tile.locator('.what').textContent()).trim(), 'MFA devices of every kind', 'the tile names what it counts');
            continue;
          }
          await tile.locator('a').click();
          const range = page.locator('.pager .range');
          await eventually(async () => /of \d+|No results/.test(await range.textContent().catch(() => '')), `list total ${i}`);
          const text = await range.textContent();
          const total = text.includes('No results') ? '0' : text.match(/of (\d+)/)[1];
          assertEq(total, count, `${page.url()}: the tile's count is the list's total`);
        }
      }
    },
  },
  {
    name: 'home: counts and connections per source',
    async run({ page }) {
      await open(page, '/');
      await eventually(async () => !(await page.locator('.counts').textContent()).includes('…'), 'counts');
      await page.locator('.chart .bars li').first().waitFor();
      await axe(page, 'home');
      await screenshot(page, 'home');
    },
  },
  {
    name: 'routes: links, back and forward move between pages; the header marks the section of every page of a resource',
    async run({ page }) {
      await open(page, '/', { reset: true });
      const current = () => page.locator('header nav[aria-label="Main"] a[aria-current="page"]')
        .evaluateAll((as) => as.map((a) => new URL(a.href).pathname.split('/').pop()));
      const path = () => new URL(page.url()).pathname;
      const editHeading = page.getByRole('heading', { level: 1, name: /^Edit / });
      await page.locator('.counts .tile').first().waitFor();
      assertEq(await current(), [], 'no section is current on the start page');
      // A header link: the address, the page and the marker follow it.
      await page.locator('header nav[aria-label="Main"] a[href$="/user-connections"]').click();
      const first = page.locator('table.data tbody a[href*="/user-connections/"]').first();
      await first.waitFor();
      assert(path().endsWith('/user-connections'), `the link's address: ${page.url()}`);
      await eventually(async () => JSON.stringify(await current()) === '["user-connections"]', 'the list\'s section is current');
      // The object's page and its edit page are still the section's.
      const object = new URL(await first.evaluate((a) => a.href)).pathname;
      await first.click();
      await page.getByRole('link', { name: /^(Edit|View edit options)$/ }).click();
      await editHeading.waitFor();
      assertEq(path(), `${object}/edit`, 'the edit link\'s address');
      assertEq(await current(), ['user-connections'], 'the section stays current on the edit page');
      // Back and forward draw the page of each address again.
      await page.goBack();
      await eventually(async () => path() === object && await editHeading.count() === 0, 'back on the object\'s page');
      await page.getByRole('link', { name: /^(Edit|View edit options)$/ }).waitFor();
      assertEq(await current(), ['user-connections'], 'the section is current on the object\'s page');
      await page.goForward();
      await editHeading.waitFor();
      // Another section's link moves the marker; back returns to the edit page.
      await page.locator('header nav[aria-label="Main"] a[href$="/sessions"]').click();
      await page.locator('.pager .range, .empty').first().waitFor();
      await eventually(async () => JSON.stringify(await current()) === '["sessions"]', 'the sessions section is current');
      await page.goBack();
      await editHeading.waitFor();
      assertEq(path(), `${object}/edit`, 'back from the header link');
    },
  },
  {
    name: 'routes: "Skip to content" moves focus to the page\'s content and keeps the page and its address',
    async run({ page }) {
      const t = (await apiBody('oauth2/refresh_tokens/?page_size=1')).results[0];
      await open(page, `/refresh-tokens/${t.pk}`, { reset: true });
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor();
      const before = { url: page.url(), heading: await heading.textContent() };
      await page.evaluate(() => { window.__samePage = true; });
      await page.keyboard.press('Tab');
      assertEq(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content', 'the first stop is the skip link');
      await page.keyboard.press('Enter');
      await eventually(async () => await page.evaluate(() => document.activeElement?.id) === 'main', 'focus on the content');
      assertEq(new URL(page.url()).pathname, new URL(before.url).pathname, 'the address stays the object\'s');
      assertEq(await heading.textContent(), before.heading, 'the page stays');
      assert(await page.evaluate(() => window.__samePage === true), 'no page load');
    },
  },
  {
    name: 'routes: a query is read as the address has it, once decoded (a search for "a%41" stays "a%41")',
    async run({ page }) {
      await open(page, '/user-connections?search=a%2541');
      await page.locator('#list-search').waitFor();
      await eventually(async () => await page.locator('#list-search').inputValue() === 'a%41', 'the search box says what the address says');
      await page.locator('.pager .range, .empty').first().waitFor();
      const asked = (await demoControl(demo, 'requests')).map((r) => r.path + (r.query ? `?${r.query}` : ''))
        .filter((p) => p.includes('user_connections'));
      assert(asked.some((p) => /search=a%2541(&|$)/.test(p)), `the list asked for "a%41": ${asked.slice(-3).join(' | ')}`);
    },
  },
  {
    name: 'routes: an address no resource has (or a page a resource lacks) says "Page not found", without asking authentik',
    async run({ page }) {
      await open(page, '/');
      await page.waitForLoadState('networkidle');
      for (const route of ['/no-such-list', '/no-such-list/3', '/refresh-tokens/1/edit', '/user-connections/new', '/users/not-a-number', '/sign-in/x', '/sessions/1/edit/x']) {
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
  {
    name: 'related lists: from a token\'s user card, every list of that user is one click away and opens filtered to them',
    async run({ page }) {
      const t = (await apiBody('oauth2/refresh_tokens/?page_size=1')).results[0];
      await open(page, `/refresh-tokens/${t.pk}`, { reset: true });
      const nav = page.getByRole('navigation', { name: 'Lists of this user' });
      await nav.waitFor();
      const all = await nav.locator('a').evaluateAll((as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
      assertEq(all[0].text, 'User page', 'the user\'s own page first');
      assert(all[0].href.endsWith(`/users/${t.user.pk}`), all[0].href);
      const links = all.slice(1);
      assert(links.length >= 2, `several lists of the user: ${JSON.stringify(links)}`);
      for (const l of links) assert(new URL(l.href, 'http://x').searchParams.get('user') === String(t.user.pk), `${l.text} filtered to the user`);
      // Each link lands on its list with the user filter applied (the filter names the user).
      for (let i = 0; i < links.length; i++) {
        await visit(page, `/refresh-tokens/${t.pk}`);
        await nav.locator('a').nth(i + 1).click();
        await page.locator('.pager .range, .empty').first().waitFor();
        const filter = page.locator('#filter-user');
        await eventually(async () => (await filter.inputValue().catch(() => '')) === t.user.username, `${links[i].text}: user filter shown`);
        assert(new URL(page.url()).searchParams.get('user') === String(t.user.pk), `${links[i].text}: address keeps the filter`);
      }
      await axe(page, 'related lists');
    },
  },
];
