use crate::components::link::Link;
use crate::components::session::set_title;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page not found");
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <Link href="/">"Go to the start page"</Link>
        </section>
    }
    .into_any()
}
