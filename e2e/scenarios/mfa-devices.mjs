// MFA devices (`authenticators/admin/<kind>/`), on authentik 2026.2 (site) and 2024.8
// (site24): one kind's list at a time, rename (authentik's 400 under the field), delete, bulk
// delete with Stop, and the backup code planted among alice's static codes never reaching the
// page, a URL, the console or a CSV file.
import fs from 'node:fs';
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

/** demo-api/src/seed.rs `PLANTED_BACKUP_CODE`. */
const PLANTED = 'planted-backup-code-7q2m';

export default ({ site, site24, demo, demo24, open, visit, rowCount, waitForText, apiBody, withLatency, screenshot }) => {
  const modes = [
    ['2026.2', site, demo],
    ['2024.8', site24, demo24],
  ];

  /** The planted code is in the demo's answers (so its absence below means something), and
   * nowhere in the page, the address or the console. */
  async function noBackupCode(page, d, consoleLines, where) {
    const body = JSON.stringify(await apiBody('authenticators/admin/static/?page_size=100', d));
    assert(body.includes(PLANTED), 'the demo API sends the planted code (as authentik does)');
    const html = await page.content();
    assert(!html.includes(PLANTED), `${where}: backup code absent from the page`);
    assert(!page.url().includes(PLANTED), `${where}: backup code absent from the URL`);
    assert(!consoleLines.some((l) => l.includes(PLANTED)), `${where}: backup code absent from the console`);
  }

  const rows = (page) => page.locator('table.data tbody tr');

  return [
    ...modes.map(([v, s, d]) => ({
      name: `mfa devices (${v}): TOTP list, kind filter, search, confirmed and last used, detail; no backup code anywhere`,
      async run({ page, consoleLines }) {
        await open(page, '/mfa-devices', { reset: true, site: s });
        assertEq(await rowCount(page), 20, 'a full first page of TOTP devices');
        const total = (await apiBody('authenticators/admin/totp/?page_size=1', d)).pagination.count;
        assert(total > 20, `seed large enough to page (${total})`);
        await page.getByText(/Page 1 of \d+/).first().waitFor();
        // Search by name: alice's two TOTP devices, the unconfirmed one said so.
        await page.getByRole('searchbox').fill('alice');
        await page.getByRole('searchbox').press('Enter');
        await page.waitForURL(/search=alice/);
        await eventually(async () => (await rows(page).count()) === 2, "alice's two TOTP devices");
        await waitForText(page.locator('table.data'), 'Unconfirmed', 'the unconfirmed device flagged');
        const users = await page.locator('table.data tbody tr .username').allTextContents();
        if (v === '2026.2') assertEq(users, ['alice', 'alice'], 'their user');
        else assertEq(users, [], '2024.8 does not send the user');
        await axe(page, `mfa list ${v}`);
        await screenshot(page, `mfa-devices-${v}`);

        // The Kind filter: static devices (backup codes), then the kinds the release has.
        await page.locator('#filter-kind').selectOption('static');
        await page.waitForURL(/kind=static/);
        await eventually(async () => (await rows(page).first().textContent()).includes('alice backup codes'), 'static devices listed');
        const offered = await page.locator('#filter-kind option').evaluateAll((o) => o.map((x) => x.value));
        const current = ['', 'static', 'webauthn', 'duo', 'sms', 'email', 'endpoint'];
        assertEq(offered, v === '2026.2' ? current : current.slice(0, 5), 'kinds of this release');
        const asked = (await demoControl(d, 'requests')).filter((r) => r.path.includes('authenticators/admin/static/'));
        assert(asked.length >= 1 && asked.every((r) => !/user=/.test(r.query ?? '')), 'the static endpoint, never with ?user=');
        await noBackupCode(page, d, consoleLines, 'static list');

        // Detail of the static device: facts, no codes; then a WebAuthn device's type.
        const key = await rows(page).first().getAttribute('data-pk');
        assertEq(key, 'static-1', 'keys name the kind');
        await visit(page, `/mfa-devices/${key}`, s);
        await page.getByRole('heading', { name: /Static \(backup codes\) alice backup codes/ }).waitFor();
        await waitForText(page.locator('.facts'), 'never shown here', 'the codes are named, not shown');
        await noBackupCode(page, d, consoleLines, 'static detail');
        await visit(page, '/mfa-devices/webauthn-1', s);
        await waitForText(page.locator('.facts'), 'YubiKey 5 Series with NFC', 'the authenticator model');
        await waitForText(page.locator('.facts'), '2fc0579f-8113-47ea-b116-bb5a8db9202a', 'the AAGUID');
        await axe(page, `mfa detail ${v}`);
        await visit(page, '/mfa-devices/totp-2', s);
        await waitForText(page.locator('.facts'), 'Unconfirmed', 'confirmed read from admin/all');
        await waitForText(page.locator('.cards'), v === '2026.2' ? 'alice' : 'does not say whose', 'user card');
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `mfa devices (${v}): the CSV of the static devices has no backup code`,
      async run({ page, consoleLines }) {
        await open(page, '/mfa-devices?kind=static', { reset: true, site: s });
        await rowCount(page);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export CSV' }).click(),
        ]);
        const text = fs.readFileSync(await download.path(), 'utf8');
        assert(text.includes('alice backup codes'), 'the static devices are in the file');
        assert(!text.includes(PLANTED) && !text.includes('token_set'), 'no backup code, no token_set column');
        await noBackupCode(page, d, consoleLines, 'after export');
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `mfa devices (${v}): rename shows authentik's 400 under the field, then saves the name alone`,
      async run({ page, consoleLines }) {
        await open(page, '/mfa-devices/static-1/edit', { reset: true, site: s });
        const field = page.locator('#field-name');
        await field.waitFor();
        await field.fill('x'.repeat(65));
        await page.getByRole('button', { name: 'Review changes' }).click();
        await page.getByRole('region', { name: 'Review the changes' }).getByRole('button', { name: 'Confirm and save' }).click();
        await waitForText(page.locator('#field-name-error'), 'Ensure this field has no more than 64 characters.', "authentik's message under the field");
        assertEq(await field.getAttribute('aria-invalid'), 'true', 'aria-invalid');
        await axe(page, `mfa rename error ${v}`);
        await field.fill('alice recovery codes');
        await page.getByRole('button', { name: 'Review changes' }).click();
        await page.getByRole('region', { name: 'Review the changes' }).getByRole('button', { name: 'Confirm and save' }).click();
        await page.waitForURL(/\/mfa-devices\/static-1$/);
        const patches = (await demoControl(d, 'requests')).filter((r) => r.method === 'PATCH');
        assertEq(patches.map((p) => [p.path.replace(/^.*\/api\/v3\//, ''), p.body]), [
          ['authenticators/admin/static/1/', { name: 'x'.repeat(65) }],
          ['authenticators/admin/static/1/', { name: 'alice recovery codes' }],
        ], 'PATCH name only, at the kind\'s endpoint');
        assertEq((await apiBody('authenticators/admin/static/1/', d)).name, 'alice recovery codes', 'renamed');
        await page.getByRole('heading', { name: /alice recovery codes/ }).waitFor();
        // The PATCH answer carried the codes too: still nowhere.
        await noBackupCode(page, d, consoleLines, 'after rename');
        // History: the rename is in authentik's event log under the kind's model.
        const history = page.getByRole('region', { name: 'History' });
        await waitForText(history, 'PATCH /api/v3/authenticators/admin/static/1/', 'the rename in the history');
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `mfa devices (${v}): delete with confirmation`,
      async run({ page }) {
        await open(page, '/mfa-devices/totp-2', { reset: true, site: s });
        await page.getByRole('button', { name: 'Delete…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden' });
        assertEq((await api(d, 'authenticators/admin/totp/2/')).status, 200, 'kept after cancel');
        await page.getByRole('button', { name: 'Delete…' }).click();
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await page.waitForURL(/\/mfa-devices$/);
        await page.getByText('MFA device totp-2 deleted.').waitFor();
        assertEq((await api(d, 'authenticators/admin/totp/2/')).status, 404, 'gone on the server');
        const log = await demoControl(d, 'requests');
        assert(!log.some((r) => r.path.includes('used_by')), 'no used_by/ (the admin device endpoints have none)');
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `mfa devices (${v}): bulk delete with Stop reports every request sent`,
      async run({ page }) {
        await open(page, '/mfa-devices', { reset: true, site: s });
        await rowCount(page);
        await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
        await page.getByRole('button', { name: 'Delete selected (20)' }).click();
        const dialog = page.getByRole('dialog');
        await withLatency(400, async () => {
          await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
          await eventually(async () => /\b([2-9]|1\d) of 20(?!\d)/.test(await dialog.textContent()), 'the run under way', 10000);
          await dialog.getByRole('button', { name: 'Stop' }).click();
          await dialog.getByRole('button', { name: 'Close' }).waitFor({ timeout: 5000 });
        }, d);
        await page.waitForTimeout(1000);
        const sent = (await demoControl(d, 'requests')).filter((r) => r.method === 'DELETE' && r.path.includes('authenticators/admin/totp/'));
        const items = await dialog.locator('.outcomes li').allTextContents();
        assert(sent.length >= 2 && sent.length < 20, `stopped mid-run (${sent.length} sent)`);
        assertEq(items.filter((t) => /: (deleted|failed)/.test(t)).length, sent.length, 'every sent request reported');
        assertEq(items.filter((t) => t.endsWith(': not sent')).length, 20 - sent.length, 'the rest not sent');
        for (const r of sent) assertEq((await api(d, r.path.replace(/^.*\/api\/v3\//, ''))).status, 404, `${r.path} gone`);
        await axe(page, `mfa bulk ${v}`);
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `mfa devices (${v}): the user page counts alice's devices of every kind; sign out everywhere removes them only when asked, an injected failure reported`,
      async run({ page, consoleLines }) {
        await open(page, '/users/6', { reset: true, site: s });
        const hers = (await apiBody('authenticators/admin/all/?user=6', d));
        assertEq(hers.length, v === '2026.2' ? 8 : 6, "alice's devices of every kind");
        const card = page.locator('#kind-mfa-devices').locator('xpath=..');
        await eventually(async () => ((await card.locator('.count').textContent().catch(() => '')) ?? '').trim() === `${hers.length} MFA devices`, `card says ${hers.length} MFA devices`, 15000);
        const listed = await card.locator('li').allTextContents();
        assertEq(listed.length, hers.length, 'every device listed (one plain array, no paging)');
        assert(listed.some((t) => t.startsWith('static-1 ') && t.includes('alice backup codes')), `static device: ${listed}`);
        assert(listed.some((t) => t.includes('unconfirmed')), 'the unconfirmed one said so');
        assertEq(await card.getByRole('link', { name: /^All \d+ in the list$/ }).count(), 0, 'no link to a list that cannot be filtered by user');
        await noBackupCode(page, d, consoleLines, 'user page');
        const allBefore = (await apiBody('authenticators/admin/all/', d)).length;

        // Off by default: the plan lists no device.
        const optIn = page.getByLabel('Also remove MFA devices');
        assertEq(await optIn.isChecked(), false, 'opt-in off by default');
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        let plan = (await dialog.locator('ul.plan li').allTextContents()).map((t) => t.trim());
        assert(!plan.some((t) => t.startsWith('MFA devices')), `no devices unless asked: ${plan}`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden' });

        // Asked for: every device read as alice's, one failing.
        await optIn.check();
        await demoControl(d, 'faults', { kind: 'empty405', method: 'DELETE', path_contains: 'authenticators/admin/static/1/', times: 1 });
        await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
        await dialog.waitFor();
        plan = (await dialog.locator('ul.plan li').allTextContents()).map((t) => t.trim());
        assert(plan.includes(`MFA devices: ${hers.length}`), `devices in the plan: ${plan}`);
        await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
        // The run's summary (`#run-summary` once sign out everywhere runs on the App's run machine).
        const summary = page.locator('#run-summary');
        await eventually(async () => (await summary.inputValue()).length > 0, 'summary', 20000);
        const text = await summary.inputValue();
        assert(text.includes('failed: MFA device static-1'), text);
        const left = await apiBody('authenticators/admin/all/?user=6', d);
        assertEq(left.map((x) => x.name), ['alice backup codes'], 'only the failed device remains');
        assertEq((await apiBody('authenticators/admin/all/', d)).length, allBefore - hers.length + 1, "nobody else's device removed");
        const deletes = (await demoControl(d, 'requests')).filter((r) => r.method === 'DELETE' && r.path.includes('authenticators/'));
        assertEq(deletes.length, hers.length, 'one DELETE per device listed');
        assert(deletes.every((r) => !r.path.includes('/all/')), 'each at its kind\'s endpoint');
        await noBackupCode(page, d, consoleLines, 'after the run');
      },
    })),
    ...modes.map(([v, s, d]) => ({
      name: `mfa devices (${v}): an account that is not a superuser is told what authentik's answer about devices means`,
      async run({ page }) {
        await open(page, '/users/6', { reset: true, site: s, token: 'ak-demo-noperm-token' });
        const card = page.locator('#kind-mfa-devices').locator('xpath=..');
        await eventually(async () => !(await card.textContent()).includes('Reading…'), 'devices read', 15000);
        const text = await card.textContent();
        if (v === '2026.2') {
          // authentik answers 200 [] (capture 884): never shown as "0 MFA devices".
          assert(text.includes('cannot tell “none” from “not allowed”'), text);
        } else {
          assert(text.includes('Not allowed'), text);
        }
        assert(!/\b0 MFA devices\b/.test(text), `no count of none: ${text}`);
      },
    })),
    {
      name: 'mfa devices: 375 px wide list, detail and rename fit the screen',
      viewport: { width: 375, height: 812 },
      async run({ page }) {
        await open(page, '/mfa-devices', { reset: true });
        for (const [route, ready] of [
          ['/mfa-devices', 'table.data tbody tr'],
          ['/mfa-devices/webauthn-1', '.cards'],
          ['/mfa-devices/totp-1/edit', '#field-name'],
        ]) {
          await visit(page, route);
          await page.locator(ready).first().waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert(overflow <= 0, `${route}: the page scrolls sideways by ${overflow}px`);
          await axe(page, `${route} at 375 px`);
        }
      },
    },
  ];
};
