// Lists: only what the connected authentik release honours is offered, and each offered
// control changes the rows as it promises; bulk actions act only on rows the admin saw;
// work that outlives its page neither traps the app nor moves the admin.
//
// The "rows change as promised" checks hold on real authentik's behaviour (HONOURED.md):
// they check the promise (sorted by the key, both directions; every row matches the search
// or filter), not the demo's particular answer.
import { ADMIN_TOKEN, api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

const NOPERM_TOKEN = 'ak-demo-noperm-token';

/** Every object of a list endpoint, by pk (string, as rows carry it). */
async function everything(demo, path) {
  const byPk = new Map();
  for (let page = 1; ; page++) {
    const { body } = await api(demo, `${path}?page_size=100&page=${page}`);
    for (const o of body.results) byPk.set(String(o.pk), o);
    if (!body.pagination.next) return byPk;
  }
}

async function rowPks(page) {
  return page.locator('table.data tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.pk));
}

/** The list shows the answer to its current query (nothing loading). */
async function settled(page) {
  return (await page.locator('table.data[aria-busy="true"], .updating, p.loading').count()) === 0
    && (await page.locator('table.data tbody tr').count()) > 0;
}

async function shownCount(page) {
  const text = await page.locator('.pager .range').textContent();
  return Number(text.match(/of (\d+)/)?.[1] ?? NaN);
}

function isSorted(keys, desc) {
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = desc ? [keys[i], keys[i - 1]] : [keys[i - 1], keys[i]];
    if (a > b) return false;
  }
  return true;
}

const lower = (s) => String(s ?? '').toLowerCase();

/**
 * Checks one list page against its promise on one server: the search box's hint, each
 * sortable column in both directions, each column that must not be sortable, the search,
 * and each filter.
 */
async function checkControls(page, ctx, o) {
  await ctx.open(page, o.route, { site: o.site });
  await eventually(() => settled(page), 'first rows');
  const total = await shownCount(page);
  const key = (pk, f) => f(o.objects.get(pk));

  // Columns the server would not sort by have no sort button.
  for (const label of o.unsortable) {
    const th = page.locator('table.data thead th').filter({ hasText: new RegExp(`^${label}(\\W|$)`) });
    assertEq(await th.count(), 1, `${label} column`);
    assertEq(await th.getByRole('button').count(), 0, `${label} is not offered for sorting`);
  }

  // Search: offered with what it searches, or not at all.
  if (o.search) {
    assertEq((await page.locator('#list-search-hint').textContent()).trim(), o.search.hint, 'search hint');
    assertEq(await page.locator('#list-search').getAttribute('aria-describedby'), 'list-search-hint', 'hint tied to the box');
  } else {
    assertEq(await page.locator('#list-search').count(), 0, 'no search box');
  }

  // Each sortable column, both directions: the rows come sorted by the column's key.
  for (const [label, field] of Object.entries(o.sortable)) {
    const th = page.locator('table.data thead th').filter({ has: page.getByRole('button', { name: new RegExp(`^${label}`) }) });
    const seen = new Set();
    const values = new Set();
    for (let i = 0; i < 2; i++) {
      const before = await th.getAttribute('aria-sort');
      await th.getByRole('button').click();
      await eventually(async () => {
        const dir = await th.getAttribute('aria-sort');
        if (dir === before || dir === 'none' || !(await settled(page))) return false;
        const keys = (await rowPks(page)).map((pk) => key(pk, field));
        if (keys.some((k) => k === undefined) || !isSorted(keys, dir === 'descending')) return false;
        seen.add(dir);
        keys.forEach((k) => values.add(k));
        return true;
      }, `rows sorted by ${label} (click ${i + 1})`);
    }
    assertEq([...seen].sort(), ['ascending', 'descending'], `${label} both directions`);
    // An ignored ordering shows the same rows both ways: sorted both ways only if constant.
    assert(values.size >= 2, `${label}: the two directions show different keys`);
  }

  // The search finds only rows it promises to match, and fewer than all.
  if (o.search) {
    await ctx.visit(page, o.route, o.site);
    await page.locator('#list-search').fill(o.search.term);
    await page.locator('#list-search').press('Enter');
    await eventually(async () => {
      if (!(await settled(page))) return false;
      const pks = await rowPks(page);
      const n = await shownCount(page);
      const matches = await Promise.all(pks.map((pk) => o.search.matches(o.objects.get(pk))));
      return n < total && matches.every(Boolean);
    }, `search ${o.search.term}`);
  }

  // Each filter keeps only rows it names.
  for (const f of o.filters) {
    await ctx.visit(page, o.route, o.site);
    await eventually(() => settled(page), 'rows before filtering');
    if (f.select) {
      await eventually(async () => (await page.locator(`${f.select} option[value="${f.value}"]`).count()) === 1, `${f.select} option ${f.value}`);
      await page.locator(f.select).selectOption(f.value);
    } else {
      await page.locator('#filter-user').fill(f.username);
      await page.locator('#filter-user').press('Enter');
    }
    await eventually(async () => {
      if (!(await settled(page))) return false;
      const pks = await rowPks(page);
      return (await shownCount(page)) < total && pks.every((pk) => f.holds(o.objects.get(pk)));
    }, `filter ${f.select || 'user'}=${f.value || f.username}`);
  }
}

/** The most frequent value of `f` among the objects. */
function mostCommon(objects, f) {
  const counts = new Map();
  for (const o of objects.values()) counts.set(f(o), (counts.get(f(o)) || 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

async function usernames(demo) {
  const users = await everything(demo, 'core/users/');
  return new Map([...users.values()].map((u) => [u.pk, u.username]));
}

export default (ctx) => {
  const { site, site24, demo, demo24, reset, signIn, open, visit, rowCount, apiBody, requestsTo, withLatency } = ctx;

  const userConnections = async (page, site, demo, modern) => {
    const objects = await everything(demo, 'sources/user_connections/all/');
    const names = await usernames(demo);
    const slug = (c) => (modern ? c.source_obj.slug : c.source.slug);
    const user = mostCommon(objects, (c) => c.user);
    const source = mostCommon(objects, slug);
    await checkControls(page, ctx, {
      site,
      route: '/user-connections',
      objects,
      search: modern
        ? {
          hint: 'Searches username, source slug and identifier.',
          term: 'alice',
          matches: (c) => [names.get(c.user), slug(c), c.identifier].some((v) => lower(v).includes('alice')),
        }
        : { hint: 'Searches the source slug only.', term: 'git', matches: (c) => slug(c).includes('git') },
      sortable: modern
        ? { ID: (c) => c.pk, User: (c) => c.user, Identifier: (c) => lower(c.identifier), Created: (c) => c.created }
        : { ID: (c) => c.pk, User: (c) => c.user, Created: (c) => c.created },
      unsortable: modern ? ['Source'] : ['Source', 'Identifier'],
      filters: [
        { select: '#filter-source', value: source, holds: (c) => slug(c) === source },
        { username: names.get(user), holds: (c) => c.user === user },
      ],
    });
  };

  const groupConnections = async (page, site, demo, modern) => {
    // 2026.x lists every kind (all/); 2024.8 OAuth's own endpoint unless a kind is picked.
    const objects = await everything(demo, modern ? 'sources/group_connections/all/' : 'sources/group_connections/oauth/');
    const groups = await everything(demo, 'core/groups/');
    const sources = await everything(demo, 'sources/all/');
    const slug = (c) => (modern ? sources.get(c.source).slug : c.source.slug);
    const group = mostCommon(objects, (c) => c.group);
    const source = mostCommon(objects, slug);
    await checkControls(page, ctx, {
      site,
      route: '/group-connections',
      objects,
      search: modern
        ? {
          hint: 'Searches group name, source slug and identifier.',
          term: 'engineering',
          matches: (c) => [groups.get(c.group)?.name, slug(c), c.identifier].some((v) => lower(v).includes('engineering')),
        }
        : { hint: 'Searches the source slug only.', term: 'corp', matches: (c) => slug(c).includes('corp') },
      sortable: { ID: (c) => c.pk, Identifier: (c) => lower(c.identifier), Created: (c) => c.created },
      unsortable: ['Group', 'Source'],
      filters: [
        { select: '#filter-group', value: group, holds: (c) => c.group === group },
        { select: '#filter-source', value: source, holds: (c) => slug(c) === source },
      ],
    });
  };

  const refreshTokens = async (page, site, demo) => {
    const objects = await everything(demo, 'oauth2/refresh_tokens/');
    const user = mostCommon(objects, (t) => t.user.pk);
    const username = [...objects.values()].find((t) => t.user.pk === user).user.username;
    await checkControls(page, ctx, {
      site,
      route: '/refresh-tokens',
      objects,
      search: null,
      sortable: { ID: (t) => t.pk, User: (t) => t.user.pk, Provider: (t) => t.provider.pk, Expires: (t) => t.expires },
      unsortable: ['Scopes'],
      filters: [
        { select: '#filter-provider', value: '2', holds: (t) => t.provider.pk === 2 },
        { username, holds: (t) => t.user.pk === user },
      ],
    });
  };

  /** Selects the first `n` rows of the token list; returns their pks. */
  async function selectRows(page, n) {
    const pks = (await rowPks(page)).slice(0, n);
    for (const pk of pks) await page.getByRole('checkbox', { name: `Select refresh token ${pk}` }).check();
    return pks;
  }

  return [
    {
      name: 'lists 2026.2: user connections offer what 2026.2 honours, and each control keeps its promise',
      async run({ page }) { await userConnections(page, site, demo, true); },
    },
    {
      name: 'lists 2024.8: user connections offer what 2024.8 honours, and each control keeps its promise',
      async run({ page }) { await userConnections(page, site24, demo24, false); },
    },
    {
      name: 'lists 2026.2: group connections offer what 2026.2 honours, and each control keeps its promise',
      async run({ page }) { await groupConnections(page, site, demo, true); },
    },
    {
      name: 'lists 2024.8: group connections offer what 2024.8 honours, and each control keeps its promise',
      async run({ page }) { await groupConnections(page, site24, demo24, false); },
    },
    {
      name: 'lists 2026.2: refresh tokens have no search; sorting and filters keep their promise',
      async run({ page }) { await refreshTokens(page, site, demo); },
    },
    {
      name: 'lists 2024.8: refresh tokens have no search; sorting and filters keep their promise',
      async run({ page }) { await refreshTokens(page, site24, demo24); },
    },
    {
      name: 'lists: a link asking for what the server ignores is shown as served, not as applied',
      async run({ page }) {
        await open(page, '/user-connections?ordering=identifier', { site: site24 });
        await rowCount(page);
        const identifier = page.locator('table.data thead th').filter({ hasText: /^Identifier(\W|$)/ });
        assertEq(await identifier.getAttribute('aria-sort'), null, 'no sort state on Identifier');
        assert(!(await identifier.textContent()).includes('▲'), 'no ▲ on Identifier');
        await page.getByRole('note').filter({ hasText: 'Not applied: sorting by identifier (this authentik version ignores it)' }).waitFor();
        const sent = (await demoControl(demo24, 'requests')).filter((r) => r.method === 'GET' && r.path.includes('user_connections/all/')).at(-1);
        assert(!sent.query.includes('identifier'), `ignored ordering not sent: ${sent.query}`);
        for (const [s, d] of [[site, demo], [site24, demo24]]) {
          await open(page, '/refresh-tokens?search=wiki', { site: s });
          await rowCount(page);
          assertEq(await page.locator('#list-search').count(), 0, 'no search box for tokens');
          await page.getByRole('note').filter({ hasText: 'Not applied: search “wiki”' }).waitFor();
          const q = (await demoControl(d, 'requests')).filter((r) => r.method === 'GET' && r.path.includes('refresh_tokens/')).at(-1).query;
          assert(!q.includes('search'), `ignored search not sent: ${q}`);
        }
        await axe(page, 'list with a note about an ignored parameter');
      },
    },
    {
      name: 'lists: while the release is unknown only what every release honours is offered',
      async run({ page }) {
        await reset();
        await demoControl(demo, 'faults', { kind: 'html500', path_contains: 'admin/version' });
        try {
          await signIn(page);
          // No release kept from an earlier load either: it is not known at all.
          await page.evaluate(() => localStorage.clear());
          await visit(page, '/user-connections');
          await rowCount(page);
          assertEq(await page.locator('#list-search').count(), 0, 'search fields differ between releases: no box');
          const identifier = page.locator('table.data thead th').filter({ hasText: /^Identifier(\W|$)/ });
          assertEq(await identifier.getByRole('button').count(), 0, 'identifier sorting is not honoured by every release');
          await page.getByRole('button', { name: /^Created/ }).waitFor();
        } finally {
          await demoControl(demo, 'faults', { kind: 'none' });
        }
      },
    },
    {
      name: 'bulk: the selection belongs to the rows on screen; the dialog lists and sends exactly those',
      async run({ page }) {
        await open(page, '/refresh-tokens', { reset: true });
        await eventually(() => settled(page), 'token rows');
        await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
        await page.getByRole('button', { name: 'Revoke selected (20)' }).waitFor();
        // Another provider: the 20 ticked rows are no longer on screen.
        await eventually(async () => (await page.locator('#filter-provider option[value="2"]').count()) === 1, 'provider options');
        await page.locator('#filter-provider').selectOption('2');
        await page.waitForURL(/provider=2/);
        await page.getByRole('button', { name: 'Revoke selected (0)' }).waitFor();
        assert(await page.getByRole('button', { name: 'Revoke selected (0)' }).isDisabled(), 'nothing to revoke');
        // The same for another ordering and another page.
        await eventually(() => settled(page), 'filtered rows');
        await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
        await page.getByRole('button', { name: /^User/ }).click();
        await page.getByRole('button', { name: 'Revoke selected (0)' }).waitFor();
        await eventually(() => settled(page), 'sorted rows');
        await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
        await page.getByRole('button', { name: 'Next ›' }).click();
        await page.getByRole('button', { name: 'Revoke selected (0)' }).waitFor();
        // Two rows seen and ticked: the dialog names both, and only they are revoked.
        await eventually(() => settled(page), 'second page');
        const pks = await selectRows(page, 2);
        const names = await Promise.all(pks.map((pk) => page.locator(`tr[data-pk="${pk}"] td`).nth(2).textContent()));
        await page.getByRole('button', { name: 'Revoke selected (2)' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('heading', { name: 'Revoke 2 refresh tokens?' }).waitFor();
        const listed = await dialog.locator('.outcomes li').allTextContents();
        assertEq(listed.length, 2, 'every selected item listed');
        pks.forEach((pk, i) => assert(listed[i].includes(`Refresh token ${pk}`) && listed[i].includes(names[i].trim()), `item ${pk} named: ${listed[i]}`));
        await axe(page, 'bulk confirmation');
        await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
        await dialog.getByRole('button', { name: 'Close' }).waitFor();
        const deletes = (await requestsTo('DELETE', 'refresh_tokens/')).map((r) => r.path.match(/refresh_tokens\/(\d+)\//)[1]);
        assertEq(deletes, pks, 'DELETE requests: exactly the rows on screen that were ticked');
      },
    },
    {
      name: 'bulk: Stop sends no further request and reports every one that was sent',
      async run({ page }) {
        await open(page, '/refresh-tokens', { reset: true });
        await eventually(() => settled(page), 'token rows');
        await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
        await page.getByRole('button', { name: 'Revoke selected (20)' }).click();
        const dialog = page.getByRole('dialog');
        await withLatency(400, async () => {
          await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
          await eventually(async () => /\b([2-9]|1\d) of 20(?!\d)/.test(await dialog.textContent()), 'the run under way', 10000);
          await dialog.getByRole('button', { name: 'Stop' }).click();
          await dialog.getByRole('button', { name: 'Close' }).waitFor({ timeout: 5000 });
        });
        await page.waitForTimeout(1000);
        const sent = (await requestsTo('DELETE', 'refresh_tokens/')).length;
        const items = await dialog.locator('.outcomes li').allTextContents();
        const reported = items.filter((t) => /: (revoked|failed)/.test(t)).length;
        assert(sent >= 2 && sent < 20, `stopped mid-run (${sent} sent)`);
        assertEq(reported, sent, 'every sent request has its reported outcome');
        assertEq(items.filter((t) => t.endsWith(': not sent')).length, 20 - sent, 'the rest marked not sent');
        await dialog.getByText(`Stopped: ${sent} refresh tokens revoked, ${20 - sent} not sent.`).waitFor();
        await page.locator('.toasts').getByText(`Stopped: ${sent} refresh tokens revoked, ${20 - sent} not sent.`).waitFor();
      },
    },
    {
      name: 'bulk: a run the admin leaves (Back) goes on and reports through a toast',
      async run({ page }) {
        await open(page, '/user-connections', { reset: true });
        await page.getByRole('link', { name: 'Refresh tokens', exact: true }).click();
        await eventually(() => settled(page), 'token rows');
        const pks = await selectRows(page, 5);
        await page.getByRole('button', { name: 'Revoke selected (5)' }).click();
        await withLatency(300, async () => {
          await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
          await eventually(async () => /\b[1-4] of 5(?!\d)/.test(await page.getByRole('dialog').textContent()), 'the run under way', 5000);
          await page.goBack();
          await page.waitForURL(/\/user-connections$/);
          await page.getByText('5 refresh tokens revoked.').waitFor({ timeout: 10000 });
        });
        for (const pk of pks) assertEq((await api(demo, `oauth2/refresh_tokens/${pk}/`)).status, 404, `token ${pk} revoked`);
        assert(page.url().endsWith('/user-connections'), 'the admin stays where they went');
        await page.getByRole('heading', { name: 'User source connections', exact: true }).waitFor();
      },
    },
    {
      name: 'filters: a user lookup is cancelled with its page and never moves the admin back',
      async run({ page }) {
        await open(page, '/refresh-tokens', { reset: true });
        await eventually(() => settled(page), 'token rows');
        await withLatency(1500, async () => {
          await page.locator('#filter-user').fill('carol');
          await page.locator('#filter-user').press('Enter');
          await page.getByRole('link', { name: 'User connections', exact: true }).click();
          await page.waitForURL(/\/user-connections$/);
          await page.waitForTimeout(2500);
        });
        assert(new URL(page.url()).pathname.endsWith('/user-connections') && !page.url().includes('user='), `still where the admin went: ${page.url()}`);
        await page.getByRole('heading', { name: 'User source connections', exact: true }).waitFor();
        assert((await rowCount(page)) > 0, 'the page works');
      },
    },
    {
      name: 'lists: a filter the server refuses is shown at the filter, with Clear filters',
      async run({ page }) {
        for (const [s, label] of [[site, '2026.2'], [site24, '2024.8']]) {
          await open(page, '/user-connections?user=abc', { site: s });
          await page.locator('#filter-user-error').waitFor();
          assertEq((await page.locator('#filter-user-error').textContent()).trim(),
            'Select a valid choice. That choice is not one of the available choices.', `${label}: server message at the filter`);
          assertEq(await page.locator('#filter-user').getAttribute('aria-invalid'), 'true', 'aria-invalid');
          assertEq(await page.getByText('Something went wrong').count(), 0, 'no generic error');
          await axe(page, `refused filter (${label})`);
          await page.getByRole('button', { name: 'Clear filters' }).click();
          await page.waitForURL(/\/user-connections$/);
          assert((await rowCount(page)) > 0, 'rows after clearing');
          assertEq(await page.locator('#filter-user').getAttribute('aria-invalid'), 'false', 'filter valid again');
        }
        await open(page, '/group-connections?group=not-a-uuid');
        await page.locator('#filter-group-error').waitFor();
        assertEq((await page.locator('#filter-group-error').textContent()).trim(), '“not-a-uuid” is not a valid UUID.', 'group message');
        assertEq(await page.locator('#filter-group').getAttribute('aria-invalid'), 'true', 'group aria-invalid');
        await visit(page, '/refresh-tokens?provider=999');
        await page.locator('#filter-provider-error').waitFor();
        await page.getByRole('button', { name: 'Clear filters' }).click();
        await page.waitForURL(/\/refresh-tokens$/);
        assert((await rowCount(page)) > 0, 'token rows after clearing');
      },
    },
    {
      name: 'lists: an account without superuser rights is told; 2024.8\'s group-connection 500 is named',
      async run({ page }) {
        for (const s of [site, site24]) {
          await signIn(page, s.url, NOPERM_TOKEN);
          for (const [route, noun] of [['/user-connections', 'user source connections'], ['/refresh-tokens', 'refresh tokens']]) {
            await visit(page, route, s);
            await page.getByRole('note').filter({ hasText: `the list shows only the ${noun} it may see` }).waitFor();
          }
        }
        await visit(page, '/group-connections', site24);
        await page.getByRole('heading', { name: 'Not available to this account on authentik 2024.8' }).waitFor();
        assert((await page.locator('.error-panel').textContent()).includes('known authentik bug'), 'named as the authentik bug');
        assertEq(await page.getByText('Something went wrong').count(), 0, 'no generic error');
        await axe(page, 'known 2024.8 fault');
        // 2026.2 answers with a permission check, said as such.
        await open(page, '/group-connections', { token: NOPERM_TOKEN });
        await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
        // A superuser is not told anything.
        await open(page, '/user-connections', { token: ADMIN_TOKEN });
        await rowCount(page);
        assertEq(await page.getByText('it may see').count(), 0, 'no limited-account note for a superuser');
      },
    },
    {
      name: 'bulk: counts are plural where they should be',
      async run({ page }) {
        await reset();
        await signIn(page);
        for (const n of [2, 1]) {
          await visit(page, '/refresh-tokens');
          await eventually(() => settled(page), 'token rows');
          await selectRows(page, n);
          await page.getByRole('button', { name: `Revoke selected (${n})` }).click();
          const dialog = page.getByRole('dialog');
          const noun = n === 1 ? 'refresh token' : 'refresh tokens';
          await dialog.getByRole('heading', { name: `Revoke ${n} ${noun}?`, exact: true }).waitFor();
          await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
          await page.locator('.toasts').getByText(`${n} ${noun} revoked.`, { exact: true }).first().waitFor();
          await dialog.getByText(`${n} ${noun} revoked.`, { exact: true }).waitFor();
          await dialog.getByRole('button', { name: 'Close' }).click();
        }
      },
    },
    {
      name: 'lists: a filter chosen while the past-the-end fallback runs is kept',
      async run({ page }) {
        await open(page, '/user-connections', { reset: true });
        await eventually(async () => (await page.locator('#filter-source option[value="github"]').count()) === 1, 'source options');
        await fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
        await withLatency(1200, async () => {
          // In-app navigation keeps the loaded source options.
          await page.evaluate(() => { history.pushState({}, '', `${location.pathname}?page=999`); dispatchEvent(new PopStateEvent('popstate')); });
          // The page is past the end: the console asks for page 1 to learn the last page.
          await eventually(async () => (await requestsTo('GET', 'user_connections/all/')).some((r) => /(^|&)page=1(&|$)/.test(r.query)), 'the fallback request', 5000);
          await page.locator('#filter-source').selectOption('github');
          await page.waitForURL(/source__slug=github/);
          await page.waitForTimeout(2600);
        });
        const url = new URL(page.url());
        assertEq(url.searchParams.get('source__slug'), 'github', 'the chosen filter is kept');
        assertEq(url.searchParams.get('page'), null, 'no jump to the old view\'s last page');
        await eventually(() => settled(page), 'filtered rows');
      },
    },
    {
      name: 'lists: a 405 on a list load is not called a failed save',
      async run({ page }) {
        await reset();
        await signIn(page);
        await demoControl(demo, 'faults', { kind: 'empty405', method: 'GET', path_contains: 'oauth2/refresh_tokens/', times: 1 });
        await visit(page, '/refresh-tokens');
        const panel = page.locator('.error-panel');
        await panel.waitFor();
        const text = await panel.textContent();
        assert(!/sav(e|ing)/i.test(text), `no word of saving: ${text}`);
        assert(text.includes('405'), `the status is named: ${text}`);
        await page.getByRole('button', { name: 'Try again' }).click();
        assert((await rowCount(page)) > 0, 'rows after trying again');
      },
    },
    {
      name: 'delete: a revoke the admin leaves finishes and reports through a toast',
      async run({ page }) {
        await reset();
        const pk = (await apiBody('oauth2/refresh_tokens/?page_size=1')).results[0].pk;
        await open(page, `/refresh-tokens/${pk}`);
        await page.getByRole('button', { name: 'Revoke…' }).click();
        await withLatency(1500, async () => {
          await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
          await page.getByRole('link', { name: 'User connections', exact: true }).click();
          await page.waitForURL(/\/user-connections$/);
          await page.locator('.toasts').getByText(`Refresh token ${pk} revoked.`).waitFor({ timeout: 10000 });
        });
        assertEq((await api(demo, `oauth2/refresh_tokens/${pk}/`)).status, 404, 'token revoked');
        await page.waitForTimeout(500);
        assert(page.url().endsWith('/user-connections'), 'the admin stays where they went');
      },
    },
    {
      name: 'toasts: a new or dismissed toast leaves the others as they are (the same nodes), and Dismiss removes only its own',
      async run({ page }) {
        await reset();
        const [a, b] = (await apiBody('oauth2/refresh_tokens/?page_size=2')).results.map((t) => t.pk);
        await open(page, `/refresh-tokens/${a}`);
        const toasts = page.locator('.toasts .toast');
        const revoke = async (pk) => {
          await page.getByRole('button', { name: 'Revoke…' }).click();
          await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
          await page.locator('.toasts').getByText(`Refresh token ${pk} revoked.`).waitFor();
        };
        await revoke(a);
        // A toast's nodes, marked: a redraw that replaced them (or wrote another toast's text
        // into them) would lose or betray the mark.
        const mark = (i, name) => toasts.nth(i).evaluate((el, name) => { el.dataset.seen = name; el.querySelector('span').firstChild.seen = name; }, name);
        const marked = (i, name) => toasts.nth(i).evaluate((el, name) => el.dataset.seen === name && el.querySelector('span').firstChild.seen === name, name);
        await mark(0, 'a');
        // To the second token inside the console (a reload would drop the toasts).
        await page.locator(`table.data a[href$="/refresh-tokens/${b}"]`).first().click();
        await revoke(b);
        assertEq(await toasts.count(), 2, 'two toasts');
        assert(await marked(0, 'a'), 'a new toast leaves the first one\'s nodes as they were');
        await mark(1, 'b');
        // Dismissing the first takes only it away: the second keeps its nodes and its words.
        await toasts.nth(0).getByRole('button', { name: 'Dismiss' }).click();
        assertEq(await toasts.count(), 1, 'one toast left');
        assert(await marked(0, 'b'), 'the toast left is the second one, its nodes as they were');
        assert((await toasts.first().textContent()).includes(`Refresh token ${b} revoked.`), 'and its own words');
        await toasts.first().getByRole('button', { name: 'Dismiss' }).click();
        assertEq(await toasts.count(), 0, 'no toast left');
        // The region stays, polite and empty, for the next one.
        assertEq(await page.locator('.toasts[role="status"][aria-live="polite"]').count(), 1, 'the live region stays');
      },
    },
    {
      // Until this release the rows were drawn before the release was known, then read again;
      // now nothing is asked for before it (one list request, at the release's address).
      name: 'lists: no list is asked for before the release is known; then it is read once, with the sort buttons the release honours',
      async run({ page }) {
        await reset();
        await signIn(page);
        await page.evaluate(() => localStorage.clear());
        // Hold authentik's version back.
        let answer;
        const held = new Promise((resolve) => { answer = resolve; });
        await page.route('**/api/v3/admin/version/', async (route) => { await held; await route.continue().catch(() => {}); });
        try {
          await fetch(`${demo.url}/__demo/requests`, { method: 'DELETE' });
          await visit(page, '/user-connections');
          await eventually(async () => (await demoControl(demo, 'requests')).some((r) => r.path.endsWith('core/users/me/')), 'the account asked for');
          await page.waitForTimeout(500);
          const asked = () => demoControl(demo, 'requests').then((l) => l.filter((r) => r.path.includes('user_connections/')));
          assertEq((await asked()).length, 0, 'no list asked for while the release is unknown');
          answer();
          const identifier = page.locator('table.data thead').getByRole('button', { name: /Identifier/ });
          // 2026.2 sorts user connections by identifier.
          await identifier.waitFor();
          await page.waitForLoadState('networkidle');
          assertEq((await asked()).length, 1, 'the list read once');
          await identifier.click();
          await page.waitForURL(/ordering=identifier/);
        } finally {
          answer();
          await page.unroute('**/api/v3/admin/version/');
        }
      },
    },
  ];
};
