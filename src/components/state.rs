//! Signals, stored values and handlers of every value type through one each: Leptos
//! compiles a signal's machinery (its reads, writes, drop) once for every value type it
//! holds, a stored value's and a callback's likewise, and the console keeps two dozen. A
//! `State<T>` is an `RwSignal` of one erased type whose value is always a `T`: only
//! `State::new` makes one and only its methods write it, each with a `T`; `Stored<T>` and
//! `Handler` are the same for `StoredValue` and `Callback`. Each read and write goes through
//! the signal's guard, one type for all, where `with(f)` and `update(f)` would compile the
//! signal's reading again for every closure `f`.
// State, Stored and Handler wrap the Leptos types the rest of the console may not use (clippy.toml).
#![allow(clippy::disallowed_types)]

use crate::components::{memo, Derived};
use leptos::prelude::{
    LocalStorage, Read, ReadUntracked, ReadValue, RwSignal, Set, SetValue, StoredValue, Track,
    Write, WriteValue,
};
use std::any::Any;
use std::marker::PhantomData;
use std::rc::Rc;

/// Any value, behind one pointer type. Kept in the thread's own storage, so a value need
/// not be `Send` (a remote value's answer is an `Rc`).
type Held = Box<dyn Any>;

/// A value the console changes and views follow (as `RwSignal`).
pub struct State<T: 'static> {
    signal: RwSignal<Held, LocalStorage>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for State<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for State<T> {}

/// The held value as the `T` it always is (each type here holds nothing else).
fn typed<T: 'static>(held: &Held) -> &T {
    match held.downcast_ref::<T>() {
        Some(value) => value,
        None => unreachable!("a value is kept as the type it was made with"),
    }
}

fn typed_mut<T: 'static>(held: &mut Held) -> &mut T {
    match held.downcast_mut::<T>() {
        Some(value) => value,
        None => unreachable!("a value is kept as the type it was made with"),
    }
}

impl<T: 'static> State<T> {
    pub fn new(value: T) -> Self {
        State {
            signal: RwSignal::new_local(Box::new(value)),
            ty: PhantomData,
        }
    }

    /// Replaces the value and tells its readers.
    pub fn set(&self, value: T) {
        self.signal.set(Box::new(value));
    }

    /// `set`, or nothing once the signal is gone with its owner (a task that may outlive
    /// its page): whether it was set.
    pub fn try_set(&self, value: T) -> bool {
        self.signal.try_set(Box::new(value)).is_none()
    }

    /// Reads the value (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(typed(&self.signal.read()))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(typed(&self.signal.read_untracked()))
    }

    /// `with_untracked`, or `None` once the signal is gone with its owner.
    pub fn try_with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.signal.try_read_untracked().map(|held| f(typed(&held)))
    }

    /// Changes the value in place and tells its readers.
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        // The write guard tells the readers when it goes.
        f(typed_mut(&mut self.signal.write()));
    }

    /// `update`, or `None` once the signal is gone with its owner.
    pub fn try_update<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.signal
            .try_write()
            .map(|mut held| f(typed_mut(&mut held)))
    }

    /// Subscribes the running effect or memo without reading.
    pub fn track(&self) {
        self.signal.track();
    }
}

/// `get`, `get_untracked` and `try_get_untracked` of a reactive value type from its
/// `with`, `with_untracked` and `try_with_untracked`: the value, cloned.
macro_rules! cloned_reads {
    ($ty:ident) => {
        impl<T: Clone + 'static> $ty<T> {
            pub fn get(&self) -> T {
                self.with(T::clone)
            }

            pub fn get_untracked(&self) -> T {
                self.with_untracked(T::clone)
            }

            pub fn try_get_untracked(&self) -> Option<T> {
                self.try_with_untracked(T::clone)
            }
        }
    };
}
pub(crate) use cloned_reads;

cloned_reads!(State);

impl<T: Clone + PartialEq + Send + Sync + 'static> From<State<T>> for Derived<T> {
    fn from(value: State<T>) -> Self {
        memo(move || value.get())
    }
}

/// A value kept with a view and read or changed by its handlers and tasks, telling no one
/// (as `StoredValue`).
pub struct Stored<T: 'static> {
    value: StoredValue<Held, LocalStorage>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Stored<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Stored<T> {}

