//! The generator's own speed: read nothing from disk inside the loop; parse,
//! model, emit and format every page of Alibaba's Domain reference (the
//! shared corpus, or `api-docs/` when it is absent).
//!
//! `cargo bench -p alibabacloud-domain-codegen --bench generate`

// criterion_group! and criterion_main! generate undocumented functions.
#![allow(missing_docs)]

use std::path::Path;

use alibabacloud_domain_codegen::{self as codegen, page, ProductPage, SourceFile};
use criterion::{criterion_group, criterion_main, Criterion};

fn pages() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let corpus = root.join("../shared/corpus/domain-en");
    let dir = if corpus.is_dir() {
        corpus
    } else {
        root.join("api-docs")
    };
    codegen::load_dir(&dir, "pages")
        .expect("pages are readable")
        .into_iter()
        .filter(|p| !p.name.ends_with("_product.md"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let n = pages.len();
    c.bench_function(&format!("parse {n} pages"), |b| {
        b.iter(|| {
            for p in &pages {
                std::hint::black_box(page::parse_page(&p.text));
            }
        })
    });
    // The corpus documents one operation on two pages, which one crate
    // refuses; the second page is left out, as `cargo xtask corpus` does.
    let mut seen = std::collections::BTreeSet::new();
    let unique: Vec<SourceFile> = pages
        .iter()
        .filter(|p| {
            codegen::build_model(std::slice::from_ref(*p), Some(ProductPage::placeholder()))
                .map(|(api, _, _)| seen.insert(api.operations[0].name.clone()))
                .unwrap_or(false)
        })
        .cloned()
        .collect();
    c.bench_function(
        &format!("parse, model, emit and format {} operations", unique.len()),
        |b| {
            b.iter(|| {
                let out = codegen::generate(&unique, Some(ProductPage::placeholder()));
                std::hint::black_box(out.map(|g| g.files.len()).unwrap_or(0))
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
