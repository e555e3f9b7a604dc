// The benchmark's web server: serves dist/ the way the nginx config does (precompressed .br /
// .gz by Accept-Encoding, history fallback to index.html, the same security headers) and
// answers a mock authentik API under /api/v3/ with deterministic data in authentik 2026.2's
// shapes (tests/fixtures/2026.2.2). Also serves the plain-JS baseline under /__bench/.
//
//   node bench/server.mjs [--port 8090]     run it on its own (token: bench-admin-token)
//
// Only the GET endpoints the user-connections list needs are implemented; anything else is
// answered 404 and recorded, so the benchmark can fail when the console asks for something
// this mock does not know.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
export const TOKEN = 'bench-admin-token';

// ---------------------------------------------------------------- deterministic data

/** A small deterministic PRNG (mulberry32), so every run serves the same bytes. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hex = (s, n) => crypto.createHash('sha256').update(s).digest('hex').slice(0, n);
/** A stable v4-looking uuid derived from a name. */
function uuid(name) {
  const h = hex(`uuid:${name}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
/** authentik's timestamp format: microseconds and a Z. */
function stamp(ms, rand) {
  const micros = String(Math.floor(rand() * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}

const SOURCE_DEFS = [
  // name, slug, component, verbose name, model, user matching, managed
  ['authentik Built-in', 'authentik-built-in', '', 'source', 'authentik_core.source', 'identifier', 'goauthentik.io/sources/inbuilt'],
  ['Corp OIDC', 'corp-oidc', 'ak-source-oauth-form', 'OAuth Source', 'authentik_sources_oauth.oauthsource', 'identifier', null],
  ['GitHub', 'github', 'ak-source-oauth-form', 'OAuth Source', 'authentik_sources_oauth.oauthsource', 'email_link', null],
  ['Google Workspace', 'google-workspace', 'ak-source-oauth-form', 'OAuth Source', 'authentik_sources_oauth.oauthsource', 'email_link', null],
  ['Entra ID', 'entra-id', 'ak-source-oauth-form', 'OAuth Source', 'authentik_sources_oauth.oauthsource', 'identifier', null],
  ['Corporate LDAP', 'corporate-ldap', 'ak-source-ldap-form', 'LDAP Source', 'authentik_sources_ldap.ldapsource', 'identifier', null],
  ['Partner SAML', 'partner-saml', 'ak-source-saml-form', 'SAML Source', 'authentik_sources_saml.samlsource', 'username_link', null],
];

/** As `/sources/all/` lists them: the concrete source type's labels. */
const SOURCES = SOURCE_DEFS.map(([name, slug, component, verbose, model, matching, managed]) => ({
  pk: uuid(`source:${slug}`),
  name,
  slug,
  enabled: true,
  promoted: false,
  authentication_flow: null,
  enrollment_flow: managed ? null : uuid('flow:default-source-enrollment'),
  user_property_mappings: [],
  group_property_mappings: [],
  component,
  verbose_name: verbose,
  verbose_name_plural: `${verbose}s`,
  meta_model_name: model,
  policy_engine_mode: 'any',
  user_matching_mode: matching,
  managed,
  user_path_template: 'goauthentik.io/sources/%(slug)s',
  icon: '',
  icon_url: null,
  icon_themed_urls: null,
}));

/** As nested in a connection's `source_obj` on 2026.2: the generic Source serializer. */
const sourceObj = (s) => ({
  ...s,
  component: '',
  verbose_name: 'source',
  verbose_name_plural: 'sources',
  meta_model_name: 'authentik_core.source',
});

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'zoe', 'amir', 'bea', 'chen', 'dmitri', 'elif'];
const LAST = ['anderson', 'baker', 'clark', 'diaz', 'evans', 'fischer', 'garcia', 'hughes', 'ito', 'jensen'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const BASE_MS = Date.UTC(2026, 0, 15, 9, 30, 0); // everything happened before this

const ADMIN = { pk: 5, username: 'akadmin', name: 'authentik Default Admin', email: 'root@example.com' };
const USERS = [];
{
  const rand = prng(7);
  USERS.push(ADMIN);
  for (let i = 0; i < FIRST.length * LAST.length; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length)];
    USERS.push({ pk: 6 + i, username: `${first}.${last}`, name: `${cap(first)} ${cap(last)}`, email: `${first}.${last}@example.test` });
  }
  const groups = [
    { pk: uuid('group:authentik Admins'), num_pk: 1001, name: 'authentik Admins', is_superuser: true, attributes: {} },
    { pk: uuid('group:engineering'), num_pk: 1002, name: 'engineering', is_superuser: false, attributes: { dept: 'eng' } },
    { pk: uuid('group:sales'), num_pk: 1003, name: 'sales', is_superuser: false, attributes: { dept: 'sales' } },
  ];
  for (let i = 0; i < USERS.length; i++) {
    const u = USERS[i];
    const joined = BASE_MS - Math.floor(rand() * 900) * 86400000 - Math.floor(rand() * 86400000);
    const g = u === ADMIN ? [groups[0]] : [groups[1 + (u.pk % 2)]];
    // Key order as authentik's User serializer sends it.
    USERS[i] = {
      pk: u.pk,
      username: u.username,
      name: u.name,
      is_active: true,
      last_login: rand() < 0.8 ? stamp(joined + Math.floor(rand() * 200) * 86400000, rand) : null,
      date_joined: stamp(joined, rand),
      is_superuser: u === ADMIN,
      groups: g.map((x) => x.pk),
      groups_obj: g,
      roles: [],
      roles_obj: [],
      email: u.email,
      avatar: '/static/dist/assets/images/user_default.png',
      attributes: {},
      uid: hex(`uid:${u.pk}`, 64),
      path: 'users',
      type: 'internal',
      uuid: uuid(`user:${u.pk}`),
      password_change_date: stamp(joined, rand),
      last_updated: stamp(joined + 3600000, rand),
    };
  }
}
const ADMIN_USER = USERS[0];
const USER_BY_PK = new Map(USERS.map((u) => [u.pk, u]));

/** 1,200 connections (so page 1 of 1,000 has a next page), unique per (user, source). */
const CONNECTIONS = [];
{
  const rand = prng(42);
  const people = USERS.filter((u) => u.pk !== ADMIN.pk);
  const connectable = SOURCES.filter((s) => !s.managed);
  const pairs = [];
  for (const u of people) for (const s of connectable) pairs.push([u, s]);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
  const identifier = (u, s) => {
    switch (s.slug) {
      case 'corp-oidc': return `corp|${u.username}`;
      case 'github': return String(1000000 + Math.floor(rand() * 90000000));
      case 'google-workspace': return String(100000000000000000000n + BigInt(Math.floor(rand() * 1e15)) * 1000n + BigInt(u.pk));
      case 'entra-id': return uuid(`entra:${u.pk}`);
      case 'corporate-ldap': return `uid=${u.username},ou=people,dc=example,dc=com`;
      default: return u.email;
    }
  };
  pairs.slice(0, 1200).forEach(([u, s], i) => {
    const created = BASE_MS - Math.floor(rand() * 700 * 86400000);
    CONNECTIONS.push({
      pk: i + 1,
      user: u.pk,
      source: s.pk,
      source_obj: sourceObj(s),
      identifier: identifier(u, s),
      created: stamp(created, rand),
      last_updated: stamp(created + Math.floor(rand() * 30 * 86400000), rand),
    });
  });
}

// ---------------------------------------------------------------- API

const json = (status, body) => ({ status, body });
const notFound = (model) => json(404, { detail: model ? `No ${model} matches the given query.` : 'Not found.' });

/** DRF pagination as authentik sends it; `autocomplete` only where authentik sends it. */
function paginate(items, q, { autocomplete = false } = {}) {
  const size = Math.max(1, Number.parseInt(q.get('page_size') || '20', 10) || 20);
  const page = Math.max(1, Number.parseInt(q.get('page') || '1', 10) || 1);
  const total = Math.max(1, Math.ceil(items.length / size));
  if (page > total) return json(404, { detail: 'Invalid page.' });
  const results = items.slice((page - 1) * size, page * size);
  const body = {
    pagination: {
      next: page < total ? page + 1 : 0,
      previous: page > 1 ? page - 1 : 0,
      count: items.length,
      current: page,
      total_pages: total,
      start_index: items.length ? (page - 1) * size + 1 : 0,
      end_index: (page - 1) * size + results.length,
    },
    results,
  };
  if (autocomplete) body.autocomplete = {};
  return json(200, body);
}

function order(items, ordering, allowed) {
  const keys = (ordering || '').split(',').filter((k) => allowed.includes(k.replace(/^-/, '')));
  if (!keys.length) return items;
  return [...items].sort((a, b) => {
    for (const k of keys) {
      const f = k.replace(/^-/, '');
      const d = a[f] < b[f] ? -1 : a[f] > b[f] ? 1 : 0;
      if (d) return k.startsWith('-') ? -d : d;
    }
    return 0;
  });
}

const ROUTES = [
  // The console asks which release answers, to offer only the controls it honours.
  [/^admin\/version\/$/, () => json(200, {
    version_current: '2026.2.2', version_latest: '2026.2.2', version_latest_valid: true,
    build_hash: '', outdated: false, outpost_outdated: false,
  })],
  [/^core\/users\/me\/$/, () => json(200, {
    user: {
      pk: ADMIN_USER.pk, username: ADMIN_USER.username, name: ADMIN_USER.name, is_active: true, is_superuser: true,
      groups: ADMIN_USER.groups_obj.map((g) => ({ name: g.name, pk: g.pk })), roles: [], email: ADMIN_USER.email,
      avatar: ADMIN_USER.avatar, uid: ADMIN_USER.uid, settings: {}, type: 'internal',
      system_permissions: ['access_admin_interface', 'view_system_info', 'view_system_settings'],
    },
  })],
  [/^core\/users\/(\d+)\/$/, (q, m) => {
    const u = USER_BY_PK.get(Number(m[1]));
    return u ? json(200, u) : notFound('User');
  }],
  [/^core\/users\/$/, (q) => {
    let users = USERS;
    if (q.get('username')) users = users.filter((u) => u.username === q.get('username'));
    const search = (q.get('search') || '').toLowerCase();
    if (search) users = users.filter((u) => `${u.username} ${u.name} ${u.email}`.toLowerCase().includes(search));
    return paginate(order(users, q.get('ordering') || 'username', ['pk', 'username', 'name', 'email']), q, { autocomplete: true });
  }],
  [/^sources\/all\/$/, (q) => {
    let s = SOURCES;
    for (const [param, field] of [['pbm_uuid', 'pk'], ['slug', 'slug'], ['name', 'name']]) {
      if (q.get(param)) s = s.filter((x) => x[field] === q.get(param));
    }
    const search = (q.get('search') || '').toLowerCase();
    if (search) s = s.filter((x) => `${x.name} ${x.slug}`.toLowerCase().includes(search));
    return paginate(order(s, q.get('ordering') || 'name', ['name', 'slug', 'pk']), q);
  }],
  [/^sources\/all\/([^/]+)\/$/, (q, m) => {
    const s = SOURCES.find((x) => x.slug === m[1]);
    return s ? json(200, s) : notFound('Source');
  }],
  [/^sources\/user_connections\/all\/$/, (q) => {
    let c = CONNECTIONS;
    if (q.get('user')) {
      if (!USER_BY_PK.has(Number(q.get('user')))) {
        return json(400, { user: ['Select a valid choice. That choice is not one of the available choices.'] });
      }
      c = c.filter((x) => x.user === Number(q.get('user')));
    }
    if (q.get('source__slug')) c = c.filter((x) => x.source_obj.slug === q.get('source__slug'));
    const search = (q.get('search') || '').toLowerCase();
    if (search) {
      c = c.filter((x) => `${x.identifier} ${USER_BY_PK.get(x.user).username} ${x.source_obj.name}`.toLowerCase().includes(search));
    }
    return paginate(order(c, q.get('ordering') || 'pk', ['pk', 'user', 'identifier', 'created', 'last_updated']), q, { autocomplete: true });
  }],
  [/^sources\/user_connections\/all\/(\d+)\/$/, (q, m) => {
    const c = CONNECTIONS.find((x) => x.pk === Number(m[1]));
    return c ? json(200, c) : notFound('UserSourceConnection');
  }],
  [/^root\/config\/$/, () => json(200, {
    error_reporting: { enabled: false, sentry_dsn: '', environment: '', send_pii: false, traces_sample_rate: 0 },
    capabilities: ['can_save_media', 'can_geo_ip', 'can_impersonate', 'can_debug', 'is_enterprise'],
    cache_timeout: 300, cache_timeout_flows: 300, cache_timeout_policies: 300,
  })],
];

/** Answers one API request; bodies are cached per URL so every load gets the same bytes fast. */
const cache = new Map();
function api(req, url) {
  const auth = req.headers.authorization || '';
  if (!auth) return { status: 403, text: JSON.stringify({ detail: 'Authentication credentials were not provided.' }) };
  if (auth !== `Bearer ${TOKEN}`) return { status: 403, text: JSON.stringify({ detail: 'Token invalid/expired' }) };
  if (req.method !== 'GET') return { status: 405, text: JSON.stringify({ detail: `Method "${req.method}" not allowed.` }) };
  const key = url.pathname + url.search;
  let hit = cache.get(key);
  if (!hit) {
    const rest = url.pathname.slice('/api/v3/'.length);
    let out = null;
    for (const [re, handler] of ROUTES) {
      const m = rest.match(re);
      if (m) { out = handler(url.searchParams, m); break; }
    }
    const known = out !== null;
    out ||= notFound();
    hit = { status: out.status, text: JSON.stringify(out.body), known };
    cache.set(key, hit);
  }
  return hit;
}

// ---------------------------------------------------------------- static files

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon',
};
// The same headers deploy/nginx/ak-admin.conf sends, so the console runs as in production.
const SECURITY = {
  'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** The stylesheet index.html links, so the baseline page is laid out with the same CSS. */
function appCss(dist) {
  const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const m = index.match(/<link rel="stylesheet" href="[^"]*?([^"/]+\.css)"/);
  return m ? path.join(dist, m[1]) : null;
}

function sendFile(req, res, file, extraHeaders = {}) {
  const ext = path.extname(file);
  const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', vary: 'Accept-Encoding', ...SECURITY, ...extraHeaders };
  const accept = String(req.headers['accept-encoding'] || '');
  let body = file;
  for (const [enc, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (new RegExp(`\\b${enc}\\b`).test(accept) && fs.existsSync(file + suffix)) {
      body = file + suffix;
      headers['content-encoding'] = enc;
      break;
    }
  }
  const size = fs.statSync(body).size;
  headers['content-length'] = size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(body).pipe(res);
  return { bytes: size, encoding: headers['content-encoding'] || 'identity' };
}

// ---------------------------------------------------------------- server

/**
 * Starts the server. `log` receives every request: { kind: 'api'|'static', method, path,
 * status, bytes }. Returns { url, port, log, close() }.
 */
export async function startServer({ dist = path.join(ROOT, 'dist'), port = 0, host = '127.0.0.1' } = {}) {
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (url.pathname.startsWith('/api/v3/')) {
        const out = api(req, url);
        res.writeHead(out.status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(out.text),
          vary: 'Accept-Language, Cookie',
          allow: 'GET, HEAD, OPTIONS',
          ...SECURITY,
        });
        res.end(out.text);
        log.push({ kind: 'api', method: req.method, path: url.pathname + url.search, status: out.status, bytes: Buffer.byteLength(out.text), known: out.known !== false });
        return;
      }
      let file;
      const cacheHeaders = {};
      if (url.pathname.startsWith('/__bench/')) {
        const name = url.pathname.slice('/__bench/'.length);
        file = name === 'app.css' ? appCss(dist) : ['baseline.html', 'baseline.js'].includes(name) ? path.join(HERE, name) : null;
        cacheHeaders['cache-control'] = 'no-cache';
      } else {
        const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
        const candidate = path.join(dist, rel);
        if (rel && candidate.startsWith(dist + path.sep) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
          file = candidate;
          cacheHeaders['cache-control'] = /\.(wasm|js|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
        } else if (/\.(wasm|js|css|json|svg|png|ico|map)$/.test(rel)) {
          file = null; // a missing asset is a 404, as with nginx's try_files
        } else {
          file = path.join(dist, 'index.html'); // history routing
          cacheHeaders['cache-control'] = 'no-cache';
        }
      }
      if (!file || !fs.existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain', ...SECURITY });
        res.end('not found');
        log.push({ kind: 'static', method: req.method, path: url.pathname, status: 404, bytes: 0 });
        return;
      }
      const sent = sendFile(req, res, file, cacheHeaders);
      log.push({ kind: 'static', method: req.method, path: url.pathname, status: 200, ...sent });
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
      log.push({ kind: url.pathname.startsWith('/api/') ? 'api' : 'static', method: req.method, path: url.pathname, status: 500, error: String(e) });
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    log,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

export const DATA = { SOURCES, USERS, CONNECTIONS };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const s = await startServer({ port: i > 0 ? Number(process.argv[i + 1]) : 8090 });
  console.log(`bench server on ${s.url}/ (API token: ${TOKEN}; baseline: ${s.url}/__bench/baseline.html)`);
}
