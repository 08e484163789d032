//! Enums from "Valid values" lists, with a fallback variant for values the
//! page does not list.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, type_ident};
use crate::docs;
use crate::model::AllowedValue;

/// One enum to emit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// Rust type name.
    pub name: String,
    /// Documentation (rendered Markdown).
    pub doc: String,
    /// Listed values in page order, with their variant names.
    pub values: Vec<AllowedValue>,
    /// The page's default value, when it is one of `values`.
    pub default: Option<String>,
}

/// The enum's definition and impls.
pub fn emit_enum(def: &EnumDef) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = doc_attrs(&format!(
        "{}\n\nA value the page does not list, sent or received, is kept in [`{name}::Unknown`]. To test for one, compare [`as_str`]({name}::as_str) rather than matching `Unknown`, which stops matching once a later version lists the value.",
        def.doc,
        name = def.name
    ));
    let variants: Vec<syn::Ident> = def
        .values
        .iter()
        .map(|v| type_ident(&v.rust_name))
        .collect();
    let wire: Vec<&str> = def.values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = def.values.iter().map(|v| {
        let meaning = docs::render(&v.description);
        let mut d = if meaning.is_empty() {
            docs::code_span(&v.value)
        } else {
            docs::labelled(&docs::code_span(&v.value), &meaning)
        };
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
            /// A value not listed on the API reference page, as sent or
            /// received; compare it with [`as_str`](Self::as_str).
            Unknown(crate::runtime::UnknownValue<#name>),
        }

        crate::runtime::wire_enum!(#name {
            #( #variants = #wire, )*
        });
    }
}
