// The benchmark (bench/README.md): transfer size, 1,000-row render time against a plain-JS
// page, cold load and heap, in headless Chromium on localhost. Prints one table with the
// budgets of the design notes, writes bench/results/latest.json, and exits 1 when a figure
// is over its budget (2 when the measurement itself failed).
//
//   node bench/run.mjs            (scripts/bench.sh builds dist/ first)
//   BENCH_RUNS=10 CHROMIUM=/usr/bin/chromium BENCH_DIST=dist
//   BENCH_PROFILE=3                 extra loads per page under the CPU profiler (0 skips)
//   BENCH_MARGINAL=refresh-tokens   resources whose cost is measured by a build without them
//                                   (a resource id, a comma-separated list, `all`, or 0 to skip)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer, TOKEN } from './server.mjs';
import { resourceFiles } from './resource-files.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist');
const RESULTS = path.join(ROOT, 'bench', 'results');
const RUNS = Number(process.env.BENCH_RUNS || 10);
const ROWS = 1000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BUDGET = { brotliKB: 150, ratio: 1.3, coldMs: 400, heapMB: 8, resourceKB: 8, resourceFiles: 3 };
const PROFILE_RUNS = Number(process.env.BENCH_PROFILE ?? 3);
const PROFILE_INTERVAL_US = 100;
const MARGINAL = String(process.env.BENCH_MARGINAL ?? 'refresh-tokens');
// Trunk's output of the current build, with names (before wasm-opt).
const NAMED_DIR = path.join(ROOT, 'target', 'wasm-bindgen', 'release');

