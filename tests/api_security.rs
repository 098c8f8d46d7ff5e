//! WeChat server API security: the guide's request reproduced byte for byte (V1), its signed
//! string (V2, whose signature the JS suite verifies with WebCrypto), the key handling, and every
//! response case of tests/vectors/api-security.json that fails or passes without RSA (the
//! signature stage runs in JavaScript, where WebCrypto is).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{code_of, load_vectors};
use serde_json::Value;
use sha2::{Digest, Sha256};
use wx_open_data::api_security::{
    self, aad, certificate_spki, check_response, open_envelope, private_key_pkcs8, seal, url_path,
    OpenInput, ResponseHeaders, SealInput,
};
use wx_open_data::ErrorCode;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("{k}"))
}

fn b64(s: &str) -> Vec<u8> {
    wx_open_data::encoding::decode_base64("t", s)
        .unwrap()
        .to_vec()
}

#[test]
fn v1_request_is_byte_exact() {
    let v = load_vectors("api-security.json");
    let o = &v["official"];
    let r = &o["request"];
    let iv = b64(s(r, "iv"));
    let ts = r["timestamp"].as_u64().unwrap();
    let sealed = seal(&SealInput {
        url: s(o, "url"),
        app_id: s(o, "appId"),
        symmetric_key: s(o, "symmetricKey"),
        symmetric_key_sn: s(o, "symmetricKeySn"),
        params_json: s(r, "params"),
        timestamp: ts,
        nonce: s(r, "nonce"),
        iv: &iv,
    })
    .unwrap();
    assert_eq!(sealed.body, s(r, "body"));
    assert_eq!(sealed.body.len(), 324);
    assert_eq!(sealed.signing_string, s(r, "signingString"));
    assert_eq!(
        hex(&Sha256::digest(sealed.signing_string.as_bytes())),
        "478d8b106b2fb0a9dcceaf58cd637f51e206fc7685ffcaca57e23205388c1e3b"
    );
    let plain = api_security::inner_json(s(r, "nonce"), s(o, "appId"), ts, s(r, "params")).unwrap();
    assert_eq!(plain.as_str(), s(r, "plaintext"));
    assert_eq!(plain.len(), 188);
    let path = url_path(s(o, "url")).unwrap();
    assert_eq!(path, s(o, "urlPath"));
    assert_eq!(
        aad(path, s(o, "appId"), &ts.to_string(), s(o, "symmetricKeySn")),
        s(r, "aad")
    );
}

#[test]
fn the_console_private_key_becomes_pkcs8() {
    let v = load_vectors("api-security.json");
    let o = &v["official"];
    let from_pkcs1 = private_key_pkcs8("privateKey", s(o, "privateKeyPkcs1")).unwrap();
    assert_eq!(
        hex(&Sha256::digest(&*from_pkcs1)),
        s(o, "privateKeyPkcs8DerSha256")
    );
    let from_pkcs8 = private_key_pkcs8("privateKey", s(o, "privateKeyPkcs8")).unwrap();
    assert_eq!(*from_pkcs1, *from_pkcs8);
    // CRLF line ends and the `\n` escapes of a key kept in an environment variable.
    let crlf = s(o, "privateKeyPkcs1").replace('\n', "\r\n");
    assert_eq!(
        *private_key_pkcs8("privateKey", &crlf).unwrap(),
        *from_pkcs1
    );
    let escaped = s(o, "privateKeyPkcs1").replace('\n', "\\n");
    assert_eq!(
        *private_key_pkcs8("privateKey", &escaped).unwrap(),
        *from_pkcs1
    );
}

#[test]
fn the_certificate_gives_its_public_key() {
    let v = load_vectors("api-security.json");
    let o = &v["official"];
    let spki = certificate_spki("certificates", s(o, "certificate")).unwrap();
    assert_eq!(hex(&Sha256::digest(&spki)), s(o, "certificateSpkiSha256"));
    let from_public = certificate_spki("certificates", s(o, "publicKey")).unwrap();
    assert_eq!(
        hex(&Sha256::digest(&from_public)),
        s(o, "publicKeySpkiSha256")
    );
    for c in ["a", "b"] {
        let cert = &v["test"]["certificates"][c];
        assert!(certificate_spki("certificates", s(cert, "certificate")).is_ok());
        // A test platform key is PKCS#8 and goes through unchanged.
        assert!(private_key_pkcs8("privateKey", s(cert, "privateKey")).is_ok());
    }
}

