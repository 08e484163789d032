//! The client method of each operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_ident};
use crate::docs;
use crate::model::Operation;
use crate::product::ProductPage;

/// The method on `Client` that sends `op`.
pub fn client_method(op: &Operation, settings: &ProductPage) -> TokenStream {
    let input = type_ident(&op.rust.input);
    let output = type_ident(&op.rust.output);
    let method = ident(&op.rust.method);
    let module = ident(&op.rust.module);
    let summary = docs::render(&op.summary);
    let build = if op.rust.builder.is_empty() {
        format!("Build the request with [`{input}::new`](crate::operation::{module}::{input}::new) and its setters.")
    } else {
        format!("Build the request with [`{input}::builder`](crate::operation::{module}::{input}::builder), which takes the required parameters by name, and the setters of the result.")
    };
    let codes = if op.rust.error_code.is_empty() {
        String::new()
    } else {
        format!(
            " [`Error::code_for::<{input}>()`](crate::Error::code_for) reads its code as a [`{code}`](crate::operation::{module}::{code}), whose variants are the codes the reference page lists, with what they mean.",
            code = op.rust.error_code
        )
    };
    let mut doc = format!(
        "{}\n\n{build}\n\n# Errors\n\nReturns [`Error`](crate::Error) when the request cannot be signed or sent, when the service answers with an error (its code, message and request id are kept), or when the response cannot be decoded.{codes}",
        docs::labelled(&format!("Calls `{}`", op.name), &summary)
    );
    if op.submits_task() {
        doc.push_str(&super::task_note(settings.task_waiter.as_deref()));
    }
    doc.push_str(&super::paginator::client_doc_note(op).unwrap_or_default());
    // Parameters the page places in the body travel in a form body.
    let body: Vec<&str> = op
        .request
        .iter()
        .filter(|p| p.in_body())
        .map(|p| p.wire_name.as_str())
        .collect();
    let send = if body.is_empty() {
        quote!(self.send(&input).await)
    } else {
        quote!(self.send_with_form_fields(&input, &[#(#body),*]).await)
    };
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub async fn #method(
            &self,
            input: crate::operation::#module::#input,
        ) -> Result<crate::operation::#module::#output, crate::Error> {
            #send
        }
    }
}
