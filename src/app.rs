//! Router, layout shell and navigation.

use crate::api::client::{self, Credentials};
use crate::api::models::Me;
use crate::api::server::{self, Release, Server};
use crate::api::ApiError;
use crate::components::link::{Link, NavLink};
use crate::components::remote::use_remote;
use crate::components::remote::Remote;
use crate::components::status::{return_path, sign_in_href, Loading};
use crate::components::toast::{use_toasts, ToastRegion, Toasts};
use crate::config;
use crate::pages::resource::{CreateRoute, DetailRoute, EditRoute, ListRoute};
use crate::pages::user::UserPage;
use crate::pages::{home::Home, lookups, not_found::NotFound, sign_in::SignIn};
use crate::resources::{NavGroup, ALL};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, NavigateOptions};

/// What the sign-in page has to say when the console lands there by itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// About the token (shown under the field): a remembered one could not be used.
    Token(String),
    /// The session ended while the console was in use.
    Ended(String),
}

/// The signed-in session: who, with what, and everything that belongs to it. Sign-in and
/// sign-out go through here, so caches, drafts and the header follow the account.
#[derive(Clone, Copy)]
pub struct Session {
    /// Bumped on sign-in and sign-out so everything that depends on who is signed in reloads.
    pub epoch: RwSignal<u32>,
    pub notice: RwSignal<Option<Notice>>,
    info: SessionInfo,
    /// Set by a sign-in that read the release beside the account: the read the new
    /// account would start is not made a second time.
    release_fresh: StoredValue<bool>,
}

impl Session {
    pub fn changed(&self) {
        self.epoch.update(|n| *n = n.wrapping_add(1));
    }

    /// Starts a session with verified credentials. Nothing of an earlier session survives:
    /// cached lookups are dropped and drafts of any other account are deleted (a draft of
    /// the same account, kept while its session expired, is offered back).
    /// `release` is read beside the account, so the page the admin goes on to knows every
    /// address before its first request.
    pub fn signed_in(
        &self,
        credentials: Credentials,
        remember: bool,
        me: Me,
        release: Option<Release>,
    ) {
        client::sign_in(credentials, remember);
        self.release_fresh.set_value(true);
        server::settle(release);
        self.info.server.set_ok(Server { release });
        lookups::forget_all();
        lookups::remember_user(me.user.clone());
        crate::components::edit_form::keep_drafts_of(me.user.pk);
        self.notice.set(None);
        self.info.me.set_ok(me);
        self.changed();
    }

    /// Ends the console's use of the credentials and forgets what this tab kept.
    pub fn sign_out(&self) {
        client::sign_out();
        lookups::forget_all();
        self.notice.set(None);
        self.info
            .me
            .state
            .set(Some(Err(ApiError::SignedOut("Signed out.".into()))));
        self.changed();
    }

