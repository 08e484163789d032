//! The typestate of generated builders.
//!
//! A generated request structure with two required parameters or more is
//! made with a builder, e.g.
//! `Input::builder().instance_id("i-1").region_id("cn-hangzhou").build()`: each
//! required parameter is set by name, so two of the same type cannot be
//! swapped, and `build` exists only once all are set, so leaving one out
//! does not compile. The builder has one type parameter per required
//! parameter: [`Missing`] until it is set, the value's type after.

/// A required parameter that a builder has not been given yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Missing;

/// What a builder's `build` asks of each required parameter: that it was
/// given a value of type `T`. [`Missing`] is not, so `build` does not
/// compile until every required parameter is set.
#[diagnostic::on_unimplemented(
    message = "a required parameter of this builder is not set",
    label = "a required parameter is still `Missing`",
    note = "the builder's type parameter that is `Missing` names the parameter: call its setter before `build`"
)]
pub trait Given<T> {
    /// The value.
    fn take(self) -> T;
}

impl<T> Given<T> for T {
    fn take(self) -> T {
        self
    }
}
