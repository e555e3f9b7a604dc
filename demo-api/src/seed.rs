//! The demo world: the recorded objects of the matching authentik version as templates,
//! multiplied into a realistic install. Deterministic: the same flags give the same data.

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use time::{Duration, OffsetDateTime};

use crate::world::{
    group_list_from_embed, timestamp, ApiToken, AuthSession, Consent, Group, GroupConn, Source,
    Token, User, UserConn, World,
};
use crate::Compat;

pub const CAPTURE_2024: &str = include_str!("../seed/capture-2024.8.json");
pub const CAPTURE_2026: &str = include_str!("../seed/capture-2026.2.json");
pub const CAPTURE_LARGE_2024: &str = include_str!("../seed/capture-large-2024.8.json");
pub const CAPTURE_LARGE_2026: &str = include_str!("../seed/capture-large-2026.2.json");

pub fn capture(compat: Compat) -> World {
    match compat {
        Compat::V2024_8 => World::from_capture(compat, CAPTURE_2024),
        _ => World::from_capture(compat, CAPTURE_2026),
    }
}

/// The install the later recordings were made on (see `SeedKind::CaptureLarge`).
pub fn capture_large(compat: Compat) -> World {
    match compat {
        Compat::V2024_8 => World::from_capture(compat, CAPTURE_LARGE_2024),
        _ => World::from_capture(compat, CAPTURE_LARGE_2026),
    }
}

pub const CAPTURE_MFA_2024: &str = include_str!("../seed/capture-mfa-2024.8.json");
pub const CAPTURE_MFA_2026: &str = include_str!("../seed/capture-mfa-2026.2.json");

/// The install the MFA recordings (800 and up) were made on: the later install's users
/// (same pks; 2026's nested users as recorded) and the recorded devices
/// (`seed/extract-mfa.py`).
pub fn capture_mfa(compat: Compat) -> World {
    let mut world = capture_large(compat);
    let text = match compat {
        Compat::V2024_8 => CAPTURE_MFA_2024,
        _ => CAPTURE_MFA_2026,
    };
    let mfa: Value = serde_json::from_str(text).expect("MFA seed file is valid JSON");
    for partial in mfa["users"].as_array().into_iter().flatten() {
        let pk = partial["pk"].as_i64().unwrap_or_default();
        if let (Some(u), Some(fields)) = (world.users.get_mut(&pk), partial.as_object()) {
            for (k, v) in fields {
                u.obj[k] = v.clone();
            }
        }
    }
    world.devices = mfa["devices"]
        .as_array()
        .into_iter()
        .flatten()
        .map(crate::world::device_from)
        .collect();
    world
}

/// The backup code planted among alice's static device's codes in demo mode: the
/// end-to-end tests check it never reaches the page, a URL, the console or a CSV file.
pub const PLANTED_BACKUP_CODE: &str = "planted-backup-code-7q2m";

/// Strings that must render as inert text.
pub const HOSTILE: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "\"><script>alert(1)</script>",
    "مرحبا بالعالم \u{200f}שלום",
    "🦀👩‍💻🔥 émoji ünïcödé",
    "'; DROP TABLE users; --",
];

fn long_string() -> String {
    "very-long-value-".repeat(640)
}

/// The demo's random source: the same seed, the same data.
pub struct Gen {
    pub rng: fastrand::Rng,
}

/// What a resource's own seed (`api::Mounted::seed`) is given besides the world.
pub struct Seeding<'a> {
    pub now: OffsetDateTime,
    /// Names made of markup, long strings and mixed scripts (`--hostile`).
    pub hostile: bool,
    pub g: &'a mut Gen,
}

impl Gen {
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        for b in bytes.iter_mut() {
            *b = self.rng.u8(..);
        }
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }
    pub fn hex(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from_digit(self.rng.u32(0..16), 16).unwrap_or('0'))
            .collect()
    }
}

const FIRST: &[&str] = &[
    "Aaliyah", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Jamal",
    "Kaito", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma",
    "Viktor", "Wen", "Ximena", "Yusuf", "Zoe", "Amélie", "Björn", "Chloé", "Søren",
];
const LAST: &[&str] = &[
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Varga",
    "Wright",
    "Xu",
    "Yilmaz",
    "Zimmermann",
    "Andersson",
    "Bianchi",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Müller",
];
const TEAMS: &[&str] = &[
    "platform",
    "security",
    "sre",
    "data",
    "design",
    "finance",
    "legal",
    "support",
    "sales-emea",
    "sales-apac",
    "sales-amer",
    "hr",
    "it-helpdesk",
    "qa",
    "mobile",
    "web",
    "infra",
    "ml",
    "research",
    "partners",
    "contractors",
    "interns",
    "auditors",
    "release",
    "docs",
];

/// (slug, name, enabled, identifier style)
const SOURCES: &[(&str, &str, bool)] = &[
    ("github", "GitHub", true),
    ("corp-oidc", "Corp OIDC", true),
    ("google", "Google Workspace", true),
    ("entra-id", "Microsoft Entra ID", true),
    ("gitlab", "GitLab", true),
    ("keycloak-legacy", "Keycloak (legacy)", false),
];

/// (kind, slug, name, verbose name) of the demo's sources that are not OAuth.
const KINDS: &[(&str, &str, &str, &str)] = &[
    ("saml", "corp-saml", "Corp SAML", "SAML Source"),
    ("plex", "plex", "Plex", "Plex Source"),
    (
        "kerberos",
        "corp-kerberos",
        "Corp Kerberos",
        "Kerberos Source",
    ),
    ("ldap", "corp-ldap", "Corp LDAP", "LDAP Source"),
    ("telegram", "telegram", "Telegram", "Telegram Source"),
];

