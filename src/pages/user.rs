//! One user's whole footprint: who they are, everything of theirs the console lists (each
//! kind counted and its newest objects shown from one small request, linked to the full
//! filtered list), and "sign out everywhere", which reads every page of the kinds it
//! removes, lists them, and removes exactly those.

use crate::api::client::{self, Abort};
use crate::api::models::UserDetail;
use crate::api::query::{count_of, FilterKey};
use crate::api::resources::EventSubject;
use crate::api::server::Release;
use crate::api::text::capital;
use crate::api::ApiError;
use crate::components::dialog::{close_on_new_subject, ConfirmDialog};
use crate::components::facts::{facts, Fact};
use crate::components::field::focus_later;
use crate::components::history::History;
use crate::components::link::{user_href, Link};
use crate::components::not_found::NotFound;
use crate::components::remote::{remote_view, use_remote, Remote};
use crate::components::run::{
    by_kind, kind_lines, tally, use_runs, Action, Outcome, Plan, RunView, Step,
};
use crate::components::session::{set_title, use_session_info};
use crate::components::{memo, reactive, Derived, Handler, State, Stored};
use crate::resources::sessions::THIS_SESSION;
use crate::resources::{Declaration, Owned, Reach, Sweep, UserKey, ALL};
use leptos::prelude::*;

#[component]
pub fn UserPage() -> impl IntoView {
    let pk = crate::components::route::use_pk();
    let pk = memo(move || pk.with(|pk| pk.parse::<i64>().ok()));
    reactive(move || match pk.get() {
        Some(pk) => untrack(|| user_page(pk)),
        None => view! { <NotFound /> }.into_any(),
    })
}

/// One kind of object the user has, as this page read it: the count and the newest few.
#[derive(Clone, Copy)]
struct Kind {
    d: &'static Declaration,
    items: Remote<Owned>,
}

/// The user's objects of one kind, where the connected release filters that list by user
/// (known from the captures: an unfiltered list is never read as the user's). `username`:
/// the user's, as `core/users/{pk}/` answered (sessions and API tokens are filtered by it).
async fn read_kind(
    d: &'static Declaration,
    release: Option<Release>,
    pk: i64,
    username: Result<String, ApiError>,
    reach: Reach,
    abort: Abort,
) -> Result<Owned, ApiError> {
    let (Some(of_user), Some(key)) = (d.of_user, d.user_filter) else {
        return Ok(Owned::default());
    };
    if !d.reads_user(release) {
        return Err(ApiError::NotAllowed(format!(
            "This authentik release does not filter {} by user.",
            d.many
        )));
    }
    let username = user_key_name(key, username, d.many)?;
    of_user(UserKey { pk, username }, reach, abort).await
}

/// The username a kind filtered by `key` is read with, or why it cannot be read: a list keyed
/// on the username cannot be read when the user could not be (pk-keyed lists need none).
fn user_key_name(
    key: FilterKey,
    username: Result<String, ApiError>,
    many: &str,
) -> Result<String, ApiError> {
    match username {
        Ok(name) => Ok(name),
        // Not for lack of support: the list is keyed on a name this account may not read.
        Err(ApiError::Forbidden(_)) if key == FilterKey::Username => Err(ApiError::Forbidden(
            format!("this account may not read this user, and authentik lists {many} by username."),
        )),
        Err(e) if key == FilterKey::Username => Err(e),
        Err(_) => Ok(String::new()),
    }
}

/// A card's count: where the account is not a superuser (or not known to be), authentik
/// counted only what it may see, and the words say so.
fn count_text(n: u64, one: &str, many: &str, superuser: Option<bool>) -> String {
    let whose = if superuser == Some(true) {
        ""
    } else {
        " visible to this account"
    };
    format!("{}{whose}", count_of(n as usize, one, many))
}

