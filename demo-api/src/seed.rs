//! The demo world: the recorded objects of the matching authentik version as templates,
//! multiplied into a realistic install. Deterministic: the same flags give the same data.

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use time::{Duration, OffsetDateTime};

use crate::world::{
    group_list_from_embed, timestamp, Group, GroupConn, Source, Token, User, UserConn, World,
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

struct Gen {
    rng: fastrand::Rng,
}

impl Gen {
    fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        for b in bytes.iter_mut() {
            *b = self.rng.u8(..);
        }
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }
    fn hex(&mut self, n: usize) -> String {
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

    let mut world = World {
        compat,
        sources,
        users,
        groups,
        providers,
        user_connections,
        group_connections,
        tokens,
        root_config: base.root_config.clone(),
        accounts: base.accounts,
        later: Default::default(),
    };
    world.fill_me();
    world
}

/// Python's `json.dumps(indent=4)`, which is how authentik stores the ID token.
pub fn pretty4(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    serde::Serialize::serialize(v, &mut ser).ok();
    String::from_utf8(out).unwrap_or_default()
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
