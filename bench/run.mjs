// The benchmark (bench/README.md): transfer size, 1,000-row render time against a plain-JS
// page, cold load and heap, in headless Chromium on localhost. Prints one table with the
// budgets of the design notes, writes bench/results/latest.json, and exits 1 when a figure
// is over its budget (2 when the measurement itself failed).
//
//   node bench/run.mjs            (scripts/bench.sh builds dist/ first)
//   BENCH_RUNS=10 ROWS=1000 CHROMIUM=/usr/bin/chromium
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer, TOKEN } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist');
const RESULTS = path.join(ROOT, 'bench', 'results');
const RUNS = Number(process.env.BENCH_RUNS || 10);
const ROWS = 1000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BUDGET = { brotliKB: 150, ratio: 1.3, coldMs: 400, heapMB: 8 };

const KB = 1024;
const MB = 1024 * 1024;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const mb = (n) => `${(n / MB).toFixed(1)} MB`;
const ms = (n) => `${Math.round(n)} ms`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const progress = (msg) => process.stderr.write(`${msg}\n`);

class MeasurementError extends Error {}
const check = (cond, msg) => {
  if (!cond) throw new MeasurementError(msg);
};

// ------------------------------------------------------------------ 1. transfer size

/** What index.html loads: itself, the boot loader, what the loader imports, the css. */
function shippedAssets() {
  check(fs.existsSync(path.join(DIST, 'index.html')), 'dist/index.html is missing: build first (trunk build --release)');
  const index = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = new Set(['index.html']);
  const local = (ref) => ref.replace(/^\.?\//, '').replace(/[?#].*$/, '');
  for (const m of index.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|wasm|css))"/g)) files.add(local(m[1]));
  for (const f of [...files].filter((f) => f.endsWith('.js'))) {
    const js = fs.readFileSync(path.join(DIST, f), 'utf8');
    if (!/^boot-/.test(f)) continue;
    for (const m of js.matchAll(/['"](\/?[^'"]+\.(?:js|wasm))['"]/g)) files.add(local(m[1]));
  }
  const kinds = [[/^index\.html$/, 'html'], [/^boot-.*\.js$/, 'loader'], [/\.js$/, 'wasm-bindgen JS'], [/\.wasm$/, 'wasm'], [/\.css$/, 'css']];
  return [...files].map((file) => {
    const abs = path.join(DIST, file);
    check(fs.existsSync(abs), `index.html refers to ${file}, which is not in dist/`);
    const raw = fs.readFileSync(abs);
    const pre = (ext, make) => {
      if (fs.existsSync(abs + ext)) return { size: fs.statSync(abs + ext).size, from: 'precompressed' };
      return { size: make(raw).length, from: 'zlib' };
    };
    const gzip = pre('.gz', (b) => zlib.gzipSync(b, { level: 9 }));
    const brotli = pre('.br', (b) => zlib.brotliCompressSync(b, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length },
    }));
    return { file, kind: kinds.find(([re]) => re.test(file))[1], raw: raw.length, gzip: gzip.size, brotli: brotli.size, compressed: brotli.from };
  });
}

// ------------------------------------------------------------------ browser measurements

