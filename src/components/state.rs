//! Signals of every value type through one: Leptos compiles a signal's machinery (its
//! reads, writes, drop) once for every value type it holds, and the console keeps two dozen.
//! A `State<T>` is an `RwSignal` of one erased type whose value is always a `T`: only
//! `State::new` makes one and only its methods write it, each with a `T`.

use leptos::prelude::{
    RwSignal, Set, Track, Update, UpdateUntracked, With, WithUntracked,
};
use std::any::Any;
use std::marker::PhantomData;

type Held = Box<dyn Any + Send + Sync>;

/// A value the console changes and views follow (as `RwSignal`).
pub struct State<T: 'static> {
    signal: RwSignal<Held>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for State<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for State<T> {}

fn typed<T: 'static>(held: &Held) -> &T {
    match held.downcast_ref::<T>() {
        Some(value) => value,
        None => unreachable!("a signal holds the type it was made with"),
    }
}

fn typed_mut<T: 'static>(held: &mut Held) -> &mut T {
    match held.downcast_mut::<T>() {
        Some(value) => value,
        None => unreachable!("a signal holds the type it was made with"),
    }
}

impl<T: Send + Sync + 'static> State<T> {
    pub fn new(value: T) -> Self {
        State {
            signal: RwSignal::new(Box::new(value)),
            ty: PhantomData,
        }
    }

    /// Replaces the value and tells its readers.
    pub fn set(&self, value: T) {
        self.signal.set(Box::new(value));
    }

    /// `set`, or nothing once the signal is gone with its owner (a task that may outlive
    /// its page).
    pub fn try_set(&self, value: T) -> Option<T> {
        self.signal
            .try_set(Box::new(value))
            .map(|held| match held.downcast::<T>() {
                Ok(value) => *value,
                Err(_) => unreachable!("a signal holds the type it was made with"),
            })
    }
}

impl<T: 'static> State<T> {
    /// Reads the value (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.signal.with(|held| f(typed(held)))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.signal.with_untracked(|held| f(typed(held)))
    }

    /// `with_untracked`, or `None` once the signal is gone with its owner.
    pub fn try_with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.signal.try_with_untracked(|held| f(typed(held)))
    }

    /// Changes the value in place and tells its readers.
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        self.signal.update(|held| f(typed_mut(held)));
    }

    /// `update`, or `None` once the signal is gone with its owner.
    pub fn try_update<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.signal.try_update(|held| f(typed_mut(held)))
    }

    /// Changes the value without telling its readers.
    pub fn update_untracked(&self, f: impl FnOnce(&mut T)) {
        self.signal.update_untracked(|held| f(typed_mut(held)));
    }

    /// Subscribes the running effect or memo without reading.
    pub fn track(&self) {
        self.signal.track();
    }
}

impl<T: Clone + 'static> State<T> {
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

impl<T: Clone + PartialEq + Send + Sync + 'static> From<State<T>> for crate::components::Derived<T> {
    fn from(value: State<T>) -> Self {
        crate::components::memo(move || value.get())
    }
}
