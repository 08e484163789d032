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

/// The fixtures of untidy pages: repeated rows, unknown type words, untyped
/// fields no sample shows, odd names, repeated valid values, and a missing
/// or table-less response section; in English and in Chinese.
const UNTIDY: &str = include_str!("../fixtures/UntidyRows.md");
const UNTIDY_ZH: &str = include_str!("../fixtures/UntidyRowsZh.md");
const NO_RESPONSE: &str = include_str!("../fixtures/NoResponseSection.md");
const NO_RESPONSE_ZH: &str = include_str!("../fixtures/NoResponseSectionZh.md");
const NO_TABLE: &str = include_str!("../fixtures/ResponseWithoutTable.md");
const NO_TABLE_ZH: &str = include_str!("../fixtures/ResponseWithoutTableZh.md");

/// A sample that leaves out a list's wrapper, and a run of rows no sample
/// shows whose end only the rows' order tells; in English and Chinese.
const DROPS_WRAPPER: &str = include_str!("../fixtures/SampleDropsWrapper.md");
const DROPS_WRAPPER_ZH: &str = include_str!("../fixtures/SampleDropsWrapperZh.md");
const TWO_ALPHABETS: &str = include_str!("../fixtures/TwoAlphabets.md");
const TWO_ALPHABETS_ZH: &str = include_str!("../fixtures/TwoAlphabetsZh.md");

/// Two pages of one operation: one named after it, one saved under its
/// Chinese title.
const PING: &str = include_str!("../fixtures/PingGadget.md");
const PING_ZH: &str = include_str!("../fixtures/探测小工具.md");

/// Untyped response rows without a sample, which hold no rows.
const UNTYPED: &str = include_str!("../fixtures/UntypedRowNoSample.md");
const UNTYPED_ZH: &str = include_str!("../fixtures/UntypedRowNoSampleZh.md");

/// Parameter and field names that are not ASCII, in German and Chinese.
const NON_ASCII: &str = include_str!("../fixtures/NonAsciiNames.md");
const NON_ASCII_ZH: &str = include_str!("../fixtures/NonAsciiNamesZh.md");

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
fn a_page_without_any_other_name_takes_its_file_name() {
    let page = GOOD
        .replace("# DoThing", "# Does a thing")
        .replace("|Action|String|Yes|DoThing|The action.|\n", "")
        .replace("## Sample response", "## Other");
    let (g, w) = warnings(&[("docs/DoOtherThing.md", &page)]);
    assert_eq!(g.api.operations[0].name, "DoOtherThing");
    warned(
        &w,
        &["using `DoOtherThing` from the file name"],
        "docs/DoOtherThing.md",
        1,
    );
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

/// Asserts that one of `warnings` contains each of `parts` and points at
/// `file:line`.
#[track_caller]
fn warned(warnings: &[String], parts: &[&str], file: &str, line: usize) {
    let at = format!("--> {file}:{line}");
    assert!(
        warnings
            .iter()
            .any(|w| w.ends_with(&at) && parts.iter().all(|p| w.contains(p))),
        "no warning with {parts:?} at {file}:{line} in\n{}",
        warnings.join("\n")
    );
}

fn field<'a>(fields: &'a [codegen::model::Field], wire_name: &str) -> &'a codegen::model::Field {
    fields
        .iter()
        .find(|f| f.wire_name == wire_name)
        .unwrap_or_else(|| panic!("no field `{wire_name}`"))
}

#[test]
fn repeated_rows_are_merged_or_the_first_kept_with_file_and_line() {
    for (file, text, same, differing, differing_first) in [
        ("docs/UntidyRows.md", UNTIDY, "GadgetId", "Colour", 12),
        ("docs/UntidyRowsZh.md", UNTIDY_ZH, "WidgetId", "Size", 12),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        warned(
            &w,
            &[
                &format!("parameter `{same}` is listed twice (first at line 10)"),
                "read as one",
            ],
            file,
            11,
        );
        warned(
            &w,
            &[
                &format!("parameter `{differing}` is listed twice with a different type"),
                &format!("the first row (line {differing_first}) is kept"),
            ],
            file,
            13,
        );
        let op = &g.api.operations[0];
        assert_eq!(op.request.iter().filter(|p| p.wire_name == same).count(), 1);
        let kept = param(&g, differing);
        assert_eq!(kept.ty, Type::Scalar(Scalar::String));
        assert!(!kept.required, "the first row is kept");
        assert_eq!(
            op.response
                .iter()
                .filter(|f| f.wire_name == "RequestId")
                .count(),
            1
        );
    }
    let (g, w) = warnings(&[("docs/UntidyRows.md", UNTIDY)]);
    warned(
        &w,
        &[
            "response field `RequestId` is listed twice (first at line 36)",
            "read as one",
        ],
        "docs/UntidyRows.md",
        37,
    );
    warned(
        &w,
        &[
            "response field `Total` is listed twice with a different type",
            "the first row (line 39) is kept",
        ],
        "docs/UntidyRows.md",
        40,
    );
    let total = field(&g.api.operations[0].response, "Total");
    assert_eq!(total.ty, Type::Scalar(Scalar::Integer));
    let (_, w) = warnings(&[("docs/UntidyRowsZh.md", UNTIDY_ZH)]);
    warned(
        &w,
        &[
            "response field `Count` is listed twice with a different type",
            "the first row (line 36) is kept",
        ],
        "docs/UntidyRowsZh.md",
        37,
    );
}

