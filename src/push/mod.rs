//! Message push (消息推送) in safe mode (WXBizMsgCrypt).
//!
//! - URL check and plaintext-mode signature: `hex(sha1(concat(sort([token, timestamp, nonce]))))`.
//! - Encrypted pushes: `msg_signature = hex(sha1(concat(sort([token, timestamp, nonce, Encrypt]))))`,
//!   checked in constant time BEFORE anything is decrypted.
//! - Key: `base64_decode(EncodingAESKey + "=")`, 43 characters -> 32 bytes (AES-256), non-zero
//!   trailing bits allowed; IV = the first 16 key bytes.
//! - Plaintext: `random(16) || be_u32(len) || msg || appid`, PKCS#7 with a 32-byte block (pad
//!   1..=32, every pad byte checked); `20 + len <= total`; the appid must be an allowed one.
//!
//! Every failure after decryption (padding, length field, UTF-8, and, in the request helper, a
//! message that is not JSON/XML) is one error with one message ([`PUSH_DECRYPT_FAILED_MESSAGE`]).
//!
//! The code is split by concern: EncodingAESKeys (`keys`), signatures (`signature`), the
//! encryption framing (`cipher`), the JSON/XML envelopes and reply rendering (`envelope`, with the
//! XML subset in `xml`) and the whole request (`request`). Everything public is re-exported here.
//!
//! Callers holding loosely typed input (the JavaScript boundary reads strings, numbers, arrays and
//! bytes) hand it over unchanged and let these rules decide: [`TextOrNumber`] for a timestamp or
//! nonce given as text or number, [`check_key_list_len`] and [`current_key`] for key lists,
//! [`reply_timestamp`], [`reply_nonce`] and [`reply_random`] for reply defaults,
//! [`Format::from_setting`], [`query_string`] and [`body_from_bytes`] for requests, and
//! [`PushReply::fields`] / [`PushOutcome::fields`] for the result objects.

mod cipher;
mod envelope;
mod keys;
mod request;
mod signature;
#[doc(hidden)]
pub mod xml;

pub use cipher::{
    decrypt_failed, decrypt_push_message, encrypt_push_reply, random_alphanumeric, random_digits,
    reply_app_id_list_error, reply_nonce, reply_random, reply_timestamp, PushDecryptInput,
    PushMessage, PushReply, PushReplyInput, PUSH_DECRYPT_FAILED_MESSAGE,
};
pub use envelope::{
    envelope_encrypt, message_json, render_reply_xml, xml_body_error, FieldValue, Format,
};
pub use keys::{
    check_key_list_len, current_key, keys_required, parse_keys, PushKey, ENCODING_AES_KEY_LEN,
    MAX_KEYS,
};
pub use request::{
    body_from_bytes, open_push_request, query_string, PushOutcome, PushQuery, PushRequest,
};
pub use signature::{
    msg_signature, push_signature, verify_msg_signature, verify_push_signature, TextOrNumber,
    MAX_TIMESTAMP_NUMBER,
};
pub use xml::XmlError;
