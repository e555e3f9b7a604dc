//! Loading server data into a view: the request is cancelled when its view goes away or
//! its key changes, and a late answer never overwrites a newer one.
//!
//! `LocalResource` awaits a superseded future before starting the next one, so a slow
//! answer would delay the newer query; this keeps one in-flight request per key instead.

use crate::api::{Abort, ApiError};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

pub struct Remote<T: 'static> {
    pub state: RwSignal<Option<Result<T, ApiError>>, LocalStorage>,
    pub loading: RwSignal<bool>,
    reload: RwSignal<u32>,
}

impl<T> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Remote<T> {}

impl<T: Clone + 'static> Remote<T> {
    pub fn reload(&self) {
        self.reload.update(|n| *n = n.wrapping_add(1));
    }

    pub fn ok(&self) -> Option<T> {
        self.state
            .with(|s| s.as_ref().and_then(|r| r.as_ref().ok().cloned()))
    }

    /// Replaces the data with a fresher copy (e.g. the body a save returned).
    pub fn set_ok(&self, value: T) {
        self.state.set(Some(Ok(value)));
    }
}

pub fn use_remote<K, T, Fut>(
    key: impl Fn() -> K + 'static,
    fetch: impl Fn(K, Abort) -> Fut + 'static,
) -> Remote<T>
where
    K: 'static,
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = RwSignal::new_local(None);
    let loading = RwSignal::new(true);
    let reload = RwSignal::new(0u32);
    // The typed part: read the key (tracked), start the request, and a task that stores
    // its answer when `store` says it is still the newest. Everything else is `run_remote`'s,
    // compiled once for every remote value of the console.
    let start: Start = Box::new(move |abort, store| {
        // Boxed: the request's own future is polled through one pointer, not copied into
        // this task for every place that loads something.
        store_answer(Box::pin(fetch(key(), abort)), state, store)
    });
    run_remote(start, loading, reload);
    Remote {
        state,
        loading,
        reload,
    }
}

/// The task of one request: its answer stored when `store` says it is still the newest. A
/// function of its own, generic over the value's type alone: written inside `use_remote`'s
/// closure it would be compiled again for every place that loads (a closure carries all of
/// its function's type parameters, the key's and the fetch's too).
fn store_answer<T: 'static>(
    fut: Pin<Box<dyn Future<Output = Result<T, ApiError>>>>,
    state: RwSignal<Option<Result<T, ApiError>>, LocalStorage>,
    store: Box<dyn Fn() -> bool>,
) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        let result = fut.await;
        if !matches!(result, Err(ApiError::Aborted)) && store() {
            state.try_set(Some(result));
        }
    })
}

/// Starts a request with its `Abort`; its task calls the check before storing an answer.
type Start = Box<dyn Fn(Abort, Box<dyn Fn() -> bool>) -> Pin<Box<dyn Future<Output = ()>>>>;

fn run_remote(start: Start, loading: RwSignal<bool>, reload: RwSignal<u32>) {
    let inflight: StoredValue<Option<Abort>, LocalStorage> = StoredValue::new_local(None);
    let generation = StoredValue::new(0u64);
    crate::components::effect(move || {
        reload.track();
        if let Some(Some(previous)) = inflight.try_update_value(Option::take) {
            previous.cancel();
        }
        let abort = Abort::default();
        inflight.set_value(Some(abort.clone()));
        let mine = generation.get_value().wrapping_add(1);
        generation.set_value(mine);
        loading.set(true);
        // A late answer never overwrites a newer one, and none is stored once the view
        // that asked is gone (`try_`: its signals may be disposed by then).
        let newest = Box::new(move || {
            let newest = generation.try_get_value() == Some(mine);
            if newest {
                loading.try_set(false);
            }
            newest
        });
        leptos::task::spawn_local(start(abort, newest));
    });
    on_cleanup(move || {
        if let Some(Some(a)) = inflight.try_update_value(Option::take) {
            a.cancel();
        }
    });
}

/// The three states of a remote value, drawn the same way everywhere: a spinner with
/// `loading`'s words, the error with "Try again", or `ok`'s view of the value.
pub fn remote_view<T: Clone + 'static>(
    remote: Remote<T>,
    loading: &'static str,
    ok: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let retry = Callback::new(move |_| remote.reload());
    crate::components::reactive(move || match remote.state.get() {
        None => waiting(loading),
        Some(Err(e)) => failed(e, retry),
        // Built untracked: only a new state of the remote value redraws it.
        Some(Ok(value)) => untrack(|| ok(value)),
    })
}

/// `remote_view`'s two states that do not depend on the value's type.
fn waiting(label: &'static str) -> AnyView {
    view! { <crate::components::status::Loading label=label /> }.into_any()
}

fn failed(error: ApiError, retry: Callback<()>) -> AnyView {
    view! { <crate::components::status::ErrorPanel error=error retry=retry /> }.into_any()
}
