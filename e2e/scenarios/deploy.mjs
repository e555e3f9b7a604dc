// Deployment: the shipped nginx and Caddy configs serve the console (headers, caching,
// precompressed assets, history routes) and pass the API through as authentik needs it.
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN, assert, assertEq, demoControl, startCaddy } from '../harness.mjs';

export default ({ site, demo, SUBPATH, DIST, reset, signIn, visit, sessionSignIn, rowCount, apiBody, requestsTo }) => [
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
      await reset();
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
      await visit(page, '/user-connections', caddy);
      assert((await rowCount(page)) > 0, 'rows through caddy');
    },
  },
  {
    name: 'deployment: config.json is asked for once, by the preload beside the wasm, under the base path',
    async run({ page }) {
      await page.goto(`${site.url}/sign-in`);
      await page.locator('#token').waitFor();
      // The console reads it before its first request: asked for with the wasm, not after.
      const asked = await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.endsWith('/config.json'))
        .map((e) => ({ path: new URL(e.name).pathname, by: e.initiatorType })));
      assertEq(asked.length, 1, `config.json asked for once: ${JSON.stringify(asked)}`);
      assertEq(asked[0].by, 'link', 'by the preload in index.html');
      assertEq(asked[0].path, `${SUBPATH}/config.json`, 'under the base path');
    },
  },
  {
    name: 'session-cookie sign-in: writes carry the CSRF header from the authentik_csrf cookie',
    async run({ page }) {
      await reset();
      await sessionSignIn(page);
      await visit(page, '/group-connections/3/edit');
      await page.locator('#field-identifier').fill('session-edit');
      await page.getByRole('button', { name: 'Review changes' }).click();
      await page.getByRole('button', { name: 'Confirm and save' }).click();
      await page.waitForURL(/\/group-connections\/3$/);
      assertEq((await apiBody('sources/group_connections/oauth/3/')).identifier, 'session-edit', 'saved with the session');
      const patch = (await requestsTo('PATCH', 'group_connections/oauth/3/'))[0];
      assertEq(patch.body, { identifier: 'session-edit' }, 'PATCH body');
    },
  },
];
