//! The generator behind `alibabacloud-domain`: reads Alibaba Cloud's Markdown
//! API reference pages and writes the Rust client code.
//!
//! The pipeline is visible in the module list:
//! [`page`] (Markdown → sections, tables, code blocks) →
//! [`lower`] (sections → [`model`]) → [`emit`] (model → formatted Rust).
//! [`write`](mod@write) compares the result with the files on disk, for
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

/// The pages among `pages` that give an operation, one per operation (of
/// two pages of one operation, the first), with the operation's name: what
/// [`repeat_operations`] copies.
pub fn operation_pages(pages: &[SourceFile]) -> Vec<(String, SourceFile)> {
    let mut seen = std::collections::BTreeSet::new();
    pages
        .iter()
        .filter_map(|p| {
            let (api, _, _) =
                build_model(std::slice::from_ref(p), Some(ProductPage::placeholder())).ok()?;
            let name = api.operations.first()?.name.clone();
            seen.insert(name.clone()).then(|| (name, p.clone()))
        })
        .collect()
}

/// `n` operation pages made from `operations` (see [`operation_pages`]), to
/// measure the generator on more operations than a folder holds: each page
/// once, then copies whose operation name, everywhere on the page, ends in
/// `Copy1`, `Copy2`, … Used by `cargo xtask corpus --pages N` and the
/// generator bench.
pub fn repeat_operations(operations: &[(String, SourceFile)], n: usize) -> Vec<SourceFile> {
    if operations.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let (name, page) = &operations[i % operations.len()];
            match i / operations.len() {
                0 => page.clone(),
                round => SourceFile {
                    name: format!("{}#{round}", page.name),
                    text: page
                        .text
                        .replace(name.as_str(), &format!("{name}Copy{round}")),
                },
            }
        })
        .collect()
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

/// How long each phase of the generator took, in wall time.
///
/// Parsing and lowering run on every core, one phase after the other.
/// Emitting (`quote!`) and formatting (`syn` + `prettyplease`) run on every
/// core too, each thread emitting its share of the operations before any
/// formats (a barrier between them), so each phase has a wall time of its
/// own. Naming is counted in `lower`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Markdown → sections, tables and code blocks.
    pub parse: std::time::Duration,
    /// Sections → the model, and naming.
    pub lower: std::time::Duration,
    /// The model → token streams.
    pub emit: std::time::Duration,
    /// Token streams → formatted source.
    pub format: std::time::Duration,
}

impl Timings {
    /// The sum of the phases.
    pub fn total(&self) -> std::time::Duration {
        self.parse + self.lower + self.emit + self.format
    }
}

/// What one page gave, read on its own.
#[derive(Debug, Clone)]
pub enum PageRead {
    /// An operation (not yet named: see [`assemble`]).
    Operation(Box<model::Operation>),
    /// Not an API reference page.
    Skipped(SkippedPage),
    /// The page cannot be read as an operation (its errors say why).
    Failed,
}

/// One page read on its own, with what was found wrong on it.
#[derive(Debug, Clone)]
pub struct PageModel {
    /// The page's name, as in [`SourceFile::name`].
    pub source: String,
    /// What the page gave.
    pub read: PageRead,
    /// Its errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a page's file name (without folders) satisfies `pred`.
fn is_named(file: &SourceFile, pred: impl Fn(&str) -> bool) -> bool {
    Path::new(&file.name)
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(pred)
}

/// Reads operation pages (not the product page), each on its own: parses
/// every page, then lowers every page, both on every core, adding each
/// phase's wall time to `timings`.
pub fn read_pages(files: &[&SourceFile], timings: &mut Timings) -> Vec<PageModel> {
    let started = std::time::Instant::now();
    let pages = parallel::map(files, |file| page::parse_page(&file.text));
    timings.parse += started.elapsed();
    let started = std::time::Instant::now();
    let items: Vec<(&SourceFile, page::Page)> = files.iter().copied().zip(pages).collect();
    let models = parallel::map(&items, |(file, page)| {
        let mut diagnostics = Vec::new();
        let read = match lower::not_an_operation(page) {
            Some(reason) => PageRead::Skipped(SkippedPage {
                source: file.name.clone(),
                reason,
            }),
            None => match lower::lower_operation(&file.name, page, &mut diagnostics) {
                Some(op) => PageRead::Operation(Box::new(op)),
                None => PageRead::Failed,
            },
        };
        PageModel {
            source: file.name.clone(),
            read,
            diagnostics,
        }
    });
    timings.lower += started.elapsed();
    models
}

/// Puts pages read by [`read_pages`] together into one model: operations
/// sorted by name, every Rust name decided. `product` gives the product
/// facts; without it the result is an error.
pub fn assemble(
    pages: &[PageModel],
    product: Option<ProductPage>,
    timings: &mut Timings,
) -> Result<(Api, ProductPage, Diagnostics), Diagnostics> {
    let started = std::time::Instant::now();
    let mut diags = Vec::new();
    let mut operations = Vec::new();
    let mut skipped = Vec::new();
    for page in pages {
        diags.extend(page.diagnostics.iter().cloned());
        match &page.read {
            PageRead::Operation(op) => operations.push((**op).clone()),
            PageRead::Skipped(s) => skipped.push(s.clone()),
            PageRead::Failed => {}
        }
    }
    // Two pages of one operation: the one that [`keeps_before`] the other
    // goes in, whatever the page order, and the other is reported.
    operations.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| keeps_before(a, b)));
    operations.dedup_by(|later, kept| {
        let same = later.name == kept.name;
        if same {
            diags.push(Diagnostic::warning(
                &later.source,
                later.line,
                format!(
                    "operation `{}` is documented by two pages, {} and {}; {} is used and this page is left out",
                    later.name, kept.source, later.source, kept.source
                ),
            ));
        }
        same
    });
    let settings = match product {
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
    timings.lower += started.elapsed();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((api, settings, diags))
}

