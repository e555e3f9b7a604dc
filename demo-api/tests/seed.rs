//! The demo seed is big enough to exercise pagination and the same on every start.

use demo_api::{seed, Compat};

fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-22 12:00:00 UTC)
}

#[test]
fn demo_seed_has_the_promised_volume_in_every_mode() {
    for compat in [Compat::V2024_8, Compat::V2026_2, Compat::V2026_5] {
        let w = seed::demo(compat, now(), false);
        let oauth_sources = w
            .sources
            .iter()
            .filter(|s| s.slug != "authentik-built-in")
            .count();
        assert!(oauth_sources >= 5, "{compat:?}: {oauth_sources} sources");
        assert!(w.users.len() >= 200, "{compat:?}: {} users", w.users.len());
        assert!(
            w.user_connections.len() >= 1000,
            "{compat:?}: {} user connections",
            w.user_connections.len()
        );
        assert!(
            w.groups.len() >= 50,
            "{compat:?}: {} groups",
            w.groups.len()
        );
        assert!(
            w.group_connections.len() >= 300,
            "{compat:?}: {} group connections",
            w.group_connections.len()
        );
        assert!(w.providers.len() >= 3);
        assert!(w.tokens.len() >= 1000);
        let expired = w
            .tokens
            .values()
            .filter(|t| demo_api::world::parse_timestamp(&t.expires).unwrap() < now())
            .count();
        let revoked = w.tokens.values().filter(|t| t.revoked).count();
        assert!(
            expired > 50 && revoked > 20,
            "{expired} expired, {revoked} revoked"
        );
        // Unique (user, source) and (group, source), as authentik's constraints demand.
        let mut pairs = std::collections::BTreeSet::new();
        assert!(w
            .user_connections
            .values()
            .all(|c| pairs.insert((c.user, c.source.clone()))));
        let mut gpairs = std::collections::BTreeSet::new();
        assert!(w
            .group_connections
            .values()
            .all(|c| gpairs.insert((c.group.clone(), c.source.clone()))));
        // The recorded users keep their numbers; alice has two sources.
        assert_eq!(w.users[&6].username, "alice");
        assert_eq!(w.users[&9].username, "dave-noperm");
        let alice: Vec<_> = w
            .user_connections
            .values()
            .filter(|c| c.user == 6)
            .collect();
        assert!(alice.len() >= 2 && alice[0].source != alice[1].source);
    }
}

#[test]
fn demo_seed_is_deterministic() {
    let a = seed::demo(Compat::V2026_2, now(), false);
    let b = seed::demo(Compat::V2026_2, now(), false);
    let ids = |w: &demo_api::world::World| -> Vec<String> {
        w.user_connections
            .values()
            .map(|c| format!("{}:{}:{}", c.pk, c.source, c.identifier))
            .collect()
    };
    assert_eq!(ids(&a), ids(&b));
}

#[test]
fn hostile_seed_carries_markup_long_and_rtl_values() {
    let w = seed::demo(Compat::V2026_2, now(), true);
    let names: Vec<&str> = w.users.values().map(|u| u.name.as_str()).collect();
    assert!(names
        .iter()
        .any(|n| n.contains("<img src=x onerror=alert(1)>")));
    assert!(names.iter().any(|n| n.len() >= 10_000));
    assert!(w.sources.iter().any(|s| s.slug.contains("<script>")));
    assert!(w
        .user_connections
        .values()
        .any(|c| c.identifier.contains('\u{200f}')));
    assert!(w.groups.iter().any(|g| g.name.contains("onerror")));
    let plain = seed::demo(Compat::V2026_2, now(), false);
    assert!(!plain.users.values().any(|u| u.name.contains('<')));
}
