// End-to-end scenarios: the release build served by nginx (deploy/nginx/ak-admin.conf),
// /api/v3/ proxied to the demo API, driven in headless Chromium.
//   node e2e/run.mjs [name-filter]     run the scenarios whose name contains the filter
//   node e2e/run.mjs <file>.mjs        run the scenarios of one file of e2e/scenarios/
//   node e2e/run.mjs --list [filter]   print their names and count; starts nothing
//
// Scenarios live in e2e/scenarios/, one file per area (a resource, sign-in, deployment…).
// Every *.mjs file there is picked up, in file-name order; a new file needs no change here.
// A file default-exports `(ctx) => [{ name, viewport?, colorScheme?, async run({ page, context,
// consoleLines }) {…} }, …]`, where `ctx` (e2e/context.mjs) holds the servers and the shared
// helpers. Names are unique across files (checked here): the filter, the summary and the README
// count them. Each scenario gets a fresh browser context, but the demo API is NOT reset between
// scenarios: one that changes data, faults or latency starts with `reset()` or `open(…, { reset:
// true })`; one that does not only reads, against what the API says at that moment, so the
// order of files does not matter.
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, installConsole, run, startDemo, startNginx, stopAll } from './harness.mjs';
import { scenarioContext } from './context.mjs';

const listOnly = process.argv[2] === '--list';
let filter = process.argv[listOnly ? 3 : 2];
const onlyFile = filter?.endsWith('.mjs') ? path.basename(filter) : null;
if (onlyFile) filter = undefined;
// E2E_SUBPATH=/ak-admin runs every scenario again with the console under a sub-path.
// E2E_RELEASE=<folder> is an unpacked release archive (scripts/release.sh): the console is
// installed from it by its install.sh, for the root or the sub-path (the same files), as an
// admin installs it. Without it, dist/ is installed the same way by scripts/install.sh.
// E2E_DIST=<folder> serves a folder as it is.
const SUBPATH = (process.env.E2E_SUBPATH || '').replace(/\/$/, '');
const RELEASE = process.env.E2E_RELEASE ? path.resolve(process.env.E2E_RELEASE) : '';
let DIST = process.env.E2E_DIST;
if (!DIST && !listOnly) {
  DIST = RELEASE || SUBPATH ? installConsole({ release: RELEASE, dist: path.join(ROOT, 'dist') }, `${SUBPATH}/`) : path.join(ROOT, 'dist');
}

let servers;
if (listOnly) {
  // Scenario files use the servers only when a scenario runs: placeholders let them be listed.
  const none = { url: 'http://listing.invalid', port: 0 };
  servers = { site: none, site24: none, demo: none, demo24: none };
} else {
  const demo = await startDemo('2026.2');
  const site = await startNginx(demo, { dist: DIST, subpath: SUBPATH });
  const demo24 = await startDemo('2024.8');
  const site24 = await startNginx(demo24, { dist: DIST, subpath: SUBPATH });
  servers = { site, site24, demo, demo24 };
  console.log(`console ${SUBPATH ? `under ${SUBPATH}/` : 'at /'}: ${DIST}${RELEASE ? ` (installed from ${RELEASE})` : ''}`);
}

const ctx = scenarioContext({ ...servers, SUBPATH, DIST, RELEASE });
const scenarios = [];
const dir = path.join(ROOT, 'e2e', 'scenarios');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
if (onlyFile && !files.includes(onlyFile)) throw new Error(`no e2e/scenarios/${onlyFile}`);
for (const file of files) {
  const mod = await import(path.join(dir, file));
  // Every file is loaded, so that names stay unique across files even when one file runs.
  scenarios.push(...mod.default(ctx).map((s) => ({ ...s, file })));
}
const seen = new Set();
for (const { name } of scenarios) {
  if (seen.has(name)) throw new Error(`two scenarios are named "${name}"`);
  seen.add(name);
}
const chosen = scenarios.filter((s) => (!onlyFile || s.file === onlyFile) && (!filter || s.name.includes(filter)));

if (listOnly) {
  for (const s of chosen) console.log(`${s.file}: ${s.name}`);
  console.log(`\n${chosen.length} scenarios`);
  process.exit(0);
}

let results;
try {
  results = await run(chosen);
} finally {
  stopAll();
}
const failed = results.filter((r) => !r.ok);
fs.writeFileSync(path.join(ARTIFACTS, 'summary.json'), JSON.stringify(results.map(({ error, ...r }) => ({ ...r, error: error && String(error) })), null, 2));
console.log(`\n${results.length - failed.length}/${results.length} end-to-end scenarios passed`);
process.exit(failed.length || results.length === 0 ? 1 : 0);
