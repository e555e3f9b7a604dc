// node --test bench/resource-files.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { resourceFiles, resourceModule } from './resource-files.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const features = () => [...fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').matchAll(/^leave-out-([a-z0-9-]+)\s*=/gm)].map((m) => m[1]);

test('the module is the one the registry declares under the feature, whatever its file is called', () => {
  const modRs = `
pub static ALL: &[Declaration] = &[
    #[cfg(not(feature = "leave-out-refresh-tokens"))]
    declare::<refresh_tokens::RefreshTokens>(),
    #[cfg(not(feature = "leave-out-user-consents"))]
    declare::<consents::UserConsents>(),
];`;
  assert.equal(resourceModule(modRs, 'refresh-tokens'), 'refresh_tokens');
  assert.equal(resourceModule(modRs, 'user-consents'), 'consents');
  assert.equal(resourceModule(modRs, 'user'), null, 'a prefix of a feature is not that feature');
  assert.equal(resourceModule(modRs, 'sessions'), null);
});

test('every resource of Cargo.toml is counted in this tree, its own file among them', () => {
  const ids = features();
  assert.ok(ids.includes('user-consents'), `features: ${ids}`);
  for (const id of ids) {
    const files = resourceFiles(ROOT, id);
    assert.ok(files && files.length > 0, `${id}: no files (${files})`);
    assert.ok(files.some((f) => f.startsWith('src/resources/') && f !== 'src/resources/mod.rs'), `${id}: ${files}`);
  }
  assert.ok(resourceFiles(ROOT, 'user-consents').includes('src/resources/consents.rs'));
});