#[test]
fn unknown_type_words_in_both_languages_and_tables() {
    for (file, text, request, word, response, word2, lines) in [
        (
            "docs/UntidyRows.md",
            UNTIDY,
            "Shade",
            "Strnig",
            "Level",
            "Gradeish",
            (14, 41),
        ),
        (
            "docs/UntidyRowsZh.md",
            UNTIDY_ZH,
            "Shape",
            "形状型",
            "Grade",
            "等级型",
            (14, 38),
        ),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        warned(
            &w,
            &[
                &format!("unknown type `{word}`"),
                &format!("`{request}` is read as a String"),
            ],
            file,
            lines.0,
        );
        warned(
            &w,
            &[
                &format!("unknown type `{word2}`"),
                &format!("`{response}` is read as a String"),
            ],
            file,
            lines.1,
        );
        assert_eq!(param(&g, request).ty, Type::Scalar(Scalar::String));
        let f = field(&g.api.operations[0].response, response);
        assert_eq!(f.ty, Type::Scalar(Scalar::String));
    }
}

#[test]
fn untyped_fields_no_sample_shows_are_strings_or_json() {
    for (file, text, plain, object, lines) in [
        ("docs/UntidyRows.md", UNTIDY, "Remark", "Settings", (38, 49)),
        (
            "docs/UntidyRowsZh.md",
            UNTIDY_ZH,
            "Memo",
            "Options",
            (35, 44),
        ),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        warned(
            &w,
            &[&format!(
                "response field `{plain}` has no type and no sample shows it; read as a String"
            )],
            file,
            lines.0,
        );
        warned(
            &w,
            &[
                &format!("response field `{object}` has no type"),
                "kept as JSON",
            ],
            file,
            lines.1,
        );
        let response = &g.api.operations[0].response;
        assert_eq!(field(response, plain).ty, Type::Scalar(Scalar::String));
        assert_eq!(field(response, object).ty, Type::Any);
    }
}

#[test]
fn a_missing_or_table_less_response_section_gives_request_id_alone() {
    for (file, text, what, line) in [
        (
            "docs/NoResponseSection.md",
            NO_RESPONSE,
            "no response parameters section",
            1,
        ),
        (
            "docs/NoResponseSectionZh.md",
            NO_RESPONSE_ZH,
            "no response parameters section",
            1,
        ),
        (
            "docs/ResponseWithoutTable.md",
            NO_TABLE,
            "the response parameters section has no table",
            12,
        ),
        (
            "docs/ResponseWithoutTableZh.md",
            NO_TABLE_ZH,
            "the response parameters section has no table",
            12,
        ),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        warned(&w, &[what, "read as `RequestId` alone"], file, line);
        let op = &g.api.operations[0];
        let fields: Vec<&str> = op.response.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(fields, ["RequestId"], "{file}");
        assert_eq!(op.request.len(), 1, "{file}");
    }
}

