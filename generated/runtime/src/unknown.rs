//! The value a generated enum keeps when the API sends one its reference
//! page does not list, and the one way to make it.
//!
//! Only [`from_wire`] creates an [`UnknownValue`], and only for a value the
//! enum does not list (the enum's `From<&str>`, written by `wire_enum!`,
//! calls it), so `X::from("1") == X::Named` always holds and no `Unknown`
//! ever holds a listed value. The type parameter ties a value to its enum,
//! so an unknown value of one enum cannot be put into another that lists
//! it.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A value of the enum `E` that its API reference page does not list, as
/// sent or received: kept so that a new value never breaks decoding, and
/// sent back unchanged.
///
/// It has no public constructor: the enum's `From<&str>` (and decoding)
/// make one, and only for an unlisted value. Equality and hashing are by
/// the wire value, so two unknown values of `E` are equal when the service
/// sent the same text.
///
/// To act on a value this version does not list, compare the enum's
/// `as_str()` rather than matching `Unknown`: once a later version lists
/// the value, it decodes as a named variant, and a `match` arm on
/// `Unknown` would silently stop matching, while `as_str()` keeps giving
/// the same text.
pub struct UnknownValue<E> {
    value: Box<str>,
    // `fn() -> E`: the value belongs to `E`, without `E`'s auto traits
    // or drop check.
    of: PhantomData<fn() -> E>,
}

impl<E> UnknownValue<E> {
    fn new(value: &str) -> Self {
        Self {
            value: value.into(),
            of: PhantomData,
        }
    }

    /// The value as sent or received.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl<E> Clone for UnknownValue<E> {
    fn clone(&self) -> Self {
        Self::new(&self.value)
    }
}

impl<E> PartialEq for UnknownValue<E> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<E> Eq for UnknownValue<E> {}

impl<E> Hash for UnknownValue<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<E> fmt::Debug for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UnknownValue").field(&&*self.value).finish()
    }
}

impl<E> fmt::Display for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<E> AsRef<str> for UnknownValue<E> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

/// What `wire_enum!` implements for a generated enum (for generated code;
/// no semver guarantee): its listed values, and how it holds an unlisted
/// one.
pub trait WireEnum: Sized {
    /// The named variant of a listed value; `None` for any other value.
    fn named(value: &str) -> Option<Self>;

    /// The `Unknown` variant holding `value`.
    fn unknown(value: UnknownValue<Self>) -> Self;
}

/// The enum value for wire text (for generated code; no semver guarantee):
/// the named variant of a listed value, else `Unknown`.
pub fn from_wire<E: WireEnum>(value: &str) -> E {
    E::named(value).unwrap_or_else(|| E::unknown(UnknownValue::new(value)))
}
