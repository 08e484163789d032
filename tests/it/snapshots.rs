//! Snapshots of the parsed model of every page in `api-docs/`, and of the
//! model and the emitted source of the synthetic fixture pages in
//! `tests/fixtures/`.
//!
//! A change to a page or to the generator shows up here as a snapshot diff;
//! review it with `cargo insta review`. The emitted source of `api-docs/`
//! is not snapshotted: it is committed in `generated/`, whose freshness test
//! guards it, and a second copy would double every diff.

use std::path::Path;

use alibabacloud_domain_codegen::{self as codegen, ProductPage};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
}

fn snapshot_folder(dir: &str, prefix: &str, fallback: Option<ProductPage>, sources: bool) {
    let mut settings = insta::Settings::clone_current();
    // `tests/snapshots/<name>.snap`, named after the page alone, so that the
    // files keep their names wherever the test module lives.
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| snapshot_pages(dir, prefix, fallback, sources));
}

fn snapshot_pages(dir: &str, prefix: &str, fallback: Option<ProductPage>, sources: bool) {
    let pages = codegen::load_dir(&workspace().join(dir), dir).expect("pages are readable");
    assert!(!pages.is_empty(), "no pages in {dir}");
    let generated = match codegen::generate(&pages, fallback) {
        Ok(g) => g,
        Err(diags) => panic!("{dir} does not generate:\n{diags}"),
    };
    insta::assert_yaml_snapshot!(format!("{prefix}product"), &generated.api.product);
    for op in &generated.api.operations {
        insta::assert_yaml_snapshot!(format!("{prefix}model__{}", op.name), op);
        if !sources {
            continue;
        }
        let path = format!("operation/{}.rs", op.rust.module);
        let source = generated
            .files
            .get(&path)
            .expect("every operation has a module");
        insta::assert_snapshot!(format!("{prefix}source__{}", op.name), source);
    }
    let warnings: Vec<String> = generated
        .diagnostics
        .warnings()
        .map(ToString::to_string)
        .collect();
    insta::assert_yaml_snapshot!(format!("{prefix}warnings"), warnings);
    insta::assert_yaml_snapshot!(format!("{prefix}skipped"), &generated.api.skipped);
}

#[test]
fn api_docs() {
    snapshot_folder("api-docs", "", None, false);
}

/// Small synthetic pages with the hardest shapes of Alibaba's reference:
/// multi-line cells with lists, `Array of X` + bare `X` rows, `└` nesting,
/// `Name.N` and `Name.N.Field` parameters, named types defined by tables,
/// a sentence title, keyword names, broken samples; untidy pages in English
/// and Chinese (rows listed twice, unknown type words, untyped fields no
/// sample shows, odd names, values listed twice, a missing or table-less
/// response section). `cargo xtask corpus
/// tests/fixtures` (run by CI) also compiles and lints their code.
#[test]
fn fixtures() {
    snapshot_folder(
        "tests/fixtures",
        "fixture__",
        Some(ProductPage::placeholder()),
        true,
    );
}