    /// authentik refused the credentials in use: the client has dropped them already.
    fn refused(&self, used: &Credentials, detail: String) {
        let was_signed_in = self
            .info
            .me
            .state
            .with_untracked(|s| matches!(s, Some(Ok(_))));
        let notice = if was_signed_in {
            Some(Notice::Ended(format!(
                "You were signed out ({detail}). Sign in again to go on."
            )))
        } else if matches!(used, Credentials::Token(_)) {
            Some(Notice::Token(format!(
                "authentik did not accept the token remembered in this tab ({detail}); it was forgotten."
            )))
        } else {
            // The start-up check of the session cookie found none: nothing to explain.
            None
        };
        if notice.is_some() {
            self.notice.set(notice);
        }
        lookups::forget_all();
        self.info
            .me
            .state
            .set(Some(Err(ApiError::SignedOut(detail))));
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// What belongs to the signed-in session and every page needs: who is signed in and which
/// authentik release answers.
#[derive(Clone, Copy)]
pub struct SessionInfo {
    pub me: Remote<Me>,
    pub server: Remote<Server>,
    /// Once true, stays true: the release is known (read, or kept from the last load and
    /// being checked again), so pages may ask authentik for data.
    pub release_known: Memo<bool>,
}

impl SessionInfo {
    /// The signed-in account's pk, read without tracking (for keys fixed at creation).
    pub fn account(&self) -> Option<i64> {
        self.me.state.with_untracked(|s| match s {
            Some(Ok(me)) => Some(me.user.pk),
            _ => None,
        })
    }

    /// The server's release; `None` while unknown (offer only what every version honours).
    pub fn release(&self) -> Option<Release> {
        self.server.ok().and_then(|s| s.release)
    }

    /// `Some(false)` once `core/users/me/` says the account is not a superuser.
    pub fn is_superuser(&self) -> Option<bool> {
        self.me.state.with(|s| match s {
            Some(Ok(me)) => Some(me.user.is_superuser),
            _ => None,
        })
    }
}

pub fn use_session_info() -> SessionInfo {
    expect_context::<SessionInfo>()
}

/// One `core/users/me/` at start-up (none when there are no credentials at all), then the
/// sign-in page sets the account; `admin/version/` once signed in.
fn provide_session() {
    let epoch = RwSignal::new(0u32);
    let me = use_remote(
        || (),
        |_, abort| async move {
            let me = client::get::<Me>("core/users/me/", "", &abort).await?;
            // Users without the permission to read users still see their own name.
            lookups::remember_user(me.user.clone());
            Ok(me)
        },
    );
    // The release decides addresses and what lists honour: no page asks for data before it
    // is known. The one read at the last load of this API base is used at once and checked
    // again; else it is asked beside `core/users/me/` with a token, and after it with the
    // session cookie (a signed-out cold load asks one question only).
    let kept = client::is_signed_in()
        .then(|| server::stored(&client::base()))
        .flatten();
    server::remember(kept);
    let asks = Memo::new(move |_| {
        // Tracked whatever the credentials: they change only together with `me`.
        let me_ok = me.state.with(|s| matches!(s, Some(Ok(_))));
        match client::credentials() {
            Some(Credentials::Token(_)) => true,
            Some(Credentials::Session) => me_ok,
            None => false,
        }
    });
    // Whether the release was read from this API base (now, or at the last load).
    let read = RwSignal::new(kept.is_some());
    let release_fresh = StoredValue::new(false);
    let server = use_remote(
        move || asks.get(),
        move |asks, abort| async move {
            // Read by the sign-in beside the account, a moment ago: known, not asked again.
            let fresh = release_fresh.try_update_value(std::mem::take) == Some(true);
            if !asks || fresh {
                // Nothing to ask: what is known stays (the sign-in reads it afresh).
                return Ok(Server {
                    release: server::remembered(),
                });
            }
            let release = match server::read(None, &abort).await? {
                // Unreadable now: the release read before from this base still holds.
                None if kept.is_some() => kept,
                release => release,
            };
            server::settle(release);
            if kept.is_some() && release != kept {
                // authentik was upgraded since the last load: what was drawn used the old
                // release's addresses, so the console starts again with the new one.
                let _ = window().location().reload();
            }
            read.try_set(true);
            Ok(Server { release })
        },
    );
    if kept.is_some() {
        server.set_ok(Server { release: kept });
    }
    // Known once read (or kept); a console that is signed out has no page to show but the
    // sign-in, which reads the release beside the account.
    let release_known = Memo::new(move |known: Option<&bool>| {
        known == Some(&true) || read.get() || me.state.with(|s| matches!(s, Some(Err(_))))
    });
    let info = SessionInfo {
        me,
        server,
        release_known,
    };
    provide_context(info);
    let session = Session {
        epoch,
        notice: RwSignal::new(client::take_startup_problem().map(Notice::Token)),
        info,
        release_fresh,
    };
    provide_context(session);
    client::on_signed_out(move |used, detail| session.refused(used, detail));
}

/// Set while an edit form holds unsaved changes; links then ask before leaving.
#[derive(Clone, Copy)]
pub struct Unsaved(pub RwSignal<bool>);

/// Asks before a link click leaves a form with unsaved changes. Capture phase on the
/// document runs before the router's own click handler, so a "no" stops the navigation.
fn guard_links(unsaved: Unsaved) {
    use wasm_bindgen::prelude::*;
    let handler = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !unsaved.0.get_untracked() || ev.default_prevented() || ev.button() != 0 {
            return;
        }
        if ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if link.is_none() {
            return;
        }
        let leave = window()
            .confirm_with_message(
                "Leave this page? Your unsaved changes stay as a draft in this tab.",
            )
            .unwrap_or(true);
        if leave {
            unsaved.0.set(false);
        } else {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        handler.as_ref().unchecked_ref(),
        true,
    );
    // The console lives as long as the page: the listener must too.
    handler.forget();
}

/// Sets the document title; the route's page calls it so the tab says where the user is.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · {}", config::get().title));
}

#[component]
pub fn App() -> impl IntoView {
    Toasts::provide();
    provide_session();
    let me = use_session_info().me;
    crate::components::run::Runs::provide(Signal::derive(move || {
        me.state.with(|s| match s {
            Some(Ok(m)) => Some(m.user.pk),
            _ => None,
        })
    }));
    let unsaved = Unsaved(RwSignal::new(false));
    provide_context(unsaved);
    guard_links(unsaved);
    // Without a token remembered in this tab, no page asks anything of authentik before the
    // console knows who is signed in: a signed-out start goes to the sign-in page with one
    // request, not one per widget. A remembered token was signed in with in this tab: the
    // page loads beside `core/users/me/` instead of after it (a refusal still leads to the
    // sign-in page); what needs the account (drafts) waits for it.
    let ready = RwSignal::new(matches!(client::credentials(), Some(Credentials::Token(_))));
    let base = config::base_path().trim_end_matches('/').to_string();
    let info = use_session_info();
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header />
            <crate::components::run::RunWatch />
            <StartUp ready=ready />
            <main id="main" tabindex="-1">
                <Show when=move || ready.get() && info.release_known.get() fallback=|| view! { <Loading label="Checking who is signed in…" /> }>
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/sign-in") view=SignIn />
                        // Every resource's pages, found by the first segment (`crate::resources`).
                        <Route path=path!("/users/:pk") view=UserPage />
                        <Route path=path!("/:resource") view=ListRoute />
                        <Route path=path!("/:resource/new") view=CreateRoute />
                        <Route path=path!("/:resource/:pk") view=DetailRoute />
                        <Route path=path!("/:resource/:pk/edit") view=EditRoute />
                    </Routes>
                </Show>
            </main>
            <ToastRegion />
        </Router>
    }
}