/// The identifier a source of another kind keeps: the SAML NameID, the Plex account id,
/// the Kerberos principal, the LDAP object's unique id, the Telegram user id.
fn kind_identifier(kind: &str, u: &User, n: usize, g: &mut Gen) -> String {
    match kind {
        "saml" => format!("{}@corp.example.test", u.username),
        "plex" => format!("{}", 10_000_000 + n * 7),
        "kerberos" => format!("{}@CORP.EXAMPLE.TEST", u.username),
        "ldap" => g.uuid(),
        _ => format!("{}", 500_000_000 + n * 13),
    }
}

fn identifier(slug: &str, u: &User, n: usize, g: &mut Gen) -> String {
    let first = u.name.split(' ').next().unwrap_or("").to_lowercase();
    match slug {
        "github" => format!("gh-{}-{}", 1000 + n, u.username),
        "corp-oidc" => format!("corp|{}", u.username.replace('-', ".")),
        "google" => format!(
            "{}",
            100_000_000_000_000_000u64 + g.rng.u64(..1_000_000_000_000)
        ),
        "entra-id" => g.uuid(),
        "gitlab" => format!("gl-{}", 4000 + n),
        _ => format!("kc:{first}:{}", g.hex(8)),
    }
}

pub fn demo(compat: Compat, now: OffsetDateTime, hostile: bool) -> World {
    let base = capture(compat);
    let modern = compat != Compat::V2024_8;
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(0x000a_11ce_5eed),
    };
    let at = |days: i64, secs: i64| timestamp(now - Duration::days(days) + Duration::seconds(secs));

    // Sources: the recorded built-in one (or one like it) and six OAuth sources.
    let oauth_tpl = base
        .sources
        .iter()
        .find(|s| s.slug == "github")
        .cloned()
        .expect("recorded github source");
    let mut sources = Vec::new();
    let mut builtin = oauth_tpl.clone();
    builtin.pk = g.uuid();
    builtin.slug = "authentik-built-in".into();
    builtin.name = "authentik Built-in".into();
    builtin.kind = String::new();
    for v in [&mut builtin.list, &mut builtin.embed] {
        v["pk"] = json!(builtin.pk);
        v["slug"] = json!(builtin.slug);
        v["name"] = json!(builtin.name);
        v["managed"] = json!("goauthentik.io/sources/inbuilt");
        v["component"] = json!("");
        v["verbose_name"] = json!("source");
        v["verbose_name_plural"] = json!("sources");
        v["meta_model_name"] = json!("authentik_core.source");
    }
    sources.push(builtin);
    for (i, (slug, name, enabled)) in SOURCES.iter().enumerate() {
        let mut s = base
            .sources
            .iter()
            .find(|s| s.slug == *slug)
            .cloned()
            .unwrap_or_else(|| oauth_tpl.clone());
        s.pk = g.uuid();
        s.slug = (*slug).into();
        s.name = (*name).into();
        if hostile && i == 5 {
            s.slug = HOSTILE[1].into();
            s.name = HOSTILE[0].into();
        }
        for v in [&mut s.list, &mut s.embed] {
            v["pk"] = json!(s.pk);
            v["slug"] = json!(s.slug);
            v["name"] = json!(s.name);
            v["enabled"] = json!(enabled);
        }
        s.list["icon"] = if modern { json!("") } else { Value::Null };
        sources.push(s);
    }
    let oauth: Vec<Source> = sources[1..].to_vec();
    // Sources of the other kinds with connections of their own: SAML and Plex on every
    // version, Kerberos, LDAP and Telegram where their connection endpoints exist (2024.10+).
    for (kind, slug, name, verbose) in KINDS {
        if !modern && !matches!(*kind, "saml" | "plex") {
            continue;
        }
        let mut s = oauth_tpl.clone();
        s.pk = g.uuid();
        s.slug = (*slug).into();
        s.name = (*name).into();
        s.kind = (*kind).into();
        for v in [&mut s.list, &mut s.embed] {
            v["pk"] = json!(s.pk);
            v["slug"] = json!(s.slug);
            v["name"] = json!(s.name);
            v["enabled"] = json!(true);
        }
        // `sources/all/` names the subclass; a nested source is the generic base.
        s.list["component"] = json!(format!("ak-source-{kind}-form"));
        s.list["verbose_name"] = json!(verbose);
        s.list["verbose_name_plural"] = json!(format!("{verbose}s"));
        s.list["meta_model_name"] = json!(format!("authentik_sources_{kind}.{kind}source"));
        s.list["icon"] = if modern { json!("") } else { Value::Null };
        sources.push(s);
    }
    let others: Vec<Source> = sources[1 + oauth.len()..].to_vec();

    // Groups: the recorded ones, then teams (some nested).
    let mut groups: Vec<Group> = Vec::new();
    let embed_tpl = base
        .users
        .values()
        .flat_map(|u| u.obj["groups_obj"].as_array().cloned().unwrap_or_default())
        .find(|g| g["name"] == "engineering")
        .unwrap_or_else(
            || json!({"pk": "", "num_pk": 0, "name": "", "is_superuser": false, "attributes": {}}),
        );
    for rec in &base.groups {
        groups.push(rec.clone());
    }
    let recorded_groups = groups.len();
    let named: Vec<String> = TEAMS.iter().map(|s| s.to_string()).collect();
    for i in 0..60 {
        let name = if i < named.len() {
            named[i].clone()
        } else {
            format!("team-{:02}", i - named.len() + 1)
        };
        let name = if hostile && i == 3 {
            HOSTILE[0].to_string()
        } else if hostile && i == 4 {
            HOSTILE[2].to_string()
        } else {
            name
        };
        let pk = g.uuid();
        let mut embed = embed_tpl.clone();
        embed["pk"] = json!(pk);
        embed["num_pk"] = json!(10_000 + g.rng.u32(..50_000));
        embed["name"] = json!(name);
        embed["attributes"] = json!({});
        let parent = if i >= 25 && i % 3 == 0 {
            groups
                .get(recorded_groups + (i % 7))
                .map(|p| (p.pk.clone(), p.name.clone()))
        } else {
            None
        };
        let mut list = group_list_from_embed(&embed, modern);
        if let Some((ppk, pname)) = &parent {
            if modern {
                list["parents"] = json!([ppk]);
                list["parents_obj"] = json!([{"pk": ppk, "name": pname}]);
            } else {
                list["parent"] = json!(ppk);
                list["parent_name"] = json!(pname);
            }
        }
        groups.push(Group { pk, name, list });
    }

    // Users: the recorded five keep their numbers (akadmin 5 … dave-noperm 9).
    let mut users: BTreeMap<i64, User> = base.users.clone();
    let tpl = users.get(&6).cloned().expect("recorded alice");
    let mut taken: BTreeSet<String> = users.values().map(|u| u.username.clone()).collect();
    for pk in 10..=204i64 {
        let first = FIRST[g.rng.usize(..FIRST.len())];
        let last = LAST[g.rng.usize(..LAST.len())];
        let mut username = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
        let mut n = 2;
        while taken.contains(&username) {
            username = format!("{}.{}{}", first.to_lowercase(), last.to_lowercase(), n);
            n += 1;
        }
        taken.insert(username.clone());
        let mut name = format!("{first} {last}");
        if hostile && (10..=14).contains(&pk) {
            username = HOSTILE[(pk - 10) as usize].to_string();
            name = if pk == 14 {
                long_string()
            } else {
                HOSTILE[(pk - 10) as usize].to_string()
            };
        }
        let email = format!("{}@example.test", username.replace(' ', "_"));
        let picks: Vec<&Group> = (0..g.rng.usize(0..3))
            .map(|_| &groups[recorded_groups + g.rng.usize(..groups.len() - recorded_groups)])
            .collect();
        let mut obj = tpl.obj.clone();
        obj["pk"] = json!(pk);
        obj["username"] = json!(username);
        obj["name"] = json!(name);
        obj["email"] = json!(email);
        obj["is_active"] = json!(g.rng.u8(..100) > 4);
        obj["uid"] = json!(g.hex(64));
        obj["uuid"] = json!(g.uuid());
        obj["groups"] = json!(picks.iter().map(|p| p.pk.clone()).collect::<Vec<_>>());
        obj["groups_obj"] = json!(picks
            .iter()
            .map(|p| {
                let mut e = embed_tpl.clone();
                for k in [
                    "pk",
                    "num_pk",
                    "name",
                    "is_superuser",
                    "parent",
                    "parent_name",
                ] {
                    if e.get(k).is_some() {
                        e[k] = p.list.get(k).cloned().unwrap_or(Value::Null);
                    }
                }
                e["attributes"] = json!({});
                e
            })
            .collect::<Vec<_>>());
        if obj.get("last_login").is_some() {
            obj["last_login"] = json!(at(g.rng.i64(0..60), g.rng.i64(0..86_400)));
        }
        for k in ["date_joined", "password_change_date", "last_updated"] {
            if obj.get(k).is_some() {
                obj[k] = json!(at(g.rng.i64(60..900), 0));
            }
        }
        users.insert(
            pk,
            User {
                pk,
                username,
                name,
                email,
                is_superuser: false,
                obj,
                me: Value::Null,
            },
        );
    }

    // A username of digits that is another user's ID ("7" is bob's), as authentik allows:
    // typed where a user is looked up, it must find this user, not bob.
    if let Some(u) = users.get_mut(&204) {
        u.username = "7".into();
        u.obj["username"] = json!("7");
    }

    let src = |slug: &str| oauth.iter().find(|s| s.slug == slug).map(|s| s.pk.clone());
    let gh = src("github").unwrap_or_default();
    let corp = src("corp-oidc").unwrap_or_default();

    // User connections: the recorded six first (same numbers, same meaning), then the rest.
    let mut user_connections = BTreeMap::new();
    let mut pairs: BTreeSet<(i64, String)> = BTreeSet::new();
    let recorded = [
        (6, &gh, "gh-1001-alice"),
        (7, &gh, "gh-1002-bob"),
        (6, &corp, "corp|alice.anderson"),
        (8, &corp, "corp|carol.clark"),
        (5, &gh, "gh-1-akadmin"),
        (8, &gh, "gh-1003-carol-spare"),
        (9, &gh, "gh-9-dave"),
    ];
    let mut pk = 0i64;
    let mut add_uc = |pk: i64,
                      user: i64,
                      source: &str,
                      ident: String,
                      plex_token: Option<String>,
                      g: &mut Gen| {
        let created = at(g.rng.i64(1..700), g.rng.i64(0..86_400));
        let updated = if g.rng.bool() {
            created.clone()
        } else {
            at(g.rng.i64(0..30), g.rng.i64(0..86_400))
        };
        user_connections.insert(
            pk,
            UserConn {
                pk,
                user,
                source: source.to_string(),
                identifier: ident,
                created,
                last_updated: updated,
                expires: Some(Value::Null),
                plex_token,
            },
        );
    };
    for (user, source, ident) in recorded {
        pk += 1;
        pairs.insert((user, source.clone()));
        add_uc(pk, user, source, ident.to_string(), None, &mut g);
    }
    for upk in 10..=204i64 {
        let u = users[&upk].clone();
        let skip = g.rng.usize(..oauth.len() + 2);
        for (i, s) in oauth.iter().enumerate() {
            if i == skip || pairs.contains(&(upk, s.pk.clone())) {
                continue;
            }
            pk += 1;
            let mut ident = identifier(&s.slug, &u, pk as usize, &mut g);
            if hostile && (20..=24).contains(&upk) {
                ident = if upk == 24 {
                    long_string()
                } else {
                    HOSTILE[(upk - 20) as usize].to_string()
                };
            }
            pairs.insert((upk, s.pk.clone()));
            add_uc(pk, upk, &s.pk, ident, None, &mut g);
        }
    }

    // Connections to the other kinds: every few users, some identifiers hostile; Plex ones
    // carry the token authentik keeps (which no endpoint sends).
    for (i, s) in others.iter().enumerate() {
        let every = [3usize, 5, 7, 8, 9][i % 5];
        for upk in (10..=204i64).filter(|p| (*p as usize + i).is_multiple_of(every)) {
            let u = users[&upk].clone();
            pk += 1;
            let mut ident = kind_identifier(&s.kind, &u, pk as usize, &mut g);
            if hostile && upk % 4 == 0 && upk < 60 {
                ident = HOSTILE[(upk as usize / 4) % HOSTILE.len()].to_string();
            }
            let token = (s.kind == "plex").then(|| format!("plex-secret-{}", g.hex(20)));
            add_uc(pk, upk, &s.pk, ident, token, &mut g);
        }
    }

    // Group connections: the recorded four first, then most (group, source) pairs.
    let mut group_connections = BTreeMap::new();
    let find_group = |name: &str| groups.iter().find(|g| g.name == name).map(|g| g.pk.clone());
    let eng = find_group("engineering").unwrap_or_default();
    let ops = find_group("ops").unwrap_or_default();
    let mkt = find_group("marketing").unwrap_or_default();
    let mut gpairs: BTreeSet<(String, String)> = BTreeSet::new();
    let mut gpk = 0i64;
    for (group, source, ident) in [
        (&eng, &gh, "acme-org/engineering".to_string()),
        (&ops, &gh, "acme-org/ops".to_string()),
        (&mkt, &corp, "corp-group-marketing".to_string()),
        (&mkt, &gh, "acme-org/marketing-spare".to_string()),
    ] {
        gpk += 1;
        gpairs.insert((group.clone(), source.clone()));
        let created = at(g.rng.i64(1..400), 0);
        group_connections.insert(
            gpk,
            GroupConn {
                pk: gpk,
                group: group.clone(),
                source: source.clone(),
                identifier: ident,
                created: created.clone(),
                last_updated: created,
            },
        );
    }
    for grp in groups.iter().filter(|g| !g.name.starts_with("authentik ")) {
        for s in &oauth {
            if gpairs.contains(&(grp.pk.clone(), s.pk.clone())) || g.rng.u8(..10) == 0 {
                continue;
            }
            gpk += 1;
            let ident = match s.slug.as_str() {
                "github" => format!("acme-org/{}", grp.name),
                "gitlab" => format!("acme/{}", grp.name),
                "entra-id" => g.uuid(),
                "google" => format!("{}@groups.example.test", grp.name),
                _ => format!("{}-group-{}", s.slug, grp.name),
            };
            gpairs.insert((grp.pk.clone(), s.pk.clone()));
            let created = at(g.rng.i64(1..400), g.rng.i64(0..86_400));
            group_connections.insert(
                gpk,
                GroupConn {
                    pk: gpk,
                    group: grp.pk.clone(),
                    source: s.pk.clone(),
                    identifier: ident,
                    created: created.clone(),
                    last_updated: created,
                },
            );
        }
    }

    // Group connections of the other kinds: a few groups each.
    for (i, s) in others.iter().enumerate() {
        for (n, grp) in groups
            .iter()
            .filter(|g| !g.name.starts_with("authentik "))
            .enumerate()
            .filter(|(n, _)| (n + i).is_multiple_of(4))
        {
            gpk += 1;
            let ident = match s.kind.as_str() {
                "saml" => format!("cn={},ou=groups", grp.name),
                "ldap" => g.uuid(),
                _ => format!("{}-{}-{n}", s.kind, grp.name),
            };
            let created = at(g.rng.i64(1..400), g.rng.i64(0..86_400));
            group_connections.insert(
                gpk,
                GroupConn {
                    pk: gpk,
                    group: grp.pk.clone(),
                    source: s.pk.clone(),
                    identifier: ident,
                    created: created.clone(),
                    last_updated: created,
                },
            );
        }
    }

    // Providers: the two recorded ones and two more like the first.
    let mut providers = base.providers.clone();
    let ptpl = providers.get(&1).cloned().expect("recorded provider");
    for (pk, name, app, client_type) in [
        (3i64, "Grafana Provider", "grafana", "confidential"),
        (4i64, "Nextcloud Provider", "nextcloud", "confidential"),
    ] {
        let mut p = ptpl.clone();
        p["pk"] = json!(pk);
        p["name"] = json!(name);
        p["assigned_application_slug"] = json!(app);
        p["assigned_application_name"] = json!(app[..1].to_uppercase() + &app[1..]);
        p["client_type"] = json!(client_type);
        p["client_id"] = json!(format!("{app}-client-id"));
        p["client_secret"] = json!(format!("{app}-client-secret-{}", g.hex(24)));
        providers.insert(pk, p);
    }

    // Refresh tokens: 1,100 across users and providers, some expired, some revoked.
    let mut tokens = BTreeMap::new();
    let scopes = [
        json!(["openid", "email", "profile", "offline_access"]),
        json!(["openid", "profile", "offline_access"]),
        json!(["openid", "email", "profile", "groups", "offline_access"]),
    ];
    for tpk in 1..=1100i64 {
        let user = if tpk <= 4 {
            [6, 6, 7, 8][(tpk - 1) as usize]
        } else {
            let keys: Vec<i64> = users.keys().copied().collect();
            keys[g.rng.usize(..keys.len())]
        };
        let provider = 1 + g.rng.i64(0..providers.len() as i64);
        let expires_in = match tpk {
            3 => Duration::days(30),
            4 => -Duration::days(1),
            _ => Duration::seconds(g.rng.i64(-20 * 86_400..60 * 86_400)),
        };
        let expires = now + expires_in;
        let issued = expires - Duration::days(30);
        let u = &users[&user];
        let p = &providers[&provider];
        let app = p["assigned_application_slug"].as_str().unwrap_or("app");
        let mut claims = serde_json::Map::new();
        claims.insert(
            "iss".into(),
            json!(format!(
                "https://authentik.example.test/application/o/{app}/"
            )),
        );
        claims.insert("sub".into(), u.obj["uid"].clone());
        claims.insert("aud".into(), p["client_id"].clone());
        claims.insert("exp".into(), json!(issued.unix_timestamp() + 300));
        claims.insert("iat".into(), json!(issued.unix_timestamp()));
        claims.insert(
            "auth_time".into(),
            json!(issued.unix_timestamp() - g.rng.i64(0..3600)),
        );
        claims.insert(
            "acr".into(),
            json!("goauthentik.io/providers/oauth2/default"),
        );
        claims.insert(
            "amr".into(),
            if g.rng.u8(..3) == 0 {
                json!(["pwd", "mfa"])
            } else {
                json!(["pwd"])
            },
        );
        if g.rng.bool() {
            claims.insert("nonce".into(), json!(g.hex(22)));
        }
        claims.insert("email".into(), json!(u.email));
        claims.insert("name".into(), json!(u.name));
        claims.insert("preferred_username".into(), json!(u.username));
        tokens.insert(
            tpk,
            Token {
                pk: tpk,
                provider,
                user,
                expires: timestamp(expires),
                revoked: tpk == 3 || (tpk > 7 && g.rng.u8(..100) < 6),
                scope: scopes[g.rng.usize(..scopes.len())].clone(),
                id_token: json!(pretty4(&Value::Object(claims))),
            },
        );
    }

    let (access_tokens, authorization_codes) = grants(&users, &providers, now);

    let (applications, consents, sessions) =
        consents_and_sessions(&base, &providers, &users, now, hostile, &mut g);
    let api_tokens = demo_api_tokens(&users, now, hostile, &mut g);

    let mut world = World {
        compat,
        sources,
        users,
        groups,
        providers,
        user_connections,
        group_connections,
        tokens,
        access_tokens,
        authorization_codes,
        applications,
        consents,
        sessions,
        api_tokens,
        root_config: base.root_config.clone(),
        accounts: base.accounts,
        ..Default::default()
    };
    // The resources that seed their own collection (after everything above: the same
    // random sequence, the same data).
    crate::api::seed(
        &mut world,
        &mut Seeding {
            now,
            hostile,
            g: &mut g,
        },
    );
    world.fill_me();
    seed_events(&mut world, now);
    world
}

