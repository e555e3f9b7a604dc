// End-to-end scenarios: the release build served by nginx (deploy/nginx/ak-admin.conf),
// /api/v3/ proxied to the demo API, driven in headless Chromium.
//   node e2e/run.mjs [name-filter]
import fs from 'node:fs';
import path from 'node:path';
import {
  ADMIN_TOKEN, ARTIFACTS, ROOT, api, assert, assertEq, axe, demoControl, eventually, run, startCaddy, startDemo, startNginx, stopAll,
} from './harness.mjs';

// Screenshots for the README: always kept with the artifacts; copied into docs/ when asked.
const SHOTS = [path.join(ARTIFACTS, 'screenshots')];
if (process.env.UPDATE_SCREENSHOTS) SHOTS.push(path.join(ROOT, 'docs', 'screenshots'));
async function screenshot(page, name) {
  for (const dir of SHOTS) {
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  }
}

const filter = process.argv[2];
// E2E_SUBPATH=/ak-admin runs every scenario again with the console under a sub-path,
// built with `--public-url /ak-admin/` into dist-sub/.
const SUBPATH = process.env.E2E_SUBPATH || '';
const DIST = process.env.E2E_DIST || path.join(ROOT, SUBPATH ? 'dist-sub' : 'dist');
const demo = await startDemo('2026.2');
const site = await startNginx(demo, { dist: DIST, subpath: SUBPATH });
const demo24 = await startDemo('2024.8');
const site24 = await startNginx(demo24, { dist: DIST, subpath: SUBPATH });
if (SUBPATH) console.log(`console under ${SUBPATH}/ (${DIST})`);

async function signIn(page, base = site.url, token = ADMIN_TOKEN) {
  await page.goto(`${base}/sign-in`);
  await page.locator('#token').fill(token);
  // The scenarios reload pages, which only a remembered token survives.
  await page.locator('#remember').check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText('Signed in as').first().waitFor();
  // Let the landing page finish its requests, so faults set next meet the page under test.
  await page.waitForLoadState('networkidle');
}

async function rowCount(page) {
  await page.locator('table.data tbody tr').first().waitFor();
  return page.locator('table.data tbody tr').count();
}

async function requestsTo(method, pathPart) {
  const log = await demoControl(demo, 'requests');
  return log.filter((r) => r.method === method && r.path.includes(pathPart));
}

/** A user with connections to two sources, for provoking the unique-together error. */
async function userWithTwoConnections() {
  const { body } = await api(demo, 'sources/user_connections/all/?page_size=100&ordering=user');
  const byUser = new Map();
  for (const c of body.results) {
    if (!byUser.has(c.user)) byUser.set(c.user, []);
    byUser.get(c.user).push(c);
  }
  for (const conns of byUser.values()) if (conns.length >= 2 && conns[0].source !== conns[1].source) return conns;
  throw new Error('seed has no user with two connections');
}