#[test]
fn odd_parameter_names_get_rust_names_and_keep_their_wire_names() {
    let (g, w) = warnings(&[("docs/UntidyRows.md", UNTIDY)]);
    warned(
        &w,
        &["parameter name `Tag.n.Key` read as `Tag.N.Key`"],
        "docs/UntidyRows.md",
        15,
    );
    warned(
        &w,
        &["parameter name `Tag.{N}.Value` read as `Tag.N.Value`"],
        "docs/UntidyRows.md",
        16,
    );
    let tag = param(&g, "Tag");
    assert_eq!(tag.ty, Type::StructList);
    let keys: Vec<&str> = tag.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(keys, ["Key", "Value"]);
    assert_eq!(param(&g, "Filter").fields[0].wire_name, "Name");
    assert_eq!(param(&g, "X-Trace-Id").rust_name, "x_trace_id");
    assert_eq!(param(&g, "Price$Cap").rust_name, "price_cap");
    let op = &g.api.operations[0];
    assert_eq!(field(&op.response, "Trace-Tag").rust_name, "trace_tag");

    let (g, w) = warnings(&[("docs/UntidyRowsZh.md", UNTIDY_ZH)]);
    warned(
        &w,
        &["parameter name `Tag.n.Key` read as `Tag.N.Key`"],
        "docs/UntidyRowsZh.md",
        15,
    );
    let keys: Vec<&str> = param(&g, "Tag")
        .fields
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    assert_eq!(keys, ["Key", "Value"]);
    warned(
        &w,
        &["parameter `名称` has no ASCII letter or digit for a Rust name; it is named `u540d_79f0`"],
        "docs/UntidyRowsZh.md",
        17,
    );
    let rust = &param(&g, "名称").rust_name;
    assert!(
        rust.starts_with(|c: char| c.is_ascii_lowercase())
            && rust.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "{rust}"
    );
}

#[test]
fn repeated_valid_values_give_one_variant_each_with_file_and_line() {
    for (file, text, name, value, line) in [
        ("docs/UntidyRows.md", UNTIDY, "Mode", "fast", 20),
        ("docs/UntidyRowsZh.md", UNTIDY_ZH, "Speed", "fast", 18),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        warned(
            &w,
            &[&format!(
                "the valid values of `{name}` list `{value}` more than once"
            )],
            file,
            line,
        );
        let values: Vec<&str> = param(&g, name)
            .allowed_values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        let mut unique = values.clone();
        unique.dedup();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), values.len(), "{values:?}");
        assert_eq!(values.iter().filter(|v| **v == value).count(), 1);
    }
}

#[test]
fn two_pages_of_one_operation_keep_one_whatever_the_order_with_a_warning() {
    let other = GOOD.replace("The domain.", "The domain, as the other page says.");
    let description = |g: &codegen::Generated| param(g, "DomainName").description.clone();
    // Neither file is named after the operation: the first by name is kept.
    for pages in [
        [("docs/A.md", GOOD), ("docs/B.md", other.as_str())],
        [("docs/B.md", other.as_str()), ("docs/A.md", GOOD)],
    ] {
        let (g, w) = warnings(&pages);
        assert_eq!(g.api.operations.len(), 1);
        assert_eq!(g.api.operations[0].source, "docs/A.md");
        assert_eq!(description(&g), "The domain.");
        warned(
            &w,
            &["operation `DoThing` is documented by two pages, docs/A.md and docs/B.md; docs/A.md is used and this page is left out"],
            "docs/B.md",
            1,
        );
    }
    // The fixtures: the Chinese page, which adds `TimeoutMs`, is left out.
    let (g, w) = warnings(&[
        ("docs/探测小工具.md", PING_ZH),
        ("docs/PingGadget.md", PING),
    ]);
    assert_eq!(g.api.operations[0].source, "docs/PingGadget.md");
    assert!(g.api.operations[0]
        .request
        .iter()
        .all(|p| p.wire_name != "TimeoutMs"));
    warned(
        &w,
        &["operation `PingGadget` is documented by two pages, docs/PingGadget.md and docs/探测小工具.md"],
        "docs/探测小工具.md",
        1,
    );
    // A page named after the operation wins over one saved under its title.
    for pages in [
        [("docs/A.md", GOOD), ("docs/DoThing.md", other.as_str())],
        [("docs/DoThing.md", other.as_str()), ("docs/A.md", GOOD)],
    ] {
        let (g, w) = warnings(&pages);
        assert_eq!(g.api.operations[0].source, "docs/DoThing.md");
        assert_eq!(description(&g), "The domain, as the other page says.");
        warned(&w, &["docs/DoThing.md is used"], "docs/A.md", 1);
    }
}

/// The pages of `tests/fixtures/inferred-product/`, which has no product page.
fn inferred_product_pages() -> Vec<SourceFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/inferred-product");
    codegen::load_dir(&dir, "tests/fixtures/inferred-product").expect("pages are readable")
}