#[test]
fn bad_keys_are_invalid_key_errors_without_key_material() {
    let v = load_vectors("api-security.json");
    let o = &v["official"];
    let pkcs1 = s(o, "privateKeyPkcs1");
    let body_line = pkcs1.lines().nth(3).unwrap();
    let cases: Vec<String> = vec![
        String::new(),
        "not a key".into(),
        pkcs1.replace("-----END RSA PRIVATE KEY-----", ""),
        pkcs1.replace(body_line, "!!!!"),
        pkcs1.replace(body_line, ""), // base64 fine after removal? the DER is cut
        pkcs1.replace("RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"),
        pkcs1.replace("RSA PRIVATE KEY", "EC PRIVATE KEY"),
        s(o, "certificate").to_owned(),
        pkcs1.replace("RSA PRIVATE KEY", "PRIVATE KEY"), // PKCS#1 body under a PKCS#8 label
    ];
    for (i, pem) in cases.iter().enumerate() {
        let err = private_key_pkcs8("privateKey", pem).expect_err(&format!("case {i}"));
        assert_eq!(err.code(), ErrorCode::InvalidKey, "case {i}: {err:?}");
        assert_eq!(err.field(), Some("privateKey"));
        assert!(!err.message().contains(body_line), "case {i}");
    }
    let cert = s(o, "certificate");
    for (i, pem) in [
        pkcs1.to_owned(),
        cert.replace("CERTIFICATE", "X509 CRL"),
        cert.replace(cert.lines().nth(5).unwrap(), ""),
    ]
    .iter()
    .enumerate()
    {
        let err = certificate_spki("certificates", pem).expect_err(&format!("cert case {i}"));
        assert_eq!(err.code(), ErrorCode::InvalidKey, "cert case {i}");
    }
    // Every truncation of the DER of the certificate is refused, never a panic.
    let (_, der) = {
        let body: String = cert.lines().filter(|l| !l.starts_with("-----")).collect();
        ((), b64(&body))
    };
    for n in 0..der.len() {
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            wx_open_data::encoding::encode_base64(&der[..n])
        );
        assert!(
            certificate_spki("certificates", &pem).is_err(),
            "prefix {n}"
        );
    }
}

