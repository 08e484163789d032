//! The generator behind `alibabacloud-domain`: reads Alibaba Cloud's Markdown
//! API reference pages and writes the Rust client code.
//!
//! The pipeline is visible in the module list:
//! [`page`] (Markdown → sections, tables, code blocks) →
//! [`lower`] (sections → [`model`]) → [`emit`] (model → formatted Rust).
//! [`write`] compares the result with the files on disk, for
//! `cargo xtask codegen` and its `--check` mode.

pub mod classify;
pub mod compare;
pub mod diagnostics;
pub mod docs;
pub mod emit;
pub mod lower;
pub mod model;
pub mod naming;
pub mod page;
pub mod parallel;
pub mod product;
pub mod schema;
pub mod table;
pub mod unify;
pub mod values;
pub mod vocabulary;
pub mod write;
/// The XML reader: the runtime's own (a normal dependency, without the
/// runtime's `client` feature, so no HTTP stack is built), so that a page's
/// XML sample is read exactly as a response of the same shape.
pub use alibabacloud_runtime::unstable::xml;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::Files;
pub use model::{Api, SkippedPage};
pub use product::ProductPage;

/// The name of the product page inside an API docs folder.
pub const PRODUCT_PAGE: &str = "_product.md";

/// One input page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name diagnostics and generated headers use, e.g.
    /// `api-docs/QueryTaskDetailList.md`.
    pub name: String,
    /// The page's text.
    pub text: String,
}

/// The result of a successful run.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The model the code was emitted from.
    pub api: Api,
    /// Generated files, relative to the generated module folder.
    pub files: Files,
    /// Warnings (a successful run has no errors).
    pub diagnostics: Diagnostics,
}

/// Reads every `*.md` page in `dir`, sorted by file name. `prefix` is put in
/// front of file names in diagnostics and headers (e.g. `api-docs`).
pub fn load_dir(dir: &Path, prefix: &str) -> std::io::Result<Vec<SourceFile>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        files.push(SourceFile {
            name: format!("{prefix}/{file_name}"),
            text,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Parses the pages into the model. `product` is used when the pages hold no
/// product page (as in a folder of Alibaba's own pages).
pub fn build_model(
    files: &[SourceFile],
    fallback_product: Option<ProductPage>,
) -> Result<(Api, ProductPage, Diagnostics), Diagnostics> {
    let mut diags = Vec::new();
    let mut settings = None;
    let mut operations = Vec::new();
    let mut skipped = Vec::new();
    // Operation pages are read independently, on every core.
    let is_named = |file: &SourceFile, pred: &dyn Fn(&str) -> bool| {
        Path::new(&file.name)
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(pred)
    };
    for file in files.iter().filter(|f| is_named(f, &|n| n == PRODUCT_PAGE)) {
        match product::parse_product(&file.name, &file.text) {
            Ok(p) => settings = Some(p),
            Err(mut d) => diags.append(&mut d),
        }
    }
    let pages: Vec<&SourceFile> = files
        .iter()
        .filter(|f| !is_named(f, &|n| n.starts_with('_')))
        .collect();
    enum Read {
        Operation(Box<model::Operation>),
        Skipped(SkippedPage),
        Failed,
    }
    let read = parallel::map(&pages, |file| {
        let mut page_diags = Vec::new();
        let page = page::parse_page(&file.text);
        let read = match lower::not_an_operation(&page) {
            Some(reason) => Read::Skipped(SkippedPage {
                source: file.name.clone(),
                reason,
            }),
            None => match lower::lower_operation(&file.name, &page, &mut page_diags) {
                Some(op) => Read::Operation(Box::new(op)),
                None => Read::Failed,
            },
        };
        (read, page_diags)
    });
    for (read, mut page_diags) in read {
        diags.append(&mut page_diags);
        match read {
            Read::Operation(op) => operations.push(*op),
            Read::Skipped(s) => skipped.push(s),
            Read::Failed => {}
        }
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in operations.windows(2) {
        if pair[0].name == pair[1].name {
            diags.push(Diagnostic::error(
                &pair[1].source,
                pair[1].line,
                format!(
                    "operation `{}` is also defined in {}",
                    pair[1].name, pair[0].source
                ),
            ));
        }
    }
    let settings = match settings.or(fallback_product) {
        Some(s) => s,
        None => {
            diags.push(Diagnostic::error(
                "(api docs folder)",
                0,
                format!("no product page; expected a `{PRODUCT_PAGE}` beside the operation pages"),
            ));
            ProductPage::placeholder()
        }
    };
    let mut api = Api {
        product: settings.product.clone(),
        operations,
        shared: Vec::new(),
        skipped,
    };
    naming::assign(&mut api, &settings.shared_enums, &mut diags);
    diags.sort();
    let diags = Diagnostics(diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((api, settings, diags))
}

/// Runs the whole pipeline on in-memory pages.
pub fn generate(
    files: &[SourceFile],
    fallback_product: Option<ProductPage>,
) -> Result<Generated, Diagnostics> {
    let (api, settings, diagnostics) = build_model(files, fallback_product)?;
    let files = emit::emit(&api, &settings);
    Ok(Generated {
        api,
        files,
        diagnostics,
    })
}
