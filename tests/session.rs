//! Sealed session tokens (tests/vectors/session.json: tokens made by `jose` and node:crypto in
//! scripts/gen-session-vectors.mjs) against the pure-Rust core: byte-identical sealing, opening,
//! and every refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::code_of;
use serde_json::Value;
use wx_open_data::session::{
    names_session_key, open_session, seal_session, OpenInput, SealInput, SessionKey,
};
use wx_open_data::ErrorCode;

fn vectors() -> Value {
    common::load_vectors("session.json")
}

fn key_of(v: &Value) -> SessionKey {
    SessionKey::new(v["id"].as_str().unwrap(), v["secret"].as_str().unwrap()).unwrap()
}

fn keys() -> Vec<SessionKey> {
    vectors()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(key_of)
        .collect()
}

fn iv_of(s: &str) -> [u8; 12] {
    URL_SAFE_NO_PAD.decode(s).unwrap().try_into().unwrap()
}

fn open(
    token: &str,
    keys: &[SessionKey],
    now: u64,
    tolerance: u64,
) -> wx_open_data::Result<String> {
    open_session(&OpenInput {
        token,
        keys,
        now,
        clock_tolerance: tolerance,
    })
}

#[test]
fn seals_byte_for_byte_what_jose_seals() {
    let v = vectors();
    let keys = keys();
    let cases = v["seal"].as_array().unwrap();
    assert!(cases.len() >= 3);
    for c in cases {
        let token = seal_session(&SealInput {
            claims: c["claimsText"].as_str().unwrap(),
            keys: &keys,
            ttl_seconds: c["ttlSeconds"].as_u64().unwrap(),
            now: c["now"].as_u64().unwrap(),
            iv: iv_of(c["iv"].as_str().unwrap()),
        })
        .unwrap();
        assert_eq!(token, c["token"].as_str().unwrap(), "{}", c["name"]);
        // And it opens to the claims plus iat and exp, in order.
        let text = open(&token, &keys, c["now"].as_u64().unwrap(), 0).unwrap();
        let mut want = c["claimsText"]
            .as_str()
            .unwrap()
            .trim_end_matches('}')
            .to_owned();
        if want != "{" {
            want.push(',');
        }
        let (now, ttl) = (
            c["now"].as_u64().unwrap(),
            c["ttlSeconds"].as_u64().unwrap(),
        );
        want.push_str(&format!("\"iat\":{now},\"exp\":{}}}", now + ttl));
        assert_eq!(text, want, "{}", c["name"]);
    }
}

#[test]
fn opens_or_refuses_every_vector() {
    let v = vectors();
    let keys = keys();
    let cases = v["open"].as_array().unwrap();
    assert!(cases.len() > 30);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let token = c["token"].as_str().unwrap();
        let now = c["now"].as_u64().unwrap();
        let tolerance = c["tolerance"].as_u64().unwrap_or(0);
        let got = open(token, &keys, now, tolerance);
        match c["error"].as_str() {
            Some(code) => {
                let err = got.expect_err(name);
                assert_eq!(err.code(), code_of(code), "{name}: {err:?}");
                assert_eq!(err.field(), Some("token"), "{name}");
            }
            None => {
                let text = got.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                let claims: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(claims, c["claims"], "{name}");
            }
        }
    }
}

#[test]
fn refuses_bad_claims_when_sealing() {
    let v = vectors();
    let keys = keys();
    for c in v["badClaims"].as_array().unwrap() {
        let err = seal_session(&SealInput {
            claims: c["claimsText"].as_str().unwrap(),
            keys: &keys,
            ttl_seconds: 60,
            now: 1_780_000_000,
            iv: [7; 12],
        })
        .expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), ErrorCode::InvalidArgument, "{}", c["name"]);
        assert_eq!(err.field(), Some("claims"), "{}", c["name"]);
    }
    for text in [
        "[]",
        "\"x\"",
        "{",
        "null",
        "{\"sub\":\"o\",\"appid\":\"w\"} x",
    ] {
        let err = seal_session(&SealInput {
            claims: text,
            keys: &keys,
            ttl_seconds: 60,
            now: 0,
            iv: [7; 12],
        })
        .unwrap_err();
        assert_eq!(err.field(), Some("claims"), "{text}");
    }
}

