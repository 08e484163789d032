//! For generated code: no semver guarantee.
//!
//! What the code a product crate's generator writes needs from the runtime,
//! and users do not: the [`Operation`] contract and the request
//! [`Params`], the product's facts ([`Product`]), the response tree and its
//! lenient decoders ([`lenient`], [`decode`]), the XML reader ([`xml`],
//! which the generator shares, so that samples and responses are read
//! alike) and request signing ([`request`], [`signer`], [`signer_v3`]).
//! Anything here may change in any release; a product crate is generated
//! against the runtime version it depends on. The `wire_enum!` macro that
//! generated enums use is exported (hidden) at the crate root; it
//! implements [`WireEnum`] and converts text with [`from_wire`].

pub use crate::operation::{Operation, OperationKind};
pub use crate::params::{ParamValue, Params, WriteParams};
pub use crate::product::Product;
pub use crate::serde_wire::wire_text;
pub use crate::unknown::{from_wire, WireEnum};

#[cfg(feature = "client")]
pub use crate::client::ProductClient;

/// Lenient decoding: how the generated response types read a parsed body.
pub mod lenient {
    pub use crate::lenient::{DecodeError, Fields, FromTree, FromWire, Path, Tree};
}

/// Turning a response body (JSON or XML) into a typed value.
pub mod decode {
    pub use crate::decode::{
        from_json, from_tree, from_value, from_xml, json_to_tree, xml_to_value,
    };
    pub use crate::lenient::DecodeError;
}

/// The one XML reader of the project: an XML document as a JSON tree.
pub mod xml {
    pub use crate::xml::{parse, MAX_DEPTH};
}

/// One attempt's request: the common parameters and the signature.
#[cfg(feature = "client")]
pub mod request {
    pub use crate::request::{
        build_params, sign, sign_v1, sign_v3, signing_pairs, AttemptStamp, RequestParts,
        SignedRequest, METHOD,
    };
    pub use crate::signer::new_nonce;
}

/// Signature V1 (`HMAC-SHA1`).
#[cfg(feature = "client")]
pub mod signer {
    pub use crate::signer::{
        canonical_query_string, encode_into, percent_encode, sign, signed_query_string,
        string_to_sign, SIGNATURE_PARAM,
    };
}

/// Signature V3 (`ACS3-HMAC-SHA256`).
#[cfg(feature = "client")]
pub mod signer_v3 {
    pub use crate::signer_v3::{
        authorization, canonical_request, payload_sha256, sign, signature, string_to_sign,
        CanonicalRequest, V3Signature, ALGORITHM, EMPTY_PAYLOAD_SHA256,
    };
}
