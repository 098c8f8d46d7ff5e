//! Message-push vectors (tests/vectors/push.json: generated with node:crypto by
//! scripts/gen-push-vectors.mjs, plus the official examples WeChat publishes) against the
//! pure-Rust core.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use common::code_of;
use serde_json::Value;
use wx_open_data::push::{
    self, decrypt_push_message, encrypt_push_reply, open_push_request, Format, PushDecryptInput,
    PushOutcome, PushQuery, PushReplyInput, PushRequest, PUSH_DECRYPT_FAILED_MESSAGE,
};
use wx_open_data::ErrorCode;

fn vectors() -> Value {
    common::load_vectors("push.json")
}

fn list(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().map(|x| x.as_str().unwrap()).collect(),
        other => panic!("not a string or list: {other}"),
    }
}

/// A string field, or a number's decimal text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("not text: {other}"),
    }
}

#[test]
fn verify_vectors() {
    let v = vectors();
    let cases = v["verify"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let i = &case["input"];
        let got = push::verify_push_signature(
            i["token"].as_str().unwrap(),
            &text(&i["timestamp"]),
            &text(&i["nonce"]),
            i["signature"].as_str().unwrap(),
        );
        assert_eq!(got, case["expect"].as_bool().unwrap(), "{}", case["name"]);
    }
}

#[test]
fn decrypt_vectors() {
    let v = vectors();
    let cases = v["decrypt"].as_array().unwrap();
    assert!(cases.len() >= 30);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let i = &case["input"];
        let keys = list(&i["encodingAESKey"]);
        let ids = list(&i["appId"]);
        let (timestamp, nonce) = (text(&i["timestamp"]), text(&i["nonce"]));
        let input = PushDecryptInput {
            token: i["token"].as_str().unwrap(),
            encoding_aes_keys: &keys,
            app_ids: &ids,
            timestamp: &timestamp,
            nonce: &nonce,
            msg_signature: i["msgSignature"].as_str().unwrap(),
            encrypt: i["encrypt"].as_str().unwrap(),
        };
        let got = decrypt_push_message(&input);
        let expect = &case["expect"];
        if let Some(message) = expect["message"].as_str() {
            let got = got.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got.text(), message, "{name}");
        } else {
            let err = got.err().unwrap_or_else(|| panic!("{name}: no error"));
            assert_eq!(
                err.code(),
                code_of(expect["code"].as_str().unwrap()),
                "{name}: {err}"
            );
            assert_eq!(err.field(), expect["field"].as_str(), "{name}");
            if err.code() == ErrorCode::DecryptFailed {
                assert_eq!(err.message(), PUSH_DECRYPT_FAILED_MESSAGE, "{name}");
            }
            for key in &keys {
                if key.len() > 8 {
                    assert!(!err.message().contains(key), "{name}: key in message");
                }
            }
        }
    }
}

