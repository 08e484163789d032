//! The documented JSON form of the model written by `cargo xtask corpus --json`.
//!
//! Schema (stable; fields are only ever added):
//!
//! ```text
//! {
//!   "product": { "code": str, "version": str },
//!   "operations": [
//!     {
//!       "name": str,                 // the Action
//!       "source": str,               // page path
//!       "request": [ Param ],
//!       "response": [ ResponseField ]
//!     }
//!   ]
//! }
//! Param         = { "wire_name": str, "type": Type, "required": bool,
//!                   "allowed_values": [str], "fields": [Param] }
//! ResponseField = { "wire_name": str, "type": Type, "item_name": str | null,
//!                   "fields": [ResponseField] }
//! Type          = "String" | "Integer" | "Long" | "Boolean" | "Float"
//!               | "Struct" | "List<String>" | "List<Integer>" | … | "List<Struct>"
//!               | "Json" | "List<Json>"   // objects the page lists no fields of
//! ```
//!
//! For `Name.N` parameters `wire_name` is `Name` and the type a `List<…>`;
//! for `Name.N.Field` the parent is a `List<Struct>` whose `fields` hold
//! `Field`.

use serde::Serialize;

use crate::model::{Api, Field, Parameter, Scalar, Type};

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Document {
    /// Product code and version.
    pub product: ProductInfo,
    /// Operations sorted by name.
    pub operations: Vec<OperationInfo>,
}

/// Product code and version.
#[derive(Debug, Serialize)]
pub struct ProductInfo {
    /// Product code.
    pub code: String,
    /// API version.
    pub version: String,
}

/// One operation.
#[derive(Debug, Serialize)]
pub struct OperationInfo {
    /// The Action.
    pub name: String,
    /// Page path.
    pub source: String,
    /// Request parameters.
    pub request: Vec<ParamInfo>,
    /// Response fields.
    pub response: Vec<FieldInfo>,
}

/// One request parameter.
#[derive(Debug, Serialize)]
pub struct ParamInfo {
    /// Wire name (without `.N`).
    pub wire_name: String,
    /// Type, see the module docs.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether it is required.
    pub required: bool,
    /// Listed valid values.
    pub allowed_values: Vec<String>,
    /// Fields of a structure.
    pub fields: Vec<ParamInfo>,
}

/// One response field.
#[derive(Debug, Serialize)]
pub struct FieldInfo {
    /// Wire name.
    pub wire_name: String,
    /// Type, see the module docs.
    #[serde(rename = "type")]
    pub ty: String,
    /// Item key of a wrapped list.
    pub item_name: Option<String>,
    /// Children.
    pub fields: Vec<FieldInfo>,
}

fn scalar_name(s: Scalar) -> &'static str {
    match s {
        Scalar::String => "String",
        Scalar::Integer => "Integer",
        Scalar::Long => "Long",
        Scalar::Boolean => "Boolean",
        Scalar::Float => "Float",
    }
}

/// The schema name of a type.
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Scalar(s) => scalar_name(*s).to_string(),
        Type::Struct => "Struct".to_string(),
        Type::ScalarList(s) => format!("List<{}>", scalar_name(*s)),
        Type::StructList => "List<Struct>".to_string(),
        Type::Any => "Json".to_string(),
        Type::AnyList => "List<Json>".to_string(),
    }
}

fn param(p: &Parameter) -> ParamInfo {
    ParamInfo {
        wire_name: p.wire_name.clone(),
        ty: type_name(&p.ty),
        required: p.required,
        allowed_values: p.allowed_values.iter().map(|v| v.value.clone()).collect(),
        fields: p.fields.iter().map(param).collect(),
    }
}

fn field(f: &Field) -> FieldInfo {
    FieldInfo {
        wire_name: f.wire_name.clone(),
        ty: type_name(&f.ty),
        item_name: f.item_name.clone(),
        fields: f.fields.iter().map(field).collect(),
    }
}

/// The document for a model.
pub fn document(api: &Api) -> Document {
    Document {
        product: ProductInfo {
            code: api.product.code.clone(),
            version: api.product.version.clone(),
        },
        operations: api
            .operations
            .iter()
            .map(|op| OperationInfo {
                name: op.name.clone(),
                source: op.source.clone(),
                request: op.request.iter().map(param).collect(),
                response: op.response.iter().map(field).collect(),
            })
            .collect(),
    }
}
