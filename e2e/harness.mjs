// Starts the demo API and nginx (with the README's config), drives headless Chromium,
// keeps screenshots of failures. No test framework: plain async functions and asserts.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = process.env.E2E_ARTIFACTS || path.join(ROOT, 'e2e', 'artifacts');
export const ADMIN_TOKEN = 'ak-demo-admin-token';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
const children = [];
fs.mkdirSync(ARTIFACTS, { recursive: true });

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, what, proc) {
  const started = Date.now();
  while (Date.now() - started < 30000) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with ${proc.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start (${url})`);
}

function launch(cmd, args, name, env = process.env) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const log = fs.createWriteStream(path.join(ARTIFACTS, `${name}.log`));
  proc.stdout.pipe(log);
  proc.stderr.pipe(log);
  children.push(proc);
  return proc;
}

export async function startDemo(compat, extra = []) {
  const bin = process.env.DEMO_API_BIN || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'release', 'demo-api');
  const port = await freePort();
  const proc = launch(bin, ['--port', String(port), '--compat', compat, ...extra], `demo-api-${compat}-${port}`);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/v3/root/config/`, 'demo-api', proc);
  return { url, port, proc };
}

/**
 * nginx with deploy/nginx/ak-admin.conf; only listen, root and proxy_pass are replaced.
 * `configure` may change the shipped server block further (to show what a wrong setting does).
 */
export async function startNginx(demo, { dist = path.join(ROOT, 'dist'), subpath = '', configure = (s) => s } = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-nginx-'));
  const file = subpath ? 'ak-admin-subpath.conf' : 'ak-admin.conf';
  const root = subpath ? underSubpath(dir, dist, subpath) : dist;
  let site = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx', file), 'utf8');
  site = site
    .replace(/^(\s*)listen\s+[^;]+;/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)root\s+[^;]+;/m, `$1root ${root};`)
    .replace(/^(\s*)proxy_pass\s+[^;]+;/m, `$1proxy_pass http://127.0.0.1:${demo.port};`);
  site = configure(site);
  return runNginx(site, { dir, port, url: `http://127.0.0.1:${port}${subpath.replace(/\/$/, '')}` });
}

/** A folder whose `<subpath>` is `dist` (a symlink), for configs that serve <root>/<subpath>/. */
function underSubpath(dir, dist, subpath) {
  const root = path.join(dir, 'www');
  fs.mkdirSync(root, { recursive: true });
  // nginx workers run unprivileged and must be able to walk into the temporary folder.
  fs.chmodSync(dir, 0o755);
  const link = path.join(root, subpath.replace(/^\/|\/$/g, ''));
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(dist, link);
  return root;
}

/**
 * The console on authentik's host (deploy/nginx/authentik-host.conf under `subpath`,
 * authentik-host-root.conf at the root, or the Caddyfiles of the same names), everything
 * else proxied to the demo API. Only listen, root and the upstream are replaced (Caddy: set
 * by environment variables). `url` is the console's address; `origin` the site's.
 */
export async function startAuthentikHost(demo, { server, dist, subpath = '' }) {
  const sub = subpath.replace(/\/$/, '');
  const suffix = sub ? '' : '-root';
  if (server === 'caddy') {
    return startCaddy(demo, { dist, file: `Caddyfile.authentik-host${suffix}`, subpath: sub });
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-nginx-'));
  const root = sub ? underSubpath(dir, dist, sub) : dist;
  let site = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx', `authentik-host${suffix}.conf`), 'utf8');
  site = site
    .replace(/^(\s*)listen\s+[^;]+;/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)root\s+[^;]+;/m, `$1root ${root};`)
    .replace(/^(\s*)server\s+authentik\.internal:9000;/m, `$1server 127.0.0.1:${demo.port};`);
  if (sub && sub !== '/ak-admin') site = site.replaceAll('/ak-admin', sub);
  return runNginx(site, { dir, port, url: `http://127.0.0.1:${port}${sub}` });
}

/** nginx serving `site` (one or more server blocks, as in conf.d/) the way Debian's nginx.conf
 * includes it, on `port`; waits until `url`/config.json answers. */
export async function runNginx(site, { dir, port, url }) {
  dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-nginx-'));
  // Load the brotli module the way Debian's /etc/nginx/nginx.conf does.
  const modules = ['ngx_http_brotli_filter_module', 'ngx_http_brotli_static_module']
    .map((m) => `/usr/lib/nginx/modules/${m}.so`)
    .filter((f) => fs.existsSync(f))
    .map((f) => `load_module ${f};`)
    .join('\n');
  // Started as root, nginx would hand requests to "nobody", who may not read a checkout
  // under a private home directory; keep the workers as the user running the tests.
  const user = process.getuid && process.getuid() === 0 ? 'user root root;' : '';
  const conf = `${modules}
${user}
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${site}
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const proc = launch(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], `nginx-${port}`);
  await waitFor(`${url}/config.json`, 'nginx', proc);
  return { url, origin: `http://127.0.0.1:${port}`, port, proc, dir };
}

/** Caddy with deploy/caddy/<file> (the Caddyfile by default); only its environment
 * placeholders are set. */
