//! Short confirmations ("Saved"), announced politely and dismissible. They live at the App
//! root, so work that outlives its page (a save, then a click elsewhere) still reports here.

use crate::components::link::Link;
use leptos::prelude::*;

#[derive(Clone)]
struct Toast {
    id: u32,
    text: String,
    /// (link text, console route): where the object the message is about can be seen.
    link: Option<(String, String)>,
}

#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Vec<Toast>>, StoredValue<u32>);

impl Toasts {
    pub fn provide() {
        provide_context(Toasts(RwSignal::new(Vec::new()), StoredValue::new(0)));
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
        list.update(|l| l.push(Toast { id, text, link }));
        set_timeout(
            move || {
                list.try_update(|l| l.retain(|t| t.id != id));
            },
            std::time::Duration::from_secs(secs),
        );
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.0.get() key=|t| t.id let:t>
                <div class="toast">
                    <span>{t.text}</span>
                    {t.link.map(|(text, route)| view! { <Link href=route attr:class="toast-link">{text}</Link> }.into_any())}
                    <button
                        type="button"
                        class="btn-link"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.0.update(|l| l.retain(|x| x.id != t.id))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }.into_any()
}
