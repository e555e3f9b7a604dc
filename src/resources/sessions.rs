//! Authenticated sessions: `/core/authenticated_sessions/` — who is signed in where. End
//! one or the selected ones (a DELETE each); on releases with `bulk_delete/`, every
//! session of one user at once.

use super::{Declared, NavGroup, Sweep};
use crate::api::json::from_fields;
use crate::api::models::text_at as text;
use crate::api::query::{count_of, Era, FilterKey, Honoured, ListQuery, ListSupport};
use crate::api::resources::{self, EventSubject, Resource, UpdateMethod, Verb};
use crate::api::{client, Abort, ApiError};
use crate::components::delete::DeleteButton;
use crate::components::dialog::{close_on_new_subject, ConfirmDialog};
use crate::components::facts::{card, facts, Fact};
use crate::components::link::Link;
use crate::components::list::{Column, Picked};
use crate::components::lookups::{user_label, user_label_signal, UserLink};
use crate::components::remote::use_remote;
use crate::components::session::use_session_info;
use crate::components::time::RelativeTime;
use crate::components::toast::use_toasts;
use crate::components::{memo, reactive, Handler, State};
use crate::resources::page::ListRefresh;
use leptos::prelude::*;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthenticatedSession {
    pub uuid: String,
    /// The session this request came with (only when signed in with the session cookie).
    pub current: bool,
    /// authentik's reading of the user agent (`user_agent`, `os`, `device`: each a
    /// `family`, `major`, `minor`; and the `string`), its GeoIP facts (`city`, `country`)
    /// and ASN (`asn`, `as_org`, `network`): shown only, so read by key (`agent_text`,
    /// `place`); the JSON decoder is in the build anyway, four typed ones for them cost
    /// 2.8 KB brotli.
    pub user_agent: serde_json::Value,
    pub geo_ip: serde_json::Value,
    pub asn: serde_json::Value,
    /// The user's pk: sessions do not nest the user.
    pub user: i64,
    pub last_ip: String,
    pub last_user_agent: String,
    pub last_used: Option<String>,
    pub expires: Option<String>,
}
from_fields!(AuthenticatedSession {
    uuid,
    current,
    user_agent,
    geo_ip,
    asn,
    user,
    last_ip,
    last_user_agent,
    last_used,
    expires
});

type Session = AuthenticatedSession;

/// `bulk_delete/`'s answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deleted {
    pub deleted: u64,
}
from_fields!(Deleted { deleted });

pub struct Sessions;

/// How the session the console itself uses is named in a plan: a run that ends it goes on
/// without it, so it is put last.
pub const THIS_SESSION: &str = " — this session: ending it signs you out of authentik";

/// The view filters on `user__username` (exact), never on the user's pk: `?user=` is
/// ignored by every release.
const FILTERS: &[FilterKey] = &[FilterKey::Username];

const SEARCH: &[&str] = &["username", "last IP", "last user agent"];

impl Resource for Sessions {
    type Item = Session;
    const PATH: &'static str = "core/authenticated_sessions/";
    const NAME: &'static str = "Session";
    const ONE: &'static str = "session";
    const MANY: &'static str = "sessions";
    const ROUTE: &'static str = "/sessions";
    const FILTERS: &'static [FilterKey] = FILTERS;
    /// By user (the pk: the server's own default, `user__username`, is not an ordering
    /// key a request may name). Honoured by every release.
    const DEFAULT_ORDERING: &'static str = "user";
    // `ordering` takes the serializer's fields by their source: 2024.8 keeps the times on
    // the session row, 2026.x on the Django session it points to (`session__last_used`).
    // Search recorded on 2024.8 (file 733): username, last IP, last user agent.
    const LIST: ListSupport = ListSupport {
        legacy: Honoured {
            search: SEARCH,
            ordering: &[
                "uuid",
                "user",
                "last_ip",
                "last_user_agent",
                "last_used",
                "expires",
            ],
            filters: FILTERS,
        },
        current: Honoured {
            search: SEARCH,
            ordering: &[
                "uuid",
                "user",
                "session__last_ip",
                "session__last_user_agent",
                "session__last_used",
                "session__expires",
            ],
            filters: FILTERS,
        },
        legacy_fails_without_superuser: false,
    };
    const UPDATE_METHOD: Option<UpdateMethod> = None;
    const VERB: Verb = Verb::End;