fn user_page(pk: i64) -> AnyView {
    set_title("User");
    let info = use_session_info();
    let user = use_remote(
        move || pk,
        |pk, abort| async move {
            client::get::<UserDetail>(&format!("core/users/{pk}/"), "", &abort)
                .await
                .map_err(ApiError::on_read)
        },
    );
    // The username alone, not the account: a re-read account with the same username (after
    // a run) must not read the sessions, which are keyed on it, a second time.
    // `None` while the account is read, `Some(Err(_))` when authentik will not show it.
    let username =
        memo(move || user.with(|s| s.map(|r| r.map(|u| u.username.clone()).map_err(Clone::clone))));
    // Whether the user exists, once `core/users/{pk}/` has answered: nothing of a user
    // authentik does not have is read or offered (a read refused for lack of permission
    // still lets the lists say what this account can see).
    let found = memo(move || user.with(|s| s.map(|r| !matches!(r, Err(ApiError::NotFound(_))))));
    let superuser = memo(move || info.is_superuser());
    // The release once the account and then `admin/version/` have answered (`None` until
    // then): which filters and orderings a list honours depends on it, and a read made
    // before would be made again after. A memo: the same release read again reads nothing.
    let release = memo(move || {
        let settled = info.me.answered() && !info.server.loading.get();
        settled.then(|| info.release())
    });
    // A run (sign out everywhere) that ends makes every count read before untrue: each kind
    // is read again, once, and says so at once ("Re-reading…", never the old numbers).
    let runs = use_runs();
    let kinds: Vec<Kind> = ALL
        .iter()
        .filter(|d| d.of_user.is_some() && d.user_filter.is_some())
        .map(|d| {
            let by_username = d.user_filter == Some(FilterKey::Username);
            let items = use_remote(
                move || {
                    runs.ended();
                    // Only the kinds filtered by username (sessions, API tokens) track it;
                    // every kind waits until the user is known to exist.
                    let account = match found.get() {
                        Some(true) if by_username => username.get(),
                        Some(true) => Some(Ok(String::new())),
                        _ => None,
                    };
                    (release.get(), account)
                },
                move |(release, account), abort| async move {
                    // Wait while the release and the user are read: the key changes once
                    // they are known.
                    let (Some(release), Some(name)) = (release, account) else {
                        return Err(ApiError::Aborted);
                    };
                    let newest = Reach::Newest(d.newest_first(release));
                    read_kind(d, release, pk, name, newest, abort).await
                },
            );
            Kind { d, items }
        })
        .collect();
    let kinds = Stored::new(kinds);
    crate::components::effect_with(move |before: Option<u32>| {
        let now = runs.ended();
        if before.is_some_and(|b| b != now) {
            kinds.with_value(|ks| ks.iter().for_each(|k| k.items.loading.set(true)));
        }
        now
    });
    // The account as authentik answered the run's deactivation (the reads may be slow).
    let subject = user_href(pk);
    let deactivated = memo(move || runs.done_of(&subject).contains(&Action::Deactivate(pk)));
    crate::components::effect(move || {
        if deactivated.get() {
            user.update_ok(|u| u.is_active = false);
        }
    });
    // A list refusing the pk as its `user` filter ("Select a valid choice"): authentik has
    // no such user, which an account that may not read users learns only this way.
    let refused = memo(move || {
        kinds.with_value(|ks| {
            ks.iter().any(|k| {
                k.items.with(
                    |s| matches!(s, Some(Err(ApiError::Validation(e))) if e.field("user").is_some()),
                )
            })
        })
    });
    let unknown = memo(move || found.get() == Some(false) || refused.get());

    view! {
        <section class="page">
            <p class="breadcrumbs"><Link href="/">"Overview"</Link>" › User"</p>
            // The page keeps its heading when authentik will not show the account (only
            // superusers may read a user): the objects below may still be readable.
            {reactive(move || user.with(|s| matches!(s, Some(Err(_)))).then(|| view! { <h1>{format!("User {pk}")}</h1> }.into_any()).into_any())}
            {remote_view(user, "Loading the user…", move |u: UserDetail| who(u))}
            {reactive(move || refused.get().then(|| view! { <p class="notice" role="status">{format!("authentik has no user {pk}: its lists refuse it as a filter.")}</p> }.into_any()).into_any())}
            {reactive(move || ((!unknown.get()).then(|| view! {
                <h2 id="footprint-title">"What can act as this user"</h2>
                // authentik filters every list to what the account may see, and answers 200
                // either way: "none" and "none visible" look alike.
                {reactive(move || ((superuser.get() == Some(false)).then(|| view! {
                    <p class="notice" role="note">"This account is not a superuser: authentik shows it only what it may see (usually its own), so each count is what this account can see, not what this user has."</p>
                }.into_any())).into_any())}
                <div class="cards" aria-labelledby="footprint-title">
                    {kinds.with_value(|ks| ks.iter().map(|k| kind_card(pk, user, *k, superuser)).collect_view())}
                </div>
                {reactive(move || (match (found.get(), superuser.get()) {
                    (Some(true), Some(true)) => Some(sign_out_everywhere(pk, user, username, kinds)),
                    // Neither can it list everything the user holds nor remove it: a run
                    // would remove only some of it, and its "done" would not be true.
                    (_, Some(false)) => Some(view! {
                        <section class="card danger-zone" aria-labelledby="signout-title">
                            <h2 id="signout-title">"Sign out everywhere"</h2>
                            <p>"Only a superuser can sign a user out everywhere: authentik shows this account only some of what the user holds, and lets it remove less."</p>
                        </section>
                    }.into_any()),
                    _ => None,
                }).into_any())}
            }.into_any())).into_any())}
            <History subject=EventSubject::new("authentik_core", "user", pk) />
        </section>
    }
    .into_any()
}

