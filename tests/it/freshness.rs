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

/// The pages of `api-docs/`.
fn pages() -> Vec<codegen::SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    codegen::load_dir(&root.join("api-docs"), "api-docs").expect("api-docs is readable")
}

/// Invariant: the output does not depend on the order the pages come in.
#[test]
fn generation_is_deterministic() {
    let mut pages = pages();
    let first = codegen::generate(&pages, None).expect("generates").files;
    // A few fixed shuffles (a small linear congruential sequence), not only
    // the reverse order.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3 {
        for i in (1..pages.len()).rev() {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let j = (seed >> 33) as usize % (i + 1);
            pages.swap(i, j);
        }
        let again = codegen::generate(&pages, None).expect("generates").files;
        assert_eq!(first, again, "page order changed the output");
    }
}

/// A maintainer's edit of one description changes one generated file and
/// one model snapshot: diffs stay quiet.
#[test]
fn one_description_edit_changes_one_file_and_one_snapshot() {
    let pages = pages();
    let before = codegen::generate(&pages, None).expect("generates");
    let edited: Vec<codegen::SourceFile> = pages
        .into_iter()
        .map(|mut p| {
            if p.name
                .ends_with("/SaveSingleTaskForSynchronizingDSRecord.md")
            {
                p.text = p
                    .text
                    .replacen("|The domain name.|", "|The domain name to act on.|", 1);
            }
            p
        })
        .collect();
    let after = codegen::generate(&edited, None).expect("generates");
    let changed: Vec<&String> = before
        .files
        .keys()
        .filter(|k| before.files.get(*k) != after.files.get(*k))
        .collect();
    assert_eq!(
        changed,
        ["operation/save_single_task_for_synchronizing_ds_record.rs"],
        "files changed by one description"
    );
    let models_changed = before
        .api
        .operations
        .iter()
        .zip(&after.api.operations)
        .filter(|(a, b)| {
            serde_json::to_string(a).expect("serializes")
                != serde_json::to_string(b).expect("serializes")
        })
        .count();
    assert_eq!(
        models_changed, 1,
        "model snapshots changed by one description"
    );
}
