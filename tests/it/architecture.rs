//! The README's *Architecture* invariants, checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Invariant: the generator does not depend on the crate it generates (it
/// shares one self-contained file, the XML reader, by `#[path]`).
#[test]
fn codegen_does_not_depend_on_the_runtime() {
    let manifest = std::fs::read_to_string(root().join("codegen/Cargo.toml")).expect("readable");
    assert!(
        !manifest.contains("alibabacloud-domain ")
            && !manifest.contains("alibabacloud-domain.workspace"),
        "codegen/Cargo.toml depends on the client crate"
    );
    let mut files = Vec::new();
    rust_files(&root().join("codegen/src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for line in text.lines().filter(|l| l.contains("#[path")) {
            assert!(
                line.contains("generated/runtime/src/xml.rs"),
                "{}: only the XML reader is shared: {line}",
                file.display()
            );
        }
    }
    let xml =
        std::fs::read_to_string(root().join("generated/runtime/src/xml.rs")).expect("readable");
    let code = xml.split("#[cfg(test)]").next().unwrap_or(&xml);
    assert!(
        !code.contains("crate::") && !code.contains("super::"),
        "generated/runtime/src/xml.rs must stay self-contained"
    );
}

/// Invariant: generated code reaches the runtime only through the
/// `Operation` contract, parameters, the lenient decoders, the paginator
/// traits and the enum conversions' macro.
#[test]
fn generated_code_uses_only_the_runtime_contract() {
    const ALLOWED: &[&str] = &[
        "crate::runtime::Operation",
        "crate::runtime::OperationKind",
        "crate::runtime::Params",
        "crate::runtime::Product",
        "crate::runtime::WriteParams",
        "crate::runtime::ParamValue",
        "crate::runtime::lenient::FromTree",
        "crate::runtime::lenient::FromWire",
        "crate::runtime::lenient::Fields",
        "crate::runtime::lenient::Path",
        "crate::runtime::lenient::Tree",
        "crate::runtime::decode::DecodeError",
        "crate::runtime::decode::from_json",
        "crate::runtime::decode::from_xml",
        "crate::runtime::paginator::",
        "crate::runtime::wire_enum",
    ];
    let mut files = Vec::new();
    rust_files(&root().join("generated/src/generated"), &mut files);
    let mut used = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for (i, _) in text.match_indices("crate::runtime::") {
            let path: String = text[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            assert!(
                ALLOWED.iter().any(|a| path.starts_with(a)),
                "{} uses `{path}`, which is not part of the runtime contract",
                file.display()
            );
            used.insert(path);
        }
    }
    assert!(used.len() > 5, "the scan found the runtime paths: {used:?}");
}

/// Invariant: the runtime crate names no product. The word "domain" (in any
/// case, so also `DomainName`, `alibabacloud-domain`) appears nowhere in its
/// manifest, sources, doc examples or unit tests: product facts reach it
/// from a product crate, as a `Product`.
#[test]
fn the_runtime_names_no_product() {
    let dir = root().join("generated/runtime");
    let mut files = vec![dir.join("Cargo.toml")];
    rust_files(&dir.join("src"), &mut files);
    assert!(
        files.len() > 20,
        "the runtime's files were found: {files:?}"
    );
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for (number, line) in text.lines().enumerate() {
            if line.to_lowercase().contains("domain") {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the runtime names a product:\n{}",
        found.join("\n")
    );
}

/// Invariant: every generated file says so in its first line.
#[test]
fn generated_files_say_so_first() {
    let mut files = Vec::new();
    rust_files(&root().join("generated/src/generated"), &mut files);
    assert!(files.len() > 70);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let first = text.lines().next().unwrap_or("");
        assert!(
            first.starts_with("// @generated by cargo xtask codegen from ")
                && first.ends_with("do not edit"),
            "{}: {first}",
            file.display()
        );
    }
}

/// Invariant: Rust names are decided in one place, the model's naming pass;
/// emitters read them.
#[test]
fn emitters_decide_no_names() {
    let mut files = Vec::new();
    rust_files(&root().join("codegen/src/emit"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for needle in ["snake(", "camel(", "to_snake_case", "to_upper_camel_case"] {
            assert!(
                !text.contains(needle),
                "{} computes a name (`{needle}`); take it from the model",
                file.display()
            );
        }
    }
}
