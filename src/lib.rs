//! # wx-open-data
//!
//! Verify, decrypt and validate what WeChat hands a Mini Program server: open data
//! (`encryptedData` + `iv`, AES-128-CBC under the `session_key`), `rawData` signatures,
//! login-state signatures, and more. The Rust core here has no JavaScript types; the `wasm`
//! module (compiled only for `wasm32`) is the one boundary to JavaScript.
//!
//! ```
//! use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
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

#[doc(hidden)]
pub mod aes_simd;
pub mod crypto;
pub mod diagnose;
pub mod encoding;
pub mod error;
pub mod json;
mod num;
pub mod open_data;
pub mod payload;
pub mod push;
pub mod signature;
pub mod testing;
pub mod watermark;
pub mod wx_api;

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use error::{Error, ErrorCode, Result};