    const OWNER: Option<fn(&Session) -> i64> = Some(|s| s.user);

    /// None: authentik's event log does not name sessions. Older releases list
    /// `AuthenticatedSession` among the models the audit middleware ignores, and from 2025.4 on
    /// its pk is the Django session key, which the API never shows (its `uuid` is another
    /// field), so no query could find a session's events.
    fn event_subject(_item: &Session) -> Option<EventSubject> {
        None
    }

    fn pk(item: &Session) -> String {
        item.uuid.clone()
    }

    fn describe(item: &Session) -> String {
        let own = if item.current { THIS_SESSION } else { "" };
        remember_owner(&item.uuid, item.user);
        format!(
            "{}, {}, {}{own}",
            user_label(item.user),
            agent_text(&item.user_agent),
            item.last_ip
        )
    }
}

impl Declared for Sessions {
    /// Last used first: 2026.x sorts by the nested session's key, 2024.8 by its own.
    const NEWEST: &'static [&'static str] = &["-session__last_used", "-last_used"];
    const GROUP: NavGroup = NavGroup::SessionsAndTokens;
    const SWEEP: Sweep = Sweep::Always;
    const TITLE: &'static str = "Authenticated sessions";
    const NAV: &'static str = "Sessions";
    const LEDE: &'static str =
        "Browsers and clients signed in to authentik. Ending a session signs that client out.";
    const BULK: bool = true;
    const TOOLBAR: Option<fn() -> AnyView> = Some(end_all_of_user);
    const RELABEL: Option<fn(&Picked) -> String> = Some(relabel);

    fn columns() -> Vec<Column<Session>> {
        vec![
            Column {
                label: "Session",
                order: Some("uuid"),
                cell: |s| {
                    let short: String = s.uuid.chars().take(8).collect();
                    let mine = if s.current {
                        Some(view! { " "<span class="badge ok">"This session"</span> }.into_any())
                    } else {
                        None
                    };
                    let (href, full) = (Sessions::detail_href(&s.uuid), s.uuid.clone());
                    view! {
                        <Link href=href><span class="mono" title=full>{short}</span></Link>
                        {mine}
                    }
                    .into_any()
                },
            },
            Column {
                label: "User",
                order: Some("user"),
                cell: |s| view! { <UserLink pk=s.user /> }.into_any(),
            },
            Column {
                label: "Client",
                order: None,
                cell: |s| {
                    view! { <span class="client" title=s.last_user_agent.clone()>{agent_text(&s.user_agent)}</span> }
                        .into_any()
                },
            },
            Column {
                label: "Last IP",
                order: Some("session__last_ip"),
                cell: |s| {
                    let place = place(s);
                    view! { <span class="mono">{s.last_ip.clone()}</span>{place.map(|p| view! { <br /><span class="muted">{p}</span> }.into_any())} }
                        .into_any()
                },
            },
            Column {
                label: "Last used",
                // One key per column: 2026.x's (2024.8 sorts by `last_used`, and shows no
                // sort button here).
                order: Some("session__last_used"),
                cell: |s| view! { <RelativeTime iso=s.last_used.clone() /> }.into_any(),
            },
            Column {
                label: "Expires",
                order: Some("session__expires"),
                cell: |s| view! { <RelativeTime iso=s.expires.clone() /> }.into_any(),
            },
        ]
    }

    fn detail(s: &Session) -> AnyView {
        let (name, agent) = (user_label_signal(s.user), agent_text(&s.user_agent));
        let label = memo(move || format!("session of {} ({agent})", name.get()));
        let warning = s.current.then(|| {
            "This is the session this console is signed in with: ending it signs you out of authentik here.".to_string()
        });
        let ua = &s.user_agent;
        let part = |p: &str| {
            let family = text(ua, &[p, "family"]).unwrap_or_default();
            let v = [text(ua, &[p, "major"]), text(ua, &[p, "minor"])]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(".");
            Fact::Text(if v.is_empty() {
                family.to_string()
            } else {
                format!("{family} {v}")
            })
        };
        let geo = place(s);
        let asn = joined([
            s.asn
                .get("asn")
                .and_then(Value::as_i64)
                .map(|n| format!("AS{n}")),
            text(&s.asn, &["as_org"]).map(String::from),
            text(&s.asn, &["network"]).map(String::from),
        ]);
        let user = s.user;
        view! {
            <h1>
                {format!("Session {}", s.uuid)}
                {s.current.then(|| view! { " "<span class="badge ok">"This session"</span> }.into_any())}
            </h1>
            <div class="toolbar">
                <DeleteButton meta=Self::META pk=s.uuid.clone() label=label after=Self::ROUTE warning=warning />
            </div>
            {facts(Some("facts"), vec![
                ("User", Fact::View(view! { <UserLink pk=user /> }.into_any())),
                ("Client", Fact::Text(agent_text(&s.user_agent))),
                ("Last IP", Fact::Mono(s.last_ip.clone())),
                ("Location", geo.map(Fact::Text).unwrap_or(Fact::Muted("unknown"))),
                ("Network", asn.map(Fact::Text).unwrap_or(Fact::Muted("unknown"))),
                ("Last used", Fact::Time(s.last_used.clone())),
                ("Expires", Fact::Time(s.expires.clone())),
            ])}
            {super::related("Lists of this user", FilterKey::User, &user.to_string())}
            <div class="cards">
                {card("agent-title", "User agent", view! {
                    {facts(None, vec![
                        ("Browser", part("user_agent")),
                        ("Operating system", part("os")),
                        ("Device", Fact::Text(text(ua, &["device", "family"]).unwrap_or_default().to_string())),
                        ("As sent", Fact::Code(s.last_user_agent.clone())),
                    ])}
                }.into_any())}
            </div>
        }
        .into_any()
    }
}