#[test]
fn a_folder_without_a_product_page_takes_the_product_its_pages_name() {
    let pages = inferred_product_pages();
    assert_eq!(pages.len(), 2, "an English and a Chinese page");
    let g = codegen::generate(&pages, None).unwrap_or_else(|d| panic!("{d}"));
    let product = &g.api.product;
    assert_eq!(product.code, "Gizmo");
    assert_eq!(product.version, "2021-03-04");
    assert_eq!(product.default_endpoint, "gizmo.aliyuncs.com");
    let w: Vec<String> = g.diagnostics.warnings().map(ToString::to_string).collect();
    warned(
        &w,
        &[
            "no product page; the product is read from the pages: code `Gizmo` (named by 2 of 2 pages), API version `2021-03-04` (2 pages), endpoint `gizmo.aliyuncs.com` (2 pages)",
            "Write a `_product.md`",
        ],
        "tests/fixtures/inferred-product/DescribeGizmo.md",
        5,
    );
    let code = &g.files["product.rs"];
    assert!(code.contains("\"gizmo.aliyuncs.com\""), "{code}");
    // The most named endpoint wins, whatever the page order.
    let mut pages = pages;
    pages[1].text = pages[1]
        .text
        .replace("gizmo.aliyuncs.com", "gizmo-intl.aliyuncs.com");
    pages.push(SourceFile {
        name: "docs/A.md".into(),
        text: "# A\n\n```\nhttp://gizmo.aliyuncs.com/?Action=A\n```\n".into(),
    });
    for order in [false, true] {
        if order {
            pages.reverse();
        }
        let g = codegen::generate(&pages, None).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(g.api.product.default_endpoint, "gizmo.aliyuncs.com");
    }
}

#[test]
fn a_folder_whose_pages_name_no_product_is_an_error_that_says_what_is_missing() {
    let e = match codegen::generate(
        &[SourceFile {
            name: "docs/DoThing.md".into(),
            text: GOOD.into(),
        }],
        None,
    ) {
        Ok(_) => panic!("expected an error"),
        Err(d) => d.errors().map(ToString::to_string).collect::<Vec<_>>(),
    };
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("no product page; expected a `_product.md`")
            && e[0].contains("missing from the pages: a product code")
            && e[0].contains("; an API version")
            && e[0].contains("; an endpoint"),
        "{e:?}"
    );
    // With the product named but no endpoint, only the endpoint is missing.
    let page = format!("{GOOD}\n[x](https://api.aliyun.com/#product=Thing&version=2020-01-01)\n");
    let e = match codegen::generate(
        &[SourceFile {
            name: "docs/DoThing.md".into(),
            text: page,
        }],
        None,
    ) {
        Ok(_) => panic!("expected an error"),
        Err(d) => d.errors().map(ToString::to_string).collect::<Vec<_>>(),
    };
    assert!(
        e[0].contains("missing from the pages: an endpoint"),
        "{e:?}"
    );
    assert!(!e[0].contains("product code"), "{e:?}");
}

#[test]
fn an_untyped_row_without_a_sample_does_not_take_the_next_rows_as_fields() {
    for (file, text, untyped, lines) in [
        (
            "docs/UntypedRowNoSample.md",
            UNTYPED,
            ["Note", "Remark"],
            [16, 18],
        ),
        (
            "docs/UntypedRowNoSampleZh.md",
            UNTYPED_ZH,
            ["Comment", "Label"],
            [16, 17],
        ),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        let response = &g.api.operations[0].response;
        // Every row is a field of the response itself.
        assert_eq!(response.len(), 5, "{response:?}");
        assert!(response.iter().all(|f| f.fields.is_empty()), "{response:?}");
        for (name, line) in untyped.iter().zip(lines) {
            assert_eq!(field(response, name).ty, Type::Scalar(Scalar::String));
            warned(
                &w,
                &[&format!(
                    "response field `{name}` has no type and no sample shows it; read as a String"
                )],
                file,
                line,
            );
        }
        assert!(
            !w.iter().any(|m| m.contains("are read as its fields")),
            "{w:?}"
        );
    }
    // An untyped row whose name says list still takes the rows after it.
    let page = UNTYPED.replace(
        "|Remark| | |Free text the owner wrote.|",
        "|Readings| | |The readings taken.|",
    );
    let (g, _) = warnings(&[("docs/UntypedRowNoSample.md", &page)]);
    let readings = field(&g.api.operations[0].response, "Readings");
    assert_eq!(readings.ty, Type::StructList);
    assert_eq!(readings.fields[0].wire_name, "RequestId");
}

