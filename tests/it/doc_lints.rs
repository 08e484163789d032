//! Every doc comment the generator writes passes rustdoc's and clippy's
//! default doc lints, whatever text the pages hold: checked on the fixture
//! pages, on `api-docs/`, and on pages whose cells hold generated hostile
//! text (list items with unindented continuation lines, blank lines, code
//! blocks, HTML, brackets, bare URLs, entities, control and bidirectional
//! characters). `cargo xtask corpus tests/fixtures` (CI) runs the real
//! lints on the fixtures' code; [`docs::lint_problems`] is the fast check
//! the property test can run thousands of times.

use std::path::Path;

use alibabacloud_domain_codegen::{self as codegen, docs, ProductPage, SourceFile};
use proptest::prelude::*;

/// Each doc comment of `source` (consecutive `///` or `//!` lines) as its
/// first line number and its Markdown.
fn doc_comments(source: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open: Option<(&str, usize, Vec<&str>)> = None;
    for (i, line) in source.lines().enumerate() {
        let t = line.trim_start();
        let prefix = ["///", "//!"]
            .into_iter()
            .find(|p| t.starts_with(p) && !t.starts_with("////"));
        match (prefix, open.as_mut()) {
            (Some(p), Some((q, _, lines))) if p == *q => {
                lines.push(t[3..].strip_prefix(' ').unwrap_or(&t[3..]));
            }
            (found, _) => {
                if let Some((_, at, lines)) = open.take() {
                    out.push((at, lines.join("\n")));
                }
                if let Some(p) = found {
                    let text = t[3..].strip_prefix(' ').unwrap_or(&t[3..]);
                    open = Some((p, i + 1, vec![text]));
                }
            }
        }
    }
    if let Some((_, at, lines)) = open {
        out.push((at, lines.join("\n")));
    }
    out
}

/// The lint problems of every doc comment of `generated`, as
/// `file:line: problem`.
fn problems(generated: &codegen::Generated) -> Vec<String> {
    let mut found = Vec::new();
    for (path, source) in &generated.files {
        if !path.ends_with(".rs") {
            continue;
        }
        for (line, doc) in doc_comments(source) {
            // The emitter's usage examples are doctests on purpose, under
            // an `# Example` heading of its own.
            let examples = doc.contains("\n# Example\n");
            for problem in docs::lint_problems(&doc) {
                if examples && problem.starts_with(docs::DOCTEST) && problem.contains("fenced") {
                    continue;
                }
                found.push(format!("{path}:{line}: {problem}\n{doc}"));
            }
        }
    }
    found
}

fn generate_dir(dir: &str, product: Option<ProductPage>) -> codegen::Generated {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent");
    let pages = codegen::load_dir(&root.join(dir), dir).expect("pages are readable");
    codegen::generate(&pages, product).unwrap_or_else(|d| panic!("{dir}: {d}"))
}

#[test]
fn the_doc_comment_reader_reads_blocks() {
    let docs = doc_comments("//! A\n//! B\n\n/// x\n///\n///   y\nfn f() {}\n    /// z\n");
    assert_eq!(
        docs,
        [
            (1, "A\nB".to_string()),
            (4, "x\n\n  y".to_string()),
            (8, "z".to_string())
        ]
    );
}

#[test]
fn fixture_doc_comments_are_lint_safe() {
    let g = generate_dir("tests/fixtures", Some(ProductPage::placeholder()));
    let p = problems(&g);
    assert!(p.is_empty(), "{}", p.join("\n\n"));
}

#[test]
fn api_docs_doc_comments_are_lint_safe() {
    let g = generate_dir("api-docs", None);
    let p = problems(&g);
    assert!(p.is_empty(), "{}", p.join("\n\n"));
}

/// Cases the property test below once failed on.
#[test]
fn property_test_regressions() {
    for text in [",", "  - - **x**: \\\r取值：", "[r]: https://e.com|- 0"] {
        let files = [SourceFile {
            name: "docs/DoThing.md".into(),
            text: page(text),
        }];
        let g = codegen::generate(&files, Some(ProductPage::placeholder())).expect("generates");
        let p = problems(&g);
        assert!(p.is_empty(), "{text:?}\n{}", p.join("\n\n"));
    }
}

/// A page whose description, example and value cells hold `text` (its
/// `|` and line breaks kept: a cell may run over lines).
fn page(text: &str) -> String {
    format!(
        "# DoThing\n\nDoThing: {text}\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|Action|String|Yes|DoThing|The action.|\n|Mode|String|No|on|Mode. Valid values:\n\n- **on**: {text}\n- **off**: off.\n\n{text} |\n|Note|String|No|{text}|{text}|\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n|RequestId|String|abc|{text}|\n|State|String|ok|State. Valid values:\n\n- ok: {text}\n- failed\n|\n\n## Sample response\n\n```\n{{\"RequestId\": \"abc\", \"State\": \"ok\"}}\n```\n"
    )
}

/// Page text written to break doc comments: the fragments the generator's
/// own property test of `docs::render` uses, but those holding `|`, which
/// would end a table cell and change the page rather than the text.
fn hostile_text() -> impl Strategy<Value = String> {
    let cell_safe: Vec<&'static str> = docs::HOSTILE_FRAGMENTS
        .iter()
        .copied()
        .filter(|f| !f.contains('|'))
        .collect();
    let fragment = prop_oneof![
        proptest::sample::select(cell_safe).prop_map(str::to_owned),
        "[a-zA-Z0-9 .,:]{1,12}",
        "\\PC{1,4}",
    ];
    proptest::collection::vec(fragment, 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn hostile_page_text_gives_lint_safe_doc_comments(text in hostile_text()) {
        let files = [SourceFile { name: "docs/DoThing.md".into(), text: page(&text) }];
        // The page has its action name: whatever the text, it generates.
        let g = codegen::generate(&files, Some(ProductPage::placeholder()))
            .map_err(|d| TestCaseError::fail(format!("{d}")))?;
        let p = problems(&g);
        prop_assert!(p.is_empty(), "{text:?}\n{}", p.join("\n\n"));
    }
}