/// A few events so history is not always empty: the first group connections and refresh
/// tokens as authentik's Django shell creates them (capture 728: user `authentik-shell`
/// with pk 0, no `http_request`, `client_ip` null).
fn seed_events(world: &mut World, now: OffsetDateTime) {
    let created = timestamp(now - Duration::days(30));
    let mut subjects: Vec<(String, String, i64)> = Vec::new();
    for c in world.group_connections.values().take(3) {
        if let Some(kind) = world
            .sources
            .iter()
            .find(|s| s.pk == c.source)
            .map(|s| s.kind.clone())
            .filter(|k| !k.is_empty())
        {
            subjects.push((
                format!("authentik_sources_{kind}"),
                format!("group{kind}sourceconnection"),
                c.pk,
            ));
        }
    }
    for t in world.tokens.values().take(3) {
        subjects.push((
            "authentik_providers_oauth2".into(),
            "refreshtoken".into(),
            t.pk,
        ));
    }
    for (n, (app, model_name, pk)) in subjects.into_iter().enumerate() {
        world.events.push(serde_json::json!({
            "pk": format!("5eed0000-0000-4000-8000-{n:012x}"),
            "user": {"pk": 0, "email": "", "username": "authentik-shell"},
            "action": "model_created",
            "app": "authentik.core.management.commands.shell",
            "context": {"model": {"pk": pk, "app": app, "name": format!("{model_name} {pk}"), "model_name": model_name}},
            "client_ip": null,
            "created": created,
            "expires": created,
            "brand": {"pk": "f775e2ded3a94dc5818adc14cf90a71f", "app": "authentik_brands", "name": "Brand fallback", "model_name": "brand"},
        }));
    }
}

