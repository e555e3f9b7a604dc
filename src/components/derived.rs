//! Memos of every value type through one: Leptos compiles a memo's machinery (its update,
//! its reads, its drop) once for every value type it holds, about a KB each, and the
//! console has two dozen. A `Derived<T>` is a `Memo` of one erased type whose value is
//! always a `T`: only `memo` and `memo_with` make one, from a function that returns a `T`.
//! It is also what a component takes for a value that may change (where Leptos has
//! `Signal<T>`, another set of code per type): a closure, a `State` or a fixed value
//! (`Derived::stored`) becomes one.
// Derived wrap the Leptos types the rest of the console may not use (clippy.toml).
#![allow(clippy::disallowed_types)]

use leptos::prelude::{Memo, Read, ReadUntracked, Track};
use std::any::Any;
use std::marker::PhantomData;
use std::sync::Arc;

type Held = Arc<dyn Any + Send + Sync>;
type Compute = Box<dyn Fn(Option<&Held>) -> Held + Send + Sync>;

/// A value computed from signals, recomputed when they change and announced to its readers
/// only when it is not equal to what it was (as `Memo`).
pub struct Derived<T: 'static> {
    memo: Memo<Held>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Derived<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Derived<T> {}

/// The held value as the `T` it always is (`Derived<T>` holds nothing else).
fn typed<T: 'static>(held: &Held) -> &T {
    match held.downcast_ref::<T>() {
        Some(value) => value,
        None => unreachable!("a memo holds the type it was made with"),
    }
}

/// Whether the value changed: `T`'s equality, the one part of a memo compiled per type.
fn changed<T: PartialEq + 'static>(before: Option<&Held>, now: Option<&Held>) -> bool {
    match (before, now) {
        (Some(before), Some(now)) => typed::<T>(before) != typed::<T>(now),
        _ => true,
    }
}

/// `Memo::new(move |_| f())`.
pub fn memo<T: PartialEq + Send + Sync + 'static>(
    f: impl Fn() -> T + Send + Sync + 'static,
) -> Derived<T> {
    erased(Box::new(move |_| Arc::new(f())), changed::<T>)
}

/// `Memo::new(f)`: `f` is handed the value it returned the time before.
pub fn memo_with<T: PartialEq + Send + Sync + 'static>(
    f: impl Fn(Option<&T>) -> T + Send + Sync + 'static,
) -> Derived<T> {
    erased(
        Box::new(move |before| Arc::new(f(before.map(typed::<T>)))),
        changed::<T>,
    )
}

fn erased<T>(compute: Compute, changed: fn(Option<&Held>, Option<&Held>) -> bool) -> Derived<T> {
    Derived {
        memo: Memo::new_with_compare(move |before| compute(before), changed),
        ty: PhantomData,
    }
}

impl<T: 'static> Derived<T> {
    /// Reads the value (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        // Through the read guard, one type for every memo: `Memo::with` would compile its
        // reading again for every closure `f`.
        f(typed(&self.memo.read()))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(typed(&self.memo.read_untracked()))
    }

    /// `with_untracked`, or `None` once the memo is gone with its owner (a listener or a
    /// task that may outlive the page).
    pub fn try_with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.memo.try_read_untracked().map(|held| f(typed(&held)))
    }

    /// Subscribes the running effect or memo without reading.
    pub fn track(&self) {
        self.memo.track();
    }
}

crate::components::state::cloned_reads!(Derived);

impl<T: Clone + PartialEq + Send + Sync + 'static> Derived<T> {
    /// A value that does not change.
    pub fn stored(value: T) -> Self {
        memo(move || value.clone())
    }
}

impl<T: Default + PartialEq + Send + Sync + 'static> Default for Derived<T> {
    fn default() -> Self {
        memo(T::default)
    }
}

/// A component's `#[prop(into)]` takes a closure as what it computes.
impl<T, F> From<F> for Derived<T>
where
    T: PartialEq + Send + Sync + 'static,
    F: Fn() -> T + Send + Sync + 'static,
{
    fn from(f: F) -> Self {
        memo(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::State;
    use leptos::prelude::Owner;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn a_memo_follows_its_signals_and_tells_only_of_a_change() {
        let owner = Owner::new();
        owner.with(|| {
            let n = State::new(3u32);
            let parity = memo(move || n.get() % 2);
            static RUNS: AtomicU32 = AtomicU32::new(0);
            let words = memo(move || {
                RUNS.fetch_add(1, Ordering::SeqCst);
                if parity.get() == 0 { "even" } else { "odd" }.to_string()
            });
            assert_eq!(words.get(), "odd");
            n.set(5);
            // The parity is the same: what reads it is not computed again.
            assert_eq!(words.get(), "odd");
            assert_eq!(RUNS.load(Ordering::SeqCst), 1);
            n.set(6);
            assert_eq!(words.get(), "even");
            assert_eq!(RUNS.load(Ordering::SeqCst), 2);
            assert_eq!(parity.with(|p| p + 1), 1);
            assert_eq!(parity.get_untracked(), 0);
        });
    }

    #[test]
    fn memo_with_is_handed_its_value_of_the_time_before() {
        let owner = Owner::new();
        owner.with(|| {
            let n = State::new(1u32);
            let seen = memo_with(move |before: Option<&Vec<u32>>| {
                let mut all = before.cloned().unwrap_or_default();
                all.push(n.get());
                all
            });
            assert_eq!(seen.get(), [1]);
            n.set(2);
            assert_eq!(seen.get(), [1, 2]);
        });
    }

    #[test]
    fn a_memo_gone_with_its_owner_reads_as_none() {
        let owner = Owner::new();
        let d = owner.with(|| Derived::stored(String::from("kept")));
        assert_eq!(d.try_get_untracked().as_deref(), Some("kept"));
        owner.cleanup();
        assert_eq!(d.try_get_untracked(), None);
    }
}
