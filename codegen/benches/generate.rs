//! The generator's own speed: read nothing from disk inside the loop; parse,
//! model, emit and format every page of Alibaba's Domain reference (the
//! shared corpus, or `api-docs/` when it is absent), and 300 pages made of
//! both shared corpora (English Domain and Chinese Alidns pages, repeated
//! under new operation names).
//!
//! `cargo bench -p alibabacloud-domain-codegen --bench generate`

// criterion_group! and criterion_main! generate undocumented functions.
#![allow(missing_docs)]

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
    let mut ops = codegen::operation_pages(&pages);
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
        ops.extend(codegen::operation_pages(&load(&alidns)));
    }
    let many = codegen::repeat_operations(&ops, 300);
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