const KB = 1024;
const MB = 1024 * 1024;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const mb = (n) => `${(n / MB).toFixed(1)} MB`;
// A difference: bytes when under 1 KB (a build differs by a few bytes even when nothing is left out).
const dkb = (n) => (Math.abs(n) < KB ? `${n} B` : kb(n));
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
function shippedAssets(dist = DIST) {
  check(fs.existsSync(path.join(dist, 'index.html')), `${path.relative(ROOT, dist) || dist}/index.html is missing: build first (trunk build --release)`);
  const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = new Set(['index.html']);
  const local = (ref) => ref.replace(/^\.?\//, '').replace(/[?#].*$/, '');
  for (const m of index.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|wasm|css))"/g)) files.add(local(m[1]));
  for (const f of [...files].filter((f) => f.endsWith('.js'))) {
    const js = fs.readFileSync(path.join(dist, f), 'utf8');
    if (!/^boot-/.test(f)) continue;
    for (const m of js.matchAll(/['"](\/?[^'"]+\.(?:js|wasm))['"]/g)) files.add(local(m[1]));
  }
  const kinds = [[/^index\.html$/, 'html'], [/^boot-.*\.js$/, 'loader'], [/\.js$/, 'wasm-bindgen JS'], [/\.wasm$/, 'wasm'], [/\.css$/, 'css']];
  return [...files].map((file) => {
    const abs = path.join(dist, file);
    check(fs.existsSync(abs), `index.html refers to ${file}, which is not in ${dist}`);
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
 * With `profile` (the profiled loads only), `console.profile` starts the CPU profiler of the
 * CDP session when the list request is sent (before its response can arrive) and
 * `console.profileEnd` stops it when the rows are in.
 */
function instrument([token, rows, profile]) {
  sessionStorage.setItem('ak-admin.token', token);
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail && e.detail.wasm; });
  const bench = (window.__bench = { frames: [] });
  if (profile) {
    const fetch0 = window.fetch;
    window.fetch = function (input) {
      const url = typeof input === 'string' ? input : (input && input.url) || String(input);
      if (bench.profileStart === undefined && url.includes('/sources/user_connections/all/')) {
        bench.profileStart = performance.now();
        console.profile('render');
      }
      return fetch0.apply(this, arguments);
    };
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.frames.push({ start: e.startTime, end: e.startTime + e.duration, renderStart: e.renderStart });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  const observer = new MutationObserver(() => {
    const body = document.querySelector('table.data > tbody');
    if (!body || body.rows.length < rows) return;
    bench.rowsAt = performance.now();
    if (bench.profileStart !== undefined) console.profileEnd('render');
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

async function load(browser, base, kind, { deep = false, profile = false } = {}) {
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
  let profiled;
  if (profile) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
    profiled = new Promise((resolve) => cdp.on('Profiler.consoleProfileFinished', (e) => resolve(e.profile)));
  }
  await page.addInitScript(instrument, [TOKEN, ROWS, profile]);
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
      profileStart: b.profileStart,
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
  if (profile) {
    const timeout = new Promise((resolve) => setTimeout(resolve, 10000, null));
    const cpu = await Promise.race([profiled, timeout]);
    check(cpu && t.profileStart !== undefined, `${kind}: the CPU profile of the render did not arrive`);
    run.profile = { cpu, pageStart: t.profileStart, from: t.listResponseEnd, to: t.rowsAt };
  }
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

/** Direct dependencies of each crate, from Cargo.lock (crate names with `_`). */
function lockDeps() {
  const deps = new Map();
  const lock = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8');
  for (const block of lock.split('[[package]]').slice(1)) {
    const name = block.match(/^name = "([^"]+)"/m)?.[1];
    if (!name) continue;
    const list = block.match(/^dependencies = \[([\s\S]*?)\]/m)?.[1] || '';
    const set = deps.get(name.replace(/-/g, '_')) || new Set();
    for (const m of list.matchAll(/"([^" ]+)/g)) set.add(m[1].replace(/-/g, '_'));
    deps.set(name.replace(/-/g, '_'), set);
  }
  return deps;
}
let DEPS;
const APP_CRATE = 'ak_admin';

/**
 * The crate whose source holds an item's code (demangled name, hash and crate
 * disambiguators allowed). `a::b::c` is crate a, `a::<impl T for U>::f` too. For `<Self as
 * Trait>::item` the impl is in Self's crate or the trait's (orphan rule): Self's when Self's
 * crate depends on the trait's crate (a local type implementing a foreign trait, e.g. the
 * app's `Deserialize`), otherwise the trait's (`<alloc::vec::Vec<T> as tachys::view::Render>`,
 * `<either_of::EitherOf3<..> as leptos_router::..::ChooseView>`, `<F as tachys::..>`: tachys
 * and leptos_router); impls of std's traits (`Display`, `Clone`) are Self's crate's. Generic
 * code is counted where it is written, whatever types it is instantiated with; the compiler's
 * drop glue, `core::ptr::drop_in_place<T>`, goes to the first crate other than std's named in T.
 */
function crateOf(name) {
  DEPS ||= lockDeps();
  if (/^data segment|^data\[/.test(name)) return 'data (strings, tables)';
  if (/^(code|func|elem|type|import|export|table|memory|global)\b|^\w+\[\d+\]$/.test(name)) return 'wasm sections / unnamed';
  if (/^__wbindgen|^__wbg_|^__externref|^__wbg_/.test(name)) return 'wasm_bindgen';
  const first = (x) => x.replace(/^[&*\s]+/, '').replace(/^(dyn |mut |const )+/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/)?.[1];
  const std = (c) => ['core', 'alloc', 'std'].includes(c);
  const drop = name.match(/^core(\[[0-9a-f]+\])?::ptr::drop_in_place<(.*)>/);
  if (drop) return [...drop[2].matchAll(/(?:^|[<,(&*\s])([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/g)].map((m) => m[1]).find((c) => !std(c)) || 'core';
  if (!name.startsWith('<')) return first(name) || 'other';
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<') depth++;
    else if (c === '>') { depth--; if (depth === 0) return first(name.slice(1, i)) || 'core / alloc (primitives)'; }
    else if (depth === 1 && name.startsWith(' as ', i)) {
      const self = first(name.slice(1, i));
      const trait = first(name.slice(i + 4));
      if (!self) return trait || 'other';
      if (!trait || self === trait || std(trait)) return self;
      return DEPS.get(self)?.has(trait) ? self : trait;
    }
  }
  return 'other';
}
const crateLabel = (c) => (c === APP_CRATE ? `${APP_CRATE} (the app)` : c);

/**
 * The build with names that matches the shipped wasm: Trunk keeps the wasm-bindgen output
 * (same build, before wasm-opt) in target/wasm-bindgen/release; it is used only if its JS
 * glue equals the shipped one. null when there is none.
 */
function namedBuild(wasmFile) {
  const wasm = path.join(NAMED_DIR, 'ak-admin_bg.wasm');
  const js = path.join(NAMED_DIR, 'ak-admin.js');
  const shippedJs = wasmFile.replace(/_bg\.wasm$/, '.js');
  if (!fs.existsSync(wasm) || !fs.existsSync(js) || !fs.existsSync(shippedJs)
    || !fs.readFileSync(js).equals(fs.readFileSync(shippedJs))) return null;
  return { wasm, js };
}

/**
 * twiggy's view of the shipped wasm, and a by-crate summary from the same build with names:
 * each crate's code, and how much of it is generic code compiled more than once (the copies
 * `twiggy monos` groups: one per set of type arguments, mostly the app's views and closures).
 */
function wasmComposition(wasmFile, named) {
  const out = { top: null, crates: null, namedFile: null, markdown: null };
  const twiggy = (args) => execFileSync('twiggy', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * MB });
  try {
    out.top = twiggy(['top', '-n', '15', wasmFile]);
  } catch {
    return out; // twiggy not on PATH
  }
  if (!named) return out;
  try {
    const items = JSON.parse(twiggy(['top', '-f', 'json', named.wasm]));
    const generic = (n) => n.replace(/::h[0-9a-f]{16}$/, '');
    const copies = new Map();
    for (const { name } of items) copies.set(generic(name), (copies.get(generic(name)) || 0) + 1);
    const groups = new Map();
    let total = 0;
    let totalMono = 0;
    for (const { name, shallow_size: size } of items) {
      if (/function names|subsection|^custom section/.test(name)) continue; // removed by wasm-opt
      const crate = crateOf(name);
      const g = groups.get(crate) || { crate, bytes: 0, mono: 0, items: 0 };
      g.bytes += size;
      g.items += 1;
      if (/::h[0-9a-f]{16}$/.test(name) && copies.get(generic(name)) > 1) { g.mono += size; totalMono += size; }
      groups.set(crate, g);
      total += size;
    }
    out.namedFile = path.relative(ROOT, named.wasm);
    out.crates = { total, mono: totalMono, list: [...groups.values()].sort((a, b) => b.bytes - a.bytes) };
    const { list } = out.crates;
    const shown = list.slice(0, 14);
    const rest = list.slice(14).reduce((r, g) => ({ bytes: r.bytes + g.bytes, mono: r.mono + g.mono, n: r.n + 1 }), { bytes: 0, mono: 0, n: 0 });
    const pct = (n) => `${((n / total) * 100).toFixed(1)} %`;
    const md = [
      '| crate | size (before wasm-opt) | share | of which generic copies |',
      '|---|---:|---:|---:|',
      ...shown.map((g) => `| ${crateLabel(g.crate)} | ${kb(g.bytes)} | ${pct(g.bytes)} | ${g.mono ? kb(g.mono) : '—'} |`),
      ...(rest.n ? [`| ${rest.n} other crates | ${kb(rest.bytes)} | ${pct(rest.bytes)} | ${rest.mono ? kb(rest.mono) : '—'} |`] : []),
      `| **total** | **${kb(total)}** | 100 % | ${kb(totalMono)} |`,
    ];
    out.markdown = md.join('\n');
  } catch {}
  return out;
}

// ------------------------------------------------------------------ CPU profile

/** A copy of dist/ whose wasm is the named build (same file name, integrity hash updated). */
function namedDist(wasmFileName, named) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-bench-named-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const target = path.join(dir, wasmFileName);
  fs.copyFileSync(named.wasm, target);
  for (const f of [`${wasmFileName}.br`, `${wasmFileName}.gz`, 'index.html.br', 'index.html.gz']) fs.rmSync(path.join(dir, f), { force: true });
  const sri = `sha384-${crypto.createHash('sha384').update(fs.readFileSync(target)).digest('base64')}`;
  const index = path.join(dir, 'index.html');
  const html = fs.readFileSync(index, 'utf8').replace(/<link\b[^>]*>/g, (tag) => (tag.includes(wasmFileName) ? tag.replace(/integrity="[^"]*"/, `integrity="${sri}"`) : tag));
  fs.writeFileSync(index, html);
  return dir;
}

/** A Rust symbol made short: no hashes or crate disambiguators, `{closure}`, at most 110 characters. */
function shortRust(name) {
  let n = name.replace(/::h[0-9a-f]{16}\b/g, '').replace(/\[[0-9a-f]{16}\]/g, '').replace(/\{\{closure\}\}/g, '{closure}').replace(/\{\{vtable\.shim\}\}/g, '{vtable shim}');
  if (n.length > 110) n = `${n.slice(0, 60)}…${n.slice(-49)}`;
  return n;
}

const CATEGORIES = [
  ['wasm', 'wasm'],
  ['boundary', 'JS↔wasm transitions'],
  ['glue', 'JS glue (wasm-bindgen, incl. the DOM calls it makes)'],
  ['js', 'JS (page scripts)'],
  ['native', 'browser built-ins'],
  ['gc', 'GC'],
  ['program', '(program)'],
  ['idle', '(idle)'],
];

/**
 * What each wasm-bindgen import does, from the glue's source: `__wbg_new_66d0…` is listed as
 * `__wbg_new: new Intl.RelativeTimeFormat(arg0, arg1)`.
 */
let GLUE = new Map();
function readGlue(file) {
  GLUE = new Map();
  let name = null;
  let body = [];
  const done = () => {
    if (!name) return;
    const lines = body.filter((l) => l && !/^(return ret;|let deferred|try \{|\} finally|var (ptr|len)\d|const obj = |\}, arguments\))/.test(l));
    const line = (lines.find((l) => /^const ret = /.test(l)) || lines[0] || '').replace(/^const ret = /, '').replace(/;$/, '');
    GLUE.set(name.full, `${name.short}: ${line.length > 70 ? `${line.slice(0, 69)}…` : line}`);
    name = null;
  };
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = raw.match(/^\s*((__wbg_[A-Za-z0-9_]+?)(_[0-9a-f]{16})?)\s*:\s*function\b/);
    if (m) { done(); name = { full: m[1], short: m[2] }; body = []; continue; }
    if (!name) continue;
    if (/^\s*\},?$|^\s*\}, arguments\); \},?$/.test(raw)) { done(); continue; }
    body.push(raw.trim());
  }
  done();
}

