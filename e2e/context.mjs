// What every scenario file receives as `ctx`: the servers the run started and the helpers
// that open most scenarios (reset the demo API, sign in, open a page). Helpers default to
// the 2026.2 pair (`site`, `demo`); pass `site24` / `demo24` for authentik 2024.8.
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN, ARTIFACTS, ROOT, api, demoControl, eventually } from './harness.mjs';

// Screenshots for the README: always kept with the artifacts; copied into docs/ when asked.
const SHOTS = [path.join(ARTIFACTS, 'screenshots')];
if (process.env.UPDATE_SCREENSHOTS) SHOTS.push(path.join(ROOT, 'docs', 'screenshots'));

export function scenarioContext({ site, site24, demo, demo24, SUBPATH, DIST, RELEASE }) {
  /** The demo API behind a console site (the 2024.8 one for `site24`). */
  const demoBehind = (s) => (s === site24 ? demo24 : demo);

  async function screenshot(page, name) {
    for (const dir of SHOTS) {
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
    }
  }

  /** Back to the seed: objects, faults, request log and latency (`opts`: `{ hostile }`). */
  async function reset(d = demo, opts) {
    await demoControl(d, 'reset', opts);
  }

  /** Waits for the sign-in page to show `form` or, when the tab is signed in already, the card
   * that says so (the page offers no form over an account): then presses its `button`. */
  async function pastSignedIn(page, form, button) {
    const card = page.locator('#signed-in');
    await form.or(card).first().waitFor();
    if (await card.isVisible()) await card.getByRole(...button).click();
  }

  async function signIn(page, base = site.url, token = ADMIN_TOKEN) {
    await page.goto(`${base}/sign-in`);
    await pastSignedIn(page, page.locator('#token'), ['button', { name: 'Sign out first' }]);
    await page.locator('#token').fill(token);
    // The scenarios reload pages, which only a remembered token survives.
    await page.locator('#remember').check();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Signed in as').first().waitFor();
    // Let the landing page finish its requests, so faults set next meet the page under test.
    await page.waitForLoadState('networkidle');
  }

  /** Loads a console route (`/user-connections?page=2`) on `s`. */
  async function visit(page, route, s = site) {
    await page.goto(`${s.url}${route}`);
  }

  /**
   * The usual opening: reset the demo API behind `s` if `reset`, sign in with `token`, load
   * `route`. Waits for nothing on that page: the scenario says what it waits for.
   */
  async function open(page, route, { reset: fresh = false, site: s = site, token = ADMIN_TOKEN } = {}) {
    if (fresh) await reset(demoBehind(s));
    await signIn(page, s.url, token);
    await visit(page, route, s);
  }

  /** Fills the token on the sign-in page shown and presses Sign in (no remember, no wait). */
  async function submitToken(page, token) {
    await page.locator('#token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** "Use my authentik session": the demo's login flow sets the session and CSRF cookies for
   * 127.0.0.1 (cookies ignore ports), then the console at `base` signs in with them. */
  async function sessionSignIn(page, base = site.url) {
    await page.goto(`${demo.url}/__demo/login?next=/api/v3/root/config/`);
    await page.goto(`${base}/sign-in`);
    // The console may have picked the session up at start-up: then it is in use already.
    const use = page.getByRole('button', { name: 'Use my authentik session' });
    await pastSignedIn(page, use, ['link', { name: 'Go on to the console' }]);
    if (await use.isVisible()) await use.click();
    await page.getByText('Signed in as').first().waitFor();
  }

  async function rowCount(page) {
    await page.locator('table.data tbody tr').first().waitFor();
    return page.locator('table.data tbody tr').count();
  }

  /** Waits until `locator`'s text contains `text`. */
  async function waitForText(locator, text, what, ms) {
    await eventually(async () => (await locator.textContent()).includes(text), what, ms);
  }

  /** The body of GET /api/v3/<pathAndQuery>, read with the admin token. */
  async function apiBody(pathAndQuery, d = demo) {
    return (await api(d, pathAndQuery)).body;
  }

  async function requestsTo(method, pathPart) {
    const log = await demoControl(demo, 'requests');
    return log.filter((r) => r.method === method && r.path.includes(pathPart));
  }

  /** Runs `fn` while the demo API answers `ms` late; latency is back to 0 afterwards, whatever happens. */
  async function withLatency(ms, fn, d = demo) {
    await demoControl(d, 'latency', { ms });
    try {
      return await fn();
    } finally {
      await demoControl(d, 'latency', { ms: 0 });
    }
  }

  /** A user with connections to two sources, for provoking the unique-together error. */
  async function userWithTwoConnections() {
    const { results } = await apiBody('sources/user_connections/all/?page_size=100&ordering=user');
    const byUser = new Map();
    for (const c of results) {
      if (!byUser.has(c.user)) byUser.set(c.user, []);
      byUser.get(c.user).push(c);
    }
    for (const conns of byUser.values()) if (conns.length >= 2 && conns[0].source !== conns[1].source) return conns;
    throw new Error('seed has no user with two connections');
  }

  return {
    site, site24, demo, demo24, SUBPATH, DIST, RELEASE,
    reset, signIn, visit, open, submitToken, sessionSignIn,
    rowCount, waitForText, apiBody, requestsTo, withLatency, screenshot, userWithTwoConnections,
  };
}
