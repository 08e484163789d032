//! The operation's error codes: an enum of the codes its page lists, with
//! the page's advice as documentation, read from an error with
//! `Error::code_for::<Input>()`.
//!
//! An operation whose page lists no codes uses the runtime's
//! `CommonErrorCode` (the gateway's codes every operation may answer with);
//! one that lists some gets its own enum, whose `Other` variant holds every
//! code the page does not list, as a `CommonErrorCode`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, type_ident};
use crate::docs;
use crate::model::{ErrorCode, Operation, OperationKind};

/// The codes the runtime retries for this operation: those its page calls
/// passing, when the operation only reads (a mutating one keeps the
/// runtime's rule, which never resends after a failure that may have
/// reached the service).
pub fn transient_codes(op: &Operation) -> Vec<&str> {
    if op.kind != OperationKind::ReadOnly {
        return Vec::new();
    }
    op.errors
        .iter()
        .filter(|e| e.transient)
        .map(|e| e.code.as_str())
        .collect()
}

fn variant_doc(op: &Operation, e: &ErrorCode) -> String {
    let mut doc = docs::code_span(&e.code);
    if let Some(status) = e.status {
        doc.push_str(&format!(" (HTTP {status})"));
    }
    let meaning = docs::render(&e.description);
    let message = e.message.trim();
    if !meaning.is_empty() {
        doc.push_str(": ");
        doc.push_str(&meaning);
    } else if !message.is_empty() {
        doc.push_str(": ");
        doc.push_str(&docs::render(message));
    }
    if !meaning.is_empty() && !message.is_empty() {
        doc.push_str("\n\nMessage: ");
        doc.push_str(&docs::code_span(message));
    }
    if e.transient {
        doc.push_str(match op.kind {
            OperationKind::ReadOnly => {
                "\n\nThe page calls it passing, and the operation only reads: the client retries it (see [`RetryConfig`](crate::RetryConfig))."
            }
            OperationKind::Mutating => {
                "\n\nThe page calls it passing, but the operation changes something: the client does not resend it by itself."
            }
        });
    }
    doc
}

/// The enum of the operation's listed codes and its impls, or nothing when
/// the page lists none.
pub fn emit_error_codes(op: &Operation) -> TokenStream {
    if op.rust.error_code.is_empty() {
        return quote!();
    }
    let name = type_ident(&op.rust.error_code);
    let input = type_ident(&op.rust.input);
    let doc = doc_attrs(&format!(
        "The error codes the API reference page of `{}` lists, as [`Error::code_for`](crate::Error::code_for) returns them for [`{}`].\n\nEvery other code, such as the throttling, signature and permission errors any operation may answer with, is in [`Other`]({}::Other).",
        op.name, op.rust.input, op.rust.error_code
    ));
    let variants: Vec<syn::Ident> = op.errors.iter().map(|e| type_ident(&e.rust_name)).collect();
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    let docs = op.errors.iter().map(|e| doc_attrs(&variant_doc(op, e)));
    let transient: Vec<bool> = op.errors.iter().map(|e| e.transient).collect();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #docs #variants, )*
            /// A code the page does not list: one of the codes every operation may answer with, or an unknown one.
            Other(crate::runtime::CommonErrorCode),
        }

        impl #name {
            /// The code as the service sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::Other(code) => code.as_str(),
                }
            }

            /// Whether the page calls the error passing ("try again later").
            pub fn is_transient(&self) -> bool {
                match self {
                    #( Self::#variants => #transient, )*
                    Self::Other(code) => code.is_transient(),
                }
            }
        }

        impl crate::runtime::ErrorCode for #name {
            fn from_code(code: &str) -> Self {
                match code {
                    #( #codes => Self::#variants, )*
                    other => Self::Other(crate::runtime::ErrorCode::from_code(other)),
                }
            }

            fn as_str(&self) -> &str {
                #name::as_str(self)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::runtime::OperationErrors for #input {
            type Code = #name;
        }
    }
}

/// `impl OperationErrors` for an operation whose page lists no codes.
pub fn emit_common_codes(op: &Operation) -> TokenStream {
    if !op.rust.error_code.is_empty() {
        return quote!();
    }
    let input = type_ident(&op.rust.input);
    quote! {
        impl crate::runtime::OperationErrors for #input {
            type Code = crate::runtime::CommonErrorCode;
        }
    }
}