#[test]
fn non_ascii_names_get_rust_names_from_their_code_points_that_other_rows_do_not_move() {
    let names = |g: &codegen::Generated| -> Vec<(String, String)> {
        let op = &g.api.operations[0];
        op.request
            .iter()
            .map(|p| (p.wire_name.clone(), p.rust_name.clone()))
            .chain(
                op.response
                    .iter()
                    .map(|f| (f.wire_name.clone(), f.rust_name.clone())),
            )
            .collect()
    };
    let expected_zh = [
        ("地址", "u5730_5740"),
        ("收件人", "u6536_4ef6_4eba"),
        ("重量", "u91cd_91cf"),
        ("RequestId", "request_id"),
        ("编号", "u7f16_53f7"),
    ];
    let expected_de = [
        ("Crème", "cr_ue8_me"),
        ("Größe", "gr_uf6_df_e"),
        ("Straße", "stra_udf_e"),
        ("RequestId", "request_id"),
        ("Café", "caf_ue9"),
    ];
    for (file, text, expected, first_row) in [
        (
            "docs/NonAsciiNamesZh.md",
            NON_ASCII_ZH,
            &expected_zh[..],
            "|收件人|String|否|张三|收件人姓名。|",
        ),
        (
            "docs/NonAsciiNames.md",
            NON_ASCII,
            &expected_de[..],
            "|Größe|String|No|groß|The cup size.|",
        ),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        let mut got = names(&g);
        let mut want: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        if file.ends_with("Zh.md") {
            warned(
                &w,
                &["parameter `地址` has no ASCII letter or digit for a Rust name; it is named `u5730_5740` (its wire name is kept)"],
                file,
                11,
            );
        }
        // A non-ASCII row added before the others moves no name.
        let added = text.replace(
            first_row,
            &format!("|名字|String|否|x|Another name.|\n{first_row}"),
        );
        let (g, _) = warnings(&[(file, &added)]);
        let got = names(&g);
        for pair in &want {
            assert!(got.contains(pair), "{pair:?} moved: {got:?}");
        }
        assert!(
            got.contains(&("名字".to_string(), "u540d_5b57".to_string())),
            "{got:?}"
        );
    }
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

#[test]
fn a_sample_that_leaves_out_a_lists_wrapper_is_overruled_by_the_table() {
    for (file, text, list, item, inside, sample_lines) in [
        (
            "docs/SampleDropsWrapper.md",
            DROPS_WRAPPER,
            "Parcels",
            "Parcel",
            &["Carrier", "Destination", "Status", "Weight"][..],
            &[31, 43][..],
        ),
        (
            "docs/SampleDropsWrapperZh.md",
            DROPS_WRAPPER_ZH,
            "Boxes",
            "Box",
            &["Label", "Result", "Shelf"][..],
            &[29][..],
        ),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        warned(
            &w,
            &[
                "the sample and the table disagree",
                &format!("`{item}` is shown at the top level as one object"),
                &format!("the list `{list}` (line 16)"),
                "the table is followed, and the sample is taken to be wrong",
            ],
            file,
            sample_lines[0],
        );
        let op = &g.api.operations[0];
        let field = field(&op.response, list);
        assert_eq!(field.ty, Type::StructList);
        assert_eq!(field.item_name.as_deref(), Some(item));
        let names: Vec<&str> = field.fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(names, inside);
        assert!(
            op.response.iter().all(|f| f.wire_name != item),
            "no field is made of the sample's `{item}`"
        );
        // Every sample that shows the mistake says so, and its test too.
        let marked: Vec<usize> = op
            .samples
            .iter()
            .filter(|s| !s.disagrees.is_empty())
            .map(|s| s.line)
            .collect();
        assert_eq!(marked, sample_lines);
        let source = &g.files[&format!("operation/{}.rs", op.rust.module)];
        assert_eq!(
            source
                .matches("The sample disagrees with the response table, which is followed")
                .count(),
            sample_lines.len(),
            "{source}"
        );
    }
}

#[test]
fn rows_after_a_run_that_started_over_go_beside_its_container() {
    for (file, text, list, inside, beside, after) in [
        (
            "docs/TwoAlphabets.md",
            TWO_ALPHABETS,
            "Lanes",
            &["Colour", "Direction", "Kind"][..],
            &["Length", "Location"][..],
            "RequestId",
        ),
        (
            "docs/TwoAlphabetsZh.md",
            TWO_ALPHABETS_ZH,
            "Bays",
            &["Aisle", "BayCode"][..],
            &["Capacity", "Door"][..],
            "RequestId",
        ),
    ] {
        let (g, w) = warnings(&[(file, text)]);
        let response = &g.api.operations[0].response;
        let names: Vec<&str> = field(response, list)
            .fields
            .iter()
            .map(|f| f.wire_name.as_str())
            .collect();
        assert_eq!(names, inside);
        for name in beside {
            field(response, name);
        }
        warned(
            &w,
            &[
                &format!("no sample shows which rows after `{list}` are its fields"),
                &format!(
                    "the rows from `{}` on sort between `{list}` and `{after}`",
                    beside[0]
                ),
            ],
            file,
            17,
        );
    }
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
