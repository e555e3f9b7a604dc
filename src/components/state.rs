//! Signals of every value type through one: Leptos compiles a signal's machinery (its
//! reads, writes, drop) once for every value type it holds, and the console keeps two dozen.
//! A `State<T>` is an `RwSignal` of one erased type whose value is always a `T`: only
//! `State::new` makes one and only its methods write it, each with a `T`.

use leptos::prelude::{
    LocalStorage, Read, ReadUntracked, ReadValue, RwSignal, Set, SetValue, StoredValue, Track,
    Write, WriteValue,
};
use std::any::Any;
use std::marker::PhantomData;
use std::rc::Rc;

type Held = Box<dyn Any>;

/// A value the console changes and views follow (as `RwSignal`). Kept in the thread's
/// own storage, so a value need not be `Send` (a remote value's answer is an `Rc`).
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
}

impl<T: 'static> State<T> {
    /// Reads the value (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        // Through the read guard, one type for every signal: `RwSignal::with` would compile
        // its reading once more for every closure handed to it.
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
        // Through the write guard, which tells the readers as it goes: one type for every
        // signal, where `RwSignal::update` would be compiled again for each closure.
        f(typed_mut(&mut self.signal.write()));
    }

    /// `update`, or `None` once the signal is gone with its owner.
    pub fn try_update<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.signal.try_write().map(|mut held| f(typed_mut(&mut held)))
    }

    /// Changes the value without telling its readers.
    pub fn update_untracked(&self, f: impl FnOnce(&mut T)) {
        f(typed_mut(&mut self.signal.write_untracked()));
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

type Local = Box<dyn Any>;

/// A value kept with a view and read or changed by its handlers and tasks, telling no one
/// (as `StoredValue`, whose machinery is likewise compiled once per value type): one
/// erased kind of stored value for every type, `Send` or not.
pub struct Stored<T: 'static> {
    value: StoredValue<Local, LocalStorage>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Stored<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Stored<T> {}

fn kept<T: 'static>(local: &Local) -> &T {
    match local.downcast_ref::<T>() {
        Some(value) => value,
        None => unreachable!("a stored value holds the type it was made with"),
    }
}

fn kept_mut<T: 'static>(local: &mut Local) -> &mut T {
    match local.downcast_mut::<T>() {
        Some(value) => value,
        None => unreachable!("a stored value holds the type it was made with"),
    }
}

impl<T: 'static> Stored<T> {
    pub fn new(value: T) -> Self {
        Stored {
            value: StoredValue::new_local(Box::new(value)),
            ty: PhantomData,
        }
    }

    pub fn with_value<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(kept(&self.value.read_value()))
    }

    pub fn set_value(&self, value: T) {
        self.value.set_value(Box::new(value));
    }

    /// Changes the value, or `None` once it is gone with its owner (a task that may outlive
    /// its page).
    pub fn try_update_value<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.value.try_write_value().map(|mut local| f(kept_mut(&mut local)))
    }
}

impl<T: Clone + 'static> Stored<T> {
    pub fn get_value(&self) -> T {
        self.with_value(T::clone)
    }

    /// `get_value`, or `None` once it is gone with its owner.
    pub fn try_get_value(&self) -> Option<T> {
        self.value.try_read_value().map(|local| kept::<T>(&local).clone())
    }
}

/// A function handed to a view (`on_apply`, `retry`), called by its handlers: Leptos's
/// `Callback` keeps its own stored-value machinery for every argument type, this one the
/// `Stored` of every other value.
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