/// Which of two pages of one operation goes into the crate: the one whose
/// file is named after the operation (`DescribeThing.md`, not a page saved
/// under its title), then the one whose name sorts first. A total order on
/// the pages, so the choice never depends on the order they are read in.
pub fn keeps_before(a: &model::Operation, b: &model::Operation) -> std::cmp::Ordering {
    let named_after = |op: &model::Operation| {
        Path::new(&op.source)
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|stem| stem == op.name)
    };
    named_after(b)
        .cmp(&named_after(a))
        .then_with(|| a.source.cmp(&b.source))
}

/// Parses the pages into the model. `product` is used when the pages hold no
/// product page (as in a folder of Alibaba's own pages); without either, the
/// product is read from the pages, with a warning ([`product::infer`]), and
/// where they do not name it the result is an error saying what is missing.
pub fn build_model(
    files: &[SourceFile],
    fallback_product: Option<ProductPage>,
) -> Result<(Api, ProductPage, Diagnostics), Diagnostics> {
    build_model_timed(files, fallback_product, &mut Timings::default())
}

fn build_model_timed(
    files: &[SourceFile],
    fallback_product: Option<ProductPage>,
    timings: &mut Timings,
) -> Result<(Api, ProductPage, Diagnostics), Diagnostics> {
    let mut product_diags = Vec::new();
    let mut settings = None;
    for file in files.iter().filter(|f| is_named(f, |n| n == PRODUCT_PAGE)) {
        match product::parse_product(&file.name, &file.text) {
            Ok(p) => settings = Some(p),
            Err(mut d) => product_diags.append(&mut d),
        }
    }
    let pages: Vec<&SourceFile> = files
        .iter()
        .filter(|f| !is_named(f, |n| n.starts_with('_')))
        .collect();
    let mut models = read_pages(&pages, timings);
    // No product page and no fallback: the pages may say which product
    // they document (see [`product::infer`]).
    let mut product = settings.or(fallback_product);
    if product.is_none() && product_diags.is_empty() {
        match product::infer(&pages) {
            Ok((inferred, warning)) => {
                product_diags.push(warning);
                product = Some(inferred);
            }
            Err(why) => {
                product_diags.push(Diagnostic::error(
                    "(api docs folder)",
                    0,
                    format!("no product page; expected a `{PRODUCT_PAGE}` beside the operation pages, and the product cannot be read from the pages: {why}"),
                ));
                product = Some(ProductPage::placeholder());
            }
        }
    }
    if !product_diags.is_empty() {
        models.push(PageModel {
            source: String::new(),
            read: PageRead::Failed,
            diagnostics: product_diags,
        });
    }
    assemble(&models, product, timings)
}

/// Runs the whole pipeline on in-memory pages.
pub fn generate(
    files: &[SourceFile],
    fallback_product: Option<ProductPage>,
) -> Result<Generated, Diagnostics> {
    generate_timed(files, fallback_product, &mut Timings::default())
}

/// [`generate`], adding the time each phase took to `timings`.
pub fn generate_timed(
    files: &[SourceFile],
    fallback_product: Option<ProductPage>,
    timings: &mut Timings,
) -> Result<Generated, Diagnostics> {
    let (api, settings, diagnostics) = build_model_timed(files, fallback_product, timings)?;
    let files = emit::emit_timed(&api, &settings, timings);
    Ok(Generated {
        api,
        files,
        diagnostics,
    })
}
