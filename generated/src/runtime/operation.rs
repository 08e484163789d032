//! The contract between generated operations and the runtime.

use serde::de::DeserializeOwned;

use super::params::Params;

/// One API operation: its `Action` name, how its input becomes request
/// parameters, and the type its response decodes into.
///
/// Every generated `…Input` type implements this trait, so any of them can be
/// sent with [`Client::send`](crate::Client::send). It is public so that an
/// operation the crate does not generate yet can be called by implementing it
/// by hand.
pub trait Operation: Send + Sync {
    /// The value of the `Action` request parameter, e.g. `QueryTaskDetailList`.
    const ACTION: &'static str;

    /// The decoded body of a successful response.
    type Output: DeserializeOwned + Send + 'static;

    /// Appends the operation's own parameters (never the common ones such as
    /// `Action`, `Version` or `Signature`, which the runtime adds) to `params`.
    fn write_params(&self, params: &mut Params);
}