#[test]
fn seal_rejects_bad_inputs() {
    let v = load_vectors("api-security.json");
    let o = &v["official"];
    let iv = [0u8; 12];
    let base = SealInput {
        url: s(o, "url"),
        app_id: s(o, "appId"),
        symmetric_key: s(o, "symmetricKey"),
        symmetric_key_sn: s(o, "symmetricKeySn"),
        params_json: "{\"code\":\"x\"}",
        timestamp: 1_700_000_000,
        nonce: "n",
        iv: &iv,
    };
    assert!(seal(&base).is_ok());
    let short = [0u8; 16];
    let check = |input: SealInput<'_>, code: ErrorCode, field: &str| {
        let err = seal(&input).unwrap_err();
        assert_eq!((err.code(), err.field()), (code, Some(field)), "{err:?}");
    };
    check(
        SealInput {
            url: "/wxa/x",
            ..base
        },
        ErrorCode::InvalidArgument,
        "url",
    );
    check(
        SealInput {
            url: "https:///x",
            ..base
        },
        ErrorCode::InvalidArgument,
        "url",
    );
    check(
        SealInput { app_id: "", ..base },
        ErrorCode::InvalidArgument,
        "appId",
    );
    check(
        SealInput {
            app_id: "wx|1",
            ..base
        },
        ErrorCode::InvalidArgument,
        "appId",
    );
    check(
        SealInput {
            symmetric_key: "AAAA",
            ..base
        },
        ErrorCode::InvalidAesKey,
        "symmetricKey",
    );
    check(
        SealInput {
            symmetric_key: "not base64",
            ..base
        },
        ErrorCode::InvalidBase64,
        "symmetricKey",
    );
    check(
        SealInput {
            symmetric_key_sn: "",
            ..base
        },
        ErrorCode::InvalidArgument,
        "symmetricKeySn",
    );
    check(
        SealInput {
            params_json: "[1]",
            ..base
        },
        ErrorCode::InvalidArgument,
        "params",
    );
    check(
        SealInput {
            params_json: "{\"_n\":1}",
            ..base
        },
        ErrorCode::InvalidArgument,
        "params",
    );
    check(SealInput { iv: &short, ..base }, ErrorCode::InvalidIv, "iv");
    check(
        SealInput { nonce: "", ..base },
        ErrorCode::InvalidArgument,
        "nonce",
    );
    // Empty params: only the protocol's fields; order and escapes of params kept as written.
    let p = api_security::inner_json("n", "wx1", 5, "{}").unwrap();
    assert_eq!(p.as_str(), r#"{"_n":"n","_appid":"wx1","_timestamp":5}"#);
    let p = api_security::inner_json("n", "wx1", 5, r#"{ "z": 1, "a\u0041": [2] }"#).unwrap();
    assert_eq!(
        p.as_str(),
        r#"{"_n":"n","_appid":"wx1","_timestamp":5,"z":1,"a\u0041":[2]}"#
    );
}

fn headers(c: &Value) -> Vec<(String, String)> {
    c["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap().to_owned()))
        .collect()
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Every response case that does not need RSA: a failure at the check or open stage gives its
/// code; a passing case opens to the expected JSON (its signature checked in JS).
#[test]
fn response_cases() {
    let v = load_vectors("api-security.json");
    let t = &v["test"];
    let mut ran = 0;
    for c in t["cases"].as_array().unwrap() {
        let name = s(c, "name");
        let stage = c["stage"].as_str();
        if stage == Some("verify") {
            continue;
        }
        let h = headers(c);
        let rh = ResponseHeaders {
            app_id: header(&h, "wechatmp-appid"),
            timestamp: header(&h, "wechatmp-timestamp"),
            serial: header(&h, "wechatmp-serial"),
            signature: header(&h, "wechatmp-signature"),
            serial_deprecated: header(&h, "wechatmp-serial-deprecated"),
            signature_deprecated: header(&h, "wechatmp-signature-deprecated"),
        };
        let names: Vec<&str> = match c["certificates"].as_array() {
            Some(list) => list.iter().map(|x| x.as_str().unwrap()).collect(),
            None => vec!["a"],
        };
        let serials: Vec<&str> = names
            .iter()
            .map(|n| s(&t["certificates"][*n], "sn"))
            .collect();
        let body = s(c, "body");
        let checked = check_response(s(t, "url"), s(t, "appId"), &rh, body, &serials);
        if stage == Some("check") {
            let err = checked.expect_err(name);
            assert_eq!(err.code(), code_of(s(c, "code")), "{name}: {err:?}");
            if let Some(errcode) = c["errcode"].as_i64() {
                let wx = err.wx_api_details().unwrap();
                assert_eq!(wx.errcode, errcode);
                assert!(wx.errmsg.contains("rid:"));
                assert!(
                    !wx.hint.starts_with("unknown"),
                    "{name}: a hint of the table"
                );
            }
            ran += 1;
            continue;
        }
        let to_verify = checked.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(
            to_verify.deprecated,
            c["warning"].as_bool() == Some(true),
            "{name}"
        );
        assert_eq!(to_verify.signature.len(), 256, "{name}");
        let ts = header(&h, "wechatmp-timestamp").unwrap();
        assert_eq!(
            to_verify.signing_string,
            format!("{}\n{}\n{}\n{}", s(t, "urlPath"), s(t, "appId"), ts, body)
        );
        let opened = open_envelope(&OpenInput {
            url: s(t, "url"),
            app_id: s(t, "appId"),
            symmetric_key: s(t, "symmetricKey"),
            symmetric_key_sn: s(t, "symmetricKeySn"),
            timestamp: ts,
            body,
            now: c["now"].as_u64().unwrap(),
            max_age_seconds: 300,
        });
        match c["code"].as_str() {
            Some(code) => {
                let err = opened.expect_err(name);
                assert_eq!(err.code(), code_of(code), "{name}: {err:?}");
                if err.code() == ErrorCode::ApiDecryptFailed {
                    assert_eq!(err.message(), api_security::API_DECRYPT_FAILED_MESSAGE);
                }
            }
            None => assert_eq!(opened.unwrap().as_str(), s(c, "result"), "{name}"),
        }
        ran += 1;
    }
    assert!(ran >= 15, "{ran} cases ran");
}

#[test]
fn a_sealed_request_opens_as_a_response_would() {
    // The same envelope rules in both directions: what seal writes, open_envelope reads back
    // (with the sealing timestamp standing for the response's).
    let iv = [7u8; 12];
    let key = "otUpngOjU+nVQaWJIC3D/yMLV17RKaP6t4Ot9tbnzLY=";
    let url = "https://api.weixin.qq.com/wxa/business/getuserphonenumber?access_token=T";
    let params =
        r#"{"errcode":0,"errmsg":"ok","phone_info":{"purePhoneNumber":"138"},"__proto__":{"x":1}}"#;
    let sealed = seal(&SealInput {
        url,
        app_id: "wx1",
        symmetric_key: key,
        symmetric_key_sn: "sn",
        params_json: params,
        timestamp: 1000,
        nonce: "nn",
        iv: &iv,
    })
    .unwrap();
    let open = |now: u64, sn: &str, app: &str| {
        open_envelope(&OpenInput {
            url,
            app_id: app,
            symmetric_key: key,
            symmetric_key_sn: sn,
            timestamp: "1000",
            body: &sealed.body,
            now,
            max_age_seconds: 300,
        })
    };
    assert_eq!(open(1000, "sn", "wx1").unwrap().as_str(), params);
    // A response from the future is accepted (the official samples bound only the age).
    assert!(open(0, "sn", "wx1").is_ok());
    assert_eq!(
        open(1301, "sn", "wx1").unwrap_err().code(),
        ErrorCode::ApiResponseExpired
    );
    assert_eq!(
        open(1000, "sx", "wx1").unwrap_err().code(),
        ErrorCode::ApiDecryptFailed
    );
    // The appid is in the AAD: another appid fails at the tag, before `_appid` is read.
    assert_eq!(
        open(1000, "sn", "wx2").unwrap_err().code(),
        ErrorCode::ApiDecryptFailed
    );
}