/// Whether a console route (base removed) is the sign-in page.
pub fn is_sign_in_route(route: &str) -> bool {
    route == "/sign-in" || route.starts_with("/sign-in?")
}

/// Once, at start-up: a console that finds itself signed out goes to the sign-in page,
/// which comes back here afterwards. Only then are the routes shown (`ready`), so the page
/// first asked for never mounts to find out the same.
#[component]
fn StartUp(ready: RwSignal<bool>) -> impl IntoView {
    let me = use_session_info().me;
    let navigate = use_navigate();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let signed_out = match me
            .state
            .with(|s| s.as_ref().map(|r| matches!(r, Err(ApiError::SignedOut(_)))))
        {
            None => return false,
            Some(signed_out) => signed_out,
        };
        let here = return_path();
        if signed_out && !is_sign_in_route(&here) {
            navigate(
                &sign_in_href(&here),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
        ready.set(true);
        true
    });
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let me = use_session_info().me;
    let toasts = use_toasts();
    let navigate = use_navigate();
    let sign_out = move |_| {
        session.sign_out();
        toasts.push("Signed out.");
        navigate("/sign-in", Default::default());
    };
    let title = config::get().title;
    let menu = RwSignal::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    // The phone menu closes as a disclosure should: on Escape (focus back on its button)
    // and on a click anywhere outside it. The header lives as long as the console.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && menu.get_untracked() {
            menu.set(false);
            if let Some(b) = toggle.get_untracked() {
                let _ = b.focus();
            }
        }
    });
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        use wasm_bindgen::JsCast;
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("#main-nav, .menu-toggle").ok().flatten())
            .is_some();
        if !inside && menu.get_untracked() {
            menu.set(false);
        }
    });
    on_cleanup(move || {
        escape.remove();
        outside.remove();
    });
    view! {
        <header class="topbar">
            <Link href="/" attr:class="brand">{title}</Link>
            // On a phone the ten links would fill the screen: a Menu button shows them.
            <button
                type="button"
                class="btn menu-toggle"
                node_ref=toggle
                aria-controls="main-nav"
                aria-expanded=move || if menu.get() { "true" } else { "false" }
                on:click=move |_| menu.update(|m| *m = !*m)
            >
                "Menu"
            </button>
            <nav id="main-nav" aria-label="Main" class:open=move || menu.get() on:click=move |_| menu.set(false)>
                <ul class="groups">
                    {NavGroup::ALL
                        .iter()
                        .map(|&g| (g, ALL.iter().filter(move |d| d.group == g)))
                        .filter(|(_, ds)| ds.clone().next().is_some())
                        .map(|(g, ds)| {
                            let id = format!("nav-{g:?}").to_lowercase();
                            view! {
                                <li>
                                    <span class="nav-group" id=id.clone()>{g.label()}</span>
                                    <ul aria-labelledby=id>
                                        {ds.map(|d| view! { <li><NavLink href=d.route>{d.nav}</NavLink></li> }).collect_view()}
                                    </ul>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <div class="whoami">
                {move || match me.state.get() {
                    Some(Ok(m)) => {
                        let limited = !m.user.is_superuser;
                        Some(view! {
                            <span class="user">
                                "Signed in as " <strong class="username">{m.user.username}</strong>
                                // authentik filters every list to what the account may see.
                                {limited.then(|| view! {
                                    " " <span class="limited" title="Not a superuser: lists show only what this account may see.">"(limited permissions)"</span>
                                })}
                            </span>
                        }.into_any())
                    }
                    // Credentials, but authentik could not say whose (down, say): ask again.
                    Some(Err(e)) if !matches!(e, ApiError::SignedOut(_)) && client::is_signed_in() => Some(view! {
                        <span class="user">
                            "Signed in (account not known) "
                            <button type="button" class="btn-link" on:click=move |_| me.reload()>"Ask again"</button>
                        </span>
                    }.into_any()),
                    // The session ended (or never began): a way back in, to the page it was on.
                    Some(Err(ApiError::SignedOut(_))) => Some(view! {
                        <span class="user">
                            "Signed out " <Link href=sign_in_href(&return_path())>"Sign in"</Link>
                        </span>
                    }.into_any()),
                    _ => None,
                }}
                // The credentials change only together with `me`, which makes this reactive.
                <Show when=move || me.state.with(Option::is_some) && client::is_signed_in()>
                    <button type="button" class="btn-link" on:click=sign_out.clone()>"Sign out"</button>
                </Show>
            </div>
        </header>
    }
}