const scenarios = [
  {
    name: 'signed out: a deep link leads to sign-in and back',
    async run({ page }) {
      await page.goto(`${site.url}/user-connections?search=gh&page_size=50`);
      await page.waitForURL(/\/sign-in\?next=/);
      const next = new URL(page.url()).searchParams.get('next');
      assertEq(next, '/user-connections?search=gh&page_size=50', 'return path');
      // A wrong token is refused with the server's reason under the field.
      await page.locator('#token').fill('not-a-real-token');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.locator('#token-error').waitFor();
      assert((await page.locator('#token-error').textContent()).includes('Token invalid/expired'), 'reason shown');
      assertEq(await page.locator('#token').getAttribute('aria-invalid'), 'true', 'token aria-invalid');
      await page.locator('#token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/user-connections\?search=gh&page_size=50$/);
      assert((await rowCount(page)) > 0, 'rows after sign-in');
      assertEq(await page.locator('#list-search').inputValue(), 'gh', 'search restored from URL');
      // The token never reaches the URL, the DOM or the console.
      const html = await page.content();
      assert(!html.includes(ADMIN_TOKEN) && !page.url().includes(ADMIN_TOKEN), 'token not in DOM/URL');
    },
  },
  {
    name: 'list: pagination, search, filters and ordering live in the URL',
    async run({ page }) {
      await signIn(page);
      await page.goto(`${site.url}/user-connections`);
      assertEq(await rowCount(page), 20, 'default page size');
      // Every link stays inside the console's path (matters under a sub-path).
      const outside = await page.evaluate((prefix) => [...document.querySelectorAll('a[href^="/"]')]
        .map((a) => a.getAttribute('href')).filter((h) => !h.startsWith(`${prefix}/`)), SUBPATH);
      assertEq(outside, [], 'links outside the console');
      await screenshot(page, 'user-connections');
      const total = (await api(demo, 'sources/user_connections/all/?page_size=1')).body.pagination.count;
      assert(total >= 1000, `seed has ${total} connections`);
      await page.getByText(`1–20 of ${total}`).waitFor();
      await page.getByRole('button', { name: 'Next ›' }).click();
      await page.waitForURL(/page=2/);
      await page.getByText(`21–40 of ${total}`).waitFor();
      // Ordering by a column header, descending on the second click.
      await page.getByRole('button', { name: /^ID/ }).click();
      await page.waitForURL(/ordering=-pk/);
      const maxId = (await api(demo, 'sources/user_connections/all/?ordering=-pk&page_size=1')).body.results[0].pk;
      await eventually(async () => Number(await page.locator('table.data tbody tr td').first().textContent()) === maxId, `descending order starts at ${maxId}`);
      // Search by identifier.
      const sample = (await api(demo, 'sources/user_connections/all/?page_size=1&page=7')).body.results[0];
      await page.locator('#list-search').fill(sample.identifier);
      await page.locator('#list-search').press('Enter');
      await page.waitForURL(/search=/);
      await eventually(async () => (await page.locator('table.data tbody').textContent()).includes(sample.identifier), 'search result');
      // Filter by source and by user (typed as a username).
      const slug = sample.source_obj.slug;
      await page.locator('#filter-source').selectOption(slug);
      await page.waitForURL(new RegExp(`source__slug=${slug}`));
      const user = (await api(demo, `core/users/${sample.user}/`)).body;
      await page.locator('#filter-user').fill(user.username);
      await page.locator('#filter-user').press('Enter');
      await page.waitForURL(new RegExp(`user=${sample.user}`));
      await page.reload();
      await eventually(async () => (await page.locator('table.data tbody').textContent()).includes(sample.identifier), 'same view after reload');
      assertEq(await page.locator('#filter-user').inputValue(), user.username, 'user filter shows the username');
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
      await signIn(page);
      const c = (await api(demo, 'sources/user_connections/all/3/')).body;
      const user = (await api(demo, `core/users/${c.user}/`)).body;
      await page.goto(`${site.url}/user-connections`);
      await page.locator('table.data tbody a', { hasText: /^3$/ }).first().click();
      await page.waitForURL(/\/user-connections\/3$/);
      await page.getByRole('heading', { name: 'User source connection 3' }).waitFor();
      await page.locator('#user-title').waitFor();
      await eventually(async () => (await page.locator('.cards').textContent()).includes(user.username), 'username in user card');
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
      await demoControl(demo, 'reset');
      await signIn(page);
      const before = (await api(demo, 'sources/user_connections/all/5/')).body;
      await page.goto(`${site.url}/user-connections/5/edit`);
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
      await eventually(async () => (await page.locator('.facts').textContent()).includes('fixed-identifier-42'), 'saved value shown');
      const puts = await requestsTo('PUT', 'user_connections/all/5/');
      assertEq(puts.length, 1, 'exactly one PUT (blank was caught locally)');
      assertEq(puts[0].body, { user: before.user, source: before.source, identifier: 'fixed-identifier-42' }, 'PUT body');
    },
  },
  {
    name: 'edit: an unknown source is reported under Source by the server',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      await page.goto(`${site.url}/user-connections/6/edit`);
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
      assertEq(await page.evaluate(() => document.activeElement.id), 'field-source', 'focus');
      assertEq(await select.inputValue(), '00000000-0000-0000-0000-000000000000', 'choice kept');
      assert(page.url().endsWith('/user-connections/6/edit'), 'still on the form');
    },
  },
  {
    name: 'edit: a duplicate (user, source) is a non-field message above the form',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      const [a, b] = await userWithTwoConnections();
      await page.goto(`${site.url}/user-connections/${a.pk}/edit`);
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
      await demoControl(demo, 'reset');
      await signIn(page);
      await page.goto(`${site.url}/user-connections/9`);
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
    name: 'forbidden is said in place; network loss offers a retry',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      await demoControl(demo, 'faults', { kind: 'forbidden', path_contains: 'user_connections', times: 1 });
      await page.goto(`${site.url}/user-connections`);
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      assert(page.url().endsWith('/user-connections'), 'no redirect to sign-in for a permission error');
      await demoControl(demo, 'faults', { kind: 'drop', path_contains: 'user_connections', times: 1 });
      await page.reload();
      // Through nginx a dropped upstream arrives as a 502.
      await page.getByText(/could not be reached|Cannot reach the server/).waitFor();
      await page.getByRole('button', { name: 'Try again' }).click();
      assert((await rowCount(page)) > 0, 'rows after retry');
    },
  },
  {
    name: 'session expiry mid-edit: sign in again and the draft is still there',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      await page.goto(`${site.url}/user-connections/7/edit`);
      await page.locator('#field-identifier').fill('typed-before-expiry');
      await demoControl(demo, 'faults', { kind: 'signed_out', method: 'PUT', times: 1 });
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/sign-in\?next=%2Fuser-connections%2F7%2Fedit/);
      await page.locator('#token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/user-connections\/7\/edit$/);
      await page.getByText('Unsaved changes from earlier in this tab were restored.').waitFor();
      assertEq(await page.locator('#field-identifier').inputValue(), 'typed-before-expiry', 'draft restored');
    },
  },
  {
    name: 'authentik 2024.8: connections are read-only and say so',
    async run({ page }) {
      await signIn(page, site24.url);
      await page.goto(`${site24.url}/user-connections`);
      assert((await rowCount(page)) > 0, 'rows');
      await page.goto(`${site24.url}/user-connections/1/edit`);
      await page.getByRole('heading', { name: 'Read-only on this authentik version' }).waitFor();
      assertEq(await page.getByRole('button', { name: 'Save' }).count(), 0, 'no save button');
      await page.goto(`${site24.url}/user-connections/1`);
      await page.locator('#source-title').waitFor();
      // Group connections: nested source shown, editing explained, creating not offered.
      await page.goto(`${site24.url}/group-connections`);
      assert((await rowCount(page)) > 0, 'group rows');
      await page.goto(`${site24.url}/group-connections/1`);
      await eventually(async () => (await page.locator('#source-title').locator('..').textContent()).includes('Slug'), 'nested source card');
      await page.goto(`${site24.url}/group-connections/1/edit`);
      await page.getByRole('heading', { name: 'Read-only on this authentik version' }).waitFor();
      assertEq(await page.getByRole('button', { name: /Save|Review changes/ }).count(), 0, 'no save button');
      await axe(page, 'read-only group connection (2024.8)');
    },
  },
  {
    name: 'group connections: PATCH carries only the changed field after a reviewed diff',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      await page.goto(`${site.url}/group-connections`);
      assert((await rowCount(page)) > 0, 'rows');
      await axe(page, 'group connection list');
      const before = (await api(demo, 'sources/group_connections/oauth/2/')).body;
      await page.goto(`${site.url}/group-connections/2`);
      await page.locator('#group-title').waitFor();
      const groupName = (await api(demo, `core/groups/${before.group}/`)).body.name;
      await eventually(async () => (await page.locator('.cards').textContent()).includes(groupName), 'group name resolved');
      // 2026.x sends no source_obj: the source card is filled by a lookup.
      await eventually(async () => (await page.locator('#source-title').locator('..').textContent()).includes('Slug'), 'source looked up');
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
      const patches = await requestsTo('PATCH', 'group_connections/oauth/2/');
      assertEq(patches.map((p) => p.body), [{ identifier: 'acme/renamed-team' }], 'PATCH body holds only the changed field');
    },
  },
  {
    name: 'group connections: create shows server errors, then creates',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      const existing = (await api(demo, 'sources/group_connections/oauth/1/')).body;
      await page.goto(`${site.url}/group-connections/new`);
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
      const groups = (await api(demo, 'core/groups/?page_size=100&ordering=name')).body.results;
      const taken = new Set((await api(demo, `sources/group_connections/oauth/?page_size=100&source__slug=${existing.source_obj ? existing.source_obj.slug : ''}`)).body.results.map((c) => c.group));
      let free = null;
      for (const g of groups) {
        const r = (await api(demo, `sources/group_connections/oauth/?group=${g.pk}`)).body.results;
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
  {
    name: 'refresh tokens: detail decodes the ID token; client_secret never reaches the page',
    async run({ page }) {
      await signIn(page, site24.url);
      const t = (await api(demo24, 'oauth2/refresh_tokens/?page_size=1')).body.results[0];
      const secret = t.provider.client_secret;
      assert(secret && secret.length > 3, '2024.8 sends a client_secret');
      await page.goto(`${site24.url}/refresh-tokens`);
      assert((await rowCount(page)) > 0, 'rows');
      await page.goto(`${site24.url}/refresh-tokens/${t.pk}`);
      await page.locator('#claims-title').waitFor();
      const claimsText = await page.locator('table.claims').textContent();
      for (const k of ['iss', 'sub', 'aud', 'exp', 'iat']) assert(claimsText.includes(k), `claim ${k}`);
      assert((await page.locator('table.claims time').count()) >= 2, 'times shown as times');
      await page.getByRole('button', { name: 'Show raw JSON' }).click();
      await page.locator('#raw-id-token').waitFor();
      await axe(page, 'refresh token detail');
      await screenshot(page, 'refresh-token-detail');
      const html = await page.content();
      assert(!html.includes(secret), 'client_secret absent from the page HTML');
      await page.goto(`${site24.url}/refresh-tokens`);
      await rowCount(page);
      assert(!(await page.content()).includes(secret), 'client_secret absent from the list');
    },
  },
  {
    name: 'refresh tokens: bulk revoke reports one injected failure and removes the rest',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      await page.goto(`${site.url}/refresh-tokens`);
      await rowCount(page);
      await page.getByText(/Expires|Expired|Revoked/).first().waitFor();
      const pks = (await page.locator('table.data tbody tr').evaluateAll((rows) => rows.slice(0, 3).map((r) => r.dataset.pk)));
      for (const pk of pks) await page.getByRole('checkbox', { name: `Select refresh token ${pk}` }).check();
      await demoControl(demo, 'faults', { kind: 'empty405', method: 'DELETE', path_contains: `refresh_tokens/${pks[1]}/`, times: 1 });
      await page.getByRole('button', { name: 'Revoke selected (3)' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
      await dialog.getByText('3 of 3').waitFor();
      const outcomes = await dialog.locator('.outcomes li').allTextContents();
      assertEq(outcomes.length, 3, 'an outcome per row');
      assert(outcomes[1].includes('failed'), `failure reported: ${outcomes[1]}`);
      assert(outcomes[0].includes('revoked') && outcomes[2].includes('revoked'), 'the others revoked');
      await screenshot(page, 'bulk-revoke');
      await dialog.getByRole('button', { name: 'Close' }).click();
      assertEq((await api(demo, `oauth2/refresh_tokens/${pks[0]}/`)).status, 404, 'first gone');
      assertEq((await api(demo, `oauth2/refresh_tokens/${pks[1]}/`)).status, 200, 'failed one kept');
      assertEq((await api(demo, `oauth2/refresh_tokens/${pks[2]}/`)).status, 404, 'third gone');
      await eventually(async () => (await page.locator(`tr[data-pk="${pks[0]}"]`).count()) === 0, 'list refreshed');
      await page.getByRole('button', { name: 'Revoke selected (1)' }).waitFor();
    },
  },
  {
    name: 'home: counts and connections per source',
    async run({ page }) {
      await signIn(page);
      await page.goto(`${site.url}/`);
      await eventually(async () => !(await page.locator('.tiles').textContent()).includes('…'), 'counts');
      await page.locator('.chart .bars li').first().waitFor();
      await axe(page, 'home');
      await screenshot(page, 'home');
    },
  },
  {
    name: 'out-of-range page: lands on the last page',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      const { total_pages: last } = (await api(demo, 'sources/user_connections/all/?page_size=20')).body.pagination;
      await page.goto(`${site.url}/user-connections?page=${last + 40}`);
      await page.waitForURL(new RegExp(`page=${last}(&|$)`));
      assert((await rowCount(page)) > 0, 'rows of the last page');
      await page.getByText(`Page ${last} of ${last}`).waitFor();
    },
  },
  {
    name: 'hostile data renders as text: markup, 10 KB values, RTL and emoji',
    async run({ page }) {
      await demoControl(demo, 'reset', { hostile: true });
      await signIn(page);
      await page.goto(`${site.url}/user-connections`);
      await rowCount(page);
      await page.locator('table.data').getByText('<img src=x onerror=alert(1)>').first().waitFor();
      const injected = () => page.evaluate(() => document.querySelectorAll('img[src="x"], img[onerror]').length
        + [...document.scripts].filter((s) => !s.src).length);
      assertEq(await injected(), 0, 'no element made from data');
      // A 10 KB identifier is clipped in the list with the full value in its title.
      const long = (await api(demo, 'sources/user_connections/all/?user=24&page_size=1')).body.results[0];
      assert(long.identifier.length >= 10000, 'seed has a 10 KB identifier');
      await page.goto(`${site.url}/user-connections?user=24`);
      const cell = page.locator(`tr[data-pk="${long.pk}"] a.clip`);
      await cell.waitFor();
      assertEq(await cell.getAttribute('title'), long.identifier, 'full value on hover');
      assert((await cell.boundingBox()).width < 400, 'clipped in the table');
      // The detail page wraps it without scrolling the page sideways.
      await page.goto(`${site.url}/user-connections/${long.pk}`);
      await page.locator('.facts').waitFor();
      await eventually(async () => (await page.locator('.facts').textContent()).includes(long.identifier), 'full value on the detail page');
      assert(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll');
      // Right-to-left text and emoji are shown as given.
      const rtl = (await api(demo, 'core/users/12/')).body.name;
      const rtlConn = (await api(demo, 'sources/user_connections/all/?user=12&page_size=1')).body.results[0];
      await page.goto(`${site.url}/user-connections/${rtlConn.pk}`);
      await page.locator('.cards').getByText(rtl).first().waitFor();
      // Group names and ID token claims too.
      await page.goto(`${site.url}/group-connections`);
      await rowCount(page);
      const token = (await api(demo, 'oauth2/refresh_tokens/?user=10&page_size=1')).body.results[0];
      if (token) {
        await page.goto(`${site.url}/refresh-tokens/${token.pk}`);
        await page.locator('.cards').getByText('<img src=x onerror=alert(1)>').first().waitFor();
      }
      assertEq(await injected(), 0, 'still no element made from data');
      await screenshot(page, 'hostile-data');
      await demoControl(demo, 'reset', { hostile: false });
    },
  },
  {
    name: 'slow server: progress shown, navigation works, the left view\'s request is aborted',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      const failed = [];
      page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
      await demoControl(demo, 'latency', { ms: 10000 });
      await page.getByRole('link', { name: 'User connections', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Loading' }).first().waitFor();
      await page.getByRole('link', { name: 'Refresh tokens', exact: true }).click();
      await page.waitForURL(/\/refresh-tokens$/);
      await page.getByRole('heading', { name: 'OAuth2 refresh tokens' }).waitFor();
      await eventually(async () => failed.some((f) => f.includes('user_connections') && /ABORTED/i.test(f)), 'user connection request aborted', 5000);
      await demoControl(demo, 'latency', { ms: 0 });
      // The token list arrives after the delay, and nothing of the left page replaces it.
      await page.locator('table.data tbody tr').first().waitFor({ timeout: 20000 });
      await page.waitForTimeout(300);
      assertEq((await page.locator('h1').textContent()).trim(), 'OAuth2 refresh tokens', 'still the token page');
      assert((await page.locator('table.data tbody a[href*="/refresh-tokens/"]').count()) > 0, 'rows are tokens');
    },
  },
  {
    name: 'keyboard only: from the list to a saved edit, with a visible focus ring',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      await page.goto(`${site.url}/user-connections`);
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
      await demoControl(demo, 'reset');
      await page.goto(`${site.url}/sign-in`);
      await page.locator('#token').waitFor();
      await axe(page, 'sign-in (dark)');
      await signIn(page);
      await page.goto(`${site.url}/user-connections`);
      await rowCount(page);
      await axe(page, 'user connection list (dark)');
      await screenshot(page, 'user-connections-dark');
      await page.goto(`${site.url}/user-connections/3`);
      await page.locator('.cards').waitFor();
      await axe(page, 'user connection detail (dark)');
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page.getByRole('dialog').waitFor();
      await axe(page, 'delete dialog (dark)');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await page.goto(`${site.url}/user-connections/3/edit`);
      const original = await page.locator('#field-identifier').inputValue();
      await page.locator('#field-identifier').fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('#field-identifier-error').waitFor();
      await axe(page, 'edit with errors (dark)');
      await screenshot(page, 'edit-errors-dark');
      // Put the value back so leaving raises no unsaved-changes prompt.
      await page.locator('#field-identifier').fill(original);
      await page.goto(`${site.url}/user-connections?search=no-such-connection-anywhere`);
      await page.locator('.empty').waitFor();
      await axe(page, 'empty list (dark)');
      await demoControl(demo, 'faults', { kind: 'html500', path_contains: 'refresh_tokens', times: 1 });
      await page.goto(`${site.url}/refresh-tokens`);
      await page.locator('.error-panel').waitFor();
      await axe(page, 'error panel (dark)');
    },
  },
  {
    name: '375 px wide: list, detail and edit fit the screen',
    viewport: { width: 375, height: 812 },
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      for (const [route, shot, ready] of [
        ['/user-connections', 'narrow-list', 'table.data tbody tr'],
        ['/user-connections/3', 'narrow-detail', '.cards'],
        ['/user-connections/3/edit', 'narrow-edit', '#field-identifier'],
        ['/refresh-tokens', 'narrow-tokens', 'table.data tbody tr'],
      ]) {
        await page.goto(`${site.url}${route}`);
        await page.locator(ready).first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `${route}: the page scrolls sideways by ${overflow}px`);
        await axe(page, shot);
        await screenshot(page, shot);
      }
    },
  },
  {
    name: 'deployment: nginx and Caddy configs serve headers, caching, precompressed assets, routes and the API',
    async run({ page }) {
      if (SUBPATH) return;
      const caddy = await startCaddy(demo, { dist: DIST });
      const index = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
      const wasm = index.match(/href="\/?([^"]+_bg\.wasm)"/)?.[1];
      assert(wasm, 'index.html preloads the wasm');
      for (const [name, base] of [['nginx', site.url], ['caddy', caddy.url]]) {
        const deep = await fetch(`${base}/user-connections/3/edit`);
        assertEq(deep.status, 200, `${name}: history route`);
        assert((await deep.text()).includes('<base href="/"'), `${name}: history route is index.html`);
        const csp = deep.headers.get('content-security-policy') || '';
        assert(csp.includes("script-src 'self' 'wasm-unsafe-eval'") && csp.includes("frame-ancestors 'none'") && !csp.includes('unsafe-inline'), `${name}: CSP (${csp})`);
        assertEq(deep.headers.get('x-content-type-options'), 'nosniff', `${name}: nosniff`);
        assertEq(deep.headers.get('referrer-policy'), 'same-origin', `${name}: referrer policy`);
        assert(/no-cache|max-age=0/.test(deep.headers.get('cache-control') || ''), `${name}: index.html revalidates`);
        const cfg = await fetch(`${base}/config.json`);
        assert(/no-cache|max-age=0/.test(cfg.headers.get('cache-control') || ''), `${name}: config.json revalidates`);
        const asset = await fetch(`${base}/${wasm}`, { headers: { 'accept-encoding': 'br, gzip' } });
        assertEq(asset.status, 200, `${name}: wasm`);
        assertEq(asset.headers.get('content-encoding'), 'br', `${name}: precompressed brotli`);
        assert(/max-age=(31536000|315360000)/.test(asset.headers.get('cache-control') || ''), `${name}: hashed asset cached for long (${asset.headers.get('cache-control')})`);
        const gz = await fetch(`${base}/${wasm}`, { headers: { 'accept-encoding': 'gzip' } });
        assertEq(gz.headers.get('content-encoding'), 'gzip', `${name}: precompressed gzip`);
        const apiAnswer = await fetch(`${base}/api/v3/core/users/me/`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        assertEq(apiAnswer.status, 200, `${name}: API proxied`);
      }
      // The proxy keeps Host and Origin and adds X-Forwarded-*, for authentik's CSRF check.
      await demoControl(demo, 'reset');
      await fetch(`${caddy.url}/api/v3/sources/group_connections/oauth/1/`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', origin: caddy.url },
        body: '{}',
      });
      const seen = (await demoControl(demo, 'requests')).find((r) => r.method === 'PATCH');
      assertEq(seen.headers.host, `127.0.0.1:${caddy.port}`, 'caddy passes Host');
      assertEq(seen.headers.origin, caddy.url, 'caddy passes Origin');
      assert(seen.headers['x-forwarded-for'], 'caddy adds X-Forwarded-For');
      // The console itself runs under Caddy's headers (CSP violations fail the scenario).
      await signIn(page, caddy.url);
      await page.goto(`${caddy.url}/user-connections`);
      assert((await rowCount(page)) > 0, 'rows through caddy');
    },
  },
  {
    name: 'session-cookie sign-in: writes carry the CSRF header from the authentik_csrf cookie',
    async run({ page }) {
      await demoControl(demo, 'reset');
      // The demo's stand-in for authentik's login flow sets the session and CSRF cookies for
      // the host; cookies ignore ports, so the console's origin sends them too.
      await page.goto(`${demo.url}/__demo/login?next=/api/v3/root/config/`);
      await page.goto(`${site.url}/sign-in`);
      await page.getByRole('button', { name: 'Use my authentik session' }).click();
      await page.getByText('Signed in as').first().waitFor();
      await page.goto(`${site.url}/group-connections/3/edit`);
      await page.locator('#field-identifier').fill('session-edit');
      await page.getByRole('button', { name: 'Review changes' }).click();
      await page.getByRole('button', { name: 'Confirm and save' }).click();
      await page.waitForURL(/\/group-connections\/3$/);
      assertEq((await api(demo, 'sources/group_connections/oauth/3/')).body.identifier, 'session-edit', 'saved with the session');
      const patch = (await requestsTo('PATCH', 'group_connections/oauth/3/'))[0];
      assertEq(patch.body, { identifier: 'session-edit' }, 'PATCH body');
    },
  },
  {
    name: 'double submit: one PUT however often Save is pressed, and the button says so',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page);
      await page.goto(`${site.url}/user-connections/4/edit`);
      await page.locator('#field-identifier').fill('saved-once');
      await demoControl(demo, 'latency', { ms: 1500 });
      const save = page.locator('form.edit-form button[type=submit]');
      await save.click();
      await eventually(async () => (await save.isDisabled()) && (await save.textContent()).includes('Saving'), 'button disabled and saying "Saving…"', 1000);
      await save.click({ force: true }).catch(() => {});
      await page.locator('#field-identifier').press('Enter');
      await page.waitForURL(/\/user-connections\/4$/);
      await demoControl(demo, 'latency', { ms: 0 });
      assertEq((await requestsTo('PUT', 'user_connections/all/4/')).length, 1, 'PUT requests');
    },
  },
  {
    name: 'an account without permissions: each screen says what it may not do, in place',
    async run({ page }) {
      await demoControl(demo, 'reset');
      await signIn(page, site.url, 'ak-demo-noperm-token');
      // Its own name, from core/users/me/, although it may not read users.
      await page.goto(`${site.url}/user-connections`);
      assertEq(await rowCount(page), 1, 'only its own connection');
      await page.locator('table.data').getByText('dave-noperm').waitFor();
      await page.goto(`${site.url}/group-connections`);
      await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
      assert((await page.locator('.error-panel').textContent()).includes('You do not have permission to perform this action.'), 'server words');
      assert(page.url().endsWith('/group-connections'), 'no redirect to sign-in');
      await page.goto(`${site.url}/user-connections/1`);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      // Its own connection can be edited, and the form says why no other source is offered.
      const own = (await api(demo, 'sources/user_connections/all/?user=9')).body.results[0];
      await page.goto(`${site.url}/user-connections/${own.pk}/edit`);
      await page.getByText('The list of sources could not be loaded').waitFor();
      await axe(page, 'edit without the source list');
    },
  },
];

// More scenarios, one file per area: each default-exports `(ctx) => [scenario, …]`.
const ctx = { site, site24, demo, demo24, SUBPATH, DIST, signIn, rowCount, requestsTo, screenshot, userWithTwoConnections };
const more = path.join(ROOT, 'e2e', 'scenarios');
for (const file of fs.existsSync(more) ? fs.readdirSync(more).filter((f) => f.endsWith('.mjs')).sort() : []) {
  const mod = await import(path.join(more, file));
  scenarios.push(...mod.default(ctx));
}

let results;
try {
  results = await run(scenarios, { filter });
} finally {
  stopAll();
}
const failed = results.filter((r) => !r.ok);
fs.writeFileSync(path.join(ARTIFACTS, 'summary.json'), JSON.stringify(results.map(({ error, ...r }) => ({ ...r, error: error && String(error) })), null, 2));
console.log(`\n${results.length - failed.length}/${results.length} end-to-end scenarios passed`);
process.exit(failed.length || results.length === 0 ? 1 : 0);
