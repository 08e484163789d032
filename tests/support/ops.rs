//! A hand-written operation for runtime tests, so that they depend on the
//! runtime's `Operation` contract rather than on which pages are generated.

use alibabacloud_runtime::unstable::decode::DecodeError;
use alibabacloud_runtime::unstable::lenient::{Fields, FromTree, Path, Tree};
use alibabacloud_runtime::unstable::{Operation, Params};

/// `SaveSingleTaskForCreatingOrderRenew` with a fixed duration and expiry.
#[derive(Debug, Clone)]
pub struct RenewDomain {
    /// The `DomainName` sent.
    pub domain: &'static str,
}

/// Its response: both fields are required, so a body without them is a
/// decode error.
#[derive(Debug)]
pub struct RenewOutput {
    /// `RequestId`.
    pub request_id: String,
    /// `TaskNo`.
    pub task_no: String,
}

impl FromTree for RenewOutput {
    fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
        let mut f = Fields::new(value, at)?;
        Ok(Self {
            request_id: f.required("RequestId")?,
            task_no: f.required("TaskNo")?,
        })
    }
}

impl Operation for RenewDomain {
    const ACTION: &'static str = "SaveSingleTaskForCreatingOrderRenew";
    type Output = RenewOutput;

    fn write_params(&self, params: &mut Params) {
        params.push("DomainName", self.domain);
        params.push("SubscriptionDuration", "1");
        params.push("CurrentExpirationDate", "1700000000000");
    }
}

/// A renewal whose domain name holds every character the encoder must
/// escape: non-ASCII, space, `*`, `~`, `/`, `+`, `=`, `&`.
pub fn renew() -> RenewDomain {
    RenewDomain {
        domain: "例子 a*b~c/d+e=f&g.com",
    }
}