thread_local! {
    /// Whose each described session is: a row's label is made when its page loads, often
    /// before the username has arrived, so the confirmation names the user afresh.
    static OWNERS: std::cell::RefCell<std::collections::HashMap<String, i64>> = Default::default();
}

fn remember_owner(uuid: &str, user: i64) {
    OWNERS.with_borrow_mut(|m| {
        // Kept small: only the rows of the lists seen lately are ever confirmed.
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(uuid.to_string(), user);
    });
}

/// A ticked session's label as the confirmation shows it: its owner by username once the
/// console knows it. Only the label `describe` made for that very owner is rewritten.
pub fn relabel(p: &Picked) -> String {
    let Some(user) = OWNERS.with_borrow(|m| m.get(&p.pk).copied()) else {
        return p.label.clone();
    };
    named_owner(
        &p.label,
        user,
        crate::components::lookups::known_username(user),
    )
}

fn named_owner(label: &str, user: i64, name: Option<String>) -> String {
    let unknown = format!("user #{user}, ");
    match (label.strip_prefix(&unknown), name) {
        (Some(rest), Some(name)) => format!("{name}, {rest}"),
        _ => label.to_string(),
    }
}

/// The parts there are, joined by commas; None when there is none.
fn joined<const N: usize>(parts: [Option<String>; N]) -> Option<String> {
    let text = parts.into_iter().flatten().collect::<Vec<_>>().join(", ");
    (!text.is_empty()).then_some(text)
}