fn who(u: UserDetail) -> AnyView {
    set_title(&format!("User {}", u.username));
    let groups = u.groups_obj.clone().unwrap_or_default();
    view! {
        <h1>
            {u.username.clone()} " "
            <span class="badges">
                {(!u.is_active).then(|| view! { <span class="badge bad">"Inactive"</span> }.into_any())}
                {u.is_superuser.then(|| view! { <span class="badge warn">"Superuser"</span> }.into_any())}
            </span>
        </h1>
        {facts(Some("facts"), vec![
            ("Name", Fact::Text(u.name.clone())),
            ("Email", if u.email.is_empty() { Fact::Muted("none") } else { Fact::Text(u.email.clone()) }),
            ("Active", Fact::YesNo(u.is_active)),
            ("Superuser", Fact::YesNo(u.is_superuser)),
            ("Type", Fact::Text(u.kind.clone().unwrap_or_else(|| "—".into()))),
            ("Last login", Fact::Time(u.last_login.clone())),
            ("Groups", if groups.is_empty() {
                Fact::Muted("none")
            } else {
                // Each group leads to its source connections.
                Fact::View(groups.into_iter().map(|g| {
                    let href = crate::api::resources::Meta::list_href_of("/group-connections", FilterKey::Group, &g.pk);
                    view! { <Link href=href><span class="chip">{g.name}</span></Link> " " }.into_any()
                }).collect_view().into_any())
            }),
        ])}
    }
    .into_any()
}

fn kind_card(
    pk: i64,
    user: Remote<UserDetail>,
    k: Kind,
    superuser: Derived<Option<bool>>,
) -> AnyView {
    let d = k.d;
    let id = format!("kind-{}", d.route.trim_start_matches('/'));
    let heading = id.clone();
    let all_href = move |username: String| match d.user_filter {
        Some(FilterKey::Username) => d.meta.list_href(FilterKey::Username, &username),
        _ => d.meta.list_href(FilterKey::User, &pk.to_string()),
    };
    let meta = d.meta;
    view! {
        <section class="card kind" aria-labelledby=id>
            <h3 id=heading>{d.title}</h3>
            {reactive(move || (match k.items.get() {
                None => view! { <p class="muted">"Reading…"</p> }.into_any(),
                // What was read before (a run since, say) may no longer be true.
                Some(_) if k.items.loading.get() => view! { <p class="muted">"Re-reading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                Some(Ok(Owned { count: n, items })) => {
                    let first = items.into_iter().map(|p| {
                        let text = if p.label.is_empty() { p.pk.clone() } else { format!("{} ({})", p.pk, p.label) };
                        view! { <li><Link href=meta.detail_href(&p.pk)>{text}</Link></li> }.into_any()
                    }).collect_view();
                    view! {
                        <p class="count">{count_text(n, meta.one, meta.many, superuser.get())}</p>
                        <ul class="plain">{first}</ul>
                        {(n > 0 && d.lists_user()).then(|| view! { <Link href=all_href(user.ok().map(|u| u.username).unwrap_or_default())>{format!("All {n} in the list")}</Link> }.into_any())}
                    }.into_any()
                }
            }).into_any())}
        </section>
    }
    .into_any()
}