#[test]
fn callers_iat_and_exp_are_replaced() {
    let keys = keys();
    let token = seal_session(&SealInput {
        claims: r#"{"iat":1,"sub":"o","exp":2,"appid":"w","x":[1]}"#,
        keys: &keys,
        ttl_seconds: 10,
        now: 100,
        iv: [1; 12],
    })
    .unwrap();
    assert_eq!(
        open(&token, &keys, 100, 0).unwrap(),
        r#"{"sub":"o","appid":"w","x":[1],"iat":100,"exp":110}"#
    );
    // Re-sealing what openSession returned (a sliding session) works.
    let again = seal_session(&SealInput {
        claims: &open(&token, &keys, 100, 0).unwrap(),
        keys: &keys,
        ttl_seconds: 10,
        now: 105,
        iv: [2; 12],
    })
    .unwrap();
    assert_eq!(
        open(&again, &keys, 114, 0).unwrap(),
        r#"{"sub":"o","appid":"w","x":[1],"iat":105,"exp":115}"#
    );
}

#[test]
fn rotation_first_seals_all_open_kid_picks() {
    let keys = keys();
    let claims = r#"{"sub":"o","appid":"w"}"#;
    let seal = |keys: &[SessionKey]| {
        seal_session(&SealInput {
            claims,
            keys,
            ttl_seconds: 60,
            now: 0,
            iv: [3; 12],
        })
        .unwrap()
    };
    let new = seal(&keys);
    let old = seal(&keys[1..]);
    assert!(new
        .starts_with(&URL_SAFE_NO_PAD.encode(r#"{"alg":"dir","enc":"A256GCM","kid":"2026-11"}"#)));
    // After rotation both open with the two-key list; the retired key's tokens fail without it.
    assert!(open(&new, &keys, 1, 0).is_ok());
    assert!(open(&old, &keys, 1, 0).is_ok());
    assert_eq!(
        open(&old, &keys[..1], 1, 0).unwrap_err().code(),
        ErrorCode::SessionInvalid
    );
    // The same id with another secret: the tag check fails.
    let stranger = key_of(&vectors()["stranger"]);
    assert_eq!(
        open(&new, &[stranger], 1, 0).unwrap_err().code(),
        ErrorCode::SessionInvalid
    );
}

#[test]
fn key_list_rules() {
    let good = "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o";
    // base64url and base64, with or without padding, all decode to the same key.
    let std = "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=";
    assert!(SessionKey::new("a", good).is_ok());
    assert!(SessionKey::new("a", std).is_ok());
    assert!(SessionKey::new("a", "ZWxzeoGIj5adpKuyucDHztXc4+rx+P8GDRQbIikwNz4=").is_ok());
    assert!(SessionKey::new("a", "ZWxzeoGIj5adpKuyucDHztXc4-rx-P8GDRQbIikwNz4").is_ok());
    for bad in [
        "",
        "short",
        "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09oA", // 33 bytes
        "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09p",  // spare bits set
        "AQgPFh0kKzI5QEdOVVxjanF4f4aNl uiqbC3vsXM09o",  // whitespace
        "ZWxzeoGIj5adpKuyucDHztXc4+rx-P8GDRQbIikwNz4=", // mixed alphabets
    ] {
        let err = SessionKey::new("a", bad).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::InvalidArgument, Some("keys")),
            "{bad:?}"
        );
    }
    assert!(SessionKey::new("", good).is_err());
    assert!(SessionKey::new(&"k".repeat(129), good).is_err());
    let k = SessionKey::new("a", good).unwrap();
    assert!(!format!("{k:?}").contains(good));
    assert!(format!("{k:?}").contains("redacted"));
    let claims = r#"{"sub":"o","appid":"w"}"#;
    let seal = |keys: &[SessionKey]| {
        seal_session(&SealInput {
            claims,
            keys,
            ttl_seconds: 60,
            now: 0,
            iv: [3; 12],
        })
    };
    assert_eq!(seal(&[]).unwrap_err().field(), Some("keys"));
    assert_eq!(
        seal(&[k.clone(), k.clone()]).unwrap_err().field(),
        Some("keys")
    );
    assert_eq!(
        seal(&vec![k.clone(); 17]).unwrap_err().field(),
        Some("keys")
    );
    assert_eq!(
        open("x", &[], 0, 0).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    // ttl
    let ttl = |ttl_seconds, now| {
        seal_session(&SealInput {
            claims,
            keys: std::slice::from_ref(&k),
            ttl_seconds,
            now,
            iv: [3; 12],
        })
    };
    assert_eq!(ttl(0, 0).unwrap_err().field(), Some("ttlSeconds"));
    assert_eq!(ttl(1 << 53, 0).unwrap_err().field(), Some("ttlSeconds"));
    assert!(ttl((1 << 53) - 2, 1).is_ok());
}

#[test]
fn session_key_names_in_any_spelling() {
    for yes in [
        "session_key",
        "sessionKey",
        "SESSION_KEY",
        "Session-Key",
        "session.key",
        "sessionkey",
        "session key",
    ] {
        assert!(names_session_key(yes), "{yes}");
    }
    for no in [
        "session",
        "sessionKeys",
        "session_key_hash",
        "sid",
        "key",
        "sessionkey2",
    ] {
        assert!(!names_session_key(no), "{no}");
    }
    // An escaped name is read unescaped.
    let keys = keys();
    let err = seal_session(&SealInput {
        claims: r#"{"sub":"o","appid":"w","session\u005fkey":"x"}"#,
        keys: &keys,
        ttl_seconds: 60,
        now: 0,
        iv: [3; 12],
    })
    .unwrap_err();
    assert_eq!(err.field(), Some("claims"));
}

#[test]
fn nbf_is_a_number_when_present_on_both_sides() {
    let keys = keys();
    let seal = |claims: &str| {
        seal_session(&SealInput {
            claims,
            keys: &keys,
            ttl_seconds: 60,
            now: 1000,
            iv: [4; 12],
        })
    };
    let err = seal(r#"{"sub":"o","appid":"w","nbf":"w"}"#).unwrap_err();
    assert_eq!(err.field(), Some("claims"));
    assert!(open(
        &seal(r#"{"sub":"o","appid":"w","nbf":null}"#).unwrap(),
        &keys,
        1000,
        0
    )
    .is_ok());
    let later = seal(r#"{"sub":"o","appid":"w","nbf":1010}"#).unwrap();
    assert_eq!(
        open(&later, &keys, 1000, 0).unwrap_err().code(),
        ErrorCode::SessionInvalid
    );
    assert!(open(&later, &keys, 1000, 10).is_ok());
    assert!(open(&later, &keys, 1010, 0).is_ok());
}

#[test]
fn size_limits() {
    let keys = keys();
    let big = format!(
        r#"{{"sub":"o","appid":"w","pad":"{}"}}"#,
        "x".repeat(8 * 1024)
    );
    let err = seal_session(&SealInput {
        claims: &big,
        keys: &keys,
        ttl_seconds: 60,
        now: 0,
        iv: [3; 12],
    })
    .unwrap_err();
    assert_eq!(err.field(), Some("claims"));
    let err = open(&"a".repeat(16 * 1024 + 1), &keys, 0, 0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::SessionInvalid);
}

#[test]
fn every_single_character_change_is_refused() {
    let keys = keys();
    let token = seal_session(&SealInput {
        claims: r#"{"sub":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","appid":"wx4f4bc4dec97d474b","ver":1}"#,
        keys: &keys,
        ttl_seconds: 60,
        now: 0,
        iv: [9; 12],
    })
    .unwrap();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=";
    let mut tried = 0;
    for i in 0..token.len() {
        for &c in alphabet.iter().step_by(7) {
            let mut b = token.as_bytes().to_vec();
            if b[i] == c {
                continue;
            }
            b[i] = c;
            let t = String::from_utf8(b).unwrap();
            tried += 1;
            let err = open(&t, &keys, 1, 0).unwrap_err();
            assert_eq!(err.code(), ErrorCode::SessionInvalid, "{t}");
        }
    }
    assert!(tried > 1000);
}

#[test]
fn seal_refuses_no_error_message_leaks_the_secret() {
    let keys = keys();
    let err = open("a.b.c.d.e", &keys, 0, 0).unwrap_err();
    assert!(!err.message().contains("AQgPFh0k"));
    assert!(err.message().starts_with("session token invalid"));
}
