// Session-cookie writes through the shipped proxy configs. authentik (Django) refuses a write
// with the session cookie unless the browser's Origin equals <scheme>://<Host it received>;
// the demo API enforces the same check, so a proxy that rewrites Host (nginx's `$host` drops
// a non-default port, and these tests always run on one) fails here as it fails on authentik.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, api, assert, assertEq, demoControl, startCaddy, startNginx } from '../harness.mjs';

export default ({ site, demo, SUBPATH, DIST, reset, visit, sessionSignIn, waitForText, apiBody }) => {
  /** Renames group connection 3 in the console at `s` (review, confirm) and returns the PATCH answer. */
  async function renameGroupConnection(page, s, identifier) {
    await visit(page, '/group-connections/3/edit', s);
    await page.locator('#field-identifier').fill(identifier);
    await page.getByRole('button', { name: 'Review changes' }).click();
    const answer = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v3/sources/group_connections/oauth/3/'));
    await page.getByRole('button', { name: 'Confirm and save' }).click();
    return answer;
  }

  /** The headers the demo API (standing in for authentik) received with the last `method`. */
  async function received(method) {
    const log = await demoControl(demo, 'requests');
    const hit = log.filter((r) => r.method === method).at(-1);
    assert(hit, `no ${method} reached the API`);
    return hit.headers;
  }

  return [
    {
      name: 'deploy csrf: session-cookie PATCH and DELETE in the console succeed through nginx on a non-default port',
      async run({ page }) {
        // Every shipped nginx config passes the Host the browser sent, port included.
        for (const file of ['ak-admin.conf', 'ak-admin-subpath.conf']) {
          const conf = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx', file), 'utf8');
          assert(/proxy_set_header Host \$http_host;/.test(conf) && !/proxy_set_header Host \$host;/.test(conf), `${file}: Host $http_host`);
        }
        await reset();
        await sessionSignIn(page, site.url);
        const patch = await renameGroupConnection(page, site, 'saved-through-nginx');
        assertEq(patch.status(), 200, `PATCH answer ${await patch.text()}`);
        await page.waitForURL(/\/group-connections\/3$/);
        assertEq((await apiBody('sources/group_connections/oauth/3/')).identifier, 'saved-through-nginx', 'saved with the session');
        const h = await received('PATCH');
        assertEq(h.host, `127.0.0.1:${site.port}`, 'Host as the browser sent it, port included');
        assertEq(h.origin, `http://127.0.0.1:${site.port}`, 'Origin');
        assertEq(h['x-forwarded-proto'], 'http', 'X-Forwarded-Proto');

        await visit(page, '/user-connections/9');
        await page.getByRole('button', { name: 'Delete…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        const del = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/v3/sources/user_connections/all/9/'));
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        assertEq((await del).status(), 204, 'DELETE answer');
        assertEq((await api(demo, 'sources/user_connections/all/9/')).status, 404, 'gone on the server');
        assertEq((await received('DELETE')).host, `127.0.0.1:${site.port}`, 'DELETE Host');
      },
    },
    {
      name: 'deploy csrf: a session-cookie PATCH in the console succeeds through Caddy, which keeps Host',
      async run({ page }) {
        if (SUBPATH) return; // The Caddyfile serves the console at the root.
        await reset();
        const caddy = await startCaddy(demo, { dist: DIST });
        await sessionSignIn(page, caddy.url);
        const patch = await renameGroupConnection(page, caddy, 'saved-through-caddy');
        assertEq(patch.status(), 200, `PATCH answer ${await patch.text()}`);
        await page.waitForURL(/\/group-connections\/3$/);
        assertEq((await apiBody('sources/group_connections/oauth/3/')).identifier, 'saved-through-caddy', 'saved with the session');
        // Caddy's reverse_proxy passes Host through unchanged by default and sets X-Forwarded-*.
        const h = await received('PATCH');
        assertEq(h.host, `127.0.0.1:${caddy.port}`, 'Host kept by Caddy');
        assertEq(h.origin, caddy.url, 'Origin');
        assertEq(h['x-forwarded-proto'], 'http', 'X-Forwarded-Proto');
        assertEq(h['x-forwarded-host'], `127.0.0.1:${caddy.port}`, 'X-Forwarded-Host');
      },
    },
    {
      name: 'deploy csrf: behind nginx with `Host $host` the same write gets authentik\'s exact 403 and changes nothing',
      async run({ page }) {
        await reset();
        // The config as shipped before: Host without the port.
        const old = await startNginx(demo, {
          dist: DIST,
          subpath: SUBPATH,
          configure: (s) => s.replace(/\$http_host;/g, '$host;'),
        });
        const before = (await apiBody('sources/group_connections/oauth/3/')).identifier;
        await sessionSignIn(page, old.url);
        const patch = await renameGroupConnection(page, old, 'must-not-be-saved');
        assertEq(patch.status(), 403, 'PATCH answer');
        assertEq(await patch.json(), {
          detail: `CSRF Failed: Origin checking failed - http://127.0.0.1:${old.port} does not match any trusted origins.`,
        }, 'authentik\'s words');
        assertEq((await received('PATCH')).host, '127.0.0.1', 'the port was dropped on the way');
        // The console says what the server said, and the object is unchanged.
        await waitForText(page.locator('main'), 'Origin checking failed', 'the refusal shown');
        assertEq((await apiBody('sources/group_connections/oauth/3/')).identifier, before, 'unchanged on the server');
        // An API token is not subject to the check, whatever the proxy does to Host.
        const bearer = await fetch(`${old.url.replace(SUBPATH, '')}/api/v3/sources/group_connections/oauth/3/`, {
          method: 'PATCH',
          headers: { authorization: 'Bearer ak-demo-admin-token', 'content-type': 'application/json', origin: old.url.replace(SUBPATH, '') },
          body: JSON.stringify({ identifier: before }),
        });
        assertEq(bearer.status, 200, 'Bearer write through the same proxy');
      },
    },
  ];
};