/// The report an admin copies for the record: a headline, then per kind what was removed,
/// what was already gone, what failed and why, and what was not sent.
fn report(plan: &Plan, outcomes: &[Outcome]) -> String {
    let [_, _, failed, unknown, not_sent] = tally(outcomes);
    let total = plan.steps.len();
    let headline = if not_sent > 0 {
        format!("{}: stopped, {not_sent} of {total} not sent.", plan.title)
    } else if failed + unknown > 0 {
        format!("{}: {} of {total} failed.", plan.title, failed + unknown)
    } else {
        format!(
            "{}: done ({}).",
            plan.title,
            count_of(total, "step", "steps")
        )
    };
    let mut lines = vec![headline];
    lines.extend(kind_lines(plan, outcomes));
    lines.join("\n")
}

const DEACTIVATE: &str = "deactivate the account";

fn sign_out_everywhere(
    pk: i64,
    user: Remote<UserDetail>,
    username: Derived<Option<Result<String, ApiError>>>,
    kinds: Stored<Vec<Kind>>,
) -> AnyView {
    let info = use_session_info();
    let runs = use_runs();
    let subject = user_href(pk);
    // The signed-in account's own page: the run would sign the admin out too.
    let own = memo(move || {
        info.me
            .with(|s| matches!(s, Some(Ok(me)) if me.user.pk == pk))
    });
    let understood = State::new(false);
    let opted = State::new(Vec::<&'static str>::new());
    let deactivate = State::new(false);
    // Reading every page of the kinds to remove, then confirming: this page's own steps
    // (the run itself is the machine's).
    let reading_all = State::new(false);
    let confirming = State::new(false);
    // What the confirmation lists, fixed when it opens: exactly that is sent.
    let plan = State::new(Vec::<Step>::new());
    let left_out = State::new(Vec::<String>::new());

    // The full read belongs to the page: leaving it cancels the read (nothing was sent).
    let reading = Stored::new(None::<Abort>);
    on_cleanup(move || {
        if let Some(Some(a)) = reading.try_update_value(Option::take) {
            a.cancel();
        }
    });
    // A confirmation being prepared or shown is about this user and this account: a change
    // of address or account closes it, and stops the read that prepares it.
    close_on_new_subject(
        move || reading_all.get_untracked() || confirming.get_untracked(),
        move || {
            if let Some(Some(a)) = reading.try_update_value(Option::take) {
                a.cancel();
            }
            reading_all.set(false);
            confirming.set(false);
        },
    );
    let open = move |_| {
        if reading_all.get_untracked() || runs.busy() {
            return;
        }
        reading_all.set(true);
        // The deliberate confirmation of one's own account is given for each plan anew.
        understood.set(false);
        let mut steps = Vec::new();
        if deactivate.get_untracked() {
            steps.push(Step {
                label: "Deactivate the account".into(),
                kind: DEACTIVATE,
                action: Action::Deactivate(pk),
            });
        }
        let wanted: Vec<&'static Declaration> = kinds.with_value(|ks| {
            ks.iter()
                .map(|k| k.d)
                .filter(|d| match d.sweep {
                    Sweep::Always => true,
                    Sweep::OptIn => opted.with_untracked(|o| o.contains(&d.route)),
                    Sweep::Never => false,
                })
                .collect()
        });
        // Offered once the user has been read, so the name is there.
        let name = username
            .get_untracked()
            .unwrap_or_else(|| Err(ApiError::Request("the user is still being read".into())));
        let release = info.release();
        let abort = Abort::default();
        reading.set_value(Some(abort.clone()));
        // Kind after kind, every page in sequence: gentle on authentik.
        leptos::task::spawn_local(async move {
            let mut missing = Vec::new();
            for d in wanted {
                match read_kind(d, release, pk, name.clone(), Reach::Every, abort.clone()).await {
                    Ok(owned) => steps.extend(owned.items.into_iter().map(|item| Step {
                        label: if item.label.is_empty() {
                            format!("{} {}", d.meta.name, item.pk)
                        } else {
                            format!("{} {} ({})", d.meta.name, item.pk, item.label)
                        },
                        kind: d.meta.many,
                        action: Action::Remove(d.meta, item.pk),
                    })),
                    // The page is gone (or the read was superseded): nothing to show.
                    Err(ApiError::Aborted) => return,
                    Err(e) => missing.push(format!("{}: not listed ({e})", d.title)),
                }
            }
            // The console's own session, if it is in the plan, goes last: ending it ends the
            // cookie every later request would carry.
            let (mut steps, own): (Vec<_>, Vec<_>) = steps
                .into_iter()
                .partition(|s| !s.label.ends_with(THIS_SESSION));
            steps.extend(own);
            // The page may be gone: its signals are only tried.
            plan.try_set(steps);
            left_out.try_set(missing);
            reading_all.try_set(false);
            confirming.try_set(true);
        });
    };
    let subject_at_start = subject.clone();
    let run = move || {
        if !confirming.get_untracked() {
            return;
        }
        // Signing oneself out everywhere is done only deliberately.
        if own.get_untracked() && !understood.get_untracked() {
            focus_later("signout-own".into());
            return;
        }
        let username = user
            .ok()
            .map(|u| u.username)
            .unwrap_or_else(|| format!("user {pk}"));
        let confirmed = Plan {
            subject: subject_at_start.clone(),
            title: format!("Sign out everywhere for {username}"),
            steps: plan.get_untracked(),
            done_word: "done",
            report,
            link: Some((format!("User {username}"), user_href(pk))),
        };
        if runs.start(confirmed, info.account()) {
            confirming.set(false);
            focus_later("run-progress".into());
        }
    };
    let busy = memo(move || runs.busy());
    let total = move || plan.with(Vec::len);
    let optional = kinds.with_value(|ks| {
        ks.iter()
            .filter(|k| k.d.sweep == Sweep::OptIn)
            .map(|k| {
                let route = k.d.route;
                let id = format!("also-{}", route.trim_start_matches('/'));
                let label_for = id.clone();
                view! {
                    <li>
                        <input
                            type="checkbox"
                            id=id
                            prop:checked=move || opted.with(|o| o.contains(&route))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                opted.update(|o| {
                                    o.retain(|r| *r != route);
                                    if on {
                                        o.push(route);
                                    }
                                });
                            }
                        />
                        <label for=label_for>{format!("Also remove {}", k.d.many)}</label>
                    </li>
                }
                .into_any()
            })
            .collect_view()
    });
    let always: Vec<&'static str> = kinds.with_value(|ks| {
        ks.iter()
            .filter(|k| k.d.sweep == Sweep::Always)
            .map(|k| k.d.many)
            .collect()
    });

    view! {
        <section class="card danger-zone" aria-labelledby="signout-title">
            <h2 id="signout-title">"Sign out everywhere"</h2>
            <p>{format!("Removes every one of this user's {} counted above.", always.join(", "))}</p>
            <ul class="plain">
                {optional}
                <li>
                    <input
                        type="checkbox"
                        id="also-deactivate"
                        prop:checked=move || deactivate.get()
                        on:change=move |ev| deactivate.set(event_target_checked(&ev))
                    />
                    <label for="also-deactivate">"Also deactivate the account"</label>
                </li>
            </ul>
            <button
                type="button"
                class="btn danger"
                disabled=move || busy.get() || reading_all.get()
                title=move || busy.get().then_some("A run is going on: it ends first")
                on:click=open
            >
                "Sign out everywhere…"
            </button>
            <p role="status" aria-live="polite">
                {reactive(move || reading_all.get().then_some("Reading everything that will be removed…").into_any())}
            </p>
            // The run of this user, also when it was started before this page was (Back,
            // then Forward).
            <RunView subject=subject />
            <ConfirmDialog
                open=memo(move || confirming.get())
                title=memo(move || format!("Sign out everywhere: {}?", count_of(total(), "step", "steps")))
                confirm_label="Sign out everywhere"
                busy=memo(move || busy.get())
                on_confirm=Handler::new(move |_| run())
                on_cancel=Handler::new(move |_| confirming.set(false))
            >
                <p>"Exactly these will be removed, and nothing else:"</p>
                <ul class="plan">
                    {reactive(move || plan.with(|p| by_kind(p)).into_iter().map(|(what, n)| view! { <li>{format!("{}: {n}", capital(what))}</li> }.into_any()).collect_view().into_any())}
                </ul>
                <details>
                    <summary>"Every item"</summary>
                    <ul class="outcomes" tabindex="0" aria-label="Every item">
                        {reactive(move || plan.get().into_iter().map(|s| view! { <li>{s.label}</li> }.into_any()).collect_view().into_any())}
                    </ul>
                </details>
                {reactive(move || ({
                    let missing = left_out.get();
                    (!missing.is_empty()).then(|| view! {
                        <p class="notice" role="note">"Not included: " {missing.join("; ")}</p>
                    }.into_any())
                }).into_any())}
                {reactive(move || own.get().then(|| view! {
                    <p class="notice" role="note">
                        "This is the account this console is signed in with. The run ends your own sessions and grants (and, if ticked, deactivates you and deletes your tokens): you may lose access to authentik and to this console."
                    </p>
                    <p>
                        <input type="checkbox" id="signout-own" prop:checked=move || understood.get() on:change=move |ev| understood.set(event_target_checked(&ev)) />
                        <label for="signout-own">"I am signing out my own account"</label>
                    </p>
                }.into_any()).into_any())}
                <p>"This cannot be undone."</p>
            </ConfirmDialog>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::resources::{Meta, Verb};

    const TOKENS: Meta = Meta {
        path: "oauth2/refresh_tokens/",
        name: "Refresh token",
        one: "refresh token",
        many: "refresh tokens",
        route: "/refresh-tokens",
        verb: Verb::Revoke,
        kinds: None,
        all_kinds_listed: true,
        used_by: true,
    };

    fn step(meta: Option<Meta>, pk: &str) -> Step {
        match meta {
            None => Step {
                label: "Deactivate the account".into(),
                kind: DEACTIVATE,
                action: Action::Deactivate(6),
            },
            Some(m) => Step {
                label: format!("{} {pk}", m.name),
                kind: m.many,
                action: Action::Remove(m, pk.into()),
            },
        }
    }

    fn plan(steps: Vec<Step>) -> Plan {
        Plan {
            subject: "/users/6".into(),
            title: "Sign out everywhere for alice".into(),
            steps,
            done_word: "done",
            report,
            link: None,
        }
    }

    #[test]
    fn counts_say_whose_view_they_are() {
        let says = |s| count_text(3, "refresh token", "refresh tokens", s);
        assert_eq!(says(Some(true)), "3 refresh tokens");
        assert_eq!(
            says(Some(false)),
            "3 refresh tokens visible to this account"
        );
        assert_eq!(says(None), "3 refresh tokens visible to this account");
        assert_eq!(
            count_text(1, "session", "sessions", Some(true)),
            "1 session"
        );
    }

    #[test]
    fn a_list_keyed_on_the_username_says_why_it_cannot_be_read() {
        let refused = || Err(ApiError::Forbidden("You do not have permission.".into()));
        assert_eq!(
            user_key_name(FilterKey::Username, refused(), "sessions")
                .unwrap_err()
                .to_string(),
            "Not allowed: this account may not read this user, and authentik lists sessions by username."
        );
        // Any other failure is the user's own, said as it is.
        assert_eq!(
            user_key_name(FilterKey::Username, Err(ApiError::Timeout), "sessions"),
            Err(ApiError::Timeout)
        );
        // Lists keyed on the pk do not need the name.
        assert_eq!(
            user_key_name(FilterKey::User, refused(), "x"),
            Ok(String::new())
        );
        assert_eq!(
            user_key_name(FilterKey::Username, Ok("alice".into()), "x"),
            Ok("alice".into())
        );
    }

    #[test]
    fn the_report_counts_each_kind_and_names_each_failure() {
        let steps = plan(vec![
            step(None, "6"),
            step(Some(TOKENS), "1"),
            step(Some(TOKENS), "2"),
            step(Some(TOKENS), "3"),
            step(Some(TOKENS), "4"),
        ]);
        let results = [
            Outcome::Done,
            Outcome::Done,
            Outcome::Gone,
            Outcome::Failed("The server failed (HTTP 500).".into()),
            Outcome::Done,
        ];
        assert_eq!(
            report(&steps, &results),
            "Sign out everywhere for alice: 1 of 5 failed.\n\
             Deactivate the account: 1 done, 0 already gone, 0 failed, 0 not sent\n\
             Refresh tokens: 2 done, 1 already gone, 1 failed, 0 not sent\n\
             \x20 failed: Refresh token 3 — The server failed (HTTP 500)."
        );
        let stopped = [
            Outcome::Done,
            Outcome::Done,
            Outcome::NotSent,
            Outcome::NotSent,
            Outcome::NotSent,
        ];
        assert!(report(&steps, &stopped)
            .starts_with("Sign out everywhere for alice: stopped, 3 of 5 not sent."));
    }
}
