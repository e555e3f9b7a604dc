//! Reusable widgets.

pub(crate) mod delete;
pub mod derived;
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
pub mod route;
pub(crate) mod run;
pub(crate) mod session;
pub(crate) mod state;
pub(crate) mod status;
pub(crate) mod table;
pub(crate) mod time;
pub(crate) mod toast;

pub use derived::{memo, memo_with, Derived};
use leptos::prelude::IntoAny as _;
pub use state::{Handler, State, Stored};

/// `Effect::new` through one closure type: Leptos compiles an effect's task once for every
/// closure type it is given, about half a KB each; boxed, every effect of the console shares
/// one. `f` runs again whenever a signal it read changes, as an effect does.
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f));
}

/// `effect` that hands `f` what it returned the time before (`None` the first time), as
/// `Effect::new` does.
pub fn effect_with<T: 'static>(mut f: impl FnMut(Option<T>) -> T + 'static) {
    let mut before = None;
    effect(move || before = Some(f(before.take())));
}

fn effect_boxed(mut f: Box<dyn FnMut()>) {
    leptos::prelude::Effect::new(move |_| f());
}

/// An ARIA state's value ("true" / "false") from a closure: as an `Option` like the other
/// optional attributes (`aria-busy`, `aria-describedby`), a closure attribute's rendering
/// is in the build once for the lot, not once more for plain text.
pub fn aria_bool(on: bool) -> Option<&'static str> {
    Some(if on { "true" } else { "false" })
}

/// `<Show>` without a view type per use: `child` while `when` holds, drawn again only when
/// `when` changes (not when what `child` reads changes), as `<Show>` does. Its rendering is
/// `reactive`'s, in the build once, where each `<Show>` was its own set of view types.
pub fn show_when(
    when: impl Fn() -> bool + Send + Sync + 'static,
    child: impl Fn() -> leptos::prelude::AnyView + Send + Sync + 'static,
) -> leptos::prelude::AnyView {
    show_or(when, child, || ().into_any())
}

/// `show_when` with a `fallback` drawn while `when` does not hold.
pub fn show_or(
    when: impl Fn() -> bool + Send + Sync + 'static,
    child: impl Fn() -> leptos::prelude::AnyView + Send + Sync + 'static,
    fallback: impl Fn() -> leptos::prelude::AnyView + Send + Sync + 'static,
) -> leptos::prelude::AnyView {
    show_erased(memo(when), Box::new(child), Box::new(fallback))
}

type ViewBox = Box<dyn Fn() -> leptos::prelude::AnyView + Send + Sync>;

fn show_erased(when: Derived<bool>, child: ViewBox, fallback: ViewBox) -> leptos::prelude::AnyView {
    use leptos::prelude::untrack;
    reactive(move || {
        if when.get() {
            untrack(&child)
        } else {
            untrack(&fallback)
        }
    })
}

/// A part of a view drawn again whenever a signal `f` reads changes. Behind the one shared
/// function type of `AnyView`, its rendering code exists once in the build: `view!` draws a
/// `{move || …}` block through a shared function of the block's own output type (text,
/// an option, a list), each one more rendering and render effect, so such a block is
/// written `{reactive(move || (…).into_any())}`.
pub fn reactive(
    f: impl FnMut() -> leptos::prelude::AnyView + Send + 'static,
) -> leptos::prelude::AnyView {
    use leptos::prelude::IntoAny;
    let shared: leptos::tachys::reactive_graph::SharedReactiveFunction<leptos::prelude::AnyView> =
        std::sync::Arc::new(std::sync::Mutex::new(f));
    shared.into_any()
}
