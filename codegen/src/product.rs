//! The product page (`_product.md`): product code, API version, endpoints,
//! and the request parameters whose enums are shared between operations.

use crate::diagnostics::Diagnostic;
use crate::model::Product;
use crate::page::parse_page;
use crate::values::plain;

/// Product facts plus generator settings read from the product page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPage {
    /// The facts that go into the generated code.
    pub product: Product,
    /// Request parameter names whose enum is generated once, in `types`.
    pub shared_enums: Vec<String>,
    /// Name of the Rust crate the code is generated into (used in doc tests).
    pub crate_name: String,
    /// The hand-written `Client` method that follows a submitted task to its
    /// end (`wait_for_task`), when the crate has one: task submissions link
    /// to it.
    pub task_waiter: Option<String>,
    /// Where to look a submitted task up (`QueryTaskList or
    /// QueryTaskDetailList`), when the product submits tasks: a failed
    /// submission that may have taken effect tells the user to check there.
    pub task_lookup: Option<String>,
}

impl ProductPage {
    /// Stand-in facts for a folder without a product page (`cargo xtask corpus`).
    pub fn placeholder() -> Self {
        Self {
            product: Product {
                source: "(placeholder)".into(),
                code: "Product".into(),
                version: "1970-01-01".into(),
                default_endpoint: "example.invalid".into(),
                regional_endpoints: Vec::new(),
            },
            shared_enums: vec!["Lang".into()],
            crate_name: "alibabacloud_corpus".into(),
            task_waiter: None,
            task_lookup: None,
        }
    }
}

/// Reads the product page.
pub fn parse_product(file: &str, text: &str) -> Result<ProductPage, Vec<Diagnostic>> {
    let page = parse_page(text);
    let mut diags = Vec::new();
    let mut code = None;
    let mut version = None;
    let mut default_endpoint = None;
    let mut crate_name = None;
    let mut task_waiter = None;
    let mut task_lookup = None;
    let mut regional = Vec::new();
    let mut shared = Vec::new();
    for section in &page.sections {
        for table in section.tables() {
            if let (Some(p), Some(v)) = (table.column(&["Property"]), table.column(&["Value"])) {
                for row in &table.rows {
                    let value = plain(&row.cells[v]);
                    match plain(&row.cells[p]).to_ascii_lowercase().as_str() {
                        "product code" => code = Some(value),
                        "api version" => version = Some(value),
                        "default endpoint" => default_endpoint = Some(value),
                        "rust crate" => crate_name = Some(value),
                        "task waiter" => task_waiter = Some(value),
                        "task lookup" => task_lookup = Some(value),
                        "api style" if !value.eq_ignore_ascii_case("rpc") => {
                            diags.push(Diagnostic::error(
                                file,
                                row.line,
                                format!("API style `{value}` is not supported; expected `RPC`"),
                            ))
                        }
                        _ => {}
                    }
                }
            } else if let (Some(r), Some(e)) =
                (table.column(&["Region"]), table.column(&["Endpoint"]))
            {
                for row in &table.rows {
                    regional.push((plain(&row.cells[r]), plain(&row.cells[e])));
                }
            } else if let Some(p) = table.column(&["Shared enum", "Parameter"]) {
                shared.extend(table.rows.iter().map(|row| plain(&row.cells[p])));
            }
        }
    }
    let mut require = |value: Option<String>, what: &str| {
        value.filter(|v| !v.is_empty()).unwrap_or_else(|| {
            diags.push(Diagnostic::error(
                file,
                0,
                format!("the product page has no `{what}`; expected a `|Property|Value|` table with a `{what}` row"),
            ));
            String::new()
        })
    };
    let code = require(code, "Product code");
    let version = require(version, "API version");
    let default_endpoint = require(default_endpoint, "Default endpoint");
    let crate_name = require(crate_name, "Rust crate").replace('-', "_");
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    regional.sort();
    shared.sort();
    shared.dedup();
    Ok(ProductPage {
        product: Product {
            source: file.to_string(),
            code,
            version,
            default_endpoint,
            regional_endpoints: regional,
        },
        shared_enums: shared,
        crate_name,
        task_waiter: task_waiter.filter(|w| !w.is_empty()),
        task_lookup: task_lookup.filter(|l| !l.is_empty()),
    })
}