async function launch() {
  // The end-to-end harness's flags (e2e/harness.mjs).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * Runs before any page script: signs in (the console reads sessionStorage at start), keeps the
 * wasm exports (for the linear memory size), and times the table. `rowsAt`: a
 * MutationObserver sees the ROWS-th row of `table.data > tbody` in the DOM (at the end of
 * the task that inserted it). `frameEnd`: the end of the frame that first shows those rows,
 * style, layout and paint included, from the Long Animation Frame entry that contains
 * `rowsAt` (such a frame always takes over 50 ms here). `rafNext` is a fallback when no entry
 * is reported: a task posted from the next requestAnimationFrame.
 */
function instrument([token, rows]) {
  sessionStorage.setItem('ak-admin.token', token);
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail && e.detail.wasm; });
  const bench = (window.__bench = { frames: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.frames.push({ start: e.startTime, end: e.startTime + e.duration, renderStart: e.renderStart });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  const observer = new MutationObserver(() => {
    const body = document.querySelector('table.data > tbody');
    if (!body || body.rows.length < rows) return;
    bench.rowsAt = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { bench.rafNext = performance.now(); };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Markup of the rendered table, framework comments left out and attributes sorted. */
function tableMarkup() {
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) return n.data;
    if (n.nodeType !== Node.ELEMENT_NODE) return '';
    const attrs = [...n.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
    return `<${n.localName}${attrs ? ` ${attrs}` : ''}>${[...n.childNodes].map(walk).join('')}</${n.localName}>`;
  };
  const t = document.querySelector('table.data');
  return t ? { head: walk(t.tHead), caption: walk(t.caption), rows: [...t.tBodies[0].rows].map(walk) } : null;
}

async function load(browser, base, kind, { deep = false } = {}) {
  const url = kind === 'app' ? `${base}/user-connections?page_size=${ROWS}` : `${base}/__bench/baseline.html?page_size=${ROWS}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /panicked|RuntimeError|unreachable/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.addInitScript(instrument, [TOKEN, ROWS]);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__bench && window.__bench.rafNext !== undefined, null, { timeout: 30000 });
    // Performance entries arrive asynchronously: give the frame's entry a moment.
    await page.waitForFunction(() => window.__bench.frames.some((f) => f.start <= window.__bench.rowsAt && window.__bench.rowsAt <= f.end), null, { timeout: 1000, polling: 20 }).catch(() => {});
  } catch (e) {
    const shot = path.join(RESULTS, `failed-${kind}.png`);
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: shot }).catch(() => {});
    throw new MeasurementError(`${kind}: ${ROWS} rows never appeared at ${url} (${e.message.split('\n')[0]}); ${problems.join(' | ') || 'no console errors'}; screenshot ${path.relative(ROOT, shot)}`);
  }
  const t = await page.evaluate(() => {
    const lists = performance.getEntriesByType('resource').filter((e) => e.name.includes('/sources/user_connections/all/'));
    const nav = performance.getEntriesByType('navigation')[0];
    const l = lists[lists.length - 1];
    const b = window.__bench;
    const frame = b.frames.find((f) => f.start <= b.rowsAt && b.rowsAt <= f.end);
    return {
      rowsAt: b.rowsAt,
      paintedAt: frame ? frame.end : b.rafNext,
      paintedFrom: frame ? 'long-animation-frame' : 'raf+task',
      rowCount: document.querySelectorAll('table.data > tbody > tr').length,
      listRequests: lists.map((e) => e.name),
      listStart: l ? l.startTime : NaN,
      listResponseEnd: l ? l.responseEnd : NaN,
      docResponseEnd: nav ? nav.responseEnd : NaN,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
    };
  });
  check(t.rowCount === ROWS, `${kind}: ${t.rowCount} rows in the table, expected ${ROWS}`);
  check(t.listRequests.length === 1, `${kind}: expected one list request, saw ${t.listRequests.length}: ${t.listRequests.join(', ')}`);
  const run = {
    cold: t.rowsAt,
    coldPainted: t.paintedAt,
    render: t.rowsAt - t.listResponseEnd,
    renderPainted: t.paintedAt - t.listResponseEnd,
    paintedFrom: t.paintedFrom,
    listRequestAt: t.listStart,
    listResponseEnd: t.listResponseEnd,
    listUrl: new URL(t.listRequests[0]).pathname + new URL(t.listRequests[0]).search,
  };
  if (deep) {
    // Let the username lookups finish, then collect garbage and read the heap.
    await page.waitForFunction(() => ![...document.querySelectorAll('table.data .username')].some((s) => s.textContent.startsWith('user #')), null, { timeout: 30000 })
      .catch(() => problems.push('usernames were not all filled in within 30 s'));
    await page.waitForLoadState('networkidle');
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const counters = await cdp.send('Memory.getDOMCounters').catch(() => null);
    run.heap = {
      jsUsed: heap.usedSize,
      jsTotal: heap.totalSize,
      embedderUsed: heap.embedderHeapUsedSize ?? null,
      backingStorage: heap.backingStorageSize ?? null,
      wasmMemory: await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? null),
      domNodes: counters ? counters.nodes : null,
    };
    run.markup = await page.evaluate(tableMarkup);
  }
  check(problems.length === 0, `${kind}: ${problems.join(' | ')}`);
  await context.close();
  return run;
}

// ------------------------------------------------------------------ wasm composition

/** The crate a (demangled) item name belongs to; generic impls go to the trait's crate. */
function crateOf(name) {
  if (/^data segment|^data\[/.test(name)) return 'data (strings, tables)';
  if (/^(code|func|elem|type|import|export|table|memory|global)\b|^\w+\[\d+\]$/.test(name)) return 'wasm sections / unnamed';
  const first = (s) => s.replace(/^[&*\s]+/, '').replace(/^(dyn |mut |const )+/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/)?.[1];
  if (!name.startsWith('<')) return first(name) || 'other';
  // `<Self as Trait>::item`: Self's crate, unless Self is a generic parameter, a primitive or a
  // std type and the trait is not std's (then the code is the trait's crate's).
  const std = (c) => ['core', 'alloc', 'std'].includes(c);
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<') depth++;
    else if (c === '>') { depth--; if (depth === 0) return first(name.slice(1, i)) || 'core / alloc (primitives)'; }
    else if (depth === 1 && name.startsWith(' as ', i)) {
      const self = first(name.slice(1, i));
      const trait = first(name.slice(i + 4));
      return (self && !(std(self) && trait && !std(trait)) ? self : trait || self) || 'other';
    }
  }
  return 'other';
}

/** twiggy's view of the shipped wasm, and a by-crate summary from the same build with names. */
function wasmComposition(wasmFile) {
  const out = { top: null, crates: null, namedFile: null };
  const twiggy = (args) => execFileSync('twiggy', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * MB });
  try {
    out.top = twiggy(['top', '-n', '15', wasmFile]);
  } catch {
    return out; // twiggy not on PATH
  }
  // wasm-opt strips the names, so the shipped file says "code[123]". Trunk keeps the
  // wasm-bindgen output (same build, names kept, before wasm-opt) in target/wasm-bindgen/;
  // it is used only if its JS glue equals the shipped one.
  const named = path.join(ROOT, 'target', 'wasm-bindgen', 'release', 'ak-admin_bg.wasm');
  const namedJs = path.join(ROOT, 'target', 'wasm-bindgen', 'release', 'ak-admin.js');
  const shippedJs = wasmFile.replace(/_bg\.wasm$/, '.js');
  if (!fs.existsSync(named) || !fs.existsSync(namedJs) || !fs.existsSync(shippedJs)
    || !fs.readFileSync(namedJs).equals(fs.readFileSync(shippedJs))) return out;
  try {
    const items = JSON.parse(twiggy(['top', '-f', 'json', named]));
    const groups = new Map();
    let total = 0;
    for (const { name, shallow_size: size } of items) {
      if (/function names|subsection|^custom section/.test(name)) continue; // removed by wasm-opt
      const crate = crateOf(name);
      groups.set(crate, (groups.get(crate) || 0) + size);
      total += size;
    }
    out.namedFile = path.relative(ROOT, named);
    out.crates = { total, list: [...groups].sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes })) };
  } catch {}
  return out;
}

// ------------------------------------------------------------------ main

async function main() {
  const sizes = shippedAssets();
  const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const wasm = sizes.find((s) => s.kind === 'wasm');
  check(wasm, 'no .wasm among what index.html loads');

  // Timings need an otherwise idle machine: the load average is printed with the results.
  const loadBefore = os.loadavg()[0];
  if (loadBefore > 0.5 * os.cpus().length) progress(`warning: load average ${loadBefore.toFixed(1)} on ${os.cpus().length} CPUs; timings will be slower and noisier`);
  const server = await startServer({ dist: DIST });
  const browser = await launch();
  const app = [];
  const base = [];
  let appDeep;
  let baseDeep;
  let wire;
  let apiSummary;
  const browserVersion = browser.version();
  try {
    // One load of each first, not counted: starts the browser's processes and fills the
    // OS file cache. Then app and baseline alternate, each load in a fresh context.
    progress(`warm-up, then ${RUNS} loads each of the console and the baseline (fresh browser context each)`);
    let mark = server.log.length;
    await load(browser, server.url, 'app');
    wire = server.log.slice(mark).filter((r) => r.kind === 'static').reduce((n, r) => n + r.bytes, 0);
    await load(browser, server.url, 'baseline');
    for (let i = 0; i < RUNS; i++) {
      const a = await load(browser, server.url, 'app');
      const b = await load(browser, server.url, 'baseline');
      check(a.listUrl === b.listUrl, `console and baseline asked for different lists: ${a.listUrl} vs ${b.listUrl}`);
      app.push(a);
      base.push(b);
      progress(`  run ${i + 1}/${RUNS}: console ${ms(a.cold)} to rows (render ${ms(a.render)}), baseline render ${ms(b.render)}`);
    }
    progress('heap: one more load of each, after the username lookups and a forced GC');
    mark = server.log.length;
    appDeep = await load(browser, server.url, 'app', { deep: true });
    const apiCalls = server.log.slice(mark).filter((r) => r.kind === 'api');
    const key = (r) => r.path.replace(/\/core\/users\/\d+\//, '/core/users/{pk}/');
    apiSummary = [...new Set(apiCalls.map(key))].map((p) => `${p} ×${apiCalls.filter((r) => key(r) === p).length}`);
    baseDeep = await load(browser, server.url, 'baseline', { deep: true });
    // The comparison is only fair while both build the same table.
    const [am, bm] = [appDeep.markup, baseDeep.markup];
    for (const part of ['caption', 'head']) {
      check(am[part] === bm[part], `baseline table ${part} differs from the console's:\n  console:  ${am[part]}\n  baseline: ${bm[part]}\nupdate bench/baseline.js`);
    }
    const diff = am.rows.findIndex((r, i) => r !== bm.rows[i]);
    check(diff === -1 && am.rows.length === bm.rows.length, `baseline row ${diff} differs from the console's:\n  console:  ${am.rows[diff]}\n  baseline: ${bm.rows[diff]}\nupdate bench/baseline.js`);
    const bad = server.log.filter((r) => r.kind === 'api' && (r.status !== 200 || !r.known));
    check(bad.length === 0, `the mock API could not answer: ${[...new Set(bad.map((r) => `${r.status} ${r.path}`))].join(', ')} (bench/server.mjs)`);
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }

  const appRender = median(app.map((r) => r.render));
  const baseRender = median(base.map((r) => r.render));
  const ratio = appRender / baseRender;
  const paintedRatio = median(app.map((r) => r.renderPainted)) / median(base.map((r) => r.renderPainted));
  const cold = median(app.map((r) => r.cold));
  const coldPainted = median(app.map((r) => r.coldPainted));
  const heap = appDeep.heap;

  const rows = [
    {
      measure: 'Transfer: html + loader + JS + wasm + css, brotli',
      result: `${kb(total.brotli)} (wasm ${kb(wasm.brotli)}; gzip ${kb(total.gzip)}, raw ${kb(total.raw)})`,
      budget: `≤ ${BUDGET.brotliKB} KB`,
      ok: total.brotli <= BUDGET.brotliKB * KB,
    },
    {
      measure: `Render ${ROWS.toLocaleString('en')} rows, console ÷ plain JS (list response → rows in DOM)`,
      result: `${ratio.toFixed(2)}× (${ms(appRender)} vs ${ms(baseRender)})`,
      budget: `≤ ${BUDGET.ratio}×`,
      ok: ratio <= BUDGET.ratio,
    },
    {
      measure: `Cold load → ${ROWS.toLocaleString('en')} rows in DOM (navigation start, fresh context)`,
      result: `${ms(cold)} (painted ${ms(coldPainted)})`,
      budget: `≤ ${BUDGET.coldMs} ms`,
      ok: cold <= BUDGET.coldMs,
    },
    {
      measure: `JS heap after the ${ROWS.toLocaleString('en')}-row list (after GC)`,
      result: `${mb(heap.jsUsed)} (plain JS page ${mb(baseDeep.heap.jsUsed)})`,
      budget: `≤ ${BUDGET.heapMB} MB`,
      ok: heap.jsUsed <= BUDGET.heapMB * MB,
    },
    {
      measure: 'wasm linear memory after the list (not in the JS heap)',
      result: heap.wasmMemory == null ? 'n/a' : mb(heap.wasmMemory),
      budget: '—',
      ok: null,
    },
  ];

  const env = `${os.cpus().length}× ${os.cpus()[0]?.model?.trim() || 'cpu'}, Chromium ${browserVersion}, median of ${RUNS}, load average ${loadBefore.toFixed(2)} at start`;
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => [r.measure, r.result, r.budget][c].length), ['measure', 'result', 'budget'][c].length));
  const line = (cells) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join(' | ')} |`;
  const verdict = (ok) => (ok === null ? '' : ok ? 'PASS' : 'OVER');
  console.log(`\nak-admin benchmark, ${new Date().toISOString().slice(0, 10)} (${env})\n`);
  console.log(line(['measure', 'result', 'budget', 'status']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|--------|`);
  for (const r of rows) console.log(line([r.measure, r.result, r.budget, verdict(r.ok)]));

  console.log('\nDetails');
  console.log(`  files (raw / gzip / brotli, ${sizes.every((s) => s.compressed === 'precompressed') ? "the build's precompressed files" : 'zlib where no precompressed file'}):`);
  for (const s of sizes) console.log(`    ${s.file.padEnd(38)} ${String(s.raw).padStart(9)} ${String(s.gzip).padStart(8)} ${String(s.brotli).padStart(8)}  ${s.kind}`);
  console.log(`  one cold load fetched ${kb(wire)} of static files from the server (incl. config.json, favicon)`);
  console.log(`  console requests: ${apiSummary.join(', ')}`);
  console.log(`  render medians, list response → rows in DOM: console ${ms(appRender)}, plain JS ${ms(baseRender)}; → painted: console ${ms(median(app.map((r) => r.renderPainted)))}, plain JS ${ms(median(base.map((r) => r.renderPainted)))} (${paintedRatio.toFixed(2)}×; the plain page's rows usually land in its first frame, which also lays out the rest of the page)`);
  const fallback = [...app, ...base].filter((r) => r.paintedFrom !== 'long-animation-frame').length;
  console.log(`  "painted" = end of the frame that first shows the rows (Long Animation Frame entry${fallback ? `; ${fallback} of ${app.length + base.length} loads had none and used the next requestAnimationFrame + task` : ''})`);
  console.log(`  navigation → rows in DOM: console ${ms(cold)}, plain JS ${ms(median(base.map((r) => r.cold)))}; console list request sent at ${ms(median(app.map((r) => r.listRequestAt)))}, answered by ${ms(median(app.map((r) => r.listResponseEnd)))}`);
  console.log(`  heap (CDP Runtime.getHeapUsage after GC): console JS ${mb(heap.jsUsed)} of ${mb(heap.jsTotal)}, wasm memory ${heap.wasmMemory == null ? 'n/a' : mb(heap.wasmMemory)}, DOM nodes ${heap.domNodes ?? 'n/a'}; plain JS page ${mb(baseDeep.heap.jsUsed)}, DOM nodes ${baseDeep.heap.domNodes ?? 'n/a'}`);

  const composition = wasmComposition(path.join(DIST, wasm.file));
  if (composition.top) {
    console.log(`\ntwiggy top -n 15 dist/${wasm.file} (wasm-opt removed the names)\n${composition.top.trimEnd()}`);
  }
  if (composition.crates) {
    const { total: t, list } = composition.crates;
    console.log(`\nWhat the wasm is made of, by crate (${composition.namedFile}: the same build before wasm-opt, names section left out; shares are indicative)`);
    for (const { crate, bytes } of list.slice(0, 14)) console.log(`  ${crate.padEnd(26)} ${kb(bytes).padStart(10)}  ${((bytes / t) * 100).toFixed(1).padStart(5)}%`);
  }

  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify({
    date: new Date().toISOString(), env, runs: RUNS, rows: ROWS, budget: BUDGET,
    summary: rows, sizes, total, render: { app: appRender, baseline: baseRender, ratio, paintedRatio },
    cold: { rows: cold, painted: coldPainted }, heap: { app: heap, baseline: baseDeep.heap }, wire, composition: composition.crates,
    samples: { app, baseline: base },
  }, null, 2)}\n`);
  console.log(`\nwritten: ${path.relative(ROOT, path.join(RESULTS, 'latest.json'))}`);

  const over = rows.filter((r) => r.ok === false);
  if (over.length) {
    console.log(`\nOVER BUDGET (${over.length}): ${over.map((r) => `${r.measure}: ${r.result.split(' (')[0]} > ${r.budget.replace('≤ ', '')}`).join('; ')}`);
    return 1;
  }
  console.log('\nall budgets met');
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`\nbenchmark failed: ${e instanceof MeasurementError ? e.message : e.stack || e}`);
  process.exit(2);
});