/// OAuth2 access tokens (an hour's validity: about half of 320 expired, a few revoked, each
/// with its ID token) and 110 authorization codes (minutes: most expired). A generator of
/// their own, so the objects seeded before them stay as they were.
fn grants(
    users: &BTreeMap<i64, User>,
    providers: &BTreeMap<i64, Value>,
    now: OffsetDateTime,
) -> (BTreeMap<i64, Token>, BTreeMap<i64, Token>) {
    let mut rng = fastrand::Rng::with_seed(0x0a2);
    let keys: Vec<i64> = users.keys().copied().collect();
    let provider_keys: Vec<i64> = providers.keys().copied().collect();
    let scope = json!(["openid", "email", "profile"]);
    let pick = |rng: &mut fastrand::Rng, n: i64| {
        // The first few belong to alice, bob, carol and dave-noperm, as in the recordings
        // (an account without permissions lists its own).
        let user = match n {
            1..=4 => [6, 6, 7, 9][(n - 1) as usize],
            _ => keys[rng.usize(..keys.len())],
        };
        (user, provider_keys[rng.usize(..provider_keys.len())])
    };
    let mut access = BTreeMap::new();
    for pk in 1..=320i64 {
        let (user, provider) = pick(&mut rng, pk);
        let expires = now + Duration::seconds(rng.i64(-7_200..7_200));
        let issued = expires - Duration::hours(1);
        let (u, p) = (&users[&user], &providers[&provider]);
        let app = p["assigned_application_slug"].as_str().unwrap_or("app");
        let claims = json!({
            "iss": format!("https://authentik.example.test/application/o/{app}/"),
            "sub": u.obj["uid"],
            "aud": p["client_id"],
            "exp": expires.unix_timestamp(),
            "iat": issued.unix_timestamp(),
            "auth_time": issued.unix_timestamp() - rng.i64(0..600),
            "acr": "goauthentik.io/providers/oauth2/default",
            "amr": ["pwd"],
            "email": u.email,
            "name": u.name,
            "preferred_username": u.username,
        });
        let token = Token {
            pk,
            provider,
            user,
            expires: timestamp(expires),
            revoked: pk > 3 && rng.u8(..100) < 5,
            scope: scope.clone(),
            id_token: json!(pretty4(&claims)),
        };
        access.insert(pk, token);
    }
    let mut codes = BTreeMap::new();
    for pk in 1..=110i64 {
        let (user, provider) = pick(&mut rng, pk);
        let expires = now + Duration::seconds(rng.i64(-600..120));
        let token = Token {
            pk,
            provider,
            user,
            expires: timestamp(expires),
            revoked: false,
            scope: json!(["openid", "email"]),
            id_token: Value::Null,
        };
        codes.insert(pk, token);
    }
    (access, codes)
}