/// "Berlin, Germany" from GeoIP, when the server has the database.
fn place(s: &Session) -> Option<String> {
    let g = &s.geo_ip;
    joined([
        text(g, &["city"]).map(String::from),
        text(g, &["country"]).map(String::from),
    ])
}

/// The longest raw user agent shown in a table cell (the whole string is on hover and on
/// the detail page).
const RAW_CHARS: usize = 60;

/// A parsed user agent as words: "Firefox 128 on Windows 10 (Other device)". What the
/// parser did not recognise ("Other") is left out; when it recognised nothing, the raw
/// string (shortened) is all there is to say.
pub fn agent_text(ua: &Value) -> String {
    let known = |part: &str, with_minor: bool| -> Option<String> {
        let family = text(ua, &[part, "family"]).filter(|f| *f != "Other")?;
        let minor = text(ua, &[part, "minor"]).filter(|_| with_minor);
        Some(match (text(ua, &[part, "major"]), minor) {
            (Some(major), Some(minor)) => format!("{family} {major}.{minor}"),
            (Some(major), None) => format!("{family} {major}"),
            (None, _) => family.to_string(),
        })
    };
    let browser = known("user_agent", false);
    let os = known("os", true);
    if browser.is_none() && os.is_none() {
        return match text(ua, &["string"]) {
            Some(raw) => shortened(raw, RAW_CHARS),
            None => "Unknown client".into(),
        };
    }
    let device = text(ua, &["device", "family"])
        .filter(|d| *d != "Other")
        .unwrap_or("Other device");
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o} ({device})"),
        (Some(b), None) => format!("{b} ({device})"),
        (None, o) => format!(
            "Unknown browser on {} ({device})",
            o.as_deref().unwrap_or("an unknown system")
        ),
    }
}

