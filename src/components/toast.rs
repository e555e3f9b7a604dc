//! Short confirmations ("Saved"), announced politely and dismissible.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Vec<(u32, String)>>, StoredValue<u32>);

impl Toasts {
    pub fn provide() {
        provide_context(Toasts(RwSignal::new(Vec::new()), StoredValue::new(0)));
    }

    pub fn push(&self, message: impl Into<String>) {
        let id = self.1.get_value().wrapping_add(1);
        self.1.set_value(id);
        let list = self.0;
        list.update(|l| l.push((id, message.into())));
        set_timeout(
            move || {
                list.try_update(|l| l.retain(|(i, _)| *i != id));
            },
            std::time::Duration::from_secs(6),
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
            <For each=move || toasts.0.get() key=|(id, _)| *id let:t>
                <div class="toast">
                    <span>{t.1}</span>
                    <button
                        type="button"
                        class="btn-link"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.0.update(|l| l.retain(|(i, _)| *i != t.0))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
