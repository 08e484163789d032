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
