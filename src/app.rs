//! Router, layout shell and navigation.

use crate::api::client::{self, Credentials};
use crate::api::ApiError;
use crate::components::link::Link;
use crate::components::not_found::NotFound;
use crate::components::route::Place;
use crate::components::route::{provide_address, use_address, Go};
use crate::components::session::{
    is_sign_in_route, provide_session, use_session, use_session_info, Unsaved,
};
use crate::components::status::{return_path, sign_in_href, Loading};
use crate::components::toast::{use_toasts, ToastRegion, Toasts};
use crate::components::{aria_bool, memo, reactive, State};
use crate::config;
use crate::pages::user::UserPage;
use crate::pages::{home::Home, sign_in::SignIn};
use crate::resources::{self, NavGroup, Page, ALL};
use leptos::prelude::*;

/// Asks before a link click leaves a form with unsaved changes. Capture phase on the
/// document runs before the console's own link handling (`route`), so a "no" stops it.
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

#[component]
pub fn App() -> impl IntoView {
    provide_address();
    provide_session();
    let me = use_session_info().me;
    let account = memo(move || {
        me.with(|s| match s {
            Some(Ok(m)) => Some(m.user.pk),
            _ => None,
        })
    });
    Toasts::provide(account);
    crate::components::run::Runs::provide(account);
    let unsaved = Unsaved(State::new(false));
    provide_context(unsaved);
    guard_links(unsaved);
    // Without a token remembered in this tab, no page asks anything of authentik before the
    // console knows who is signed in: a signed-out start goes to the sign-in page with one
    // request, not one per widget. A remembered token was signed in with in this tab: the
    // page loads beside `core/users/me/` instead of after it (a refusal still leads to the
    // sign-in page); what needs the account (drafts) waits for it.
    let ready = State::new(matches!(client::credentials(), Some(Credentials::Token(_))));
    let info = use_session_info();
    view! {
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header />
            <crate::components::run::RunWatch />
            <StartUp ready=ready />
            <main id="main" tabindex="-1">
                {crate::components::show_or(
                    move || ready.get() && info.release_known.get(),
                    pages,
                    || view! { <Loading label="Checking who is signed in…" /> }.into_any(),
                )}
            </main>
            <ToastRegion />
    }
    .into_any()
}

/// The page the address names (`components::route`): drawn again only for another place,
/// built untracked (what it reads while being built must not redraw it).
fn pages() -> AnyView {
    let place = crate::components::route::use_place();
    reactive(move || {
        let page: Option<Page> = match place.get() {
            Place::Home => Some(|| view! { <Home /> }.into_any()),
            Place::SignIn => Some(|| view! { <SignIn /> }.into_any()),
            Place::User => Some(|| view! { <UserPage /> }.into_any()),
            Place::List(r) => resources::find(&r).map(|d| d.list),
            Place::Create(r) => resources::find(&r).and_then(|d| d.create),
            Place::Detail(r) => resources::find(&r).map(|d| d.detail),
            Place::Edit(r) => resources::find(&r).and_then(|d| d.edit),
            Place::Unknown => None,
        };
        match page {
            Some(page) => untrack(page),
            None => view! { <NotFound /> }.into_any(),
        }
    })
}

/// Once, at start-up: a console that finds itself signed out goes to the sign-in page,
/// which comes back here afterwards. Only then are the routes shown (`ready`), so the page
/// first asked for never mounts to find out the same.
#[component]
fn StartUp(ready: State<bool>) -> impl IntoView {
    let me = use_session_info().me;
    let address = use_address();
    crate::components::effect_with(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let signed_out = match me.with(|s| s.map(|r| matches!(r, Err(ApiError::SignedOut(_))))) {
            None => return false,
            Some(signed_out) => signed_out,
        };
        let here = return_path();
        if signed_out && !is_sign_in_route(&here) {
            address.go(&sign_in_href(&here), Go::Replace);
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
    let address = use_address();
    let sign_out = move |_| {
        session.sign_out();
        toasts.push("Signed out.");
        address.go("/sign-in", Go::Push);
    };
    let title = config::get().title;
    let menu = State::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    // Marks the link of the resource whose page is shown (its list, object or edit page).
    let place = crate::components::route::use_place();
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
                aria-expanded=move || aria_bool(menu.get())
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
                            let id = format!("nav-{}", g.slug());
                            view! {
                                <li>
                                    <span class="nav-group" id=id.clone()>{g.label()}</span>
                                    <ul aria-labelledby=id>
                                        {ds.map(|d| {
                                            let section = d.route.trim_start_matches('/');
                                            let current = move || place.with(|p| p.resource() == Some(section)).then_some("page");
                                            view! { <li><a href=config::href(d.route) aria-current=current>{d.nav}</a></li> }.into_any()
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }.into_any()
                        })
                        .collect_view()}
                </ul>
            </nav>
            <div class="whoami">
                {reactive(move || (match me.get() {
                    Some(Ok(m)) => {
                        let limited = !m.user.is_superuser;
                        Some(view! {
                            <span class="user">
                                "Signed in as " <strong class="username">{m.user.username}</strong>
                                // authentik filters every list to what the account may see.
                                {limited.then(|| view! {
                                    " " <span class="limited" title="Not a superuser: lists show only what this account may see.">"(limited permissions)"</span>
                                }.into_any())}
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
                }).into_any())}
                // The credentials change only together with `me`, which makes this reactive.
                {crate::components::show_when(move || me.answered() && client::is_signed_in(), move || view! {
                    <button type="button" class="btn-link" on:click=sign_out>"Sign out"</button>
                }.into_any())}
            </div>
        </header>
    }.into_any()
}