/// API tokens and app passwords: 150 across users, some expired, some that never expire,
/// a few of authentik's own intents. The first ones are fixed for the tests: alice's API
/// token and app password, bob's non-expiring CI token, dave's only token.
fn demo_api_tokens(
    users: &BTreeMap<i64, User>,
    now: OffsetDateTime,
    hostile: bool,
    g: &mut Gen,
) -> Vec<ApiToken> {
    let at = |secs: i64| Some(crate::api::drf_time(now + Duration::seconds(secs)));
    let day = 86_400;
    // identifier, intent, owner, description, expiry in seconds from now (None: never).
    type Fixed = (&'static str, &'static str, i64, &'static str, Option<i64>);
    let fixed: [Fixed; 7] = [
        (
            "alice-cli",
            "api",
            6,
            "Alice's command-line token",
            Some(20 * day),
        ),
        (
            "alice-mail-app-password",
            "app_password",
            6,
            "Mail client on Alice's laptop",
            Some(90 * day),
        ),
        ("bob-ci", "api", 7, "CI pipeline (never expires)", None),
        ("carol-recovery", "recovery", 8, "", Some(-2 * day)),
        (
            "bob-email-verification",
            "verification",
            7,
            "",
            Some(day / 2),
        ),
        ("dave-noperm-token", "api", 9, "", None),
        (
            "ak-outpost-embedded-api",
            "api",
            5,
            "Autogenerated by authentik for Outpost authentik Embedded Outpost",
            None,
        ),
    ];
    let mut out = Vec::new();
    let keys: Vec<i64> = users.keys().copied().collect();
    for n in 0..150usize {
        let (identifier, intent, user, description, expires, expiring) = match fixed.get(n) {
            Some((i, k, u, d, e)) => (
                i.to_string(),
                *k,
                *u,
                d.to_string(),
                e.and_then(at),
                e.is_some(),
            ),
            None => {
                let user = keys[g.rng.usize(..keys.len())];
                let intent = match g.rng.u8(..100) {
                    0..=54 => "api",
                    55..=89 => "app_password",
                    90..=94 => "recovery",
                    _ => "verification",
                };
                let never = intent == "api" && g.rng.u8(..100) < 20;
                let expires = if never {
                    None
                } else {
                    at(g.rng.i64(-30 * day..120 * day))
                };
                // Identifiers are slugs: a username's other characters become `-`.
                let username: String = users[&user]
                    .username
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                let what = match intent {
                    "api" => "token",
                    "app_password" => "app-password",
                    _ => intent,
                };
                let description = match n % 5 {
                    0 => String::new(),
                    1 => format!("Automation for {username}"),
                    2 => "Backup script".into(),
                    3 => "Mobile mail client".into(),
                    _ => format!("Token {n}"),
                };
                (
                    format!("{username}-{what}-{n:03}"),
                    intent,
                    user,
                    description,
                    expires,
                    !never,
                )
            }
        };
        let description = match n {
            10..=14 if hostile => HOSTILE[(n - 10) % HOSTILE.len()].to_string(),
            _ => description,
        };
        out.push(ApiToken {
            pk: g.uuid(),
            managed: identifier
                .starts_with("ak-outpost-")
                .then(|| format!("goauthentik.io/outpost/{identifier}")),
            identifier,
            intent: intent.into(),
            user,
            description,
            expires,
            expiring,
            key: g.hex(60),
            heap: n as i64,
        });
    }
    out
}

/// Python's `json.dumps(indent=4)`, which is how authentik stores the ID token.
pub fn pretty4(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    serde::Serialize::serialize(v, &mut ser).ok();
    String::from_utf8(out).unwrap_or_default()
}

// ---- User consents and authenticated sessions.

/// What authentik's `ua_parser` makes of the user agents the demo uses: the families it
/// knows, "Other" for the rest (as it answers for an unknown client, capture 687).
pub fn parse_agent(ua: &str) -> Value {
    fn version(ua: &str, key: &str) -> Option<Vec<String>> {
        let at = ua.find(key)? + key.len();
        let v: String = ua[at..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
            .collect();
        Some(
            v.split(['.', '_'])
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }
    let part = |family: &str, v: Option<Vec<String>>, n: usize| {
        let v = v.unwrap_or_default();
        let mut o = serde_json::Map::new();
        o.insert("family".into(), json!(family));
        for (i, k) in ["major", "minor", "patch", "patch_minor"]
            .iter()
            .take(n)
            .enumerate()
        {
            o.insert((*k).into(), json!(v.get(i)));
        }
        Value::Object(o)
    };
    let browser = [
        ("Edg/", "Edge"),
        ("HeadlessChrome/", "HeadlessChrome"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("curl/", "curl"),
    ]
    .iter()
    .find_map(|(key, family)| version(ua, key).map(|v| part(family, Some(v), 4)))
    .or_else(|| {
        (ua.contains("iPhone") && ua.contains("Safari")).then(|| part("Mobile Safari", None, 4))
    })
    .unwrap_or_else(|| part("Other", None, 4));
    let os = if let Some(v) = version(ua, "iPhone OS ") {
        part("iOS", Some(v), 5)
    } else if let Some(v) = version(ua, "Android ") {
        part("Android", Some(v), 5)
    } else if ua.contains("Windows NT 10.0") {
        part("Windows", Some(vec!["10".into()]), 5)
    } else if let Some(v) = version(ua, "Mac OS X ") {
        part("Mac OS X", Some(v), 5)
    } else if ua.contains("Linux") || ua.contains("X11") {
        part("Linux", None, 5)
    } else {
        part("Other", None, 5)
    };
    let device = if ua.contains("iPhone") {
        json!({"family": "iPhone", "brand": "Apple", "model": "iPhone"})
    } else if let Some(at) = ua.find("Pixel ") {
        let model: String = ua[at..]
            .chars()
            .take_while(|c| *c != ')' && *c != ';')
            .collect();
        json!({"family": model, "brand": "Google", "model": model})
    } else if ua.contains("Macintosh") {
        json!({"family": "Mac", "brand": "Apple", "model": "Mac"})
    } else {
        json!({"family": "Other", "brand": null, "model": null})
    };
    json!({"string": ua, "user_agent": browser, "os": os, "device": device})
}

/// The session the demo login makes: used now, expiring in a day.
pub fn login_session(
    agent: &str,
    user: i64,
    key: &str,
    now: OffsetDateTime,
    seq: i64,
) -> AuthSession {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seq as u64 ^ 0x5e55),
    };
    AuthSession {
        uuid: g.uuid(),
        user,
        last_ip: "127.0.0.1".into(),
        last_user_agent: agent.into(),
        user_agent: parse_agent(agent),
        geo_ip: Value::Null,
        asn: Value::Null,
        last_used: timestamp(now),
        expires: timestamp(now + Duration::days(1)),
        key: Some(key.into()),
        seq,
    }
}

const AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
];

/// One application per provider, shaped like the recorded ones; ~100 consents; a few
/// hundred sessions with varied clients (hostile strings among them when asked).
fn consents_and_sessions(
    base: &World,
    providers: &BTreeMap<i64, Value>,
    users: &BTreeMap<i64, User>,
    now: OffsetDateTime,
    hostile: bool,
    g: &mut Gen,
) -> (
    BTreeMap<String, Value>,
    BTreeMap<i64, Consent>,
    Vec<AuthSession>,
) {
    let modern = base.compat != Compat::V2024_8;
    let mut applications = BTreeMap::new();
    if let Some(tpl) = base.applications.values().next() {
        for (i, p) in providers.values().enumerate() {
            let mut a = tpl.clone();
            let pk = g.uuid();
            let slug = p["assigned_application_slug"]
                .as_str()
                .unwrap_or("app")
                .to_string();
            let name = p["assigned_application_name"]
                .as_str()
                .unwrap_or("App")
                .to_string();
            a["pk"] = json!(pk);
            a["slug"] = json!(slug);
            a["name"] = json!(if hostile && i == 1 {
                HOSTILE[0].to_string()
            } else {
                name
            });
            a["launch_url"] = json!(format!("https://{slug}.example.test"));
            a["provider"] = p["pk"].clone();
            if let Some(o) = a["provider_obj"].as_object_mut() {
                for k in o.keys().cloned().collect::<Vec<_>>() {
                    if let Some(v) = p.get(&k) {
                        o.insert(k, v.clone());
                    }
                }
            }
            applications.insert(pk, a);
        }
    }
    let apps: Vec<String> = applications.keys().cloned().collect();
    let user_pks: Vec<i64> = users.keys().copied().collect();
    let scopes = [
        "openid email profile",
        "openid profile",
        "openid",
        "openid email profile groups",
        "",
    ];
    let mut consents = BTreeMap::new();
    if !apps.is_empty() {
        for pk in 1..=110i64 {
            let user = if pk <= 3 {
                [6, 6, 7][(pk - 1) as usize]
            } else {
                user_pks[g.rng.usize(..user_pks.len())]
            };
            let expiring = pk % 9 != 0;
            let days = g.rng.i64(-10..120);
            let date = json!(timestamp(
                now + Duration::days(days) + Duration::seconds(g.rng.i64(0..86_400))
            ));
            consents.insert(
                pk,
                Consent {
                    pk,
                    user,
                    application: apps[(pk as usize * 7 + g.rng.usize(..apps.len())) % apps.len()]
                        .clone(),
                    // 2026.x stores no date for a consent that never expires.
                    expires: if !expiring && modern {
                        Value::Null
                    } else {
                        date
                    },
                    expiring,
                    permissions: scopes[g.rng.usize(..scopes.len())].into(),
                },
            );
        }
    }
    let mut sessions = Vec::new();
    for seq in 0..360i64 {
        let user = if seq < 6 {
            [6, 6, 6, 7, 7, 5][seq as usize]
        } else {
            user_pks[g.rng.usize(..user_pks.len())]
        };
        let agent = if hostile && seq % 40 == 7 {
            HOSTILE[(seq as usize / 40) % HOSTILE.len()].to_string()
        } else if seq == 11 {
            long_string()
        } else {
            AGENTS[g.rng.usize(..AGENTS.len())].to_string()
        };
        let ip = match g.rng.u8(..4) {
            0 => format!("2001:db8::{:x}", g.rng.u16(..)),
            1 => format!("10.{}.{}.{}", g.rng.u8(..), g.rng.u8(..), g.rng.u8(1..)),
            _ => format!("198.51.100.{}", g.rng.u8(1..255)),
        };
        let last_used = now - Duration::seconds(g.rng.i64(0..14 * 86_400));
        let (geo, asn) = if g.rng.u8(..3) == 0 {
            let (city, country) = [
                ("Berlin", "DE"),
                ("Lisbon", "PT"),
                ("Osaka", "JP"),
                ("Toronto", "CA"),
            ][g.rng.usize(..4)];
            (
                json!({"continent": "EU", "country": country, "lat": 0.0, "long": 0.0, "city": city}),
                json!({"asn": 64_496 + g.rng.i64(0..10), "as_org": "Example Networks", "network": "198.51.100.0/24"}),
            )
        } else {
            (Value::Null, Value::Null)
        };
        sessions.push(AuthSession {
            uuid: g.uuid(),
            user,
            last_ip: ip,
            user_agent: parse_agent(&agent),
            last_user_agent: agent,
            geo_ip: geo,
            asn,
            last_used: timestamp(last_used),
            expires: timestamp(last_used + Duration::days(if g.rng.bool() { 1 } else { 14 })),
            key: None,
            seq,
        });
    }
    (applications, consents, sessions)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind whose endpoints the version has holds connections in demo mode; Plex
    /// ones keep a token that no endpoint renders (authentik declares it write-only).
    #[test]
    fn every_kind_has_connections_and_plex_tokens_stay_inside() {
        for (compat, kinds) in [
            (Compat::V2024_8, &["oauth", "saml", "plex"][..]),
            (
                Compat::V2026_2,
                &["oauth", "saml", "plex", "kerberos", "ldap", "telegram"][..],
            ),
        ] {
            let w = demo(compat, OffsetDateTime::UNIX_EPOCH, true);
            for kind in kinds {
                let users = w
                    .user_connections
                    .values()
                    .filter(|c| w.source_kind(&c.source) == *kind)
                    .count();
                assert!(users > 20, "{compat:?} {kind}: {users} user connections");
                let groups = w
                    .group_connections
                    .values()
                    .filter(|c| w.source_kind(&c.source) == *kind)
                    .count();
                assert!(groups > 3, "{compat:?} {kind}: {groups} group connections");
            }
            let plex: Vec<_> = w
                .user_connections
                .values()
                .filter(|c| w.source_kind(&c.source) == "plex")
                .collect();
            assert!(plex.iter().all(|c| c
                .plex_token
                .as_deref()
                .is_some_and(|t| t.starts_with("plex-secret-"))));
            for c in w.user_connections.values() {
                for kind in [None, Some("plex"), Some("oauth")] {
                    let text = w.render_user_conn(c, kind).to_string();
                    assert!(!text.contains("plex-secret-") && !text.contains("plex_token"));
                }
            }
            // Hostile identifiers reach the other kinds too.
            assert!(w
                .user_connections
                .values()
                .any(|c| w.source_kind(&c.source) == "saml"
                    && HOSTILE.contains(&c.identifier.as_str())));
        }
    }
}
