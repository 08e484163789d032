//! The contract between generated operations and the runtime.

use super::lenient::FromTree;
use super::params::Params;

/// What calling an operation does, which decides what may be retried.
///
/// The generator classifies every operation: names starting with `Query`,
/// `Check`, `List`, `Get`, `Describe`, `Lookup` or `Poll` are read-only,
/// everything else (every task submission among them) is mutating,
/// unless the page says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationKind {
    /// Only reads: a retry after any transient failure is harmless.
    ReadOnly,
    /// Changes something, and may cost money (a renewal, a transfer): after
    /// a failure that leaves it unknown whether the service acted, a retry
    /// could do it twice.
    Mutating,
}

/// One API operation: its `Action` name, how its input becomes request
/// parameters, and the type its response decodes into.
///
/// Every generated `…Input` type implements this trait, so any of them can be
/// sent with [`Client::send`](crate::Client::send). It is public so that an
/// operation the crate does not generate yet can be called by implementing it
/// by hand.
pub trait Operation: Send + Sync {
    /// The value of the `Action` request parameter, e.g. `DescribeInstances`.
    const ACTION: &'static str;

    /// Whether the operation only reads or changes something. Operations
    /// implemented by hand are mutating unless they say otherwise, which is
    /// the safe side.
    const KIND: OperationKind = OperationKind::Mutating;

    /// Whether the operation only queues a task and answers with its
    /// number: a failure that may have reached
    /// the service then says to check the task lists before resubmitting.
    const SUBMITS_TASK: bool = false;

    /// Error codes the operation's reference page calls passing ("try again
    /// later"). For a read-only operation they are retried like throttling;
    /// a mutating one ignores them, as a retry could act twice.
    const TRANSIENT_ERROR_CODES: &'static [&'static str] = &[];

    /// The decoded body of a successful response.
    type Output: FromTree + Send + 'static;

    /// Appends the operation's own parameters (never the common ones such as
    /// `Action`, `Version` or `Signature`, which the runtime adds) to `params`.
    fn write_params(&self, params: &mut Params);
}
