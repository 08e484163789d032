//! `generated/src/generated/` must be exactly what `api-docs/` produces.

use std::path::Path;

use alibabacloud_domain_codegen as codegen;

#[test]
fn generated_code_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let pages =
        codegen::load_dir(&root.join("api-docs"), "api-docs").expect("api-docs is readable");
    let generated = codegen::generate(&pages, None)
        .unwrap_or_else(|d| panic!("api-docs does not generate:\n{d}"));
    let changes = codegen::write::sync(
        &root.join("generated/src/generated"),
        &generated.files,
        false,
    )
    .expect("generated/ is readable");
    assert!(
        changes.is_empty(),
        "generated/ is stale; run `cargo xtask codegen` and review the diff:\n{}",
        changes
            .iter()
            .map(|c| format!("  {c}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let mut pages =
        codegen::load_dir(&root.join("api-docs"), "api-docs").expect("api-docs is readable");
    let first = codegen::generate(&pages, None).expect("generates").files;
    pages.reverse();
    let second = codegen::generate(&pages, None).expect("generates").files;
    assert_eq!(first, second, "page order changed the output");
}
