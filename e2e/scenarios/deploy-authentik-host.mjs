// The console on authentik's own host (deploy/nginx/authentik-host*.conf and
// deploy/caddy/Caddyfile.authentik-host*, as shipped): everything but the console is proxied
// to authentik — here the demo API's stand-in for authentik's login and invalidation flows
// and its websocket. At the root run the console is at `/` (the *-root files), in the
// sub-path run under /ak-admin/, from the same installed files. Also the container image's
// entrypoint, run outside a container (podman cannot run containers on these machines: see
// the README), with the nginx site it writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, assert, assertEq, demoControl, freePort, runNginx, startAuthentikHost } from '../harness.mjs';

export default ({ demo, SUBPATH, DIST, RELEASE, rowCount }) => {
  const where = SUBPATH ? `under ${SUBPATH}/` : 'at the root';

  /** The session cookie of the site, if any. */
  async function sessionCookie(context) {
    return (await context.cookies()).find((c) => c.name === 'authentik_session');
  }

  /**
   * Signed out → "Sign in with authentik" → authentik's login flow (its inline script runs:
   * the console's CSP is not on it; its websocket opens through the proxy) → back on the page
   * wanted, signed in with the session → the console's sign-out → authentik's invalidation
   * flow → back on the console's sign-in page, the authentik session ended.
   */
  async function roundTrip(page, context, host, { expectTokenForm = true } = {}) {
    const base = new URL(host.url).pathname.replace(/\/$/, '');
    await page.goto(`${host.url}/user-connections?page=2`);
    const login = page.getByRole('link', { name: 'Sign in with authentik' });
    await login.waitFor();
    assertEq(await page.locator('#token').count(), expectTokenForm ? 1 : 0, 'token form as config.json says');

    const flowAnswer = page.waitForResponse((r) => r.url().includes('/if/flow/default-authentication-flow/'));
    await login.click();
    const flow = await flowAnswer;
    assertEq(flow.headers()['content-security-policy'], undefined, 'authentik\'s page without the console\'s CSP');
    assertEq(flow.headers()['x-frame-options'], undefined, 'authentik\'s page without the console\'s frame header');
    const at = new URL(page.url());
    assertEq(at.pathname, '/if/flow/default-authentication-flow/', 'on authentik\'s login flow (via /flows/-/default/authentication/)');
    assertEq(at.searchParams.get('next'), `${base}/sign-in?via=authentik&next=%2Fuser-connections%3Fpage%3D2`, 'next comes back to the page wanted');
    // Its inline script ran (it enables the button), as authentik's login page needs.
    await page.locator('body[data-flow="ready"]').waitFor({ timeout: 5000 });
    const ws = await page.evaluate(() => new Promise((resolve) => {
      const s = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws/client/`);
      s.onmessage = (e) => { resolve(String(e.data)); s.close(); };
      s.onerror = () => resolve('websocket error');
      setTimeout(() => resolve('websocket timeout'), 5000);
    }));
    assertEq(ws, 'authentik-demo-ws', 'websocket to authentik through the proxy');
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.waitForURL((u) => u.pathname === `${base}/user-connections` && u.search === '?page=2', { timeout: 15000 });
    await page.getByText('Signed in as').first().waitFor();
    assert((await rowCount(page)) > 0, 'rows with the session');
    const cookie = await sessionCookie(context);
    assert(cookie, 'authentik\'s session cookie set on this site');
    const consoleAnswer = await fetch(`${host.url}/user-connections`);
    assert((consoleAnswer.headers.get('content-security-policy') || '').includes("frame-ancestors 'none'"), 'the console keeps its CSP');
    assertEq(consoleAnswer.headers.get('x-frame-options'), 'DENY', 'the console keeps its frame header');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    if (!new URL(page.url()).pathname.endsWith('/sign-in')) await page.goto(`${host.url}/sign-in`);
    const out = page.getByRole('link', { name: 'sign out of authentik' });
    await out.waitFor();
    await out.click();
    await page.waitForURL((u) => u.pathname === `${base}/sign-in`, { timeout: 15000 });
    await page.getByRole('link', { name: 'Sign in with authentik' }).waitFor();
    assertEq(await page.getByText('still signed in to authentik').count(), 0, 'not said to be still signed in');
    assertEq(await sessionCookie(context), undefined, 'session cookie cleared');
    const stale = await fetch(`${host.origin}/api/v3/core/users/me/`, { headers: { cookie: `authentik_session=${cookie.value}` } });
    assertEq(stale.status, 403, 'the ended session is refused by authentik');
  }

  const scenarios = [];
  for (const server of ['nginx', 'caddy']) {
    scenarios.push({
      name: `authentik host (${server}): sign in with authentik, use the console, sign out of authentik, ${where}`,
      async run({ page, context }) {
        const host = await startAuthentikHost(demo, { server, dist: DIST, subpath: SUBPATH });
        await roundTrip(page, context, host);
      },
    });
  }

  scenarios.push({
    name: `authentik host: headers only on the console, next only on this origin, authentik's paths proxied, ${where}`,
    async run() {
      for (const server of ['nginx', 'caddy']) {
        const host = await startAuthentikHost(demo, { server, dist: DIST, subpath: SUBPATH });
        const base = new URL(host.url).pathname.replace(/\/$/, '');
        for (const p of ['/if/flow/default-authentication-flow/', '/api/v3/root/config/', '/flows/-/default/invalidation/']) {
          const r = await fetch(`${host.origin}${p}`, { redirect: 'manual' });
          assert(r.status < 400, `${server}: ${p} reaches authentik (${r.status})`);
          assertEq(r.headers.get('content-security-policy'), null, `${server}: no console CSP on ${p}`);
        }
        const deep = await fetch(`${host.url}/users/5`);
        assertEq(deep.status, 200, `${server}: history route`);
        assert((await deep.text()).includes(`<base href="${base}/"`), `${server}: index.html with its base`);
        assert(deep.headers.get('content-security-policy')?.includes("script-src 'self' 'wasm-unsafe-eval'"), `${server}: console CSP`);
        if (base) {
          const bare = await fetch(`${host.origin}${base}`, { redirect: 'manual' });
          assert([301, 302, 308].includes(bare.status) && bare.headers.get('location').endsWith(`${base}/`), `${server}: ${base} → ${base}/`);
        }
        // authentik follows `next` only to a path on its own origin.
        for (const [next, expected] of [['https://evil.example/', '/'], ['//evil.example/x', '/'], [`${base}/users`, `${base}/users`]]) {
          const flow = `${host.origin}/if/flow/default-authentication-flow/?next=${encodeURIComponent(next)}`;
          const r = await fetch(flow, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user=' });
          assertEq(r.headers.get('location'), expected, `${server}: next ${next}`);
        }
      }
    },
  });

  scenarios.push({
    name: `container entrypoint: the image's nginx site and config.json from the environment, round trip ${where}`,
    async run({ page, context }) {
      // The image's /opt/ak-admin is the unpacked release; without one, the same layout from the work tree.
      let home = RELEASE;
      if (!home) {
        home = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-home-'));
        fs.symlinkSync(path.join(ROOT, 'dist'), path.join(home, 'console'));
        fs.symlinkSync(path.join(ROOT, 'scripts', 'install.sh'), path.join(home, 'install.sh'));
        fs.symlinkSync(path.join(ROOT, 'deploy'), path.join(home, 'deploy'));
      }
      // The Compose snippet sets the variables the entrypoint reads.
      const compose = fs.readFileSync(path.join(ROOT, 'deploy', 'container', 'compose.yml'), 'utf8');
      const entry = fs.readFileSync(path.join(ROOT, 'deploy', 'container', 'entrypoint.sh'), 'utf8');
      for (const v of compose.matchAll(/^\s+([A-Z_]+):\s/gm)) assert(entry.includes(`\${${v[1]}:-`), `compose sets ${v[1]}, which the entrypoint reads`);

      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-container-'));
      fs.chmodSync(work, 0o755);
      const port = await freePort();
      const env = {
        PATH: process.env.PATH,
        AK_ADMIN_HOME: home,
        AK_ADMIN_WWW: path.join(work, 'www'),
        AK_ADMIN_SITE: path.join(work, 'site.conf'),
        AK_ADMIN_CONFIG: path.join(work, 'none.json'),
        AUTHENTIK_UPSTREAM: `127.0.0.1:${demo.port}`,
        AK_ADMIN_PATH: SUBPATH || '/',
        AK_ADMIN_AUTH: 'session',
        AK_ADMIN_TITLE: 'Our "admin" console',
        AK_ADMIN_LISTEN: `127.0.0.1:${port}`,
      };
      const bad = spawnSync('sh', [path.join(home, 'deploy', 'container', 'entrypoint.sh'), 'true'], { env: { ...env, AK_ADMIN_AUTH: 'cookie' }, encoding: 'utf8' });
      assert(bad.status !== 0 && bad.stderr.includes('AK_ADMIN_AUTH must be token, session or both'), `a wrong setting is refused: ${bad.stderr}`);
      const r = spawnSync('sh', [path.join(home, 'deploy', 'container', 'entrypoint.sh'), 'true'], { env, encoding: 'utf8' });
      assertEq(r.status, 0, `entrypoint: ${r.stderr}`);
      const installed = path.join(work, 'www', SUBPATH.replace(/^\//, ''));
      assertEq(JSON.parse(fs.readFileSync(path.join(installed, 'config.json'), 'utf8')), { api_base: '/api/v3', auth: 'session', title: 'Our "admin" console' }, 'config.json from the environment');
      const site = fs.readFileSync(env.AK_ADMIN_SITE, 'utf8');
      const host = await runNginx(site, { port, url: `http://127.0.0.1:${port}${SUBPATH}` });
      // Behind a TLS proxy the container sees http: the scheme the browser used comes from
      // that proxy's X-Forwarded-Proto, which authentik's CSRF origin check needs.
      for (const [sent, expected] of [['https', 'https'], [undefined, 'http']]) {
        await fetch(`${host.origin}/api/v3/root/config/`, { headers: sent ? { 'x-forwarded-proto': sent } : {} });
        const seen = (await demoControl(demo, 'requests')).filter((r) => r.path.includes('root/config')).at(-1);
        assertEq(seen?.headers['x-forwarded-proto'], expected, `X-Forwarded-Proto with ${sent || 'none'} from the proxy in front`);
      }
      await roundTrip(page, context, host, { expectTokenForm: false });
      assertEq(await page.title(), 'Sign in · Our "admin" console', 'the title from the environment');
    },
  });
  return scenarios;
};
