//! Enums from "Valid values" lists, with a fallback variant for values the
//! page does not list.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_attrs;
use crate::docs;
use crate::model::{AllowedValue, Api, Parameter, Scalar, Type};
use crate::names::camel;

/// One enum to emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// Rust type name.
    pub name: String,
    /// Documentation (rendered Markdown).
    pub doc: String,
    /// Listed values in page order.
    pub values: Vec<AllowedValue>,
    /// The page's default value, when it is one of `values`.
    pub default: Option<String>,
}

/// Whether a string parameter or field with these values becomes an enum.
///
/// Strings become string-coded enums; integers whose listed values are all
/// integers become integer-coded enums (sent and received as their decimal
/// text). Booleans and floats never do.
pub fn is_enum(ty: &Type, values: &[AllowedValue]) -> bool {
    if values.len() < 2 {
        return false;
    }
    match ty {
        Type::Scalar(Scalar::String) => true,
        Type::Scalar(Scalar::Integer | Scalar::Long) => values.iter().all(|v| is_integer(&v.value)),
        _ => false,
    }
}

fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "is",
    "are",
    "be",
    "been",
    "being",
    "to",
    "of",
    "that",
    "this",
    "it",
    "was",
    "for",
    "and",
    "or",
    "which",
    "value",
    "indicates",
];

/// A variant name for an integer value, from the first words of its meaning
/// (`2: RSA/SHA-256` → `RsaSha256`); `V{n}` when there is no meaning.
fn integer_variant(value: &str, description: &str) -> String {
    let plain = crate::values::plain(description);
    let head = plain.split(['.', ',', ';', '(', ':']).next().unwrap_or("");
    let words: Vec<String> = head
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .take(4)
        .map(str::to_string)
        .collect();
    let name = camel(&words.join("_"));
    if words.is_empty()
        || name.starts_with('V') && name[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        format!("V{}", value.replace('-', "Minus"))
    } else {
        name
    }
}

/// The definition for a request parameter's enum.
pub fn param_enum(name: &str, p: &Parameter) -> EnumDef {
    let default = p
        .default
        .clone()
        .filter(|d| p.allowed_values.iter().any(|v| &v.value == d));
    EnumDef {
        name: name.to_string(),
        doc: format!("Values of the `{}` parameter.", p.wire_name),
        values: p.allowed_values.clone(),
        default,
    }
}

/// Enums for the shared parameter names, taken from the first operation
/// (by name) that lists values for them. Operations whose values differ
/// get their own enum instead.
pub fn shared_enums(api: &Api, names: &[String]) -> BTreeMap<String, EnumDef> {
    let mut out = BTreeMap::new();
    for op in &api.operations {
        for p in &op.request {
            if names.contains(&p.wire_name)
                && is_enum(&p.ty, &p.allowed_values)
                && !out.contains_key(&p.wire_name)
            {
                out.insert(p.wire_name.clone(), param_enum(&camel(&p.wire_name), p));
            }
        }
    }
    out
}

/// Whether `p` can use the shared enum `def`.
pub fn matches_shared(def: &EnumDef, p: &Parameter) -> bool {
    let values = |v: &[AllowedValue]| v.iter().map(|a| a.value.clone()).collect::<Vec<_>>();
    values(&def.values) == values(&p.allowed_values)
}

fn variant_names(values: &[AllowedValue]) -> Vec<syn::Ident> {
    let mut used: Vec<String> = Vec::new();
    values
        .iter()
        .map(|v| {
            let mut name = if is_integer(&v.value) {
                integer_variant(&v.value, &v.description)
            } else {
                camel(&v.value)
            };
            if name == "Unknown" {
                name = "UnknownValue".into();
            }
            let base = name.clone();
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            used.push(name.clone());
            format_ident!("{}", name)
        })
        .collect()
}

/// The enum's definition and impls.
pub fn emit_enum(def: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let doc = doc_attrs(&format!(
        "{}\n\nUnlisted values, sent or received, are kept in [`{}::Unknown`].",
        def.doc, def.name
    ));
    let variants = variant_names(&def.values);
    let wire: Vec<&str> = def.values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = def.values.iter().map(|v| {
        let mut d = docs::code_span(&v.value);
        let meaning = docs::render(&v.description);
        if !meaning.is_empty() {
            d.push_str(": ");
            d.push_str(&meaning);
        }
        if def.default.as_deref() == Some(v.value.as_str()) {
            d.push_str("\n\nThe default.");
        }
        doc_attrs(&d)
    });
    let default_index = def
        .default
        .as_ref()
        .and_then(|d| def.values.iter().position(|v| &v.value == d));
    let default_attr = (0..variants.len()).map(|i| {
        if Some(i) == default_index {
            quote!(#[default])
        } else {
            quote!()
        }
    });
    let derive_default = default_index.map(|_| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #default_attr #variants, )*
            /// A value not listed on the API reference page, as sent or received.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value listed on the API reference page, in page order.
            pub const VALUES: &'static [&'static str] = &[#(#wire),*];

            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wire, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wire => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::runtime::lenient::FromWire for #name {
            fn from_wire(text: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self::from(text))
            }
        }

        impl crate::runtime::ParamValue for #name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: &str, d: &str) -> AllowedValue {
        AllowedValue {
            value: v.into(),
            description: d.into(),
        }
    }

    #[test]
    fn integer_variants_are_named_from_their_meaning() {
        assert_eq!(integer_variant("8", "RSA/SHA-256"), "RsaSha256");
        assert_eq!(
            integer_variant("0", "The task is waiting to be run."),
            "TaskWaitingRun"
        );
        assert_eq!(integer_variant("3", ""), "V3");
        assert_eq!(integer_variant("-1", "   "), "VMinus1");
    }

    #[test]
    fn colliding_names_get_a_suffix() {
        let names = variant_names(&[
            value("1", "private algorithm"),
            value("2", "Private algorithm."),
        ]);
        let names: Vec<String> = names.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["PrivateAlgorithm", "PrivateAlgorithm2"]);
    }

    #[test]
    fn only_strings_and_integer_lists_are_enums() {
        let ints = [value("0", "a"), value("1", "b")];
        assert!(is_enum(&Type::Scalar(Scalar::Integer), &ints));
        assert!(is_enum(&Type::Scalar(Scalar::String), &ints));
        assert!(!is_enum(
            &Type::Scalar(Scalar::Boolean),
            &[value("true", ""), value("false", "")]
        ));
        assert!(!is_enum(
            &Type::Scalar(Scalar::Integer),
            &[value("0", ""), value("x", "")]
        ));
        assert!(!is_enum(&Type::Scalar(Scalar::String), &ints[..1]));
    }
}