export async function startCaddy(demo, { dist = path.join(ROOT, 'dist'), file = 'Caddyfile', subpath = '' } = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-caddy-'));
  const env = {
    ...process.env,
    HOME: dir,
    XDG_DATA_HOME: dir,
    XDG_CONFIG_HOME: dir,
    CADDY_ADMIN: 'off',
    AK_ADMIN_ADDRESS: `http://127.0.0.1:${port}`,
    AK_ADMIN_ROOT: dist,
    AK_ADMIN_PATH: subpath,
    AUTHENTIK_UPSTREAM: `127.0.0.1:${demo.port}`,
  };
  const proc = launch('caddy', ['run', '--config', path.join(ROOT, 'deploy', 'caddy', file), '--adapter', 'caddyfile'], `caddy-${port}`, env);
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}${subpath}`;
  await waitFor(`${url}/config.json`, 'caddy', proc);
  return { url, origin, port, proc };
}

/**
 * Installs the console with an unpacked release's install.sh (`release`: its folder) — or
 * with scripts/install.sh from a built `dist/` — into a new folder, for `base` (`/` or
 * `/ak-admin/`): the same files serve at the root and under any sub-path.
 */
export function installConsole({ release, dist }, base = '/') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-installed-'));
  fs.chmodSync(dir, 0o755);
  const target = path.join(dir, 'console');
  const script = release ? path.join(release, 'install.sh') : path.join(ROOT, 'scripts', 'install.sh');
  const args = [script, target, '--base', base, ...(release ? [] : ['--from', dist])];
  const r = spawnSync('sh', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`install.sh failed (${r.status}): ${r.stderr}`);
  return target;
}

export async function demoControl(demo, what, body) {
  const r = await fetch(`${demo.url}/__demo/${what}`, {
    method: body === undefined && what === 'requests' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`demo control ${what}: ${r.status}`);
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}

export async function api(demo, pathAndQuery, init = {}) {
  const r = await fetch(`${demo.url}/api/v3/${pathAndQuery}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...(init.headers || {}) },
  });
  const text = await r.text();
  let body = text;
  try { body = JSON.parse(text); } catch {}
  return { status: r.status, body };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Polls until `fn` returns truthy (or throws the last error after `ms`). */
export async function eventually(fn, what, ms = 10000) {
  const started = Date.now();
  let last;
  while (Date.now() - started < ms) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(v) {
  return JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]]))
    : x));
}

export function assertEq(actual, expected, msg) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new Error(`${msg}: expected ${e}, got ${a}`);
}

const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core on the current page state: any violation fails with its rule and targets. */
export async function axe(page, label) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
  });
  if (violations.length) throw new Error(`axe violations on ${label}: ${violations.join(' | ')}`);
}

/** Runs the scenarios; each gets a fresh browser context (no storage, no cookies). */
export async function run(scenarios, { filter } = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchBrowser();
  const results = [];
  for (const s of scenarios) {
    if (filter && !s.name.includes(filter)) continue;
    const context = await browser.newContext({ viewport: s.viewport || { width: 1280, height: 900 }, colorScheme: s.colorScheme || 'light' });
    const page = await context.newPage();
    const consoleLines = [];
    const problems = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', async (d) => {
      problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
      await d.dismiss();
    });
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const started = Date.now();
    let error = null;
    try {
      await s.run({ page, context, consoleLines });
      const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
      const cspConsole = consoleLines.filter((l) => /Content Security Policy/i.test(l));
      if (csp.length || cspConsole.length) throw new Error(`CSP violations: ${[...csp, ...cspConsole].join(' | ')}`);
      // A wasm panic kills the app: none may appear in any scenario.
      const panics = consoleLines.filter((l) => /panicked|RuntimeError|unreachable/i.test(l));
      if (panics.length) throw new Error(`panic in console: ${panics.join(' | ')}`);
      // The API token never reaches the page, the console or the address bar.
      const html = await page.content().catch(() => '');
      const leaks = [
        html.includes(ADMIN_TOKEN) && 'page HTML',
        consoleLines.some((l) => l.includes(ADMIN_TOKEN)) && 'console',
        page.url().includes(ADMIN_TOKEN) && 'URL',
      ].filter(Boolean);
      if (leaks.length) throw new Error(`API token leaked into: ${leaks.join(', ')}`);
      if (problems.length) throw new Error(problems.join(' | '));
    } catch (e) {
      error = e;
      const shot = path.join(ARTIFACTS, `${s.name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      fs.writeFileSync(shot.replace(/\.png$/, '.console.txt'), consoleLines.join('\n'));
    }
    await context.close();
    const ms = Date.now() - started;
    results.push({ name: s.name, ok: !error, ms, error });
    console.log(`${error ? 'FAIL' : 'ok  '} ${s.name} (${ms} ms)${error ? `\n     ${error.stack || error}` : ''}`);
  }
  await browser.close();
  return results;
}

export function stopAll() {
  for (const c of children) {
    try { c.kill('SIGTERM'); } catch {}
  }
}
process.on('exit', stopAll);
process.on('SIGINT', () => { stopAll(); process.exit(130); });
