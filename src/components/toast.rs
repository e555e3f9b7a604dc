//! Short confirmations ("Saved"), announced politely and dismissible. They live at the App
//! root, so work that outlives its page (a save, then a click elsewhere) still reports here.
//! A toast that came while an account was signed in goes as soon as another account signs
//! in on the tab: its words and link may name that account's objects. One that came while
//! nobody was (the report of a run its account's sign-out stopped) is this tab's own news,
//! for whoever signs in next.

use crate::components::link::Link;
use crate::components::{reactive, Derived, State, Stored};
use leptos::prelude::*;

#[derive(Clone)]
struct Toast {
    id: u32,
    text: String,
    /// (link text, console route): where the object the message is about can be seen.
    link: Option<(String, String)>,
    /// Dismissed or timed out: drawn as nothing, its place kept while a toast after it is
    /// shown (see `ToastRegion`).
    gone: bool,
    /// The account signed in when it came (None: nobody).
    account: Option<i64>,
}

#[derive(Clone, Copy)]
pub struct Toasts(State<Vec<Toast>>, Stored<u32>, Derived<Option<i64>>);

impl Toasts {
    /// `account`: who is signed in.
    pub fn provide(account: Derived<Option<i64>>) {
        let list = State::new(Vec::<Toast>::new());
        provide_context(Toasts(list, Stored::new(0), account));
        crate::components::effect(move || {
            let Some(now) = account.get() else {
                return;
            };
            let foreign = |t: &Toast| !t.gone && t.account.is_some_and(|a| a != now);
            if list.with_untracked(|l| l.iter().any(foreign)) {
                list.update(|l| {
                    for t in l.iter_mut().filter(|t| foreign(t)) {
                        t.gone = true;
                    }
                    drop_gone_tail(l);
                });
            }
        });
    }

    pub fn push(&self, message: impl Into<String>) {
        self.add(message.into(), None);
    }

    /// A message with a link to the object it is about (the page that did the work may be
    /// gone by the time it is read).
    pub fn push_link(
        &self,
        message: impl Into<String>,
        link_text: impl Into<String>,
        route: impl Into<String>,
    ) {
        self.add(message.into(), Some((link_text.into(), route.into())));
    }

    fn add(&self, text: String, link: Option<(String, String)>) {
        let id = self.1.get_value().wrapping_add(1);
        self.1.set_value(id);
        let list = self.0;
        // Longer with a link: there is something to do with it.
        let secs = if link.is_some() { 12 } else { 6 };
        let account = self.2.get_untracked();
        list.update(|l| {
            l.push(Toast {
                id,
                text,
                link,
                gone: false,
                account,
            })
        });
        set_timeout(
            move || dismiss(list, id),
            std::time::Duration::from_secs(secs),
        );
    }
}

/// Takes a toast away. Gone toasts at the end of the list are dropped (nothing after them
/// moves); one before a toast still shown keeps its place until that one goes too.
fn dismiss(list: State<Vec<Toast>>, id: u32) {
    list.try_update(|l| {
        if let Some(t) = l.iter_mut().find(|t| t.id == id) {
            t.gone = true;
        }
        drop_gone_tail(l);
    });
}

fn drop_gone_tail(l: &mut Vec<Toast>) {
    while l.last().is_some_and(|t| t.gone) {
        l.pop();
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// The toasts, in the order they came. Drawn by position, not keyed: a toast only ever
/// turns into nothing in its place (the list shrinks only from its end), so every other
/// toast is redrawn by its own position as the same nodes with the same text, and a screen
/// reader hears only the new one (a keyed `<For>` did the same for 4.7 KB more).
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let list = toasts.0;
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {reactive(move || list.with(|l| l.iter().map(|t| toast(list, t)).collect_view()).into_any())}
        </div>
    }
    .into_any()
}

fn toast(list: State<Vec<Toast>>, t: &Toast) -> AnyView {
    if t.gone {
        return ().into_any();
    }
    let id = t.id;
    view! {
        <div class="toast">
            <span>{t.text.clone()}</span>
            {t.link.clone().map(|(text, route)| view! { <Link href=route attr:class="toast-link">{text}</Link> }.into_any())}
            <button type="button" class="btn-link" aria-label="Dismiss" on:click=move |_| dismiss(list, id)>
                "×"
            </button>
        </div>
    }
    .into_any()
}
