//! The hand-written runtime that every generated operation calls: request
//! parameters, signing, transport, response decoding and errors.
//!
//! Nothing in this module is generated; code under `src/generated/` is.

pub mod de;
pub mod decode;
mod operation;
pub mod params;

pub use operation::Operation;
pub use params::{ParamValue, Params, WriteParams};
