//! Response types: the operation's output and the structures and enums it
//! nests, decoded through the runtime's lenient helpers.

use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{emit_enum, EnumDef};
use super::{doc_attrs, field_docs, ident, scalar_type, type_ident};
use crate::docs;
use crate::model::{Field, MomentKind, Scalar, Type};

/// How a field is read: which reader of `runtime::lenient::Fields` takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoder {
    /// `Option<T>` from a string, number or boolean.
    Scalar,
    /// `Option<T>` from an object (or any JSON value).
    Object,
    /// `Vec<T>` of scalars, wrapped in an object keyed by the item name
    /// when there is one.
    Scalars(Option<String>),
    /// `Vec<T>` of objects, wrapped in an object keyed by the item name when
    /// there is one.
    List(Option<String>),
}

impl Decoder {
    /// The decoder of a field.
    pub fn of(field: &Field) -> Self {
        match &field.ty {
            Type::Scalar(_) => Decoder::Scalar,
            Type::Struct | Type::Any => Decoder::Object,
            Type::ScalarList(_) => Decoder::Scalars(field.item_name.clone()),
            Type::StructList | Type::AnyList => Decoder::List(field.item_name.clone()),
        }
    }

    /// The call that reads the field with wire name `wire` from `fields`.
    fn read(&self, wire: &str) -> TokenStream {
        let item = |item: &Option<String>| match item {
            Some(i) => quote!(Some(#i)),
            None => quote!(None),
        };
        match self {
            Decoder::Scalar => quote!(fields.scalar(#wire)?),
            Decoder::Object => quote!(fields.object(#wire)?),
            Decoder::Scalars(i) => {
                let i = item(i);
                quote!(fields.scalars(#wire, #i)?)
            }
            Decoder::List(i) => {
                let i = item(i);
                quote!(fields.list(#wire, #i)?)
            }
        }
    }
}

/// The Rust type of a field's value (without `Option`/`Vec`).
pub fn value_type(field: &Field) -> TokenStream {
    match (&field.ty, &field.type_name) {
        (Type::Any | Type::AnyList, _) => quote!(::serde_json::Value),
        (Type::Scalar(_) | Type::Struct | Type::StructList, Some(name)) if field.shared => {
            let name = type_ident(name);
            quote!(crate::types::#name)
        }
        (Type::Scalar(_) | Type::Struct | Type::StructList, Some(name)) => {
            let name = type_ident(name);
            quote!(#name)
        }
        (Type::Scalar(s) | Type::ScalarList(s), _) => scalar_type(*s),
        (Type::Struct | Type::StructList, None) => scalar_type(Scalar::String),
    }
}

/// A response structure and, after it, every type it nests.
///
/// The structure is read from the parsed body by a `FromTree` impl of one
/// line per field (no serde derive by default: it is what the compiler
/// spends most of a generated crate's build on; the `serde` feature adds
/// one, for users, not for decoding).
pub fn emit_struct(name: &str, fields: &[Field], doc: &str, out: &mut Vec<TokenStream>) {
    let struct_ident = type_ident(name);
    let mut nested = Vec::new();
    let mut decls = Vec::new();
    let mut reads = Vec::new();
    for f in fields {
        let fident = ident(&f.rust_name);
        let doc = doc_attrs(&field_docs(&f.description, f.example.as_deref()));
        let value = value_type(f);
        let ty = if f.ty.is_list() {
            quote!(Vec<#value>)
        } else {
            quote!(Option<#value>)
        };
        nested_types(f, &mut nested);
        let serde = super::serde_attrs::field_attrs(&f.rust_name, &f.wire_name, f.ty.is_list());
        decls.push(quote! {
            #doc
            #serde
            pub #fident: #ty
        });
        let read = Decoder::of(f).read(&f.wire_name);
        reads.push(quote!(#fident: #read));
    }
    let doc = doc_attrs(doc);
    let bind = if fields.is_empty() {
        quote!(crate::runtime::lenient::Fields::new(value, at)?;)
    } else {
        quote!(let mut fields = crate::runtime::lenient::Fields::new(value, at)?;)
    };
    let serde = super::serde_attrs::struct_attrs();
    let moments = moment_accessors(&struct_ident, fields);
    out.push(quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #serde
        #[non_exhaustive]
        pub struct #struct_ident {
            #(#decls,)*
        }

        impl crate::runtime::lenient::FromTree for #struct_ident {
            fn from_tree(
                value: crate::runtime::lenient::Tree<'_>,
                at: &crate::runtime::lenient::Path<'_>,
            ) -> Result<Self, crate::runtime::decode::DecodeError> {
                #bind
                Ok(Self {
                    #(#reads,)*
                })
            }
        }

        #moments
    });
    out.extend(nested);
}

/// The `SystemTime` accessors of a structure's moments, if it has any.
fn moment_accessors(struct_ident: &syn::Ident, fields: &[Field]) -> TokenStream {
    let accessors: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let moment = f.time.as_ref()?;
            let method = ident(&moment.method);
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            Some(match moment.kind {
                MomentKind::EpochMillis => {
                    let doc = doc_attrs(&format!(
                        "[`{}`](Self::{}) (`{wire}`, milliseconds since the epoch) as a moment; `None` when absent.",
                        f.rust_name, f.rust_name
                    ));
                    let read = match f.ty {
                        Type::Scalar(Scalar::Long) => quote!(crate::runtime::date::from_epoch_millis),
                        _ => quote!(|millis| crate::runtime::date::from_epoch_millis(i64::from(millis))),
                    };
                    quote! {
                        #doc
                        pub fn #method(&self) -> Option<::std::time::SystemTime> {
                            self.#field.and_then(#read)
                        }
                    }
                }
                MomentKind::Text => {
                    let doc = doc_attrs(&format!(
                        "[`{}`](Self::{}) (`{wire}`, text) as a moment; `Ok(None)` when absent.\n\nA time without an offset is read at UTC+08:00, as the service writes it (see [`date`](crate::date)).\n\n# Errors\n\nA [`DateError`](crate::date::DateError) when the text is not a date; the field keeps it as sent.",
                        f.rust_name, f.rust_name
                    ));
                    quote! {
                        #doc
                        pub fn #method(
                            &self,
                        ) -> Result<Option<::std::time::SystemTime>, crate::runtime::date::DateError> {
                            crate::runtime::date::parse_field(self.#field.as_deref())
                        }
                    }
                }
            })
        })
        .collect();
    if accessors.is_empty() {
        return quote!();
    }
    quote! {
        impl #struct_ident {
            #(#accessors)*
        }
    }
}

/// The enum or structure a field's value is, if the module declares it
/// (shared types are declared in `types`).
fn nested_types(f: &Field, out: &mut Vec<TokenStream>) {
    if let Some(type_name) = f.type_name.as_ref().filter(|_| !f.shared) {
        emit_type(f, type_name, "", out);
    }
}

/// The enum or structure named `type_name` that `f`'s value is, with what
/// it nests; `more` is appended to its documentation.
pub fn emit_type(f: &Field, type_name: &str, more: &str, out: &mut Vec<TokenStream>) {
    match &f.ty {
        Type::Scalar(_) if f.is_enum() => out.push(emit_enum(&EnumDef {
            name: type_name.to_string(),
            doc: format!("Values of the `{}` field.{more}", f.wire_name),
            values: f.allowed_values.clone(),
            default: None,
        })),
        Type::Struct | Type::StructList => {
            let mut doc = docs::render(&f.description);
            if doc.is_empty() {
                doc = match f.ty {
                    Type::StructList => format!("One element of `{}`.", f.wire_name),
                    _ => format!("The `{}` object.", f.wire_name),
                };
            }
            doc.push_str(more);
            emit_struct(type_name, &f.fields, &doc, out);
        }
        _ => {}
    }
}
