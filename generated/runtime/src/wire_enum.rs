//! The conversions every generated enum has, written once.
//!
//! A generated enum lists the values a reference page gives, plus
//! `Unknown(String)` for any other value, sent or received. [`wire_enum!`]
//! gives it `VALUES`, `as_str`, `From<&str>`, `FromStr`, `Display`, and the
//! runtime's `FromWire` and `ParamValue`, so that the generated module holds
//! the enum and its documentation, and one line per value.

/// Implements a generated enum's conversions (for generated code; no
/// semver guarantee).
///
/// ```text
/// crate::wire_enum!(TaskStatus {
///     WaitingExecute = "WAITING_EXECUTE",
///     Executing = "EXECUTING",
/// });
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! wire_enum {
    ($name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        impl $name {
            /// Every value listed on the API reference page, in page order.
            pub const VALUES: &'static [&'static str] = &[$($wire),+];

            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::unstable::lenient::FromWire for $name {
            fn from_wire(text: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self::from(text))
            }
        }

        impl $crate::unstable::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        // With the product crate's `serde` feature: the wire value, as a
        // string (numbers and booleans are read too).
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::unstable::wire_text(deserializer).map(|text| Self::from(text.as_str()))
            }
        }
    };
}

#[cfg(test)]
#[allow(unexpected_cfgs)] // The macro's `serde` impls are for product crates.
mod tests {
    /// An enum as the generator writes one.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Kind {
        Round,
        Square,
        Unknown(String),
    }

    crate::wire_enum!(Kind {
        Round = "round",
        Square = "square",
    });

    #[test]
    fn conversions_both_ways_keep_unknown_values() {
        use crate::lenient::FromWire;
        use crate::params::ParamValue;
        assert_eq!(Kind::VALUES, ["round", "square"]);
        assert_eq!(Kind::from("square"), Kind::Square);
        assert_eq!("round".parse::<Kind>(), Ok(Kind::Round));
        assert_eq!(Kind::from("hexagon"), Kind::Unknown("hexagon".into()));
        assert_eq!(Kind::Unknown("hexagon".into()).as_str(), "hexagon");
        assert_eq!(Kind::Square.to_string(), "square");
        assert_eq!(Kind::from_wire("round"), Some(Kind::Round));
        assert_eq!(Kind::Square.to_param(), "square");
    }
}
