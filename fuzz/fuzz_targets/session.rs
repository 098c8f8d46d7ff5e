//! Sealed session tokens with arbitrary input: never panic; any claims that seal open back to the
//! same text plus `iat`/`exp`; any token that is not one of ours (arbitrary text, or a sealed token
//! with one byte changed) is refused with ERR_SESSION_INVALID; errors never carry the secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::session::{open_session, seal_session, OpenInput, SealInput, SessionKey};
use wx_open_data::ErrorCode;

#[path = "common.rs"]
mod common;

const SECRET: &str = "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o";

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else {
        return;
    };
    let Ok(key) = SessionKey::new("k1", SECRET) else {
        return;
    };
    let keys = [key];
    let claims = common::field(&f, 0);
    let token = common::field(&f, 1);
    let open = |t: &str| {
        open_session(&OpenInput {
            token: t,
            keys: &keys,
            now: 1000,
            clock_tolerance: 0,
        })
    };
    // An arbitrary token: refused, never panics, never authentic.
    match open(token) {
        Ok(_) => panic!("an arbitrary token opened"),
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::SessionInvalid);
            common::check_error(&e, &[SECRET]);
        }
    }
    // Arbitrary claims: sealed or refused as an argument error.
    let sealed = seal_session(&SealInput {
        claims,
        keys: &keys,
        ttl_seconds: 60,
        now: 1000,
        iv: [flags; 12],
    });
    match sealed {
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::InvalidArgument);
            common::check_error(&e, &[SECRET]);
        }
        Ok(t) => {
            let text = match open(&t) {
                Ok(text) => text,
                // A caller's `nbf` after `now` is honoured: not valid yet.
                Err(e) if e.message().contains("(nbf)") => return,
                Err(e) => panic!("a sealed token does not open: {e:?}"),
            };
            assert!(text.ends_with(r#""iat":1000,"exp":1060}"#));
            let mut bytes = t.into_bytes();
            let i = usize::from(flags) % bytes.len();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).expect("ASCII");
            assert_eq!(
                open(&changed).map(|_| ()).unwrap_err().code(),
                ErrorCode::SessionInvalid
            );
        }
    }
});
