//! Request types: the operation's input (required parameters as arguments
//! of `new`, optional ones as setters, getters for all) and the structures
//! and enums its parameters use, with how they are written as parameters.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::enums::{emit_enum, EnumDef};
use super::{doc_attrs, field_docs, ident, scalar_type, type_ident};
use crate::docs;
use crate::model::{Operation, Parameter, Scalar, Type};

/// The Rust type of a parameter's value (without `Option`/`Vec`).
pub fn value_type(p: &Parameter) -> TokenStream {
    match (&p.ty, &p.type_name) {
        (_, Some(name)) if p.shared => {
            let name = type_ident(name);
            quote!(crate::types::#name)
        }
        (Type::Scalar(_) | Type::Struct | Type::StructList, Some(name)) => {
            let name = type_ident(name);
            quote!(#name)
        }
        (Type::Scalar(s) | Type::ScalarList(s), _) => scalar_type(*s),
        // Request parameters are never free-form JSON objects; JSON text is
        // a string.
        _ => scalar_type(Scalar::String),
    }
}

/// What the structure is: the operation's input, or a nested structure
/// written as `Name.Field` / `Name.N.Field`.
pub enum Owner<'a> {
    /// The input of this operation.
    Input(&'a Operation),
    /// A nested structure, with its builder's name when it has one.
    Nested(Option<&'a str>),
}

impl Owner<'_> {
    /// The builder's type name, when the structure has one.
    fn builder(&self) -> Option<&str> {
        match self {
            Owner::Input(op) => Some(op.rust.builder.as_str()).filter(|b| !b.is_empty()),
            Owner::Nested(builder) => *builder,
        }
    }
}

fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    match line.find(". ") {
        Some(i) => line[..=i].to_string(),
        None => line.to_string(),
    }
}

/// The documentation of a parameter's setter.
fn param_docs(p: &Parameter) -> String {
    let mut doc = field_docs(&p.description, p.example.as_deref());
    if p.json {
        doc.push_str("\n\nThe value is JSON text: serialize it yourself (for example with `serde_json::to_string`).");
    }
    doc
}

/// A request structure and, after it, every type its parameters use.
pub fn emit_struct(
    name: &str,
    owner: Owner<'_>,
    params: &[Parameter],
    doc: &str,
    out: &mut Vec<TokenStream>,
) {
    let struct_ident = type_ident(name);
    let mut nested = Vec::new();
    for p in params {
        nested_types(p, &mut nested);
    }
    let stored = |p: &Parameter| {
        let v = value_type(p);
        if p.ty.is_list() {
            quote!(Vec<#v>)
        } else if p.required {
            quote!(#v)
        } else {
            quote!(Option<#v>)
        }
    };
    let decls = params.iter().map(|p| {
        let i = ident(&p.rust_name);
        let t = stored(p);
        let serde = super::serde_attrs::field_attrs(&p.rust_name, &p.wire_name, p.ty.is_list());
        quote!(#serde #i: #t)
    });

    // Constructor: required parameters in page order.
    let required: Vec<&Parameter> = params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let i = ident(&p.rust_name);
        let v = value_type(p);
        if p.ty.is_list() {
            quote!(#i: impl IntoIterator<Item = impl Into<#v>>)
        } else {
            quote!(#i: impl Into<#v>)
        }
    });
    let inits = params.iter().map(|p| {
        let i = ident(&p.rust_name);
        match (p.required, p.ty.is_list()) {
            (true, true) => quote!(#i: #i.into_iter().map(Into::into).collect()),
            (true, false) => quote!(#i: #i.into()),
            (false, true) => quote!(#i: Vec::new()),
            (false, false) => quote!(#i: None),
        }
    });
    let mut new_doc = format!("Creates a `{name}`");
    if required.is_empty() {
        new_doc.push_str("; every parameter is optional and set with the methods below.");
    } else {
        new_doc.push_str(" with its required parameters:\n");
        for p in &required {
            let summary = first_sentence(&docs::render(&p.description));
            new_doc.push_str(&format!(
                "\n- `{}` (`{}`): {}",
                p.rust_name, p.wire_name, summary
            ));
        }
    }
    let new_doc = doc_attrs(&new_doc);
    // Required parameters are arguments so that leaving one out does not
    // compile; some operations have many.
    let allow_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    // Setters for optional parameters, getters for all.
    let setters = params.iter().filter(|p| !p.required).map(|p| {
        let i = ident(&p.rust_name);
        let v = value_type(p);
        let set = format_ident!("set_{}", p.rust_name.trim_end_matches('_'));
        let doc = doc_attrs(&format!("Sets `{}`.\n\n{}", p.wire_name, param_docs(p)));
        let set_doc = format!(
            " Sets or clears `{}`; see [`{}`](Self::{}).",
            p.wire_name, p.rust_name, p.rust_name
        );
        if p.ty.is_list() {
            quote! {
                #doc
                pub fn #i(mut self, #i: impl IntoIterator<Item = impl Into<#v>>) -> Self {
                    self.#i = #i.into_iter().map(Into::into).collect();
                    self
                }
                #[doc = #set_doc]
                pub fn #set(mut self, #i: Vec<#v>) -> Self {
                    self.#i = #i;
                    self
                }
            }
        } else {
            quote! {
                #doc
                pub fn #i(mut self, #i: impl Into<#v>) -> Self {
                    self.#i = Some(#i.into());
                    self
                }
                #[doc = #set_doc]
                pub fn #set(mut self, #i: Option<#v>) -> Self {
                    self.#i = #i;
                    self
                }
            }
        }
    });
    let getters = params.iter().map(|p| {
        let i = ident(&p.rust_name);
        let get = format_ident!("get_{}", p.rust_name.trim_end_matches('_'));
        let v = value_type(p);
        let doc = format!(" The `{}` parameter.", p.wire_name);
        let copy = matches!(p.ty, Type::Scalar(s) if s != Scalar::String) && !p.is_enum();
        let string = matches!(p.ty, Type::Scalar(Scalar::String)) && !p.is_enum();
        let (ret, body) = match (p.ty.is_list(), p.required, copy, string) {
            (true, _, _, _) => (quote!(&[#v]), quote!(&self.#i)),
            (false, true, true, _) => (quote!(#v), quote!(self.#i)),
            (false, true, false, true) => (quote!(&str), quote!(&self.#i)),
            (false, true, false, false) => (quote!(&#v), quote!(&self.#i)),
            (false, false, true, _) => (quote!(Option<#v>), quote!(self.#i)),
            (false, false, false, true) => (quote!(Option<&str>), quote!(self.#i.as_deref())),
            (false, false, false, false) => (quote!(Option<&#v>), quote!(self.#i.as_ref())),
        };
        quote! {
            #[doc = #doc]
            pub fn #get(&self) -> #ret {
                #body
            }
        }
    });

    let input = matches!(owner, Owner::Input(_));
    let writes: Vec<TokenStream> = params
        .iter()
        .map(|p| {
            let i = ident(&p.rust_name);
            let wire = &p.wire_name;
            let name = if input {
                quote!(#wire)
            } else {
                quote!(&::std::format!("{prefix}{}", #wire))
            };
            match (&p.ty, p.required) {
                (Type::ScalarList(_) | Type::AnyList, _) => {
                    quote!(params.put_list(#name, &self.#i);)
                }
                (Type::StructList, _) => quote!(params.put_struct_list(#name, &self.#i);),
                (Type::Struct, true) => quote!(params.put_struct(#name, &self.#i);),
                (Type::Struct, false) => quote! {
                    if let Some(value) = &self.#i {
                        params.put_struct(#name, value);
                    }
                },
                (Type::Scalar(_) | Type::Any, true) => quote!(params.put(#name, &self.#i);),
                (Type::Scalar(_) | Type::Any, false) => {
                    quote!(params.put_opt(#name, self.#i.as_ref());)
                }
            }
        })
        .collect();
    let params_ident = if params.is_empty() {
        quote!(_params)
    } else {
        quote!(params)
    };
    let write_impl = match owner {
        Owner::Input(op) => {
            let wire = &op.name;
            let output = type_ident(&op.rust.output);
            let kind = match op.kind {
                crate::model::OperationKind::ReadOnly => format_ident!("ReadOnly"),
                crate::model::OperationKind::Mutating => format_ident!("Mutating"),
            };
            let submits = op.submits_task();
            let transient = super::errors::transient_codes(op);
            let transient = (!transient.is_empty()).then(|| {
                quote! {
                    const TRANSIENT_ERROR_CODES: &'static [&'static str] = &[#(#transient),*];
                }
            });
            quote! {
                impl crate::runtime::Operation for #struct_ident {
                    const ACTION: &'static str = #wire;
                    const KIND: crate::runtime::OperationKind = crate::runtime::OperationKind::#kind;
                    const SUBMITS_TASK: bool = #submits;
                    #transient
                    type Output = #output;

                    fn write_params(&self, #params_ident: &mut crate::runtime::Params) {
                        #(#writes)*
                    }
                }
            }
        }
        Owner::Nested(_) => {
            let prefix = if params.is_empty() {
                quote!(_prefix)
            } else {
                quote!(prefix)
            };
            quote! {
                impl crate::runtime::WriteParams for #struct_ident {
                    fn write_fields(&self, #prefix: &str, #params_ident: &mut crate::runtime::Params) {
                        #(#writes)*
                    }
                }
            }
        }
    };

    let doc = doc_attrs(doc);
    let derive_default = required.is_empty().then(|| quote!(Default,));
    let (constructor, builder) = match owner.builder() {
        Some(builder) => {
            let builder_ident = type_ident(builder);
            let doc = doc_attrs(&format!(
                "Starts a `{name}`: set its required parameters on the [`{builder}`] by name, in any order, then call [`build`]({builder}::build); set the optional ones on the result."
            ));
            (
                quote! {
                    #doc
                    pub fn builder() -> #builder_ident {
                        #builder_ident::new()
                    }
                },
                emit_builder(name, builder, params),
            )
        }
        None => (
            quote! {
                #new_doc
                #allow_many
                pub fn new(#(#args),*) -> Self {
                    Self {
                        #(#inits,)*
                    }
                }
            },
            quote!(),
        ),
    };
    let serde = super::serde_attrs::struct_attrs();
    out.push(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #serde
        pub struct #struct_ident {
            #(#decls,)*
        }

        impl #struct_ident {
            #constructor
            #(#setters)*
            #(#getters)*
        }

        #builder
        #write_impl
    });
    out.extend(nested);
}

/// The value type of a parameter in a builder, where the builder's type
/// parameters (named after the parameters) may shadow a module type's name:
/// module types are reached through `self::`, the prelude's by full path.
fn builder_value_type(p: &Parameter) -> TokenStream {
    match (&p.ty, &p.type_name) {
        (_, Some(name)) if p.shared => {
            let name = type_ident(name);
            quote!(crate::types::#name)
        }
        (Type::Scalar(_) | Type::Struct | Type::StructList, Some(name)) => {
            let name = type_ident(name);
            quote!(self::#name)
        }
        (Type::Scalar(s) | Type::ScalarList(s), _) if *s != Scalar::String => scalar_type(*s),
        // Strings, and JSON text (request parameters are never free-form
        // JSON objects).
        _ => quote!(::std::string::String),
    }
}

/// A typestate builder for a structure with two required parameters or
/// more: one type parameter per required parameter, `Missing` until its
/// setter is called, the value's type after; `build` exists once every one
/// is set, so that a missing parameter does not compile and no two can be
/// swapped, as each is set by name.
fn emit_builder(name: &str, builder: &str, params: &[Parameter]) -> TokenStream {
    let struct_ident = type_ident(name);
    let builder_ident = type_ident(builder);
    let required: Vec<&Parameter> = params.iter().filter(|p| p.required).collect();
    let states: Vec<syn::Ident> = required
        .iter()
        .map(|p| type_ident(p.state.as_deref().unwrap_or("State")))
        .collect();
    let fields: Vec<syn::Ident> = required.iter().map(|p| ident(&p.rust_name)).collect();
    let stored: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let v = builder_value_type(p);
            if p.ty.is_list() {
                quote!(::std::vec::Vec<#v>)
            } else {
                v
            }
        })
        .collect();
    let missing = quote!(crate::runtime::Missing);
    let setters = required.iter().enumerate().map(|(i, p)| {
        let field = &fields[i];
        let v = builder_value_type(p);
        let value = &stored[i];
        let out_states = states.iter().enumerate().map(|(j, s)| {
            if i == j {
                value.clone()
            } else {
                quote!(#s)
            }
        });
        let moves = fields.iter().enumerate().map(|(j, f)| {
            if i == j {
                if p.ty.is_list() {
                    quote!(#f: ::std::iter::IntoIterator::into_iter(#f).map(::std::convert::Into::into).collect())
                } else {
                    quote!(#f: ::std::convert::Into::into(#f))
                }
            } else {
                quote!(#f: self.#f)
            }
        });
        let arg = if p.ty.is_list() {
            quote!(#field: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#v>>)
        } else {
            quote!(#field: impl ::std::convert::Into<#v>)
        };
        let doc = doc_attrs(&format!(
            "Sets `{}` (required).\n\n{}",
            p.wire_name,
            param_docs(p)
        ));
        quote! {
            #doc
            pub fn #field(self, #arg) -> #builder_ident<#(#out_states),*> {
                #builder_ident {
                    #(#moves,)*
                }
            }
        }
    });
    let optional_inits = params.iter().filter(|p| !p.required).map(|p| {
        let i = ident(&p.rust_name);
        if p.ty.is_list() {
            quote!(#i: ::std::vec::Vec::new())
        } else {
            quote!(#i: ::std::option::Option::None)
        }
    });
    let list = required
        .iter()
        .map(|p| {
            format!(
                "`{}` ([`{}`](Self::{}))",
                p.wire_name, p.rust_name, p.rust_name
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let doc = doc_attrs(&format!(
        "Builds a [`{name}`] from its required parameters, each set by name: {list}.\n\nEach type parameter is [`Missing`](crate::runtime::Missing) until its parameter is set; [`build`](Self::build) exists once all are, so leaving one out does not compile."
    ));
    let build_doc = doc_attrs(&format!(
        "The `{name}`, with its optional parameters unset (set them on it)."
    ));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct #builder_ident<#(#states = #missing),*> {
            #(#fields: #states,)*
        }

        impl #builder_ident {
            fn new() -> Self {
                Self {
                    #(#fields: #missing,)*
                }
            }
        }

        // Each setter's return type spells out the builder's state: long
        // when there are many required parameters, by design.
        #[allow(clippy::type_complexity)]
        impl<#(#states),*> #builder_ident<#(#states),*> {
            #(#setters)*

            #build_doc
            pub fn build(self) -> self::#struct_ident
            where
                #(#states: crate::runtime::Given<#stored>,)*
            {
                self::#struct_ident {
                    #(#fields: crate::runtime::Given::take(self.#fields),)*
                    #(#optional_inits,)*
                }
            }
        }
    }
}

/// The enum or structure a parameter's value is, if the module declares it.
fn nested_types(p: &Parameter, out: &mut Vec<TokenStream>) {
    let Some(type_name) = p.type_name.as_ref().filter(|_| !p.shared) else {
        return;
    };
    match &p.ty {
        Type::Scalar(_) if p.is_enum() => out.push(emit_enum(&EnumDef {
            name: type_name.clone(),
            doc: format!("Values of the `{}` parameter.", p.wire_name),
            values: p.allowed_values.clone(),
            default: p
                .default
                .clone()
                .filter(|d| p.allowed_values.iter().any(|v| &v.value == d)),
        })),
        Type::Struct | Type::StructList => {
            let mut doc = docs::render(&p.description);
            if doc.is_empty() {
                doc = format!("One `{}` structure.", p.wire_name);
            }
            let wire = &p.wire_name;
            doc.push_str(&match p.ty {
                Type::StructList => format!("\n\nSent as `{wire}.1.Field`, `{wire}.2.Field`, …"),
                _ => format!("\n\nSent as `{wire}.Field`."),
            });
            emit_struct(
                type_name,
                Owner::Nested(p.builder.as_deref()),
                &p.fields,
                &doc,
                out,
            );
        }
        _ => {}
    }
}
