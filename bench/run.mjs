// Measures transfer size, 1,000-row render time against a plain-JS page, cold load and heap,
// prints one table with the design budgets and exits non-zero when over budget.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const RUNS = Number(process.env.BENCH_RUNS || 10);
const TOKEN = 'ak-demo-admin-token';
const ROWS = 1000;
const BUDGET = { brotliKB: 150, ratio: 1.3, coldMs: 400, heapMB: 8 };

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// ---- 1. transfer size
const index = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
const assets = ['index.html', ...[...index.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1])];
const sizes = [...new Set(assets)].map((f) => {
  const file = path.join(DIST, f);
  const raw = fs.readFileSync(file);
  const pre = (ext, make) => (fs.existsSync(file + ext) ? fs.statSync(file + ext).size : make(raw).length);
  return {
    file: f,
    raw: raw.length,
    gzip: pre('.gz', (b) => zlib.gzipSync(b, { level: 9 })),
    brotli: pre('.br', (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
});
const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });

// ---- servers: the demo API and a static server in front of it
const apiPort = await freePort();
const demo = spawn(path.join(ROOT, 'target', 'release', 'demo-api'), ['--port', String(apiPort), '--compat', '2024.8'], { stdio: 'ignore' });
process.on('exit', () => demo.kill());
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(`http://127.0.0.1:${apiPort}/api/v3/root/config/`)).ok) break; } catch {}
  await new Promise((r) => setTimeout(r, 100));
}
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/api/v3/')) {
    const up = http.request({ host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
    return;
  }
  let file = url.pathname.startsWith('/__bench/')
    ? path.join(ROOT, 'bench', url.pathname.slice('/__bench/'.length))
    : path.join(DIST, url.pathname);
  if (!file.startsWith(ROOT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});
const webPort = await freePort();
await new Promise((r) => server.listen(webPort, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${webPort}`;

// ---- browser measurements
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
});

/** One fresh load of `url`; returns timings relative to navigation start. */
async function load(url, { heap = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (/panicked|RuntimeError/.test(m.text())) errors.push(m.text()); });
  await page.addInitScript(([token, rows]) => {
    sessionStorage.setItem('ak-admin.token', token);
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    new MutationObserver((_, obs) => {
      const body = document.querySelector('table.data tbody');
      if (body && body.childElementCount >= rows) {
        window.__rowsAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, [TOKEN, ROWS]);
  await page.goto(url);
  await page.waitForFunction(() => window.__rowsAt !== undefined, null, { timeout: 60000 });
  const t = await page.evaluate(() => {
    const list = performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/sources/user_connections/all/') && e.name.includes('page_size=1000'));
    return { rowsAt: window.__rowsAt, responseEnd: list.length ? list[list.length - 1].responseEnd : NaN, count: document.querySelectorAll('table.data tbody tr').length };
  });
  if (t.count !== ROWS) throw new Error(`${url}: ${t.count} rows, expected ${ROWS}`);
  if (errors.length) throw new Error(`${url}: ${errors.join(' | ')}`);
  let mem = null;
  if (heap) {
    await page.waitForLoadState('networkidle');
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? null);
    mem = { jsHeap: usedSize, wasmMemory: wasm };
  }
  await context.close();
  return { ...t, render: t.rowsAt - t.responseEnd, mem };
}

const app = [];
const base = [];
// Interleaved so both see the same machine state; one warm-up each is discarded.
await load(`${BASE}/user-connections?page_size=${ROWS}`);
await load(`${BASE}/__bench/baseline.html?page_size=${ROWS}`);
for (let i = 0; i < RUNS; i++) {
  app.push(await load(`${BASE}/user-connections?page_size=${ROWS}`));
  base.push(await load(`${BASE}/__bench/baseline.html?page_size=${ROWS}`));
}
const heap = (await load(`${BASE}/user-connections?page_size=${ROWS}`, { heap: true })).mem;
await browser.close();
server.close();
demo.kill();

const appRender = median(app.map((r) => r.render));
const baseRender = median(base.map((r) => r.render));
const ratio = appRender / baseRender;
const cold = median(app.map((r) => r.rowsAt));
const kb = (n) => (n / 1024).toFixed(1);
const mb = (n) => (n / 1048576).toFixed(1);

const rows = [
  ['transfer, brotli (html+js+wasm+css)', `${kb(total.brotli)} KB`, `≤ ${BUDGET.brotliKB} KB`, total.brotli / 1024 <= BUDGET.brotliKB],
  [`render ${ROWS} rows: console / plain JS`, `${ratio.toFixed(2)}× (${appRender.toFixed(0)} ms / ${baseRender.toFixed(0)} ms)`, `≤ ${BUDGET.ratio}×`, ratio <= BUDGET.ratio],
  [`cold load to ${ROWS} rows painted`, `${cold.toFixed(0)} ms`, `≤ ${BUDGET.coldMs} ms`, cold <= BUDGET.coldMs],
  [`JS heap after ${ROWS} rows`, `${mb(heap.jsHeap)} MB`, `≤ ${BUDGET.heapMB} MB`, heap.jsHeap / 1048576 <= BUDGET.heapMB],
  [`wasm linear memory after ${ROWS} rows`, heap.wasmMemory == null ? 'n/a' : `${mb(heap.wasmMemory)} MB`, '(not budgeted)', true],
];

console.log('\nTransfer size (what index.html loads)');
console.log('| file | raw | gzip | brotli |\n|---|---:|---:|---:|');
for (const s of sizes) console.log(`| ${s.file} | ${s.raw} | ${s.gzip} | ${s.brotli} |`);
console.log(`| **total** | **${total.raw}** | **${total.gzip}** | **${total.brotli}** |`);
console.log(`\nMedians of ${RUNS} fresh loads each, headless Chromium, ${new Date().toISOString().slice(0, 10)}`);
console.log('| measure | result | budget | |\n|---|---|---|---|');
for (const [name, value, budget, ok] of rows) console.log(`| ${name} | ${value} | ${budget} | ${ok ? 'PASS' : 'OVER'} |`);

fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify({ sizes, total, appRender, baseRender, ratio, cold, heap, runs: { app, base } }, null, 2));

const over = rows.filter((r) => !r[3]).map((r) => r[0]);
if (over.length) {
  console.log(`\nover budget: ${over.join('; ')}`);
  process.exit(1);
}
