//! The generator's own speed: read nothing from disk inside the loop; parse,
//! model, emit and format every page of Alibaba's Domain reference (the
//! shared corpus, or `api-docs/` when it is absent), and 300 pages made of
//! both shared corpora (English Domain and Chinese Alidns pages, repeated
//! under new operation names).
//!
//! `cargo bench -p alibabacloud-domain-codegen --bench generate`

// criterion_group! and criterion_main! generate undocumented functions.
#![allow(missing_docs)]

use std::collections::BTreeSet;
use std::path::Path;

use alibabacloud_domain_codegen::{self as codegen, page, ProductPage, SourceFile};
use criterion::{criterion_group, criterion_main, Criterion};

/// The allocator `cargo xtask` runs the generator with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn load(dir: &Path) -> Vec<SourceFile> {
    codegen::load_dir(dir, "pages")
        .expect("pages are readable")
        .into_iter()
        .filter(|p| !p.name.ends_with("_product.md"))
        .collect()
}

fn domain_pages(root: &Path) -> Vec<SourceFile> {
    let corpus = root.join("../shared/corpus/domain-en");
    load(&if corpus.is_dir() {
        corpus
    } else {
        root.join("api-docs")
    })
}

/// The operation pages among `pages`, one per operation (the corpus
/// documents one operation twice; a crate holds it once), with their names.
fn operations(pages: &[SourceFile]) -> Vec<(String, SourceFile)> {
    let mut seen = BTreeSet::new();
    pages
        .iter()
        .filter_map(|p| {
            let (api, _, _) =
                codegen::build_model(std::slice::from_ref(p), Some(ProductPage::placeholder()))
                    .ok()?;
            let name = api.operations.first()?.name.clone();
            seen.insert(name.clone()).then(|| (name, p.clone()))
        })
        .collect()
}

/// `n` operation pages: the given ones, then copies whose operation name
/// (everywhere on the page) gets a number.
fn scaled(ops: &[(String, SourceFile)], n: usize) -> Vec<SourceFile> {
    (0..n)
        .map(|i| {
            let (name, page) = &ops[i % ops.len()];
            let round = i / ops.len();
            if round == 0 {
                return page.clone();
            }
            SourceFile {
                name: format!("{}#{round}", page.name),
                text: page
                    .text
                    .replace(name.as_str(), &format!("{name}Copy{round}")),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let pages = domain_pages(root);
    let n = pages.len();
    c.bench_function(&format!("parse {n} pages"), |b| {
        b.iter(|| {
            for p in &pages {
                std::hint::black_box(page::parse_page(&p.text));
            }
        })
    });
    let mut ops = operations(&pages);
    let domain: Vec<SourceFile> = ops.iter().map(|(_, p)| p.clone()).collect();
    let generate = |pages: &[SourceFile]| {
        let out = codegen::generate(pages, Some(ProductPage::placeholder()));
        std::hint::black_box(out.map(|g| g.files.len()).unwrap_or(0))
    };
    c.bench_function(
        &format!("parse, model, emit and format {} operations", domain.len()),
        |b| b.iter(|| generate(&domain)),
    );

    let alidns = root.join("../shared/corpus/alidns-zh");
    if alidns.is_dir() {
        ops.extend(operations(&load(&alidns)));
    }
    let many = scaled(&ops, 300);
    assert!(
        codegen::generate(&many, Some(ProductPage::placeholder())).is_ok(),
        "the 300 pages generate"
    );
    c.bench_function("parse and model 300 operations", |b| {
        b.iter(|| {
            let out = codegen::build_model(&many, Some(ProductPage::placeholder()));
            std::hint::black_box(out.map(|(api, _, _)| api.operations.len()).unwrap_or(0))
        })
    });
    c.bench_function("parse, model, emit and format 300 operations", |b| {
        b.iter(|| generate(&many))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
