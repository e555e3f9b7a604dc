//! authentik's event log for one object: who created, changed or deleted it, when, from
//! which address and through which request. One view for every resource (it takes the
//! object's `EventSubject`, not its type).
//!
//! authentik's events carry no diff (captures 665–668 of 2026.2.2). What the console itself
//! changed it knows: every save it makes is noted in this tab with the id authentik gave the
//! request (`X-authentik-id`, which the event keeps as `request_id`), and the event of that
//! request then shows the fields, as they were sent. Notes belong to the signed-in account
//! (like drafts, in sessionStorage; another account signing in removes them).

use crate::api::client;
use crate::api::models::Event;
use crate::api::resources::EventSubject;
use crate::api::ApiError;
use crate::components::link::Link;
use crate::components::remote::use_remote;
use crate::components::status::{Empty, ErrorPanel, Loading};
use crate::components::time::RelativeTime;
use crate::components::{reactive, Handler, State, Stored};
use leptos::prelude::*;
use serde::Serialize;

/// Events shown per page.
pub const PAGE_SIZE: u64 = 20;

/// The newest events first, 20 at a time, with "Older" / "Newer".
#[component]
pub fn History(subject: EventSubject) -> impl IntoView {
    let page = State::new(1u64);
    let subject = Stored::new(subject);
    // Tracked: the page may draw before `core/users/me/` answers, and the notes are the
    // account's.
    let info = use_context::<crate::components::session::SessionInfo>();
    let account = move || {
        info.and_then(|i| {
            i.me.with(|s| match s {
                Some(Ok(me)) => Some(me.user.pk),
                _ => None,
            })
        })
    };
    let events = use_remote(
        move || subject.with_value(|s| s.query(page.get(), PAGE_SIZE)),
        |query, abort| async move {
            client::get_page::<Event>("events/events/", &query, &abort)
                .await
                .map_err(ApiError::on_read)
        },
    );
    let body = move || match events.get() {
        None => view! { <Loading label="Loading the history…" /> }.into_any(),
        // authentik lets only superusers read its event log (403 for everyone else,
        // capture 668 of 2026.2.2): a fact about the account, not a failure.
        Some(Err(ApiError::Forbidden(_))) => view! {
            <p class="muted" role="note">"Only superusers can read authentik's event log."</p>
        }
        .into_any(),
        Some(Err(e)) => {
            view! { <ErrorPanel error=e retry=Handler::new(move |_| events.reload()) /> }.into_any()
        }
        Some(Ok(p)) if p.results.is_empty() => view! {
            <Empty>"authentik's event log holds nothing about this object."</Empty>
        }
        .into_any(),
        Some(Ok(p)) => {
            let older = p.pagination.next > 0;
            let newer = page.get_untracked() > 1;
            let notes = account().map(read_notes).unwrap_or_default();
            view! {
                <ol class="history-list">
                    {p.results.into_iter().map(|e| {
                        // authentik's own record of the fields wins over the console's note.
                        let diff = e.diff();
                        let fields = if diff.is_empty() {
                            e.request_id().and_then(|id| noted(&notes, id)).map(|f| (f, Source::Console))
                        } else {
                            Some((diff, Source::Authentik))
                        };
                        event_item(e, fields)
                    }).collect_view()}
                </ol>
                <div class="toolbar">
                    {newer.then(|| view! {
                        <button type="button" class="btn" on:click=move |_| page.update(|n| *n = n.saturating_sub(1).max(1))>"Newer"</button>
                    }.into_any())}
                    {older.then(|| view! {
                        <button type="button" class="btn" on:click=move |_| page.update(|n| *n += 1)>"Older"</button>
                    }.into_any())}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 id="history-title">"History"</h2>
            {reactive(body)}
        </section>
    }
    .into_any()
}

/// Who recorded the changed fields of an event.
#[derive(Clone, Copy)]
enum Source {
    Authentik,
    Console,
}

fn event_item(e: Event, fields: Option<(Vec<NotedField>, Source)>) -> impl IntoView {
    let (name, pk) = e.who();
    let who = match (name, pk) {
        (Some(n), Some(pk)) => {
            view! { <Link href=crate::components::link::user_href(pk)>{n}</Link> }.into_any()
        }
        (Some(n), None) => view! { <span>{n}</span> }.into_any(),
        (None, _) => view! { <span class="muted">"someone unknown"</span> }.into_any(),
    };
    let request = e.request();
    let agent = e.user_agent();
    let ip = e.client_ip();
    view! {
        <li class="history-event">
            <p>
                <strong>{e.action_words()}</strong>" by "{who}" "<RelativeTime iso=e.created() />
                {ip.map(|ip| view! { " from "<span class="mono">{ip}</span> }.into_any())}
            </p>
            {request.map(|r| view! { <p class="mono small">{r}</p> }.into_any())}
            {fields.map(|(f, source)| noted_fields(f, source))}
            {agent.map(|a| view! { <p class="muted small">{a}</p> }.into_any())}
        </li>
    }
    .into_any()
}

/// A field as the console sent it: label, value before, value sent.
pub type NotedField = (String, String, String);

/// What one request of this console changed, under authentik's id of the request.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Note {
    pub id: String,
    pub fields: Vec<NotedField>,
}
crate::api::json::from_fields!(Note { id, fields });

const NOTES_PREFIX: &str = "ak-admin.changes.";

/// Notes kept per account: enough for a long session, small in sessionStorage.
const NOTES_KEPT: usize = 200;

pub fn notes_key(account: i64) -> String {
    format!("{NOTES_PREFIX}{account}")
}

/// Whether a stored key holds the notes of another account than `account`.
pub fn is_foreign_notes(key: &str, account: i64) -> bool {
    key.strip_prefix(NOTES_PREFIX)
        .is_some_and(|owner| owner != account.to_string())
}

/// Stored notes, newest last; anything unreadable counts as none.
fn parse_notes(text: Option<String>) -> Vec<Note> {
    text.and_then(|t| crate::api::json::parse(&t).ok())
        .unwrap_or_default()
}

/// `notes` with `note` added, the oldest dropped beyond `NOTES_KEPT`.
fn with_note(mut notes: Vec<Note>, note: Note) -> Vec<Note> {
    notes.retain(|n| n.id != note.id);
    notes.push(note);
    let extra = notes.len().saturating_sub(NOTES_KEPT);
    notes.drain(..extra);
    notes
}

fn noted(notes: &[Note], id: &str) -> Option<Vec<NotedField>> {
    notes.iter().find(|n| n.id == id).map(|n| n.fields.clone())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read_notes(account: i64) -> Vec<Note> {
    parse_notes(storage().and_then(|s| s.get_item(&notes_key(account)).ok().flatten()))
}

/// Notes what a save of `account` changed, under the request's id. Nothing is noted
/// without an id (the event could not be found again) or without a change.
pub fn note_change(account: i64, request_id: Option<String>, fields: Vec<NotedField>) {
    let (Some(id), false, Some(s)) = (request_id, fields.is_empty(), storage()) else {
        return;
    };
    let notes = with_note(read_notes(account), Note { id, fields });
    if let Ok(text) = serde_json::to_string(&notes) {
        let _ = s.set_item(&notes_key(account), &text);
    }
}

fn noted_fields(fields: Vec<NotedField>, source: Source) -> impl IntoView {
    let shown = |v: String| {
        if v.is_empty() {
            "(empty)".to_string()
        } else {
            v
        }
    };
    view! {
        <p class="small">{match source {
            Source::Authentik => "Fields authentik recorded:",
            Source::Console => "Sent from this console:",
        }}</p>
        <dl class="changes" aria-label="Fields changed">
            {fields.into_iter().map(|(label, old, new)| view! {
                <dt>{label}</dt>
                <dd><del>{shown(old)}</del>" → "<ins>{shown(new)}</ins></dd>
            }.into_any()).collect_view()}
        </dl>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str) -> Note {
        Note {
            id: id.into(),
            fields: vec![("Identifier".into(), "a".into(), "b".into())],
        }
    }

    #[test]
    fn notes_are_kept_per_account_and_bounded() {
        assert_eq!(notes_key(5), "ak-admin.changes.5");
        assert!(!is_foreign_notes("ak-admin.changes.5", 5));
        assert!(is_foreign_notes("ak-admin.changes.6", 5));
        assert!(is_foreign_notes("ak-admin.changes.56", 5));
        assert!(!is_foreign_notes("ak-admin.draft.6.x", 5));
        let mut notes = Vec::new();
        for i in 0..NOTES_KEPT + 3 {
            notes = with_note(notes, note(&format!("{i:032x}")));
        }
        assert_eq!(notes.len(), NOTES_KEPT);
        assert_eq!(notes[0].id, format!("{:032x}", 3));
        assert_eq!(noted(&notes, &format!("{:032x}", 2)), None);
        assert_eq!(
            noted(&notes, &format!("{:032x}", NOTES_KEPT + 2)),
            Some(note("").fields)
        );
        // The same request noted twice is one note.
        let again = with_note(notes.clone(), note(&format!("{:032x}", 5)));
        assert_eq!(again.len(), NOTES_KEPT);
    }

    #[test]
    fn stored_notes_that_cannot_be_read_count_as_none() {
        assert!(parse_notes(None).is_empty());
        assert!(parse_notes(Some("{not json".into())).is_empty());
        assert!(parse_notes(Some("{\"id\": 1}".into())).is_empty());
        let text = serde_json::to_string(&vec![note("x")]).unwrap();
        assert_eq!(parse_notes(Some(text)), vec![note("x")]);
    }
}
