//! The model the generator emits code from: plain, ordered data.
//!
//! Lowering fills in what the pages say; [`naming`](crate::naming) then
//! decides every Rust name (`rust_name`, `type_name`, the operation's
//! [`RustNames`]) next to its wire name, once, so that every emitter reads the
//! same name. Every element keeps the source line it came from for
//! diagnostics; lines are not serialised, so that model snapshots do not
//! change when a page gains a line at the top.

use serde::Serialize;

pub use crate::classify::{KindSource, OperationKind};

/// Everything generated from one `api-docs/` folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// Product-level facts.
    pub product: Product,
    /// Operations sorted by name.
    pub operations: Vec<Operation>,
    /// The enums and structures used at more than one place (across
    /// operations or within one), sorted by name: each is emitted once, in
    /// `types` (see [`unify`](crate::unify)).
    pub shared: Vec<SharedType>,
    /// Pages that are not API reference pages (overviews, lists of
    /// enumerations), in file order, with the reason.
    pub skipped: Vec<SkippedPage>,
}

/// A page that is not an API reference page, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedPage {
    /// The page.
    pub source: String,
    /// What it lacks, e.g. "it has no request or response parameters section".
    pub reason: String,
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

/// The Rust names of an operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RustNames {
    /// Module under `operation`, e.g. `query_task_detail_list`.
    pub module: String,
    /// Method on `Client`, e.g. `query_task_detail_list`.
    pub method: String,
    /// Request type, e.g. `QueryTaskDetailListInput`.
    pub input: String,
    /// Response type, e.g. `QueryTaskDetailListOutput`.
    pub output: String,
    /// Error-code enum, e.g. `QueryDomainByDomainNameErrorCode`, when the
    /// page lists error codes (empty otherwise).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error_code: String,
    /// Builder of the request, e.g. `SaveSingleTaskForCreatingOrderRenewInputBuilder`,
    /// when it has two required parameters or more (empty otherwise).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub builder: String,
}

/// One API operation (one page).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The `Action` value, e.g. `SaveSingleTaskForSynchronizingDSRecord`.
    pub name: String,
    /// Its Rust names.
    pub rust: RustNames,
    /// Page path, relative to the folder given to the generator's caller.
    pub source: String,
    /// Line of the page title.
    #[serde(skip)]
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
    /// Error codes the page lists for this operation, in page order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
}

impl Operation {
    /// Whether the operation submits a task: its response carries `TaskNo`.
    pub fn submits_task(&self) -> bool {
        self.response.iter().any(|f| f.wire_name == "TaskNo")
    }
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
    /// Any JSON value: an object (or map) whose fields the page does not list.
    Any,
    /// A list of such values.
    AnyList,
}

impl Type {
    /// Whether values of this type are sent or received as a list.
    pub fn is_list(&self) -> bool {
        matches!(self, Type::ScalarList(_) | Type::StructList | Type::AnyList)
    }

    /// Whether a value with these listed values becomes an enum: strings,
    /// and integers whose listed values are all integers (sent and received
    /// as their decimal text), with at least two values. Booleans and
    /// floats never do.
    pub fn is_enum(&self, values: &[AllowedValue]) -> bool {
        if values.len() < 2 {
            return false;
        }
        match self {
            Type::Scalar(Scalar::String) => true,
            Type::Scalar(Scalar::Integer | Scalar::Long) => {
                values.iter().all(|v| is_integer(&v.value))
            }
            _ => false,
        }
    }
}

/// Whether a listed value is a decimal integer.
pub fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// One value listed under "Valid values".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowedValue {
    /// The value as sent on the wire.
    pub value: String,
    /// Its enum variant name, when the value's parameter or field is an enum.
    pub rust_name: String,
    /// What it means (Markdown), possibly empty.
    pub description: String,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// Wire name without `.N` suffixes, e.g. `DomainName` for `DomainName.N`.
    pub wire_name: String,
    /// Field, setter (`x`, `set_x`) and getter (`get_x`) name.
    pub rust_name: String,
    /// Its type.
    pub ty: Type,
    /// The Rust type of an enum or structure value: a type of the
    /// operation's module, or of `types` when [`shared`](Self::shared).
    pub type_name: Option<String>,
    /// Whether `type_name` is one of [`Api::shared`], in the `types` module.
    pub shared: bool,
    /// Whether the page marks it required.
    pub required: bool,
    /// Where the page says it travels (`Query`, `Body`, …), when it says.
    pub position: Option<String>,
    /// Whether the page types it `Json`: a string the caller fills with JSON.
    pub json: bool,
    /// Example value from the page.
    pub example: Option<String>,
    /// Description (Markdown).
    pub description: String,
    /// Values listed under "Valid values" (empty when none are listed).
    pub allowed_values: Vec<AllowedValue>,
    /// Default value stated in the description.
    pub default: Option<String>,
    /// Line of the table row.
    #[serde(skip)]
    pub line: usize,
    /// Fields of a structure (`Name.N.Field`), in page order.
    pub fields: Vec<Parameter>,
    /// For a structure with two required fields or more: its builder's
    /// type name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builder: Option<String>,
    /// For a required parameter of a structure that has a builder: the
    /// builder's type parameter that tracks whether it is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// When the value is a moment: how, and the name of its `SystemTime`
    /// setter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<Moment>,
}

