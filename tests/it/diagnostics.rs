//! Malformed pages give warnings with file, line, what was expected and
//! how the page was read; only a page without an operation name is an
//! error. No input makes the generator panic.

use alibabacloud_domain_codegen::model::{Parameter, Scalar, Type};
use alibabacloud_domain_codegen::{self as codegen, Diagnostics, ProductPage, SourceFile};
use proptest::prelude::*;

/// A Chinese page and a page with other products' conventions (JSON text
/// in strings, `N/A` and `Json` types), mutated below.
const CHINESE: &str = include_str!("../fixtures/ChinesePage.md");
const LOOSE: &str = include_str!("../fixtures/LooseTypes.md");

const GOOD: &str = "# DoThing\n\nDoThing: does a thing.\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|Action|String|Yes|DoThing|The action.|\n|DomainName|String|Yes|a.com|The domain.|\n|Lang|String|No|en|Valid values: zh \\(Chinese\\) and en \\(English\\).|\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n|RequestId|String|abc|The request ID.|\n\n## Sample response\n\n```\n{\"RequestId\": \"abc\"}\n```\n";

fn run(pages: &[(&str, &str)]) -> Result<codegen::Generated, Diagnostics> {
    let files: Vec<SourceFile> = pages
        .iter()
        .map(|(name, text)| SourceFile {
            name: name.to_string(),
            text: text.to_string(),
        })
        .collect();
    codegen::generate(&files, Some(ProductPage::placeholder()))
}

/// The generated code of pages that must generate, and its warnings.
fn warnings(pages: &[(&str, &str)]) -> (codegen::Generated, Vec<String>) {
    match run(pages) {
        Ok(g) => {
            let w = g.diagnostics.warnings().map(ToString::to_string).collect();
            (g, w)
        }
        Err(d) => panic!("expected the pages to generate:\n{d}"),
    }
}

/// The request parameter `wire_name` of the only operation.
fn param<'a>(g: &'a codegen::Generated, wire_name: &str) -> &'a Parameter {
    g.api.operations[0]
        .request
        .iter()
        .find(|p| p.wire_name == wire_name)
        .unwrap_or_else(|| panic!("no parameter `{wire_name}`"))
}

fn errors(pages: &[(&str, &str)]) -> Vec<String> {
    match run(pages) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d.errors().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_good_page_generates() {
    let g = run(&[("docs/DoThing.md", GOOD)]).expect("generates");
    assert_eq!(g.api.operations[0].name, "DoThing");
    assert!(g.files.contains_key("operation/do_thing.rs"));
}

#[test]
fn unknown_type_words_are_strings_with_a_warning_at_file_and_line() {
    let page = GOOD.replace("|DomainName|String|", "|DomainName|Strnig|");
    let (g, w) = warnings(&[("docs/DoThing.md", &page)]);
    let w: Vec<&String> = w.iter().filter(|m| m.contains("Strnig")).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("unknown type `Strnig`"), "{}", w[0]);
    assert!(w[0].contains("expected String, Integer"), "{}", w[0]);
    assert!(w[0].contains("read as a String"), "{}", w[0]);
    assert!(w[0].ends_with("--> docs/DoThing.md:10"), "{}", w[0]);
    let p = param(&g, "DomainName");
    assert_eq!(p.ty, Type::Scalar(Scalar::String));
}

#[test]
fn missing_type_column() {
    let page = GOOD.replace(
        "|Parameter|Type|Required|Example|Description|",
        "|Parameter|Kind|Required|Example|Description|",
    );
    let (g, w) = warnings(&[("docs/DoThing.md", &page)]);
    assert!(
        w.iter()
            .any(|m| m.contains("no `Type` column") && m.ends_with("docs/DoThing.md:7")),
        "{w:?}"
    );
    assert_eq!(param(&g, "DomainName").ty, Type::Scalar(Scalar::String));
}

#[test]
fn duplicate_parameter_and_missing_section_are_reported_together() {
    let page = GOOD
        .replace("|Lang|String|No|", "|DomainName|String|No|")
        .replace("## Response parameters", "## Outputs");
    let (g, w) = warnings(&[("docs/DoThing.md", &page)]);
    assert!(
        w.iter()
            .any(|m| m.contains("parameter `DomainName` is listed twice")
                && m.contains("the first row (line 10) is kept")
                && m.ends_with("docs/DoThing.md:11")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("no response parameters section")
                && m.contains("`RequestId` alone")
                && m.ends_with("docs/DoThing.md:1")),
        "{w:?}"
    );
    let op = &g.api.operations[0];
    assert_eq!(op.request.len(), 1, "{:?}", op.request);
    assert!(op.request[0].required, "the first row is kept");
    let fields: Vec<&str> = op.response.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(fields, ["RequestId"]);
}

#[test]
fn no_operation_name() {
    let page = GOOD
        .replace("# DoThing", "# Does a thing")
        .replace("|Action|String|Yes|DoThing|The action.|\n", "");
    let page = page.replace("## Sample response", "## Other");
    let e = errors(&[("docs/x.md", &page)]);
    assert!(e[0].contains("no operation name"), "{}", e[0]);
    assert!(e[0].ends_with("docs/x.md:1"), "{}", e[0]);
}