/** Where a profile node's self time goes, and the name it is listed under. */
function classify({ functionName: fn, url, lineNumber }) {
  if (fn === '(garbage collector)') return ['gc', fn];
  if (fn === '(program)' || fn === '(root)') return ['program', '(program)'];
  if (fn === '(idle)') return ['idle', fn];
  const file = url.replace(/[?#].*$/, '').replace(/^.*\//, '');
  if (/^js-to-wasm|^wasm-to-js/.test(fn)) return ['boundary', fn.replace(/:+$/, '')];
  if (file.endsWith('.wasm') || url.startsWith('wasm://')) return ['wasm', shortRust(fn) || '(unnamed)'];
  if (/^ak-admin(-[0-9a-f]+)?\.js$/.test(file)) return ['glue', GLUE.get(fn) || fn || `(anonymous) ${file.replace(/-[0-9a-f]+\.js$/, '.js')}:${lineNumber + 1}`];
  if (!url) return ['native', fn || '(anonymous)'];
  return ['js', `${fn || '(anonymous)'} ${file}:${lineNumber + 1}`];
}

/** Self time by function and by category in [from, to] (page clock, ms) of each profile; mean per load in ms. */
function analyseProfiles(runs) {
  const fns = new Map();
  const cats = Object.fromEntries(CATEGORIES.map(([k]) => [k, 0]));
  const crates = new Map();
  let windowMs = 0;
  for (const { cpu, pageStart, from, to } of runs) {
    windowMs += to - from;
    const nodes = new Map(cpu.nodes.map((n) => [n.id, n]));
    const ts = [];
    let t = cpu.startTime;
    for (const d of cpu.timeDeltas) ts.push((t += d));
    for (let i = 0; i < cpu.samples.length; i++) {
      // A sample's time runs to the next sample; the profile's clock starts at console.profile.
      const at = pageStart + (ts[i] - cpu.startTime) / 1000;
      const dur = Math.max(0, ((i + 1 < ts.length ? ts[i + 1] : cpu.endTime) - ts[i]) / 1000);
      const a = Math.max(at, from);
      const b = Math.min(at + dur, to);
      if (b <= a) continue;
      const node = nodes.get(cpu.samples[i]);
      const [cat, label] = classify(node.callFrame);
      cats[cat] += b - a;
      const key = `${cat}\u0000${label}`;
      fns.set(key, (fns.get(key) || 0) + (b - a));
      if (cat === 'wasm') {
        const crate = /^\$?func\d+$|^wasm-function\[|^\$?f\d+$|^$/.test(node.callFrame.functionName) ? 'unnamed' : crateOf(node.callFrame.functionName);
        crates.set(crate, (crates.get(crate) || 0) + (b - a));
      }
    }
  }
  const n = runs.length;
  const total = Object.values(cats).reduce((x, y) => x + y, 0);
  const list = [...fns].map(([key, v]) => { const [cat, name] = key.split('\u0000'); return { cat, name, ms: v / n, share: v / total }; }).sort((x, y) => y.ms - x.ms);
  return {
    loads: n,
    windowMs: windowMs / n,
    sampledMs: total / n,
    categories: Object.fromEntries(Object.entries(cats).map(([k, v]) => [k, { ms: v / n, share: v / total }])),
    wasmByCrate: [...crates].map(([crate, v]) => ({ crate, ms: v / n, share: v / total })).sort((x, y) => y.ms - x.ms),
    top: { wasm: list.filter((f) => f.cat === 'wasm').slice(0, 15), js: list.filter((f) => !['wasm', 'gc', 'program', 'idle'].includes(f.cat)).slice(0, 10) },
  };
}

function printProfile(label, p) {
  const pct = (x) => `${(x * 100).toFixed(0)} %`;
  console.log(`  ${label}: ${p.loads} loads, render window ${ms(p.windowMs)} under the profiler`);
  console.log(`    self time: ${CATEGORIES.filter(([k]) => p.categories[k].ms > 0.05).map(([k, l]) => `${l} ${pct(p.categories[k].share)}`).join(' · ')}`);
  if (p.wasmByCrate.length) console.log(`    wasm self time by crate: ${p.wasmByCrate.slice(0, 8).map((c) => `${crateLabel(c.crate)} ${pct(c.share)}`).join(', ')}`);
  const tag = { wasm: '', glue: 'glue', boundary: 'JS↔wasm', native: 'built-in', js: 'page' };
  const table = (title, fns) => {
    if (!fns.length) return;
    console.log(`    ${title.padEnd(110)} ${fns.some((f) => tag[f.cat]) ? 'kind      ' : ''}ms/load  share`);
    for (const f of fns) console.log(`      ${f.name.padEnd(110).slice(0, 110)} ${tag[f.cat] ? tag[f.cat].padEnd(9) : ''}${f.ms.toFixed(1).padStart(6)} ${pct(f.share).padStart(6)}`);
  };
  table('top wasm functions (self time)', p.top.wasm);
  table('top JS functions (self time)', p.top.js);
  if (p.top.js.some((f) => /^(passStringToWasm0|getStringFromWasm0|decode|encodeInto)$/.test(f.name))) {
    console.log('      (passStringToWasm0 / encodeInto: strings copied into wasm memory; getStringFromWasm0 / decode: strings read out of it, UTF-8)');
  }
}

// ------------------------------------------------------------------ cost of one resource

/** The resources a `leave-out-<id>` feature of Cargo.toml can leave out. */
function leaveOutFeatures() {
  const toml = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  return [...toml.matchAll(/^leave-out-([a-z0-9-]+)\s*=/gm)].map((m) => m[1]);
}

/**
 * Builds the console once per resource with its declaration left out (Trunk, release, the
 * same wasm-opt level and post-build compression as the shipped build) and compares wasm +
 * JS glue with dist/. The builds overwrite target/wasm-bindgen/, which is put back after.
 */
function marginalIds() {
  if (MARGINAL === '0' || MARGINAL === '') return [];
  const known = leaveOutFeatures();
  const ids = MARGINAL === 'all' ? known : MARGINAL.split(',').map((x) => x.trim()).filter(Boolean);
  for (const id of ids) check(known.includes(id), `BENCH_MARGINAL: no feature leave-out-${id} in Cargo.toml (known: ${known.join(', ') || 'none'})`);
  return ids;
}

function marginalCosts(ids, full) {
  if (!ids.length) return [];
  const saved = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-admin-bench-named-build-'));
  if (fs.existsSync(NAMED_DIR)) fs.cpSync(NAMED_DIR, saved, { recursive: true });
  const env = { ...process.env, TRUNK_SKIP_VERSION_CHECK: 'true', PATH: `${path.join(ROOT, 'node_modules', '.bin')}:${path.join(os.homedir(), '.cargo', 'bin')}:${process.env.PATH}` };
  const out = [];
  try {
    for (const id of ids) {
      const dist = path.join(ROOT, 'target', 'bench-leave-out', id);
      const log = `${dist}.log`;
      fs.mkdirSync(path.dirname(dist), { recursive: true });
      progress(`cost of one resource: release build without ${id} (trunk build --release --features leave-out-${id}; log ${path.relative(ROOT, log)})`);
      const started = Date.now();
      try {
        const text = execFileSync('trunk', ['build', '--release', '--features', `leave-out-${id}`, '--dist', dist], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * MB });
        fs.writeFileSync(log, text);
      } catch (e) {
        fs.writeFileSync(log, `${e.stdout || ''}${e.stderr || ''}`);
        throw new MeasurementError(`the build without ${id} failed (${path.relative(ROOT, log)}):\n${String(e.stderr || e.stdout || e.message).trim().split('\n').slice(-15).join('\n')}`);
      }
      const left = shippedAssets(dist).filter((s) => s.kind === 'wasm' || s.kind === 'wasm-bindgen JS');
      const sum = (xs, k) => xs.reduce((t, x) => t + x[k], 0);
      const files = resourceFiles(ROOT, id);
      out.push({
        id,
        brotli: full.brotli - sum(left, 'brotli'),
        raw: full.raw - sum(left, 'raw'),
        leftOut: { brotli: sum(left, 'brotli'), raw: sum(left, 'raw') },
        files,
        registry: files !== null,
        buildSeconds: Math.round((Date.now() - started) / 1000),
      });
    }
  } finally {
    // Leave target/wasm-bindgen/ as the full build wrote it (the named build used above).
    if (fs.readdirSync(saved).length) fs.cpSync(saved, NAMED_DIR, { recursive: true });
    fs.rmSync(saved, { recursive: true, force: true });
  }
  return out;
}

// ------------------------------------------------------------------ main

async function main() {
  const sizes = shippedAssets();
  const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const wasm = sizes.find((s) => s.kind === 'wasm');
  check(wasm, 'no .wasm among what index.html loads');
  // The named build of the same code (before wasm-opt) for the profile's and twiggy's names;
  // looked up now, before the builds for the cost of a resource replace it.
  const marginalIdList = marginalIds(); // checked before the long part
  const named = namedBuild(path.join(DIST, wasm.file));
  const composition = wasmComposition(path.join(DIST, wasm.file), named);

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
  const profiles = {};
  let profileNote = null;
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
    if (PROFILE_RUNS > 0) {
      // After the measured loads, so the profiler cannot slow them. The console is profiled
      // in a copy of dist/ with the named build of the same code: wasm-opt strips the names.
      const namedCopy = named ? namedDist(wasm.file, named) : null;
      const namedServer = named ? await startServer({ dist: namedCopy }) : null;
      profileNote = named
        ? `the named build ${path.relative(ROOT, named.wasm)} (same code before wasm-opt -Oz: names kept, not size-optimised, so timings differ a little from the shipped build)`
        : `the shipped build (names stripped: no named build in ${path.relative(ROOT, NAMED_DIR)} whose JS glue matches the shipped one)`;
      progress(`CPU profile: ${PROFILE_RUNS} more loads each of the console (${named ? 'named build' : 'shipped build'}), ${named ? 'the shipped console, ' : ''}and the baseline`);
      const runs = { app: [], shipped: [], baseline: [] };
      try {
        for (let i = 0; i < PROFILE_RUNS; i++) {
          runs.app.push((await load(browser, (namedServer || server).url, 'app', { profile: true })).profile);
          if (namedServer) runs.shipped.push((await load(browser, server.url, 'app', { profile: true })).profile);
          runs.baseline.push((await load(browser, server.url, 'baseline', { profile: true })).profile);
        }
      } finally {
        if (namedServer) await namedServer.close();
        if (namedCopy) fs.rmSync(namedCopy, { recursive: true, force: true });
      }
      // The last profile of each, for Chromium DevTools (Performance panel: load profile).
      fs.mkdirSync(RESULTS, { recursive: true });
      for (const [k, v] of Object.entries(runs)) if (v.length) fs.writeFileSync(path.join(RESULTS, `render-${k}.cpuprofile`), JSON.stringify(v[v.length - 1].cpu));
      readGlue(path.join(DIST, wasm.file.replace(/_bg\.wasm$/, '.js')));
      profiles.app = analyseProfiles(runs.app);
      if (runs.shipped.length) profiles.shipped = analyseProfiles(runs.shipped);
      profiles.baseline = analyseProfiles(runs.baseline);
    }
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
  const code = sizes.filter((s) => s.kind === 'wasm' || s.kind === 'wasm-bindgen JS')
    .reduce((t, s) => ({ raw: t.raw + s.raw, brotli: t.brotli + s.brotli }), { raw: 0, brotli: 0 });
  const marginal = marginalCosts(marginalIdList, code);

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
    // Budgeted only once the resources are declarations in src/resources/ (ok: null before).
    ...marginal.flatMap((m) => [
      {
        measure: `One resource adds (${m.id}: full build − build without it), wasm + JS, brotli`,
        result: `${dkb(m.brotli)} (raw ${dkb(m.raw)})${m.registry ? '' : '; no registry yet'}`,
        budget: `≤ ${BUDGET.resourceKB} KB`,
        ok: m.registry ? m.brotli <= BUDGET.resourceKB * KB : null,
      },
      {
        measure: `App files one resource occupies (${m.id})`,
        result: m.files ? String(m.files.length) : 'n/a (no registry)',
        budget: `≤ ${BUDGET.resourceFiles}`,
        ok: m.files ? m.files.length <= BUDGET.resourceFiles : null,
      },
    ]),
  ];

  const env = `${os.cpus().length}× ${os.cpus()[0]?.model?.trim() || 'cpu'}, Chromium ${browserVersion}, median of ${RUNS}, load average ${loadBefore.toFixed(2)} at start`;
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => [r.measure, r.result, r.budget][c].length), ['measure', 'result', 'budget'][c].length));
  const line = (cells) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join(' | ')} |`;
  const verdict = (ok, budget) => (ok === null ? (budget === '—' ? '' : 'n/a') : ok ? 'PASS' : 'OVER');
  console.log(`\nak-admin benchmark, ${new Date().toISOString().slice(0, 10)} (${env})\n`);
  console.log(line(['measure', 'result', 'budget', 'status']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|--------|`);
  for (const r of rows) console.log(line([r.measure, r.result, r.budget, verdict(r.ok, r.budget)]));

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

  for (const m of marginal) {
    console.log(`  one resource, ${m.id}: full wasm + JS ${kb(code.brotli)} brotli (raw ${kb(code.raw)}), built without it ${kb(m.leftOut.brotli)} (raw ${kb(m.leftOut.raw)}) in ${m.buildSeconds} s; files: ${m.files ? m.files.join(', ') : `none (src/resources/mod.rs declares nothing under leave-out-${m.id})`}`);
  }

  if (PROFILE_RUNS > 0) {
    console.log(`\nCPU profile of the ${ROWS.toLocaleString('en')}-row render (list response → ${ROWS.toLocaleString('en')}th row in DOM; CDP Profiler sampling every ${PROFILE_INTERVAL_US} µs; ${PROFILE_RUNS} extra loads per page after the measured ones, mean per load)`);
    console.log(`  console profiled: ${profileNote}`);
    printProfile('console', profiles.app);
    if (profiles.shipped) {
      const c = profiles.shipped.categories;
      const pct = (x) => `${(x * 100).toFixed(0)} %`;
      console.log(`  shipped console (no names): render window ${ms(profiles.shipped.windowMs)}; self time: ${CATEGORIES.filter(([k]) => c[k].ms > 0.05).map(([k, l]) => `${l} ${pct(c[k].share)}`).join(' · ')}`);
    }
    printProfile('plain JS page', profiles.baseline);
  }

  if (composition.top) {
    console.log(`\ntwiggy top -n 15 dist/${wasm.file} (wasm-opt removed the names)\n${composition.top.trimEnd()}`);
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  if (composition.markdown) {
    const intro = `What the wasm is made of, by crate (\`twiggy top\` of ${composition.namedFile}: the same build before wasm-opt, names section left out; shares are indicative, since wasm-opt shrinks crates unevenly). Generic code counts for the crate that wrote it; "generic copies" is the part of it compiled once per set of type arguments (\`twiggy monos\`), mostly for the app's views and closures.`;
    fs.writeFileSync(path.join(RESULTS, 'twiggy.md'), `${intro}\n\n${composition.markdown}\n`);
    console.log(`\n${intro}\n\n${composition.markdown}\n(also in ${path.relative(ROOT, path.join(RESULTS, 'twiggy.md'))})`);
  } else if (!composition.top) {
    console.log('\n(twiggy is not on PATH: no wasm composition; `cargo install twiggy` to get it)');
  }

  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify({
    date: new Date().toISOString(), env, runs: RUNS, rows: ROWS, budget: BUDGET,
    summary: rows, sizes, total, render: { app: appRender, baseline: baseRender, ratio, paintedRatio },
    cold: { rows: cold, painted: coldPainted }, heap: { app: heap, baseline: baseDeep.heap }, wire, composition: composition.crates,
    profile: PROFILE_RUNS > 0 ? { build: profileNote, intervalUs: PROFILE_INTERVAL_US, ...profiles } : null,
    marginal,
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
