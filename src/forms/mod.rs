//! Form state, dirty diff and validation rules: pure Rust, tested natively.

pub mod rules;
pub mod state;

pub use rules::Rules;
pub use state::{Change, FieldSpec, FormState, Kind};
