//! The conversions every generated enum has, written once.
//!
//! A generated enum lists the values a reference page gives, plus
//! `Unknown(UnknownValue<Self>)` for any other value, sent or received
//! (see [`UnknownValue`](crate::UnknownValue)). [`wire_enum!`] gives it
//! `VALUES`, `as_str`, `From<&str>`, `FromStr`, `Display`, and the
//! runtime's `FromWire`, `ParamValue` and `WireEnum`, so that the generated
//! module holds the enum and its documentation, and one line per value.

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

            /// The value as it goes on the wire, listed or not.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl $crate::unstable::WireEnum for $name {
            fn named(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($wire => ::std::option::Option::Some(Self::$variant),)+
                    _ => ::std::option::Option::None,
                }
            }

            fn unknown(value: $crate::UnknownValue<Self>) -> Self {
                Self::Unknown(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            /// The named variant of a listed value, else `Unknown`.
            fn from(value: &str) -> Self {
                $crate::unstable::from_wire(value)
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
    use std::collections::hash_map::DefaultHasher;
    use std::collections::HashSet;
    use std::hash::{Hash, Hasher};

    use crate::lenient::FromWire;
    use crate::params::{ParamValue, Params};
    use crate::UnknownValue;

    /// An enum as the generator writes one.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    enum Kind {
        Round,
        Square,
        Unknown(UnknownValue<Kind>),
    }

    crate::wire_enum!(Kind {
        Round = "round",
        Square = "square",
    });

    /// Another enum that lists a value `Kind` does not.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Shape {
        Hexagon,
        Unknown(UnknownValue<Shape>),
    }

    crate::wire_enum!(Shape {
        Hexagon = "hexagon",
    });

    fn hash(value: &impl Hash) -> u64 {
        let mut hasher = DefaultHasher::new();
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn listed_values_are_always_their_named_variant() {
        assert_eq!(Kind::VALUES, ["round", "square"]);
        assert_eq!(Kind::from("square"), Kind::Square);
        assert_eq!("round".parse::<Kind>(), Ok(Kind::Round));
        assert_eq!(Kind::from_wire("round"), Some(Kind::Round));
        for value in Kind::VALUES {
            assert!(!matches!(Kind::from(*value), Kind::Unknown(_)), "{value}");
        }
        // Case matters on the wire: "Round" is not listed.
        assert!(matches!(Kind::from("Round"), Kind::Unknown(_)));
    }

    #[test]
    fn unknown_values_compare_and_hash_by_their_wire_value() {
        let a = Kind::from("hexagon");
        let b = "hexagon".parse::<Kind>().expect("infallible");
        assert_eq!(a, b);
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(a, Kind::from("triangle"));
        assert_ne!(a, Kind::Square);
        let set: HashSet<Kind> = ["hexagon", "hexagon", "triangle", "round"]
            .into_iter()
            .map(Kind::from)
            .collect();
        assert_eq!(set.len(), 3);
        let Kind::Unknown(value) = &a else {
            panic!("hexagon is not listed: {a:?}");
        };
        assert_eq!(value.as_str(), "hexagon");
        assert_eq!(value.to_string(), "hexagon");
        assert_eq!(format!("{value:?}"), r#"UnknownValue("hexagon")"#);
        assert_eq!(value.clone(), *value);
    }

    #[test]
    fn values_round_trip_as_text_and_parameters() {
        for text in ["round", "square", "hexagon", "", "with space"] {
            let kind = Kind::from(text);
            assert_eq!(kind.as_str(), text);
            assert_eq!(kind.to_string(), text);
            assert_eq!(kind.to_param(), text);
            assert_eq!(Kind::from(kind.as_str()), kind);
        }
        let mut params = Params::new();
        params.put("Kind", &Kind::from("hexagon"));
        params.put("Other", &Kind::Square);
        assert_eq!(params.get("Kind"), Some("hexagon"));
        assert_eq!(params.get("Other"), Some("square"));
    }

    #[test]
    fn an_unknown_value_of_one_enum_is_listed_in_another() {
        // The same text is unknown to `Kind` and a named variant of
        // `Shape`; each enum decides for itself.
        assert!(matches!(Kind::from("hexagon"), Kind::Unknown(_)));
        assert_eq!(Shape::VALUES, ["hexagon"]);
        assert_eq!(Shape::from("hexagon"), Shape::Hexagon);
        assert_eq!(Shape::from(Kind::from("hexagon").as_str()), Shape::Hexagon);
    }
}