/// At most `max` characters (not bytes: never splits one), "…" when cut; control
/// characters become spaces so a hostile string cannot break the line.
fn shortened(s: &str, max: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() <= max {
        return clean;
    }
    let mut out: String = clean.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Whether the connected release has `bulk_delete/` (2026.2 was captured with it; 2024.8
/// answers an HTML 404). Unknown releases are not offered it.
pub fn has_bulk_delete(era: Era) -> bool {
    era == Era::Current
}

/// "End all N sessions of this user": on a list filtered to one username, where the
/// release has `bulk_delete/`. It acts on every session of that user (which is what the
/// filtered list shows), so it counts them first and says the number.
fn end_all_of_user() -> AnyView {
    let info = use_session_info();
    let params = crate::components::route::use_address().pairs;
    let username = memo(move || {
        params.with(|p| {
            crate::components::route::param(p, FilterKey::Username.as_str()).unwrap_or_default()
        })
    });
    let refresh = use_context::<ListRefresh>().map(|r| r.0);
    let offered = memo(move || has_bulk_delete(Era::of(info.release())));
    let target = use_remote(
        move || {
            if let Some(r) = refresh {
                r.track();
            }
            let name = username.get();
            (offered.get() && !name.is_empty()).then_some(name)
        },
        |name, abort| async move {
            let Some(name) = name else { return Ok(None) };
            let q = ListQuery {
                page_size: 1,
                filters: vec![(FilterKey::Username.as_str().to_string(), name.clone())],
                ..ListQuery::default()
            };
            let page = resources::list(&Sessions::OPS, &q, &abort).await?;
            Ok(page
                .results
                .first()
                .and_then(resources::typed::<Sessions>)
                .map(|s| (name, s.user, page.pagination.count)))
        },
    );
    let open = State::new(false);
    let busy = State::new(false);
    let failure = State::new(None::<String>);
    // The user and count the admin opened the dialog for: what it says and what it ends,
    // whatever the list shows meanwhile.
    let chosen = State::new(None::<(String, i64, u64)>);
    close_on_new_subject(
        move || open.get_untracked() && !busy.get_untracked(),
        move || open.set(false),
    );
    let toasts = use_toasts();
    let confirm = move || {
        let Some((name, pk, _)) = chosen.get_untracked() else {
            return;
        };
        if busy.get_untracked() || !open.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let q = format!("user_pks={pk}");
            let result: Result<Deleted, ApiError> = client::delete_query(
                "core/authenticated_sessions/bulk_delete/",
                &q,
                &Abort::default(),
            )
            .await;
            busy.try_set(false);
            match result {
                Ok(d) => {
                    toasts.push(format!(
                        "{} of {name} ended.",
                        count_of(d.deleted as usize, "session", "sessions")
                    ));
                    open.try_set(false);
                    if let Some(r) = refresh {
                        r.try_update(|n| *n = n.wrapping_add(1));
                    }
                }
                Err(e) => {
                    if !failure.try_set(Some(e.to_string())) {
                        toasts.push(format!("The sessions of {name} were not ended: {e}"));
                    }
                }
            }
        });
    };
    let title = memo(move || match chosen.get() {
        Some((name, _, n)) => format!(
            "End all {} of {name}?",
            count_of(n as usize, "session", "sessions")
        ),
        None => String::new(),
    });
    view! {
        {reactive(move || (match target.ok() {
            Some(Some((name, pk, n))) => Some(view! {
                <button type="button" class="btn danger" on:click={
                    let name = name.clone();
                    move |_| {
                        failure.set(None);
                        chosen.set(Some((name.clone(), pk, n)));
                        open.set(true);
                    }
                }>
                    {format!("End all {} of {name}…", count_of(n as usize, "session", "sessions"))}
                </button>
            }.into_any()),
            _ => None,
        }).into_any())}
        <ConfirmDialog
            open=open
            title=title
            confirm_label="End all"
            busy=busy
            on_confirm=Handler::new(move |_| confirm())
            on_cancel=Handler::new(move |_| open.set(false))
        >
            <p>
                "authentik ends every session of this user, including any that started after this list was loaded. \
                 If one of them is the session this console is signed in with, you are signed out of authentik."
            </p>
            {crate::components::show_when(move || failure.with(Option::is_some), move || view! {
                <p class="field-error" role="alert">{reactive(move || failure.get().into_any())}</p>
            }.into_any())}
        </ConfirmDialog>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::Offered;
    use crate::api::server::Release;

    fn part(family: &str, major: Option<&str>, minor: Option<&str>) -> Value {
        serde_json::json!({ "family": family, "major": major, "minor": minor })
    }

    fn ua(string: &str, browser: Value, os: Value, device: &str) -> Value {
        serde_json::json!({
            "string": string,
            "user_agent": browser,
            "os": os,
            "device": part(device, None, None),
        })
    }

    #[test]
    fn user_agents_read_as_browser_os_and_device() {
        // As 2024.8.6 parsed them (captures 707 and 708).
        let firefox = ua(
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
            part("Firefox", Some("130"), Some("0")),
            part("Linux", None, None),
            "Other",
        );
        assert_eq!(agent_text(&firefox), "Firefox 130 on Linux (Other device)");
        let iphone = ua(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1",
            part("Mobile Safari", None, None),
            part("iOS", Some("17"), Some("0")),
            "iPhone",
        );
        assert_eq!(agent_text(&iphone), "Mobile Safari on iOS 17.0 (iPhone)");
        let windows = ua(
            "",
            part("Firefox", Some("128"), None),
            part("Windows", Some("10"), None),
            "Other",
        );
        assert_eq!(
            agent_text(&windows),
            "Firefox 128 on Windows 10 (Other device)"
        );
        let curl = ua(
            "curl/7.88.1",
            part("curl", Some("7"), Some("88")),
            part("Other", None, None),
            "Other",
        );
        assert_eq!(agent_text(&curl), "curl 7 (Other device)");
    }

    #[test]
    fn unrecognised_agents_show_their_raw_string_shortened_and_without_controls() {
        let other = || part("Other", None, None);
        // 2026.2.2 capture 687: a client the parser does not know.
        let spare = ua("spare-agent/user001", other(), other(), "Other");
        assert_eq!(agent_text(&spare), "spare-agent/user001");
        assert_eq!(
            agent_text(&ua("  ", other(), other(), "Other")),
            "Unknown client"
        );
        let hostile = format!("<script>alert(1)</script>\n\u{0007}{}", "é".repeat(100));
        let text = agent_text(&ua(&hostile, other(), other(), "Other"));
        assert_eq!(text.chars().count(), RAW_CHARS);
        assert!(text.ends_with('…') && !text.chars().any(char::is_control));
        assert!(text.starts_with("<script>alert(1)</script>  é"));
    }

    #[test]
    fn places_and_agents_are_said_from_whatever_shape_the_server_sent() {
        use serde_json::json;
        let mut s = Session::default();
        assert_eq!(place(&s), None);
        s.geo_ip = json!({ "city": "Berlin", "country": "DE", "continent": "EU" });
        assert_eq!(place(&s).as_deref(), Some("Berlin, DE"));
        s.geo_ip = json!({ "city": 7, "country": " " });
        assert_eq!(place(&s), None);
        // Not the expected shape: unknown, never a panic.
        assert_eq!(agent_text(&json!(["x"])), "Unknown client");
        assert_eq!(
            agent_text(&json!({ "user_agent": { "family": 3 }, "string": " raw " })),
            "raw"
        );
        assert_eq!(
            agent_text(&json!({ "os": { "family": "Linux", "major": "6", "minor": "" } })),
            "Unknown browser on Linux 6 (Other device)"
        );
    }

    #[test]
    fn sessions_filter_by_username_and_sort_by_each_releases_keys() {
        let legacy = Offered::new(&Sessions::LIST, Release::parse("2024.8.6"));
        let current = Offered::new(&Sessions::LIST, Release::parse("2026.2.2"));
        let unknown = Offered::new(&Sessions::LIST, Release::parse("2025.4.1"));
        for o in [legacy, current, unknown] {
            assert!(o.filters_by("user__username") && !o.filters_by("user"));
            assert_eq!(o.search(), SEARCH);
            assert!(o.sorts_by("user") && o.sorts_by("-uuid"));
        }
        assert!(legacy.sorts_by("-last_used") && !legacy.sorts_by("session__last_used"));
        assert!(current.sorts_by("-session__last_used") && !current.sorts_by("last_used"));
        assert!(!unknown.sorts_by("last_used") && !unknown.sorts_by("session__last_used"));
    }

    #[test]
    fn a_sessions_owner_is_named_only_where_describe_left_the_number() {
        let alice = || Some("alice".to_string());
        assert_eq!(
            named_owner("user #6, Firefox 128 (Other device), 10.0.0.1", 6, alice()),
            "alice, Firefox 128 (Other device), 10.0.0.1"
        );
        // Unknown still: the number stays.
        assert_eq!(
            named_owner("user #6, curl 7, ::1", 6, None),
            "user #6, curl 7, ::1"
        );
        // A username that reads like another user's number is never taken for it.
        assert_eq!(
            named_owner("user #5, curl 7, ::1", 9, alice()),
            "user #5, curl 7, ::1"
        );
        assert_eq!(named_owner("user #66, x, y", 6, alice()), "user #66, x, y");
    }

    #[test]
    fn ending_all_of_a_user_only_where_bulk_delete_exists() {
        let era = |v: &str| Era::of(Release::parse(v));
        assert!(has_bulk_delete(era("2026.2.2")));
        assert!(has_bulk_delete(era("2026.5.6")));
        assert!(!has_bulk_delete(era("2024.8.6")));
        assert!(!has_bulk_delete(era("2025.4.0")));
        assert!(!has_bulk_delete(Era::of(None)));
    }
}
