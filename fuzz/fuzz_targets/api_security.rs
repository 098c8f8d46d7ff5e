//! API security (src/api_security): the PEM/DER walk, the response checks and the envelope opener
//! with arbitrary text, and seal -> open with arbitrary params. Never panic; every error carries a
//! code and no secret; whatever seal writes with a JSON object as params opens back to those params.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::api_security::{
    certificate_spki, check_response, open_envelope, private_key_pkcs8, seal, OpenInput,
    ResponseHeaders, SealInput,
};

#[path = "common.rs"]
mod common;

const KEY: &str = "otUpngOjU+nVQaWJIC3D/yMLV17RKaP6t4Ot9tbnzLY=";
const URL: &str = "https://api.weixin.qq.com/wxa/business/getuserphonenumber?access_token=T";

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else {
        return;
    };
    let text = common::field(&f, 0);
    let a = common::field(&f, 1);
    let b = common::field(&f, 2);
    // Keys: arbitrary text, and arbitrary bytes inside each PEM armour.
    for label in ["RSA PRIVATE KEY", "PRIVATE KEY", "CERTIFICATE", "PUBLIC KEY"] {
        let pem = format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            wx_open_data::encoding::encode_base64(text.as_bytes())
        );
        for input in [pem.as_str(), text] {
            if let Err(e) = private_key_pkcs8("privateKey", input) {
                common::check_error(&e, &[]);
            }
            if let Err(e) = certificate_spki("certificates", input) {
                common::check_error(&e, &[]);
            }
        }
    }
    // Responses: arbitrary body and headers.
    let headers = ResponseHeaders {
        app_id: Some(common::APPID),
        timestamp: (flags & 1 == 1).then_some(a),
        serial: Some("sn"),
        signature: (flags & 2 == 2).then_some(b),
        serial_deprecated: None,
        signature_deprecated: None,
    };
    if let Err(e) = check_response(URL, common::APPID, &headers, text, &["sn"]) {
        common::check_error(&e, &[]);
    }
    let open = |body: &str, ts: &str| {
        open_envelope(&OpenInput {
            url: URL,
            app_id: common::APPID,
            symmetric_key: KEY,
            symmetric_key_sn: "sym",
            timestamp: ts,
            body,
            now: 1_700_000_000,
            max_age_seconds: 300,
        })
    };
    if let Err(e) = open(text, a) {
        common::check_error(&e, &[KEY]);
    }
    // Seal -> open: a JSON object as params comes back member for member.
    let iv = [flags; 12];
    if let Ok(sealed) = seal(&SealInput {
        url: URL,
        app_id: common::APPID,
        symmetric_key: KEY,
        symmetric_key_sn: "sym",
        params_json: text,
        timestamp: 1_700_000_000,
        nonce: "n",
        iv: &iv,
    }) {
        let opened = open(&sealed.body, "1700000000").expect("a sealed body opens");
        let members = wx_open_data::json::object_members(text).expect("params were an object");
        let back = wx_open_data::json::object_members(&opened).expect("the result is an object");
        assert_eq!(members.len(), back.len());
    }
});
