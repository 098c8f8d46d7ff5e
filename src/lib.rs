//! # wx-open-data
//!
//! Verify, decrypt and validate what WeChat hands a Mini Program server: open data
//! (`encryptedData` + `iv`, AES-128-CBC under the `session_key`), `rawData` signatures,
//! login-state signatures, WeChat server API requests and answers, and message pushes. The Rust
//! core here has no JavaScript types; the `wasm` module (compiled only for `wasm32`) is the one
//! boundary to JavaScript. The WeChat facts the code relies on are written down in
//! `docs/protocol.md` in the repository.
//!
//! The public surface:
//!
//! - open data: [`decrypt_open_data`], [`decrypt_payload`] (typed [`PayloadKind`]s),
//!   [`decrypt_with_keys`] (several candidate session_keys), with [`OpenDataInput`], [`Options`],
//!   [`WatermarkRule`] and the result [`OpenData`]; more in [`open_data`] and [`payload`];
//! - [`signature`]: the `rawData` SHA-1 signature and the login-state HMAC-SHA256 signature;
//! - [`wx_api`]: WeChat server API request builders and response parsers (the caller does the HTTP);
//!   [`wx_api::Platform`] adds the code-to-session exchange of QQ, Douyin, Kuaishou, WeCom and Baidu;
//! - [`platforms`]: Baidu's open data (AES-192-CBC) and Alipay's phone-number response;
//! - [`api_security`]: WeChat server API security (encrypted, signed requests and responses);
//! - [`session`]: sealed session tokens (JWE `dir` + `A256GCM`), the login state of a stateless server;
//! - [`push`]: message push in safe mode (signatures, AES-256-CBC, envelopes, replies);
//! - [`diagnose`]: every check on an open-data input as a typed report, for logs and developers;
//! - errors: [`Error`], [`ErrorCode`], [`Result`], [`WxApiDetails`].
//!
//! ```
//! use wx_open_data::{decrypt_open_data, OpenDataInput, Options};
//!
//! let input = OpenDataInput {
//!     app_ids: &["wx4f4bc4dec97d474b"],
//!     session_key: "tiihtNczf5v6AKRyjwEUhQ==",
//!     iv: "r7BXXKkLb8qrSNn05n0qiA==",
//!     encrypted_data: "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==",
//! };
//! let data = decrypt_open_data(&input, &Options::default())?;
//! assert!(data.text().contains(r#""nickName":"Band""#));
//! # Ok::<(), wx_open_data::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod num;
mod watermark;

pub mod api_security;
pub mod diagnose;
pub mod open_data;
pub mod payload;
pub mod platforms;
pub mod push;
pub mod session;
pub mod signature;
pub mod wx_api;

// Internals, public only because the integration tests, the fuzz targets or the benches reach
// them: not part of the API, hidden from the documentation, may change in any release.
#[doc(hidden)]
#[allow(rustdoc::private_intra_doc_links)]
pub mod aes_simd;
#[doc(hidden)]
pub mod crypto;
#[doc(hidden)]
pub mod encoding;
#[doc(hidden)]
pub mod json;
#[doc(hidden)]
pub mod testing;

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
#[allow(rustdoc::private_intra_doc_links)]
pub mod wasm;

pub use encoding::MAX_INPUT_LEN;
pub use error::{Error, ErrorCode, Result, WxApiDetails, DECRYPT_FAILED_MESSAGE};
pub use open_data::{decrypt_open_data, OpenData, OpenDataInput, Options};
pub use payload::{decrypt_payload, decrypt_with_keys, PayloadKind};
pub use watermark::WatermarkRule;