#[test]
fn reply_vectors() {
    let v = vectors();
    let cases = v["reply"].as_array().unwrap();
    assert!(cases.len() >= 3);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let i = &case["input"];
        let random: [u8; 16] = i["random"].as_str().unwrap().as_bytes().try_into().unwrap();
        let nonce = text(&i["nonce"]);
        let reply = encrypt_push_reply(&PushReplyInput {
            token: i["token"].as_str().unwrap(),
            encoding_aes_key: list(&i["encodingAESKey"])[0],
            app_id: i["appId"].as_str().unwrap(),
            message: i["message"].as_str().unwrap(),
            timestamp: text(&i["timestamp"]).parse().unwrap(),
            nonce: &nonce,
            random: &random,
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let e = &case["expect"];
        assert_eq!(reply.encrypt, e["Encrypt"].as_str().unwrap(), "{name}");
        assert_eq!(
            reply.msg_signature,
            e["MsgSignature"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(reply.timestamp, e["TimeStamp"].as_u64().unwrap(), "{name}");
        assert_eq!(reply.nonce, e["Nonce"].as_str().unwrap(), "{name}");
        assert_eq!(reply.to_xml(), e["xml"].as_str().unwrap(), "{name}");
        let json: Value = serde_json::from_str(&reply.to_json()).unwrap();
        let mut without_xml = e.clone();
        without_xml.as_object_mut().unwrap().remove("xml");
        assert_eq!(json, without_xml, "{name}");
    }
}

/// A query string's parameters (the vectors only use unreserved characters: no percent-decoding).
fn parse_query_string(s: &str) -> Vec<(String, String)> {
    let search = s.split_once('?').map_or(s, |(_, q)| q);
    search
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

#[test]
fn request_vectors() {
    let v = vectors();
    let cases = v["requests"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let i = &case["input"];
        let pairs: Vec<(String, String)> = match &i["query"] {
            Value::String(s) => parse_query_string(s),
            Value::Object(o) => o
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect(),
            other => panic!("{name}: query {other}"),
        };
        let q = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let keys = list(&i["encodingAESKey"]);
        let ids = list(&i["appId"]);
        let req = PushRequest {
            token: i["token"].as_str().unwrap(),
            encoding_aes_keys: &keys,
            app_ids: &ids,
            query: PushQuery {
                signature: q("signature"),
                timestamp: q("timestamp"),
                nonce: q("nonce"),
                echostr: q("echostr"),
                msg_signature: q("msg_signature"),
            },
            body: i["body"].as_str(),
            format: i["format"].as_str().and_then(Format::from_name),
        };
        let got = open_push_request(&req);
        let e = &case["expect"];
        match e["kind"].as_str() {
            Some("verify") => match got {
                Ok(PushOutcome::Verify { echostr }) => {
                    assert_eq!(echostr, e["echostr"].as_str().unwrap(), "{name}");
                }
                other => panic!("{name}: {other:?}"),
            },
            Some("message") => match got {
                Ok(PushOutcome::Message {
                    format,
                    message,
                    json,
                }) => {
                    assert_eq!(format.as_str(), e["format"].as_str().unwrap(), "{name}");
                    assert_eq!(message.text(), e["text"].as_str().unwrap(), "{name}");
                    assert_eq!(
                        ids[message.app_id_index()],
                        e["appId"].as_str().unwrap(),
                        "{name}"
                    );
                    assert_eq!(
                        message.key_index() as u64,
                        e["keyIndex"].as_u64().unwrap(),
                        "{name}"
                    );
                    let parsed: Value = serde_json::from_str(&json).unwrap();
                    assert_eq!(parsed, e["message"], "{name}");
                }
                other => panic!("{name}: {other:?}"),
            },
            _ => {
                let err = got.err().unwrap_or_else(|| panic!("{name}: no error"));
                assert_eq!(
                    err.code(),
                    code_of(e["code"].as_str().unwrap()),
                    "{name}: {err}"
                );
                assert_eq!(err.field(), e["field"].as_str(), "{name}: {err}");
            }
        }
    }
}

#[test]
fn round_trip_every_length_and_both_keys() {
    let keys = [
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ];
    for len in 0..100usize {
        let message: String = "é".repeat(len / 2) + &"x".repeat(len % 2);
        let reply = encrypt_push_reply(&PushReplyInput {
            token: "tok",
            encoding_aes_key: keys[len % 2],
            app_id: "wxapp",
            message: &message,
            timestamp: 1_700_000_000 + len as u64,
            nonce: "n",
            random: b"0123456789abcdef",
        })
        .unwrap();
        let ts = reply.timestamp.to_string();
        let got = decrypt_push_message(&PushDecryptInput {
            token: "tok",
            encoding_aes_keys: &keys,
            app_ids: &["wxother", "wxapp"],
            timestamp: &ts,
            nonce: "n",
            msg_signature: &reply.msg_signature,
            encrypt: &reply.encrypt,
        })
        .unwrap();
        assert_eq!(got.text(), message);
        assert_eq!(got.key_index(), len % 2);
        assert_eq!(got.app_id_index(), 1);
    }
}

#[test]
fn every_post_decryption_failure_has_one_message() {
    let v = vectors();
    let mut messages = std::collections::BTreeSet::new();
    for case in v["decrypt"].as_array().unwrap() {
        if case["expect"]["code"] != "ERR_DECRYPT_FAILED" {
            continue;
        }
        let i = &case["input"];
        let keys = list(&i["encodingAESKey"]);
        let ids = list(&i["appId"]);
        let (timestamp, nonce) = (text(&i["timestamp"]), text(&i["nonce"]));
        let err = decrypt_push_message(&PushDecryptInput {
            token: i["token"].as_str().unwrap(),
            encoding_aes_keys: &keys,
            app_ids: &ids,
            timestamp: &timestamp,
            nonce: &nonce,
            msg_signature: i["msgSignature"].as_str().unwrap(),
            encrypt: i["encrypt"].as_str().unwrap(),
        })
        .unwrap_err();
        messages.insert(format!("{:?}", err));
    }
    assert_eq!(messages.len(), 1, "{messages:?}");
}

#[test]
fn every_truncated_xml_body_is_refused_and_nothing_panics() {
    use wx_open_data::push::xml;
    let v = vectors();
    let doc = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "official push, XML body with CDATA")
        .unwrap()["input"]["body"]
        .as_str()
        .unwrap()
        .trim_end()
        .to_owned();
    assert!(xml::parse(&doc).is_ok());
    for (i, _) in doc.char_indices().skip(1) {
        let prefix = &doc[..i];
        assert!(xml::parse(prefix).is_err(), "prefix of {i} bytes accepted");
        let req = PushRequest {
            token: "AAAAA",
            encoding_aes_keys: &["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
            app_ids: &["wxba5fad812f8e6fb9"],
            query: PushQuery {
                timestamp: Some("1714112445"),
                nonce: Some("415670741"),
                msg_signature: Some("046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"),
                ..PushQuery::default()
            },
            body: Some(prefix),
            format: None,
        };
        let err = open_push_request(&req).unwrap_err();
        assert!(
            matches!(
                err.code(),
                ErrorCode::InvalidArgument | ErrorCode::SignatureMismatch
            ),
            "prefix of {i} bytes: {err}"
        );
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A small deterministic generator: no dev-dependency needed.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"<>/![]CDATA&;#x=\"' xmlEncrypt{}:,AZaz09+";
    for _ in 0..3000 {
        let len = (next() % 80) as usize;
        let s: String = (0..len)
            .map(|_| char::from(alphabet[(next() % alphabet.len() as u64) as usize]))
            .collect();
        let _ = wx_open_data::push::xml::parse(&s);
        let _ = push::envelope_encrypt(&s, Format::Xml);
        let _ = push::envelope_encrypt(&s, Format::Json);
        let _ = push::message_json(&s);
        let keys = ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"];
        let _ = decrypt_push_message(&PushDecryptInput {
            token: "t",
            encoding_aes_keys: &keys,
            app_ids: &["wx"],
            timestamp: "1",
            nonce: "2",
            msg_signature: &push::msg_signature("t", "1", "2", &s),
            encrypt: &s,
        });
    }
}