/// What the pages of a folder without a product page say about their
/// product: the code and API version that OpenAPI Explorer links name
/// (`api.aliyun.com/#product=Alidns&…&version=2015-01-09`, or a sample
/// request's `Version=`), and the endpoint host their sample requests call
/// (`alidns.aliyuncs.com`). Each is the value most pages name (ties: the
/// first by text), so page order never matters. The crate is named
/// `alibabacloud-<code>`, `Lang` is a shared enum, and there are no
/// regional endpoints, no task waiter and no task lookup. The warning says
/// what was read, where, and that a product page would settle it; without a
/// code, a version or an endpoint, the error says which is missing.
pub fn infer(pages: &[&crate::SourceFile]) -> Result<(ProductPage, Diagnostic), String> {
    // (value, pages naming it, first file and line).
    type Votes = Vec<(String, usize, (String, usize))>;
    fn vote(votes: &mut Votes, seen: &mut Vec<String>, value: String, file: &str, line: usize) {
        if seen.contains(&value) {
            return;
        }
        seen.push(value.clone());
        match votes.iter_mut().find(|(v, _, _)| *v == value) {
            Some((_, n, _)) => *n += 1,
            None => votes.push((value, 1, (file.to_string(), line))),
        }
    }
    fn value_after<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
        text.match_indices(key)
            .map(|(at, _)| {
                let rest = &text[at + key.len()..];
                let end = rest
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
                    })
                    .unwrap_or(rest.len());
                rest[..end].trim_end_matches('.')
            })
            .filter(|v| !v.is_empty())
            .collect()
    }
    fn is_version(v: &str) -> bool {
        let b = v.as_bytes();
        b.len() == 10
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            })
    }
    let (mut codes, mut versions, mut hosts): (Votes, Votes, Votes) = Default::default();
    for page in pages {
        let (mut c, mut v, mut h) = (Vec::new(), Vec::new(), Vec::new());
        for (n, line) in page.text.lines().enumerate() {
            let line_no = n + 1;
            for code in value_after(line, "product=") {
                if code.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
                    vote(&mut codes, &mut c, code.to_string(), &page.name, line_no);
                }
            }
            for key in ["version=", "Version="] {
                for version in value_after(line, key).into_iter().filter(|v| is_version(v)) {
                    vote(
                        &mut versions,
                        &mut v,
                        version.to_string(),
                        &page.name,
                        line_no,
                    );
                }
            }
            for (at, _) in line.match_indices(".aliyuncs.com") {
                let start = line[..at]
                    .rfind(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '-' || ch == '.'))
                    .map_or(0, |i| i + 1);
                let host = &line[start..at];
                if !host.is_empty() && !host.starts_with('.') {
                    let host = format!("{}.aliyuncs.com", host.to_ascii_lowercase());
                    vote(&mut hosts, &mut h, host, &page.name, line_no);
                }
            }
        }
    }
    let best = |votes: &Votes| {
        votes
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .cloned()
    };
    let (code, version, host) = (best(&codes), best(&versions), best(&hosts));
    let (Some(code), Some(version), Some(host)) = (code.clone(), version.clone(), host.clone())
    else {
        let mut missing = Vec::new();
        if code.is_none() {
            missing.push("a product code (an OpenAPI Explorer link with `product=`)");
        }
        if version.is_none() {
            missing.push("an API version (`version=YYYY-MM-DD` in such a link, or `Version=` in a sample request)");
        }
        if host.is_none() {
            missing.push("an endpoint (a sample request to `<name>.aliyuncs.com`)");
        }
        return Err(format!("missing from the pages: {}", missing.join("; ")));
    };
    let total = pages.len();
    let message = format!(
        "no product page; the product is read from the pages: code `{}` (named by {} of {total} pages), API version `{}` ({} pages), endpoint `{}` ({} pages); crate `alibabacloud-{}`. Write a `{}` (see `api-docs/_product.md`) to set these facts",
        code.0,
        code.1,
        version.0,
        version.1,
        host.0,
        host.1,
        code.0.to_ascii_lowercase(),
        crate::PRODUCT_PAGE,
    );
    let diagnostic = Diagnostic::warning(&code.2 .0, code.2 .1, message);
    Ok((
        ProductPage {
            product: Product {
                source: format!("(read from the pages: {})", code.2 .0),
                code: code.0.clone(),
                version: version.0,
                default_endpoint: host.0,
                regional_endpoints: Vec::new(),
            },
            shared_enums: vec!["Lang".into()],
            crate_name: format!(
                "alibabacloud_{}",
                code.0.to_ascii_lowercase().replace('-', "_")
            ),
            task_waiter: None,
            task_lookup: None,
        },
        diagnostic,
    ))
}
