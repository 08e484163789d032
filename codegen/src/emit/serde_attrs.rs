//! The `serde` feature of a generated crate: `Serialize` and `Deserialize`
//! on every input, output and nested structure, with the wire names, so
//! that users can log, cache or forward them. Behind `cfg_attr`, so that a
//! build without the feature compiles no serde code.
//!
//! A field is renamed only when serde's `PascalCase` of its Rust name is not
//! its wire name (`ds_record` for `DSRecord`, `request_id` for `requestId`),
//! so most fields carry no attribute.

use proc_macro2::TokenStream;
use quote::quote;

/// What serde's `rename_all = "PascalCase"` makes of a snake-case field
/// name: each `_`-separated part with its first letter upper-cased.
fn serde_pascal_case(rust_name: &str) -> String {
    rust_name
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The structure's derive and naming rule.
pub fn struct_attrs() -> TokenStream {
    quote! {
        #[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "PascalCase"))]
    }
}

/// A field's attributes: its wire name when the naming rule does not give
/// it, and `default` for a list, which a response may leave out.
pub fn field_attrs(rust_name: &str, wire_name: &str, list: bool) -> TokenStream {
    let rename = (serde_pascal_case(rust_name) != wire_name)
        .then(|| quote!(#[cfg_attr(feature = "serde", serde(rename = #wire_name))]));
    let default = list.then(|| quote!(#[cfg_attr(feature = "serde", serde(default))]));
    quote!(#rename #default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_as_serde_writes_it() {
        assert_eq!(serde_pascal_case("domain_name"), "DomainName");
        assert_eq!(serde_pascal_case("type_"), "Type");
        assert_eq!(serde_pascal_case("ds_record"), "DsRecord");
        assert_eq!(serde_pascal_case("tag_2"), "Tag2");
    }

    #[test]
    fn only_fields_the_rule_misses_are_renamed() {
        assert!(field_attrs("domain_name", "DomainName", false).is_empty());
        let renamed = field_attrs("ds_record", "DSRecord", false).to_string();
        assert!(renamed.contains("\"DSRecord\""), "{renamed}");
        let list = field_attrs("items", "Items", true).to_string();
        assert!(list.contains("default"), "{list}");
    }
}
