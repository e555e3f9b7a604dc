// Trunk post-build hook (see Trunk.toml):
// 1. moves Trunk's inline module loader into a hashed file, so the page runs under a strict
//    Content-Security-Policy (`script-src 'self'`, no 'unsafe-inline', no hashes to keep in
//    sync), with subresource integrity like the other assets;
// 2. with the default public URL `/`, makes every reference relative to `<base href>` (index.html)
//    or to the loader itself (the loader's imports), so one build serves at `/` and under any
//    sub-path: installing under `/ak-admin/` only changes `<base href="/">` in index.html
//    (scripts/install.sh, in the release archive);
// 3. minifies the wasm-bindgen glue (terser) and the stylesheet (lightningcss), which Trunk
//    leaves as written unless it also minifies index.html (whose unquoted attributes the
//    steps here and the install would then have to read), and renews their integrity;
// 4. writes precompressed .br and .gz copies next to each asset for nginx's *_static modules
//    (not of index.html, which the install edits, nor config.json, which admins edit).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { transform } from 'lightningcss';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run through trunk build');
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

// Built at the root: references become relative (see 2. above).
const relative = publicUrl === '/';
const built = new Set(fs.readdirSync(dir));
const ref = (name) => (relative ? name : `${publicUrl}${name}`);
if (relative) {
  html = html.replace(/\b(href|src)="\/([^"/]+)"/g, (m, attr, name) => (built.has(name) ? `${attr}="${name}"` : m));
}

const sri = (data) => `sha384-${crypto.createHash('sha384').update(data).digest('base64')}`;

// 3. The glue and the stylesheet, smaller; their links in index.html get the new integrity.
for (const f of built) {
  const file = path.join(dir, f);
  let out;
  if (/^ak-admin-[0-9a-f]+\.js$/.test(f)) {
    const result = await minify(fs.readFileSync(file, 'utf8'), { module: true, compress: true, mangle: true });
    out = Buffer.from(result.code);
  } else if (/\.css$/.test(f)) {
    out = Buffer.from(transform({ filename: f, code: fs.readFileSync(file), minify: true }).code);
  } else {
    continue;
  }
  const before = sri(fs.readFileSync(file));
  fs.writeFileSync(file, out);
  if (!html.includes(before)) throw new Error(`index.html does not name ${f} by its integrity`);
  html = html.replace(before, sri(out));
}

const inline = /<script type="module">([\s\S]*?)<\/script>/g;
let count = 0;
html = html.replace(inline, (_, body) => {
  count += 1;
  let code = body.trim() + '\n';
  if (relative) {
    // Imports resolve against the loader's own address; the wasm path is made one too.
    code = code
      .replace(/from '\/([^'/]+\.js)'/g, (m, name) => (built.has(name) ? `from './${name}'` : m))
      .replace(/module_or_path: '\/([^'/]+\.wasm)'/g, (m, name) => (built.has(name) ? `module_or_path: new URL('${name}', import.meta.url)` : m));
    if (/['"]\/[^'"]+\.(?:js|wasm)['"]/.test(code)) throw new Error(`an absolute asset path is left in the loader:\n${code}`);
  }
  const name = `boot-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  fs.writeFileSync(path.join(dir, name), code);
  return `<script type="module" src="${ref(name)}" integrity="${sri(code)}" crossorigin="anonymous"></script>`;
});
if (count !== 1) throw new Error(`expected one inline loader script, found ${count}`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error('an inline script is left in index.html');
if (relative && /\b(?:href|src)="\/[^"]+\.(?:js|wasm|css)"/.test(html)) throw new Error('an absolute asset path is left in index.html');
fs.writeFileSync(indexPath, html);

for (const f of fs.readdirSync(dir)) {
  // config.json is edited in place by admins: a stale compressed copy would win.
  if (!/\.(wasm|js|css|svg)$/.test(f)) continue;
  const data = fs.readFileSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, `${f}.gz`), zlib.gzipSync(data, { level: 9 }));
  fs.writeFileSync(
    path.join(dir, `${f}.br`),
    zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }),
  );
}
console.log(`post-build: loader externalised, ${fs.readdirSync(dir).filter((f) => f.endsWith('.br')).length} assets precompressed`);
