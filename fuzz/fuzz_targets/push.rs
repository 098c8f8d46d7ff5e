//! Message push (src/push/, XML in src/push/xml.rs). Mode 0: decrypt_push_message with arbitrary fields.
//! Mode 1: encrypt_push_reply then decrypt_push_message round-trips any message. Mode 2: the XML
//! parser and message_json on arbitrary text (accepted XML becomes JSON object text).
//! Mode 3: open_push_request with an arbitrary query and body. Nothing panics; errors are well formed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::json;
use wx_open_data::push::{
    decrypt_push_message, encrypt_push_reply, message_json, msg_signature, open_push_request,
    Format, PushDecryptInput, PushQuery, PushReplyInput, PushRequest,
};
use wx_open_data::push::xml;

#[path = "common.rs"]
mod common;

const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const TOKEN: &str = "QDG6eK";

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else {
        return;
    };
    let g = |i| common::field(&f, i);
    match flags % 4 {
        0 => {
            let keys = [if flags & 4 != 0 { AES_KEY } else { g(1) }];
            let app_ids = [common::APPID];
            let sig = if flags & 8 != 0 { msg_signature(TOKEN, g(2), g(3), g(0)) } else { g(4).to_owned() };
            let input = PushDecryptInput {
                token: TOKEN,
                encoding_aes_keys: &keys,
                app_ids: &app_ids,
                timestamp: g(2),
                nonce: g(3),
                msg_signature: &sig,
                encrypt: g(0),
            };
            if let Err(e) = decrypt_push_message(&input) {
                common::check_error(&e, &[AES_KEY]);
            }
        }
        1 => {
            let message = g(0);
            let random = [flags; 16];
            let reply = encrypt_push_reply(&PushReplyInput {
                token: TOKEN,
                encoding_aes_key: AES_KEY,
                app_id: common::APPID,
                message,
                timestamp: 1_700_000_000,
                nonce: "nonce",
                random: &random,
            });
            let Ok(reply) = reply else {
                return;
            };
            let ts = reply.timestamp.to_string();
            let decrypted = decrypt_push_message(&PushDecryptInput {
                token: TOKEN,
                encoding_aes_keys: &[AES_KEY],
                app_ids: &[common::APPID],
                timestamp: &ts,
                nonce: &reply.nonce,
                msg_signature: &reply.msg_signature,
                encrypt: &reply.encrypt,
            })
            .expect("a reply we encrypted decrypts");
            assert_eq!(decrypted.text(), message);
        }
        2 => {
            let text = g(0);
            if let Ok(root) = xml::parse(text) {
                let j = xml::children_to_json(&root);
                assert!(json::object_members(&j).is_some(), "children_to_json gave {j:?}");
            }
            if let Some((format, j)) = message_json(text) {
                assert!(json::object_members(&j).is_some());
                if format == Format::Json {
                    assert_eq!(j.as_str(), text);
                }
            }
        }
        _ => {
            let keys = [AES_KEY];
            let app_ids = [common::APPID];
            let opt = |i: usize, bit: u8| (flags & bit != 0).then(|| g(i));
            let req = PushRequest {
                token: TOKEN,
                encoding_aes_keys: &keys,
                app_ids: &app_ids,
                query: PushQuery {
                    signature: opt(1, 4),
                    timestamp: opt(2, 8),
                    nonce: opt(3, 16),
                    echostr: opt(4, 32),
                    msg_signature: opt(5, 64),
                    ..PushQuery::default()
                },
                body: (flags & 128 != 0).then(|| g(0)),
                format: None,
            };
            if let Err(e) = open_push_request(&req) {
                common::check_error(&e, &[AES_KEY]);
            }
        }
    }
});