impl Parameter {
    /// Whether the parameter's value is an enum.
    pub fn is_enum(&self) -> bool {
        self.ty.is_enum(&self.allowed_values)
    }

    /// Whether the page says the parameter travels in the request body.
    pub fn in_body(&self) -> bool {
        self.position.as_deref().is_some_and(|p| {
            matches!(
                p.to_ascii_lowercase().as_str(),
                "body" | "formdata" | "form"
            )
        })
    }
}

/// A response field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Wire name (JSON key, XML element).
    pub wire_name: String,
    /// Field name in the Rust structure.
    pub rust_name: String,
    /// Its type.
    pub ty: Type,
    /// The Rust type of an enum value, a structure or a list's items: a
    /// type of the operation's module, or of `types` when
    /// [`shared`](Self::shared).
    pub type_name: Option<String>,
    /// Whether `type_name` is one of [`Api::shared`], in the `types` module.
    #[serde(skip_serializing_if = "is_false")]
    pub shared: bool,
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
    #[serde(skip)]
    pub line: usize,
    /// Children of a structure or of a list of structures.
    pub fields: Vec<Field>,
    /// When the value is a moment: how, and the name of its `SystemTime`
    /// accessor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<Moment>,
}

/// A value that is a moment, and the method that reads or sets it as a
/// `SystemTime`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moment {
    /// How the wire carries it.
    pub kind: MomentKind,
    /// The accessor (response) or setter (request), e.g.
    /// `expiration_date_at`.
    pub method: String,
}

/// How the wire carries a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MomentKind {
    /// A number of milliseconds since 1970-01-01T00:00:00Z.
    EpochMillis,
    /// Text such as `2018-04-12 09:51:53` or `2024-01-02T03:04:05Z`.
    Text,
}

impl Field {
    /// Whether the field's value is an enum.
    pub fn is_enum(&self) -> bool {
        self.ty.is_enum(&self.allowed_values)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An enum or structure used at more than one place, emitted once in
/// `types`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedType {
    /// Rust type name, e.g. `TaskStatus`.
    pub name: String,
    /// The definition, as at its first use.
    pub shape: SharedShape,
    /// Every place it is used, in model order.
    pub uses: Vec<TypeUse>,
}

/// The definition of a shared type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SharedShape {
    /// An enum.
    Enum {
        /// The wire name of its first use.
        wire_name: String,
        /// Listed values in page order, with their variant names.
        values: Vec<AllowedValue>,
        /// The default every request parameter that states one agrees on.
        default: Option<String>,
    },
    /// A request structure (`Name.Field`, `Name.N.Field`).
    Request {
        /// Its first use (fields, description, builder).
        param: Parameter,
    },
    /// A response structure.
    Response {
        /// Its first use (fields, description).
        field: Field,
    },
}

/// One place a shared type is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeUse {
    /// The operation (`Action`).
    pub operation: String,
    /// Its module (and client method).
    pub module: String,
    /// Where in its request or response: wire names joined by `.`, with
    /// `[]` after a list, e.g. `Data.TaskDetail[].TaskStatus`.
    pub path: String,
    /// Whether it is in the request (else the response).
    pub request: bool,
}

/// An error code a page lists for its operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCode {
    /// The `Code` of the error response, e.g. `NetworkIOError`.
    pub code: String,
    /// Its enum variant name.
    pub rust_name: String,
    /// The HTTP status the page gives, when it gives one.
    pub status: Option<u16>,
    /// The `Message` the page shows, possibly empty.
    pub message: String,
    /// What the page says it means and what to do (Markdown), possibly empty.
    pub description: String,
    /// Whether the page calls it passing ("try again later"): such an error
    /// is retried for a read-only operation.
    pub transient: bool,
    /// Line of the table row.
    #[serde(skip)]
    pub line: usize,
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
    /// The text as on the page (not serialised: the page and the generated
    /// test both show it).
    #[serde(skip)]
    pub text: String,
    /// Line of the code block.
    #[serde(skip)]
    pub line: usize,
    /// `None` when the sample parses; otherwise why it does not.
    pub invalid: Option<String>,
    /// Where the sample contradicts the structure of the response table,
    /// which is followed: each a sentence. Its generated test decodes it
    /// leniently, as a response, and checks the fields where the table
    /// puts them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disagrees: Vec<String>,
}
