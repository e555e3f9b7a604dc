//! Links to console routes that respect the base path.

use leptos::prelude::*;
use leptos_router::components::A;

/// leptos_router's `<A>` with the base path put in front of an absolute route: `<A>` leaves
/// absolute paths as they are, while `navigate` resolves them against the base, so without
/// this a console hosted under `/ak-admin/` would link out of itself.
#[component]
pub fn Link(#[prop(into)] href: Signal<String>, children: Children) -> impl IntoView {
    view! { <A href=move || crate::config::href(&href.get())>{children()}</A> }
}
