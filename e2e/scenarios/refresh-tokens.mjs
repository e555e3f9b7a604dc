// OAuth2 refresh tokens: the decoded ID token without the provider's secret, and a bulk
// revoke that reports each outcome.
import { api, assert, assertEq, axe, demoControl, eventually } from '../harness.mjs';

export default ({ site24, demo, demo24, open, visit, rowCount, apiBody, screenshot }) => [
  {
    name: 'refresh tokens: detail decodes the ID token; client_secret never reaches the page',
    async run({ page }) {
      const t = (await apiBody('oauth2/refresh_tokens/?page_size=1', demo24)).results[0];
      const secret = t.provider.client_secret;
      assert(secret && secret.length > 3, '2024.8 sends a client_secret');
      await open(page, '/refresh-tokens', { site: site24 });
      assert((await rowCount(page)) > 0, 'rows');
      await visit(page, `/refresh-tokens/${t.pk}`, site24);
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
      await visit(page, '/refresh-tokens', site24);
      await rowCount(page);
      assert(!(await page.content()).includes(secret), 'client_secret absent from the list');
    },
  },
  {
    name: 'refresh tokens: bulk revoke reports one injected failure and removes the rest',
    async run({ page }) {
      await open(page, '/refresh-tokens', { reset: true });
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
];
