//! Error codes as types: the codes any operation may answer with
//! ([`CommonErrorCode`]), the trait of the per-operation enums a product
//! crate generates from its reference pages ([`ErrorCode`]), and the link
//! from an operation to its enum ([`OperationErrors`]), which
//! [`Error::code_for`](crate::Error::code_for) reads.

use std::fmt;

/// An error-code enum: one variant per documented code, and a fallback that
/// keeps any other code as sent.
///
/// A product crate generates one per operation whose reference page lists
/// error codes; [`CommonErrorCode`] is the one of the others.
pub trait ErrorCode: Sized {
    /// The enum value of a code as the service sends it (`NetworkIOError`).
    /// Never fails: an undocumented code lands in the fallback variant.
    fn from_code(code: &str) -> Self;

    /// The code as the service sends it.
    fn as_str(&self) -> &str;
}

/// An operation whose error codes are typed: generated for every operation
/// input, so that [`Error::code_for::<Input>()`](crate::Error::code_for)
/// returns that operation's enum.
pub trait OperationErrors {
    /// The operation's error-code enum.
    type Code: ErrorCode;
}

/// A code that no enum of this crate lists, kept as the service sent it.
///
/// It cannot be built from outside this crate, so that a code with a named
/// variant is always that variant: compare it with
/// [`as_str`](Self::as_str), not by constructing one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownCode(String);

impl UnknownCode {
    /// The code as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! common_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, transient = $transient:literal; )+) => {
        /// The error codes of Alibaba Cloud's API gateway, which any operation
        /// of any product may answer with: parameter, version, signature,
        /// permission, throttling and server errors.
        ///
        /// Branch on these rather than on the HTTP status: the gateway sends
        /// throttling with 400 and a bad signature with 400 or 403.
        ///
        /// ```
        /// use alibabacloud_runtime::error::{CommonErrorCode, ErrorCode};
        ///
        /// assert_eq!(CommonErrorCode::from_code("Throttling.User"), CommonErrorCode::ThrottlingUser);
        /// assert!(CommonErrorCode::from_code("Throttling.User").is_transient());
        /// let other = CommonErrorCode::from_code("Something.New");
        /// assert!(matches!(&other, CommonErrorCode::Unknown(code) if code.as_str() == "Something.New"));
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonErrorCode {
            $( $(#[$doc])* $variant, )+
            /// Any other code, as sent: one a product documents on its own
            /// pages, or a new one.
            Unknown(UnknownCode),
        }

        impl CommonErrorCode {
            /// The code as the service sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $code, )+
                    Self::Unknown(code) => code.as_str(),
                }
            }

            /// Whether the error passes by itself: throttling, and server
            /// errors. An unknown code is not.
            pub fn is_transient(&self) -> bool {
                match self {
                    $( Self::$variant => $transient, )+
                    Self::Unknown(_) => false,
                }
            }
        }

        impl ErrorCode for CommonErrorCode {
            fn from_code(code: &str) -> Self {
                match code {
                    $( $code => Self::$variant, )+
                    other => Self::Unknown(UnknownCode(other.to_owned())),
                }
            }

            fn as_str(&self) -> &str {
                CommonErrorCode::as_str(self)
            }
        }
    };
}

common_codes! {
    /// `MissingParameter`: a required parameter was not sent.
    MissingParameter = "MissingParameter", transient = false;
    /// `InvalidParameter`: a parameter's value is not valid.
    InvalidParameter = "InvalidParameter", transient = false;
    /// `UnsupportedOperation`: the action does not exist in this API version.
    UnsupportedOperation = "UnsupportedOperation", transient = false;
    /// `NoSuchVersion`: the API version does not exist.
    NoSuchVersion = "NoSuchVersion", transient = false;
    /// `Throttling`: too many requests; the client retries it.
    Throttling = "Throttling", transient = true;
    /// `Throttling.User`: too many requests from this account; the client
    /// retries it.
    ThrottlingUser = "Throttling.User", transient = true;
    /// `Throttling.Api`: too many requests to this operation; the client
    /// retries it.
    ThrottlingApi = "Throttling.Api", transient = true;
    /// `InvalidAccessKeyId.NotFound`: the AccessKey ID does not exist.
    InvalidAccessKeyIdNotFound = "InvalidAccessKeyId.NotFound", transient = false;
    /// `SignatureDoesNotMatch`: the signature is wrong, usually because of
    /// the AccessKey secret.
    SignatureDoesNotMatch = "SignatureDoesNotMatch", transient = false;
    /// `Forbidden`: the caller may not act on the resource.
    Forbidden = "Forbidden", transient = false;
    /// `Forbidden.RiskControl`: refused by Alibaba Cloud's risk control.
    ForbiddenRiskControl = "Forbidden.RiskControl", transient = false;
    /// `Forbidden.UserVerification`: the account's real-name verification is
    /// missing.
    ForbiddenUserVerification = "Forbidden.UserVerification", transient = false;
    /// `InternalError`: the service failed; a read-only call is retried.
    InternalError = "InternalError", transient = true;
    /// `ServiceUnavailable`: the service is unavailable for a moment; the
    /// client retries it.
    ServiceUnavailable = "ServiceUnavailable", transient = true;
    /// `UnknownError`: the service failed without saying why; a read-only
    /// call is retried.
    UnknownError = "UnknownError", transient = true;
}

impl fmt::Display for CommonErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_codes_are_always_their_variant() {
        for code in [
            "Throttling",
            "Throttling.User",
            "SignatureDoesNotMatch",
            "InternalError",
        ] {
            let value = CommonErrorCode::from_code(code);
            assert!(!matches!(value, CommonErrorCode::Unknown(_)), "{code}");
            assert_eq!(value.as_str(), code);
            assert_eq!(value.to_string(), code);
        }
    }

    #[test]
    fn other_codes_are_kept_as_sent() {
        let value = CommonErrorCode::from_code("Instance.NotFound");
        assert_eq!(value.as_str(), "Instance.NotFound");
        assert!(!value.is_transient());
        assert_eq!(value, CommonErrorCode::from_code("Instance.NotFound"));
        assert_ne!(value, CommonErrorCode::from_code("instance.notfound"));
    }

    #[test]
    fn transient_codes() {
        assert!(CommonErrorCode::Throttling.is_transient());
        assert!(CommonErrorCode::ServiceUnavailable.is_transient());
        assert!(!CommonErrorCode::SignatureDoesNotMatch.is_transient());
        assert!(!CommonErrorCode::InvalidParameter.is_transient());
    }
}
