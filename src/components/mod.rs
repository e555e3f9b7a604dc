//! Reusable widgets.

pub(crate) mod delete;
pub(crate) mod dialog;
pub mod edit_form;
pub(crate) mod export;
pub(crate) mod facts;
pub mod field;
pub(crate) mod filters;
pub(crate) mod history;
pub(crate) mod item;
pub(crate) mod link;
pub(crate) mod list;
pub(crate) mod lookups;
pub(crate) mod not_found;
pub(crate) mod query_input;
pub(crate) mod remote;
pub(crate) mod run;
pub(crate) mod session;
pub(crate) mod status;
pub(crate) mod table;
pub(crate) mod time;
pub(crate) mod toast;

/// A part of a view drawn again whenever a signal `f` reads changes. Behind the one shared
/// function type (what `view!` does with its `{move || …}` blocks when components are
/// erased), its rendering code exists once in the build rather than once per closure.
pub fn reactive(
    f: impl FnMut() -> leptos::prelude::AnyView + Send + 'static,
) -> leptos::prelude::AnyView {
    use leptos::prelude::IntoAny;
    let shared: leptos::tachys::reactive_graph::SharedReactiveFunction<leptos::prelude::AnyView> =
        std::sync::Arc::new(std::sync::Mutex::new(f));
    shared.into_any()
}