impl<T: 'static> Stored<T> {
    pub fn new(value: T) -> Self {
        Stored {
            value: StoredValue::new_local(Box::new(value)),
            ty: PhantomData,
        }
    }

    pub fn with_value<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(typed(&self.value.read_value()))
    }

    pub fn set_value(&self, value: T) {
        self.value.set_value(Box::new(value));
    }

    /// Changes the value, or `None` once it is gone with its owner (a task that may outlive
    /// its page).
    pub fn try_update_value<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.value
            .try_write_value()
            .map(|mut local| f(typed_mut(&mut local)))
    }
}

impl<T: Clone + 'static> Stored<T> {
    pub fn get_value(&self) -> T {
        self.with_value(T::clone)
    }

    /// `get_value`, or `None` once it is gone with its owner.
    pub fn try_get_value(&self) -> Option<T> {
        self.value
            .try_read_value()
            .map(|local| typed::<T>(&local).clone())
    }
}

/// A function handed to a view (`on_apply`, `retry`), called by its handlers (as
/// `Callback`, kept as a `Stored`).
pub struct Handler<In: 'static, Out: 'static = ()>(Stored<Rc<dyn Fn(In) -> Out>>);

impl<In, Out> Clone for Handler<In, Out> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<In, Out> Copy for Handler<In, Out> {}

impl<In: 'static, Out: 'static> Handler<In, Out> {
    pub fn new(f: impl Fn(In) -> Out + 'static) -> Self {
        Handler(Stored::new(Rc::new(f)))
    }

    /// Calls the function (taken out of its store first: it may store or drop things
    /// itself).
    pub fn run(&self, input: In) -> Out {
        (self.0.get_value())(input)
    }

    /// `run`, or `None` once the function is gone with its owner (a task that may outlive
    /// its page).
    pub fn try_run(&self, input: In) -> Option<Out> {
        self.0.try_get_value().map(|f| f(input))
    }
}

/// A component's `#[prop(into)]` takes a closure as the handler.
impl<In: 'static, Out: 'static, F: Fn(In) -> Out + 'static> From<F> for Handler<In, Out> {
    fn from(f: F) -> Self {
        Handler::new(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::Owner;
    use std::cell::Cell;

    #[test]
    fn a_signal_reads_and_changes_as_its_type() {
        let owner = Owner::new();
        owner.with(|| {
            let s = State::new(vec![1, 2]);
            s.update(|v| v.push(3));
            assert_eq!(s.get(), [1, 2, 3]);
            s.set(vec![7]);
            assert_eq!(s.with(Vec::len), 1);
            assert_eq!(s.try_update(|v| v.pop()), Some(Some(7)));
            assert!(s.try_set(vec![8]));
            assert_eq!(s.get_untracked(), [8]);
        });
    }

    #[test]
    fn an_untracked_reading_is_not_told_of_a_change() {
        let owner = Owner::new();
        owner.with(|| {
            let s = State::new(1u32);
            let twice = crate::components::memo(move || s.with_untracked(|n| n * 2));
            let tracked = crate::components::memo(move || s.get() * 2);
            assert_eq!((twice.get(), tracked.get()), (2, 2));
            s.set(5);
            assert_eq!(twice.get(), 2);
            assert_eq!(tracked.get(), 10);
        });
    }

    #[test]
    fn what_is_gone_with_its_owner_is_neither_read_nor_written() {
        let owner = Owner::new();
        let (s, kept, handler) = owner.with(|| {
            // Not `Send`: a stored value may be anything the page holds.
            let kept = Stored::new(Rc::new(Cell::new(1)));
            (
                State::new(String::from("a")),
                kept,
                Handler::new(move |n: u32| n + 1),
            )
        });
        assert_eq!(kept.with_value(|c| c.get()), 1);
        kept.set_value(Rc::new(Cell::new(2)));
        assert_eq!(kept.try_update_value(|c| c.replace(3)), Some(2));
        assert_eq!(kept.get_value().get(), 3);
        assert_eq!(handler.run(1), 2);
        owner.cleanup();
        assert!(!s.try_set(String::from("b")));
        assert_eq!(s.try_get_untracked(), None);
        assert_eq!(s.try_update(|v| v.len()), None);
        assert_eq!(kept.try_get_value().map(|c| c.get()), None);
        assert_eq!(kept.try_update_value(|c| c.get()), None);
        assert_eq!(handler.try_run(1), None);
    }
}
