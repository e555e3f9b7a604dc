//! Loading server data into a view: the request is cancelled when its view goes away or
//! its key changes, and a late answer never overwrites a newer one.
//!
//! `LocalResource` awaits a superseded future before starting the next one, so a slow
//! answer would delay the newer query; this keeps one in-flight request per key instead.

use crate::api::{Abort, ApiError};
use crate::components::{reactive, Handler, State, Stored};
use leptos::prelude::*;
use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// What a remote value holds, whatever its type: nothing yet, its answer, or the error. One
/// signal type for every remote value of the console: a signal's machinery (and the task
/// that stores an answer) is compiled once per value type, and there are two dozen of them.
type Answer = Option<Result<Rc<dyn Any>, ApiError>>;

/// A value read from the server. Typed by `T`; the value itself sits behind `Rc<dyn Any>`,
/// written only through this type's methods, so it is always a `T`.
pub struct Remote<T: 'static> {
    state: State<Answer>,
    pub loading: State<bool>,
    reload: State<u32>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Remote<T> {}

/// The answer as `T`, which every stored value is: only `Remote<T>`'s methods write it.
fn typed<T: 'static>(answer: &Answer) -> Option<Result<&T, &ApiError>> {
    match answer.as_ref()? {
        Ok(value) => value.downcast_ref::<T>().map(Ok),
        Err(e) => Some(Err(e)),
    }
}

impl<T: 'static> Remote<T> {
    pub fn reload(&self) {
        self.reload.update(|n| *n = n.wrapping_add(1));
    }

    /// Reads the state (tracked): `None` while nothing has answered.
    pub fn with<R>(&self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.state.with(|s| f(typed(s)))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.state.with_untracked(|s| f(typed(s)))
    }

    /// Whether an answer (or an error) is in, tracked.
    pub fn answered(&self) -> bool {
        self.state.with(Option::is_some)
    }

    /// Replaces the state with an error (the account signed out, say).
    pub fn set_err(&self, error: ApiError) {
        self.state.set(Some(Err(error)));
    }

    /// Replaces the data with a fresher copy (e.g. the body a save returned).
    pub fn set_ok(&self, value: T) {
        self.state.set(Some(Ok(Rc::new(value))));
    }
}

impl<T: Clone + 'static> Remote<T> {
    /// The state, cloned (tracked).
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.with(|s| s.map(|r| r.cloned().map_err(Clone::clone)))
    }

    pub fn ok(&self) -> Option<T> {
        self.with(|s| s.and_then(Result::ok).cloned())
    }

    /// Changes the value in place when there is one (what a write is known to have done).
    pub fn update_ok(&self, change: impl FnOnce(&mut T)) {
        if let Some(mut value) = self.with_untracked(|s| s.and_then(Result::ok).cloned()) {
            change(&mut value);
            self.set_ok(value);
        }
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
    let state = State::new(None);
    let loading = State::new(true);
    let reload = State::new(0u32);
    // The typed part: read the key (tracked) and start the request, its answer erased.
    // Everything else is `run_remote`'s, compiled once for every remote value.
    let start: Start = Box::new(move |abort| {
        // Boxed: the request's own future is polled through one pointer, not copied into
        // this task for every place that loads something.
        erased(Box::pin(fetch(key(), abort)))
    });
    run_remote(start, state, loading, reload);
    Remote {
        state,
        loading,
        reload,
        ty: PhantomData,
    }
}

type Answering<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// A request's answer as any value. Generic over the value's type alone: written inside
/// `use_remote`'s closure it would be compiled again for every place that loads (a closure
/// carries all of its function's type parameters, the key's and the fetch's too); a plain
/// `Future` rather than an `async` block, whose state machine is larger.
fn erased<T: 'static>(fut: Answering<T>) -> Answering<Rc<dyn Any>> {
    Box::pin(Erased(fut))
}

struct Erased<T>(Answering<T>);

impl<T: 'static> Future for Erased<T> {
    type Output = Result<Rc<dyn Any>, ApiError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0
            .as_mut()
            .poll(cx)
            .map(|answer| answer.map(|v| Rc::new(v) as Rc<dyn Any>))
    }
}

/// Starts a request with its `Abort`.
type Start = Box<dyn Fn(Abort) -> Answering<Rc<dyn Any>>>;

fn run_remote(start: Start, state: State<Answer>, loading: State<bool>, reload: State<u32>) {
    let inflight: Stored<Option<Abort>> = Stored::new(None);
    let generation = Stored::new(0u64);
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
        let answer = start(abort);
        leptos::task::spawn_local(async move {
            let result = answer.await;
            // A late answer never overwrites a newer one, and none is stored once the view
            // that asked is gone (`try_`: its signals may be disposed by then).
            if matches!(result, Err(ApiError::Aborted)) || generation.try_get_value() != Some(mine)
            {
                return;
            }
            loading.try_set(false);
            state.try_set(Some(result));
        });
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
    let ok: DrawValue = Box::new(move |value| match value.downcast_ref::<T>() {
        Some(value) => ok(value.clone()),
        None => ().into_any(),
    });
    let retry = Handler::new(move |_| remote.reload());
    draw_remote(remote.state, loading, ok, retry)
}

/// Draws a remote value given as any value (always the remote's own type).
type DrawValue = Box<dyn Fn(&dyn Any) -> AnyView>;

/// `remote_view` once for every value type.
fn draw_remote(
    state: State<Answer>,
    loading: &'static str,
    ok: DrawValue,
    retry: Handler<()>,
) -> AnyView {
    let ok = Stored::new(ok);
    reactive(move || match state.get() {
        None => waiting(loading),
        Some(Err(e)) => failed(e, retry),
        // Built untracked: only a new state of the remote value redraws it.
        Some(Ok(value)) => untrack(|| ok.with_value(|ok| ok(&*value))),
    })
}

/// `remote_view`'s two states that do not depend on the value's type.
fn waiting(label: &'static str) -> AnyView {
    view! { <crate::components::status::Loading label=label /> }.into_any()
}

fn failed(error: ApiError, retry: Handler<()>) -> AnyView {
    view! { <crate::components::status::ErrorPanel error=error retry=retry /> }.into_any()
}
