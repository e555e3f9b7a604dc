//! Router, layout shell and navigation.

use crate::api::client;
use crate::api::models::Me;
use crate::api::server::{Release, Server, VersionInfo};
use crate::components::link::{Link, NavLink};
use crate::components::remote::use_remote;
use crate::components::remote::Remote;
use crate::components::toast::{ToastRegion, Toasts};
use crate::config;
use crate::pages::{
    group_connections, home::Home, not_found::NotFound, refresh_tokens, sign_in::SignIn,
    user_connections,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

/// Bumped on sign-in and sign-out so everything that depends on who is signed in reloads.
#[derive(Clone, Copy)]
pub struct Session {
    pub epoch: RwSignal<u32>,
}

impl Session {
    pub fn changed(&self) {
        self.epoch.update(|n| *n = n.wrapping_add(1));
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// What belongs to the signed-in session and every page needs: who is signed in and which
/// authentik release answers. Both reload when the session changes (sign-in, sign-out).
#[derive(Clone, Copy)]
pub struct SessionInfo {
    pub me: Remote<Me>,
    pub server: Remote<Server>,
}

impl SessionInfo {
    /// The signed-in account, once known.
    pub fn me(&self) -> Option<Me> {
        self.me.ok()
    }

    /// The server's release; `None` while unknown (offer only what every version honours).
    pub fn release(&self) -> Option<Release> {
        self.server.ok().and_then(|s| s.release)
    }

    /// `Some(false)` once `core/users/me/` says the account is not a superuser.
    pub fn is_superuser(&self) -> Option<bool> {
        self.me().map(|m| m.user.is_superuser)
    }
}

pub fn use_session_info() -> SessionInfo {
    expect_context::<SessionInfo>()
}

fn provide_session_info(session: Session) {
    let me = use_remote(
        move || session.epoch.get(),
        |_, abort| async move {
            let me = client::get::<Me>("core/users/me/", "", &abort).await?;
            // Users without the permission to read users still see their own name.
            crate::pages::lookups::remember_user(me.user.clone());
            Ok(me)
        },
    );
    let server = use_remote(
        move || session.epoch.get(),
        |_, abort| async move {
            // An unreadable version is not an error to show: the console then offers only
            // the controls every release honours.
            let release = client::get::<VersionInfo>("admin/version/", "", &abort)
                .await
                .ok()
                .and_then(|v| Release::parse(&v.version_current));
            Ok(Server { release })
        },
    );
    provide_context(SessionInfo { me, server });
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
    let session = Session {
        epoch: RwSignal::new(0),
    };
    provide_context(session);
    provide_session_info(session);
    let unsaved = Unsaved(RwSignal::new(false));
    provide_context(unsaved);
    guard_links(unsaved);
    let base = config::base_path().trim_end_matches('/').to_string();
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/sign-in") view=SignIn />
                    <Route path=path!("/user-connections") view=user_connections::ListPage />
                    <Route path=path!("/user-connections/:pk") view=user_connections::DetailPage />
                    <Route path=path!("/user-connections/:pk/edit") view=user_connections::EditPage />
                    <Route path=path!("/group-connections") view=group_connections::ListPage />
                    <Route path=path!("/group-connections/new") view=group_connections::CreatePage />
                    <Route path=path!("/group-connections/:pk") view=group_connections::DetailPage />
                    <Route path=path!("/group-connections/:pk/edit") view=group_connections::EditPage />
                    <Route path=path!("/refresh-tokens") view=refresh_tokens::ListPage />
                    <Route path=path!("/refresh-tokens/:pk") view=refresh_tokens::DetailPage />
                </Routes>
            </main>
            <ToastRegion />
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let me = use_session_info().me;
    let navigate = use_navigate();
    let sign_out = move |_| {
        client::set_token(None, false);
        if let Some(s) = window().session_storage().ok().flatten() {
            let _ = s.clear();
        }
        session.changed();
        use_toasts_push("Signed out.");
        navigate("/sign-in", Default::default());
    };
    let title = config::get().title;
    view! {
        <header class="topbar">
            <Link href="/" attr:class="brand">{title}</Link>
            <nav aria-label="Main">
                <ul>
                    <li><NavLink href="/user-connections">"User connections"</NavLink></li>
                    <li><NavLink href="/group-connections">"Group connections"</NavLink></li>
                    <li><NavLink href="/refresh-tokens">"Refresh tokens"</NavLink></li>
                </ul>
            </nav>
            <div class="whoami">
                {move || {
                    me.ok()
                        .map(|m| {
                            view! {
                                <span class="user">"Signed in as " <strong>{m.user.username}</strong></span>
                            }
                        })
                }}
                <Show when=move || me.ok().is_some() && client::has_token()>
                    <button type="button" class="btn-link" on:click=sign_out.clone()>"Sign out"</button>
                </Show>
            </div>
        </header>
    }
}

fn use_toasts_push(msg: &str) {
    crate::components::toast::use_toasts().push(msg);
}