#[test]
fn sentence_titles_take_the_name_from_the_action_row() {
    let page = GOOD.replace("# DoThing", "# Does a thing for you");
    let g = run(&[("docs/x.md", &page)]).expect("generates");
    assert_eq!(g.api.operations[0].name, "DoThing");
    assert!(g
        .diagnostics
        .warnings()
        .any(|w| w.message.contains("not an operation name")));
}

#[test]
fn repaired_samples_are_reported() {
    let page = GOOD.replace("{\"RequestId\": \"abc\"}", "{\"RequestId\": \"abc\",}");
    let g = run(&[("docs/DoThing.md", &page)]).expect("generates");
    let w: Vec<String> = g.diagnostics.warnings().map(ToString::to_string).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("sample Json response repaired")),
        "{w:?}"
    );
    assert!(g.api.operations[0].samples[0].invalid.is_none());
}

#[test]
fn invalid_samples_are_reported_not_dropped_silently() {
    let page = GOOD.replace("{\"RequestId\": \"abc\"}", "{\"RequestId\": \"abc\" \"x\"}");
    let g = run(&[("docs/DoThing.md", &page)]).expect("generates");
    let w: Vec<String> = g.diagnostics.warnings().map(ToString::to_string).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("sample Json response is not valid")),
        "{w:?}"
    );
    assert!(g.api.operations[0].samples[0].invalid.is_some());
}

#[test]
fn the_chinese_fixture_reads_as_an_operation() {
    let g = run(&[("docs/查询.md", CHINESE)]).expect("generates");
    let op = &g.api.operations[0];
    assert_eq!(op.name, "ListGadgets");
    let status = op.request.iter().find(|p| p.wire_name == "Status").unwrap();
    let values: Vec<&str> = status
        .allowed_values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values, ["Enable", "Disable"]);
    assert_eq!(
        op.response
            .iter()
            .find(|f| f.wire_name == "Gadgets")
            .unwrap()
            .fields
            .len(),
        3
    );
    // The error example is not a success sample.
    assert_eq!(op.samples.len(), 2);
}

#[test]
fn chinese_pages_get_warnings_with_lines_too() {
    let page = CHINESE.replace("|Weight|Integer|3|", "|Weight|重量型|3|");
    let (g, w) = warnings(&[("docs/查询.md", &page)]);
    assert!(
        w.iter()
            .any(|m| m.contains("unknown type `重量型`") && m.ends_with("docs/查询.md:29")),
        "{w:?}"
    );
    // Read as a String, whatever the samples show (lenient decoding takes
    // their number).
    let gadgets = g.api.operations[0]
        .response
        .iter()
        .find(|f| f.wire_name == "Gadgets")
        .unwrap();
    let weight = gadgets
        .fields
        .iter()
        .find(|f| f.wire_name == "Weight")
        .unwrap();
    assert_eq!(weight.ty, Type::Scalar(Scalar::String));
}

#[test]
fn duplicate_operations_across_pages() {
    let e = errors(&[("docs/A.md", GOOD), ("docs/B.md", GOOD)]);
    assert!(
        e[0].contains("operation `DoThing` is also defined in docs/A.md"),
        "{e:?}"
    );
}

fn mutate(base: &str, cuts: &[(usize, usize, String)]) -> String {
    let mut s = base.to_string();
    for (at, len, insert) in cuts {
        let at = (*at).min(s.len());
        let at = (0..=at).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
        let end = (at + len).min(s.len());
        let end = (end..=s.len())
            .find(|i| s.is_char_boundary(*i))
            .unwrap_or(s.len());
        s.replace_range(at..end, insert);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = run(&[("docs/X.md", &text)]);
    }

    #[test]
    fn table_like_text_never_panics(text in "(#{1,2} [A-Za-z ]{0,12}\n|\\|[A-Za-z.└ ]{0,10}\\|[A-Za-z ]{0,10}\\|\n|\\|---\\|---\\|\n|[-*] \\*\\*[a-z]{1,4}\\*\\*: x\n|```\n|\\{\"A\": 1\\}\n|\n){0,40}") {
        let _ = run(&[("docs/X.md", &text)]);
    }

    #[test]
    fn mutated_chinese_pages_never_panic(cuts in proptest::collection::vec((0usize..2200, 0usize..40, "[|└#`*\\-\n a-zA-Z.取值范围是否：，、。{}\"\\[\\]]{0,8}"), 1..6)) {
        let page = mutate(CHINESE, &cuts);
        let _ = run(&[("docs/查询.md", &page)]);
    }

    #[test]
    fn mutated_loose_pages_never_panic(cuts in proptest::collection::vec((0usize..1500, 0usize..40, "[|└#`*\\-\n a-zA-Z.{}\"\\[\\]:,0-9]{0,8}"), 1..6)) {
        let page = mutate(LOOSE, &cuts);
        let _ = run(&[("docs/Loose.md", &page)]);
    }

    #[test]
    fn mutated_pages_never_panic(cuts in proptest::collection::vec((0usize..900, 0usize..40, "[|└#`*\\-\n a-zA-Z.]{0,8}"), 1..6)) {
        let page = mutate(GOOD, &cuts);
        let _ = run(&[("docs/DoThing.md", &page)]);
    }
}
