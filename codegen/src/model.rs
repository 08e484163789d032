//! The model the generator emits code from: plain, ordered data, with the
//! source line of every element.

use serde::Serialize;

pub use crate::classify::{KindSource, OperationKind};

/// Everything generated from one `api-docs/` folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// Product-level facts.
    pub product: Product,
    /// Operations sorted by name.
    pub operations: Vec<Operation>,
}

/// Product-level facts from the product page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    /// Page the facts come from.
    pub source: String,
    /// Product code, e.g. `Domain`.
    pub code: String,
    /// API version, e.g. `2018-01-29`.
    pub version: String,
    /// Endpoint for every region not listed in `regional_endpoints`.
    pub default_endpoint: String,
    /// `(region, host)` pairs, sorted by region.
    pub regional_endpoints: Vec<(String, String)>,
}

/// One API operation (one page).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The `Action` value, e.g. `SaveSingleTaskForSynchronizingDSRecord`.
    pub name: String,
    /// Page path, relative to the folder given to the generator's caller.
    pub source: String,
    /// Line of the page title.
    pub line: usize,
    /// Whether the operation only reads or changes something.
    pub kind: OperationKind,
    /// What decided [`kind`](Self::kind): the name rule or a page directive.
    pub kind_source: KindSource,
    /// One-sentence summary (Markdown).
    pub summary: String,
    /// Longer description (Markdown), possibly empty.
    pub description: String,
    /// Request parameters in page order, without `Action`.
    pub request: Vec<Parameter>,
    /// Response fields as a tree, in page order.
    pub response: Vec<Field>,
    /// Sample responses found on the page.
    pub samples: Vec<Sample>,
}

/// A scalar wire type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Scalar {
    /// `String`.
    String,
    /// `Integer` (32-bit).
    Integer,
    /// `Long` (64-bit).
    Long,
    /// `Boolean`.
    Boolean,
    /// `Float` or `Double`.
    Float,
}

/// The shape of a parameter or field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Type {
    /// One scalar.
    Scalar(Scalar),
    /// One nested structure whose fields are the element's children.
    Struct,
    /// A list of scalars.
    ScalarList(Scalar),
    /// A list of structures whose fields are the element's children.
    StructList,
}

/// One value listed under "Valid values".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowedValue {
    /// The value as sent on the wire.
    pub value: String,
    /// What it means (Markdown), possibly empty.
    pub description: String,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// Wire name without `.N` suffixes, e.g. `DomainName` for `DomainName.N`.
    pub wire_name: String,
    /// Its type.
    pub ty: Type,
    /// Whether the page marks it required.
    pub required: bool,
    /// Where the page says it travels (`Query`, `Body`, …), when it says.
    pub position: Option<String>,
    /// Example value from the page.
    pub example: Option<String>,
    /// Description (Markdown).
    pub description: String,
    /// Values listed under "Valid values" (empty when none are listed).
    pub allowed_values: Vec<AllowedValue>,
    /// Default value stated in the description.
    pub default: Option<String>,
    /// Line of the table row.
    pub line: usize,
    /// Fields of a structure (`Name.N.Field`), in page order.
    pub fields: Vec<Parameter>,
}

/// A response field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Wire name (JSON key, XML element).
    pub wire_name: String,
    /// Its type.
    pub ty: Type,
    /// For lists wrapped in an object (`"Data": {"TaskDetail": [...]}`), the
    /// item key.
    pub item_name: Option<String>,
    /// Example value from the page.
    pub example: Option<String>,
    /// Description (Markdown).
    pub description: String,
    /// Values listed under "Valid values".
    pub allowed_values: Vec<AllowedValue>,
    /// Line of the table row.
    pub line: usize,
    /// Children of a structure or of a list of structures.
    pub fields: Vec<Field>,
}

/// Format of a sample response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SampleFormat {
    /// JSON.
    Json,
    /// XML.
    Xml,
}

/// A sample success response from the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    /// Its format.
    pub format: SampleFormat,
    /// The text as on the page.
    pub text: String,
    /// Line of the code block.
    pub line: usize,
    /// `None` when the sample parses; otherwise why it does not.
    pub invalid: Option<String>,
}
