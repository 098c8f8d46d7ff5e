//! `diagnose`: a structured report of every check on an open-data input, with the likely cause in
//! plain English and Chinese. For logs and developers only.
//!
//! **Never send this report (or anything derived from it) to the client.** The per-request error
//! must stay the uniform `ERR_DECRYPT_FAILED`: telling a client *which* check failed after
//! decryption (padding, UTF-8, JSON) is a padding oracle (protocol.md §6). The report never
//! contains key material or plaintext: only lengths, the names of top-level keys, and the
//! watermark's appid and timestamp.

use serde::Serialize;
use zeroize::Zeroizing;

use crate::crypto::{aes128_cbc_decrypt, CbcError, BLOCK};
use crate::encoding::{classify_damage, Base64Damage};
use crate::json::{self, Kind, Members};
use crate::payload::{check_shape, PayloadKind};

/// What to diagnose. Every field is optional: missing ones are reported as failed checks.
#[derive(Clone, Copy, Default)]
pub struct DiagnoseInput<'a> {
    /// Allowed appids (empty: the appid check is skipped).
    pub app_ids: &'a [&'a str],
    /// The session_key.
    pub session_key: Option<&'a str>,
    /// `encryptedData`.
    pub encrypted_data: Option<&'a str>,
    /// `iv`.
    pub iv: Option<&'a str>,
    /// The current time, unix seconds (for the watermark age).
    pub now: Option<f64>,
    /// The freshness limit to check, seconds.
    pub max_age_seconds: Option<f64>,
    /// Whether the caller decodes with `repairBase64: true`.
    pub repair_base64: bool,
}

impl core::fmt::Debug for DiagnoseInput<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("DiagnoseInput([redacted])")
    }
}

/// The likely cause, in English and Chinese.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Cause {
    /// English.
    pub en: String,
    /// 中文.
    pub zh: String,
}

/// One check.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Check {
    /// Stable identifier, e.g. `"iv.base64"`, `"decrypt.padding"`, `"watermark.appid"`.
    pub id: &'static str,
    /// `"pass"`, `"fail"`, `"warn"` or `"skip"`.
    pub status: &'static str,
    /// What was found (English).
    pub detail: String,
}

/// Facts about one base64 input field.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FieldReport {
    /// Whether the field was given.
    pub present: bool,
    /// Length in characters.
    pub length: usize,
    /// `"ok"` or the transport damage found (`"spaces"`, `"double-url-encoded"`,
    /// `"url-safe-alphabet"`, `"line-breaks"`, `"missing-padding"`, `"empty"`, `"invalid"`).
    pub base64: &'static str,
    /// Decoded length in bytes (after the repair when `repaired`).
    pub decoded_bytes: Option<usize>,
    /// True when turning spaces back into `+` makes it decode.
    pub repairable: bool,
}

/// Facts about the decrypted buffer (never its content).
#[derive(Clone, Debug, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct PlaintextReport {
    /// Ciphertext length in bytes.
    pub ciphertext_bytes: usize,
    /// Whether the PKCS#7 padding is valid.
    pub padding_ok: bool,
    /// The padding length when valid.
    pub padding_bytes: Option<usize>,
    /// Whether the unpadded bytes are UTF-8.
    pub utf8: bool,
    /// `"object"`, another JSON kind (`"array"`, `"string"`...), `"invalid"`, or `"skipped"`.
    pub json: &'static str,
    /// The top-level key names (at most 50), when the payload is an object.
    pub keys: Vec<String>,
    /// The payload kind the keys suggest.
    pub kind: Option<&'static str>,
}

/// Facts about the watermark.
#[derive(Clone, Debug, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct WatermarkReport {
    /// Whether the payload has a `watermark` object.
    pub present: bool,
    /// `watermark.appid`, when a string.
    pub appid: Option<String>,
    /// Whether it is in the allowed list (`None` when no appId was given).
    pub appid_matches: Option<bool>,
    /// `watermark.timestamp`, when a number.
    pub timestamp: Option<f64>,
    /// `now - timestamp`, when both are known.
    pub age_seconds: Option<f64>,
}

/// The whole report.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// True when `decryptOpenData` would succeed with these inputs and options.
    pub ok: bool,
    /// The code `decryptOpenData` would throw (`None` when `ok`).
    pub code: Option<&'static str>,
    /// The field it would name.
    pub field: Option<&'static str>,
    /// The likely cause (or "everything checks out").
    pub cause: Cause,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// `sessionKey`, `iv`, `encryptedData`.
    pub session_key: FieldReport,
    /// See [`FieldReport`].
    pub iv: FieldReport,
    /// See [`FieldReport`].
    pub encrypted_data: FieldReport,
    /// Present when decryption was attempted.
    pub plaintext: Option<PlaintextReport>,
    /// Present when the payload parsed as a JSON object.
    pub watermark: Option<WatermarkReport>,
}

impl Report {
    /// The report as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

struct Builder {
    checks: Vec<Check>,
    first: Option<(&'static str, Option<&'static str>, Cause)>,
}

impl Builder {
    fn check(&mut self, id: &'static str, status: &'static str, detail: impl Into<String>) {
        self.checks.push(Check {
            id,
            status,
            detail: detail.into(),
        });
    }

    fn fail(
        &mut self,
        id: &'static str,
        detail: impl Into<String>,
        code: &'static str,
        field: Option<&'static str>,
        en: String,
        zh: String,
    ) {
        self.check(id, "fail", detail);
        if self.first.is_none() {
            self.first = Some((code, field, Cause { en, zh }));
        }
    }
}

fn damage_zh(d: Base64Damage) -> &'static str {
    match d {
        Base64Damage::Spaces => "含有空格：传输途中 '+' 被 URL/表单解码成了空格。请用 JSON 请求体发送（wx.request 的 data 传对象），或用 encodeURIComponent 编码；也可以传 { repairBase64: true } 把空格还原为 '+'",
        Base64Damage::DoubleUrlEncoded => "含有 %2B、%2F 或 %3D：值被 URL 编码了两次。只编码一次（客户端 encodeURIComponent，服务端解码一次），或改用 JSON 请求体",
        Base64Damage::UrlSafeAlphabet => "含有 '-' 或 '_'：被转换成了 URL 安全的 base64 字母表。微信返回的是标准 base64（'+'、'/'、'='），请原样传递",
        Base64Damage::LineBreaks => "含有换行或制表符：值被折行或拼接了，请原样传递",
        Base64Damage::MissingPadding => "缺少末尾的 '=' 填充（长度不是 4 的倍数）：值在传输中被修剪或截断，请原样传递",
        Base64Damage::Empty => "为空",
        Base64Damage::Other => "不是合法的标准 base64（含有 A-Z a-z 0-9 + / = 以外的字符、'=' 位置错误或末尾比特非零）",
    }
}

/// Decode one field, filling its report; returns the bytes to continue with (repaired if possible).
fn field(
    b: &mut Builder,
    name: &'static str,
    value: Option<&str>,
    repair: bool,
    report: &mut FieldReport,
) -> Option<Zeroizing<Vec<u8>>> {
    let id: &'static str = match name {
        "sessionKey" => "sessionKey.base64",
        "iv" => "iv.base64",
        _ => "encryptedData.base64",
    };
    let Some(value) = value else {
        b.fail(
            id,
            format!("{name} is missing"),
            "ERR_INVALID_ARGUMENT",
            Some(name),
            format!("{name} is missing from the input"),
            format!("输入中缺少 {name}"),
        );
        report.base64 = "missing";
        return None;
    };
    report.present = true;
    report.length = value.chars().count();
    let strict = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, value);
    match strict {
        Ok(bytes) if !value.is_empty() => {
            report.base64 = "ok";
            report.decoded_bytes = Some(bytes.len());
            b.check(
                id,
                "pass",
                format!("strict standard base64, {} bytes", bytes.len()),
            );
            Some(Zeroizing::new(bytes))
        }
        _ => {
            let damage = classify_damage(value);
            report.base64 = damage.id();
            let repaired = if damage == Base64Damage::Spaces {
                base64::Engine::decode(
                    &base64::engine::general_purpose::STANDARD,
                    value.replace(' ', "+"),
                )
                .ok()
            } else {
                None
            };
            report.repairable = repaired.is_some();
            if repair && repaired.is_some() {
                let bytes = repaired.map(Zeroizing::new);
                report.decoded_bytes = bytes.as_ref().map(|b| b.len());
                b.check(
                    id,
                    "warn",
                    format!(
                        "{name} {}; repairBase64 turned the spaces back into '+'",
                        damage.explanation()
                    ),
                );
                return bytes;
            }
            let mut en = format!("{name} {}", damage.explanation());
            let mut zh = format!("{name} {}", damage_zh(damage));
            if report.repairable {
                en.push_str(" (with repairBase64: true it decodes: see the checks below)");
                zh.push_str("（开启 repairBase64: true 后可以解码：见下面的检查）");
            }
            b.fail(
                id,
                format!("{name} {}", damage.explanation()),
                "ERR_INVALID_BASE64",
                Some(name),
                en,
                zh,
            );
            // Keep checking with the repaired bytes so the report says whether repair would work.
            let bytes = repaired.map(Zeroizing::new);
            report.decoded_bytes = bytes.as_ref().map(|b| b.len());
            bytes
        }
    }
}

fn guess_kind(members: &Members<'_>) -> PayloadKind {
    let has = |k: &str| members.get(k).is_some();
    if has("openGId") {
        PayloadKind::ShareInfo
    } else if has("opengid") || has("open_single_roomid") || has("chat_type") {
        PayloadKind::GroupEnterInfo
    } else if has("stepInfoList") {
        PayloadKind::WeRunData
    } else if has("phoneNumber") || has("purePhoneNumber") {
        PayloadKind::PhoneNumber
    } else if has("nickName") || has("avatarUrl") {
        PayloadKind::UserInfo
    } else {
        PayloadKind::OpenData
    }
}

/// Run every check and build the report.
#[allow(clippy::too_many_lines)]
pub fn diagnose(input: &DiagnoseInput<'_>) -> Report {
    let mut b = Builder {
        checks: Vec::new(),
        first: None,
    };
    let mut session_key = FieldReport::default();
    let mut iv = FieldReport::default();
    let mut encrypted_data = FieldReport::default();
    let repair = input.repair_base64;
    let key = field(
        &mut b,
        "sessionKey",
        input.session_key,
        repair,
        &mut session_key,
    );
    let key: Option<Zeroizing<[u8; 16]>> = key.and_then(|k| {
        match <[u8; 16]>::try_from(k.as_slice()) {
            Ok(a) => {
                b.check("sessionKey.length", "pass", "16 bytes");
                Some(Zeroizing::new(a))
            }
            Err(_) => {
                let n = k.len();
                b.fail(
                    "sessionKey.length",
                    format!("{n} bytes, expected 16"),
                    "ERR_INVALID_SESSION_KEY",
                    Some("sessionKey"),
                    format!("sessionKey decodes to {n} bytes, not 16: it is not a session_key from jscode2session (an openid, an access_token, the AppSecret, or a truncated value?)"),
                    format!("sessionKey 解码后是 {n} 字节而不是 16 字节：这不是 jscode2session 返回的 session_key（可能是 openid、access_token、AppSecret 或被截断的值）"),
                );
                None
            }
        }
    });
    let ivb = field(&mut b, "iv", input.iv, repair, &mut iv);

    let ivb: Option<[u8; 16]> = ivb.and_then(|v| match <[u8; 16]>::try_from(v.as_slice()) {
        Ok(a) => {
            b.check("iv.length", "pass", "16 bytes");
            Some(a)
        }
        Err(_) => {
            let n = v.len();
            b.fail(
                "iv.length",
                format!("{n} bytes, expected 16"),
                "ERR_INVALID_IV",
                Some("iv"),
                format!("iv decodes to {n} bytes, not 16: pass the iv returned together with this encryptedData (check that the two are not swapped)"),
                format!("iv 解码后是 {n} 字节而不是 16 字节：请传入与这份 encryptedData 一起返回的 iv（检查两者是否传反）"),
            );
            None
        }
    });
    let ct = field(
        &mut b,
        "encryptedData",
        input.encrypted_data,
        repair,
        &mut encrypted_data,
    );

    let ct = ct.and_then(|c| {
        let n = c.len();
        if n == 0 || n % BLOCK != 0 {
            b.fail(
                "encryptedData.length",
                format!("{n} bytes, not a non-empty multiple of 16"),
                "ERR_INVALID_CIPHERTEXT",
                Some("encryptedData"),
                format!("encryptedData decodes to {n} bytes, not a non-empty multiple of 16: it was truncated in transit (a length limit in a log, a database column or a query string?) or is not an encryptedData value"),
                format!("encryptedData 解码后是 {n} 字节，不是 16 的非零整数倍：在传输中被截断（日志、数据库字段或查询字符串的长度限制？），或者传入的不是 encryptedData"),
            );
            None
        } else {
            b.check("encryptedData.length", "pass", format!("{n} bytes ({} blocks)", n / BLOCK));
            Some(c)
        }
    });

    let mut plaintext = None;
    let mut watermark = None;
    if let (Some(key), Some(ivb), Some(mut buf)) = (key, ivb, ct) {
        let mut p = PlaintextReport {
            ciphertext_bytes: buf.len(),
            json: "skipped",
            ..PlaintextReport::default()
        };
        let unpadded = aes128_cbc_decrypt(&key, &ivb, &mut buf, BLOCK);
        let cause_key_en = "the session_key most likely does not match the one WeChat encrypted with: wx.login was called again after the data was produced (call wx.login BEFORE getting the data, or check the session with wx.checkSession), or a concurrent login replaced the stored key (try the previous key with decryptOpenDataWithKeys)";
        let cause_key_zh = "最可能是 session_key 与微信加密时使用的不一致：数据产生之后又调用了 wx.login（应先 wx.login 再获取数据，或用 wx.checkSession 检查登录态），或并发登录覆盖了存储的 session_key（可用 decryptOpenDataWithKeys 尝试上一个 key）";
        match unpadded {
            Err(CbcError::Length) => {}
            Err(CbcError::Padding) => {
                b.fail(
                    "decrypt.padding",
                    "invalid PKCS#7 padding after decryption",
                    "ERR_DECRYPT_FAILED",
                    Some("encryptedData"),
                    format!("The padding is invalid after decryption: {cause_key_en}. Less likely: encryptedData was truncated by whole blocks or corrupted, or (for a single-block payload) the iv is wrong."),
                    format!("解密后 PKCS#7 填充无效：{cause_key_zh}。可能性较小的原因：encryptedData 被按整块截断或损坏，或（只有一个分组时）iv 不对。"),
                );
                b.check("decrypt.utf8", "skip", "padding failed");
                b.check("decrypt.json", "skip", "padding failed");
            }
            Ok(len) => {
                p.padding_ok = true;
                p.padding_bytes = Some(buf.len().saturating_sub(len));
                b.check(
                    "decrypt.padding",
                    "pass",
                    format!(
                        "valid PKCS#7, {} padding bytes",
                        buf.len().saturating_sub(len)
                    ),
                );
                let body = buf.get(..len).unwrap_or(&[]);
                let tail_ok = body.len() > BLOCK
                    && body
                        .get(BLOCK..)
                        .and_then(|t| core::str::from_utf8(t).ok())
                        .is_some_and(|t| t.trim_end().ends_with('}'));
                let wrong_iv_en = "Everything but the first 16 bytes decrypts: the iv does not belong to this encryptedData (iv and encryptedData come from different calls, or a cached iv was reused).";
                let wrong_iv_zh = "除前 16 字节外数据都能正常解密：iv 与这份 encryptedData 不匹配（两者来自不同的调用，或复用了缓存的 iv）。";
                match core::str::from_utf8(body) {
                    Err(_) => {
                        if tail_ok {
                            b.fail(
                                "decrypt.utf8",
                                "not UTF-8 (the first block only)",
                                "ERR_DECRYPT_FAILED",
                                Some("encryptedData"),
                                wrong_iv_en.to_owned(),
                                wrong_iv_zh.to_owned(),
                            );
                        } else {
                            b.fail(
                                "decrypt.utf8",
                                "the decrypted bytes are not UTF-8",
                                "ERR_DECRYPT_FAILED",
                                Some("encryptedData"),
                                format!("The data decrypts to bytes that are not text (the padding happened to look valid, a 1-in-256 chance with a wrong key): {cause_key_en}."),
                                format!("解密结果不是文本（填充碰巧看起来有效，错误的 key 约有 1/256 的概率出现这种情况）：{cause_key_zh}。"),
                            );
                        }
                        b.check("decrypt.json", "skip", "not UTF-8");
                    }
                    Ok(text) => {
                        p.utf8 = true;
                        b.check("decrypt.utf8", "pass", "valid UTF-8");
                        match json::parse(text) {
                            Some(v) if v.kind == Kind::Object => {
                                p.json = "object";
                                b.check("decrypt.json", "pass", "a JSON object");
                                let members = json::object_members(text).unwrap_or_default();
                                p.keys = members
                                    .0
                                    .iter()
                                    .take(50)
                                    .filter_map(|m| m.key().map(|k| k.chars().take(64).collect()))
                                    .collect();
                                let kind = guess_kind(&members);
                                p.kind = Some(kind.name());
                                match check_shape(kind, &members) {
                                    Ok(()) => b.check(
                                        "payload.shape",
                                        "pass",
                                        format!(
                                            "fields of {} present with the right types",
                                            kind.name()
                                        ),
                                    ),
                                    Err(e) => b.check(
                                        "payload.shape",
                                        "warn",
                                        format!("looks like {} but: {}", kind.name(), e.message()),
                                    ),
                                }
                                watermark = Some(check_watermark(&mut b, &members, input, kind));
                            }
                            Some(v) => {
                                p.json = v
                                    .kind
                                    .describe()
                                    .trim_start_matches("an ")
                                    .trim_start_matches("a ");
                                b.fail(
                                    "decrypt.json",
                                    format!("JSON, but {} instead of an object", v.kind.describe()),
                                    "ERR_DECRYPT_FAILED",
                                    Some("encryptedData"),
                                    "The plaintext is JSON but not an object: WeChat payloads are always objects; this encryptedData was not produced by WeChat (a test fixture?).".to_owned(),
                                    "明文是 JSON 但不是对象：微信的数据总是 JSON 对象；这份 encryptedData 不是微信生成的（测试数据？）。".to_owned(),
                                );
                            }
                            None => {
                                p.json = "invalid";
                                if tail_ok {
                                    b.fail(
                                        "decrypt.json",
                                        "not JSON (the first block is garbled)",
                                        "ERR_DECRYPT_FAILED",
                                        Some("encryptedData"),
                                        wrong_iv_en.to_owned(),
                                        wrong_iv_zh.to_owned(),
                                    );
                                } else {
                                    b.fail(
                                        "decrypt.json",
                                        "the decrypted text is not JSON",
                                        "ERR_DECRYPT_FAILED",
                                        Some("encryptedData"),
                                        format!("The data decrypts to text that is not JSON: {cause_key_en}."),
                                        format!("解密结果不是 JSON：{cause_key_zh}。"),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        plaintext = Some(p);
    } else {
        b.check("decrypt.padding", "skip", "an input failed its checks");
    }

    let (ok, code, field, cause) = match b.first.take() {
        None => (
            true,
            None,
            None,
            Cause {
                en: "Everything checks out: decryptOpenData would return this payload with these options.".to_owned(),
                zh: "所有检查均通过：使用这些选项时 decryptOpenData 会正常返回该数据。".to_owned(),
            },
        ),
        Some((code, field, cause)) => (false, Some(code), field, cause),
    };
    Report {
        ok,
        code,
        field,
        cause,
        checks: b.checks,
        session_key,
        iv,
        encrypted_data,
        plaintext,
        watermark,
    }
}

fn check_watermark(
    b: &mut Builder,
    members: &Members<'_>,
    input: &DiagnoseInput<'_>,
    kind: PayloadKind,
) -> WatermarkReport {
    let mut r = WatermarkReport::default();
    let Some(wm) = members.get("watermark").and_then(|w| w.members()) else {
        let optional = matches!(
            kind,
            PayloadKind::ShareInfo | PayloadKind::GroupEnterInfo | PayloadKind::WeRunData
        );
        let extra_en = if optional {
            format!(" This looks like {}: decrypt it with its typed decoder, which accepts a missing watermark.", kind.name())
        } else {
            String::new()
        };
        let extra_zh = if optional {
            format!(
                "这看起来是 {}：请用对应的类型化解密函数，它接受没有 watermark 的数据。",
                kind.name()
            )
        } else {
            String::new()
        };
        b.fail(
            "watermark.present",
            "no watermark object",
            "ERR_WATERMARK_MISSING",
            Some("watermark"),
            format!("The payload has no watermark object, so decryptOpenData cannot tie it to your appid.{extra_en}"),
            format!("数据中没有 watermark 对象，decryptOpenData 无法确认它属于你的小程序。{extra_zh}"),
        );
        return r;
    };
    r.present = true;
    b.check("watermark.present", "pass", "watermark object present");
    r.appid = wm
        .get("appid")
        .and_then(|a| a.as_str())
        .map(|a| a.chars().take(64).collect());
    match (&r.appid, input.app_ids.is_empty()) {
        (None, _) => b.fail(
            "watermark.appid",
            "watermark.appid is missing or not a string",
            if wm.get("appid").is_some() {
                "ERR_APPID_MISMATCH"
            } else {
                "ERR_WATERMARK_MISSING"
            },
            Some(if wm.get("appid").is_some() {
                "appId"
            } else {
                "watermark"
            }),
            "watermark.appid is missing or not a string: this payload was not produced by WeChat."
                .to_owned(),
            "watermark.appid 缺失或不是字符串：这份数据不是微信生成的。".to_owned(),
        ),
        (Some(_), true) => b.check("watermark.appid", "skip", "no appId given to compare with"),
        (Some(appid), false) => {
            let matches = input.app_ids.iter().any(|a| a == appid);
            r.appid_matches = Some(matches);
            if matches {
                b.check("watermark.appid", "pass", format!("{appid} is allowed"));
            } else {
                b.fail(
                    "watermark.appid",
                    format!("{appid} is not in the allowed list"),
                    "ERR_APPID_MISMATCH",
                    Some("appId"),
                    format!("watermark.appid is {appid}, not an allowed appid: the data was produced for another mini program (a dev vs prod app, or a multi-app backend: pass every allowed appid as a list)."),
                    format!("watermark.appid 是 {appid}，不在允许的 appid 中：数据属于另一个小程序（开发版与正式版用了不同的 appid，或多小程序共用后端：请把所有允许的 appid 以数组传入）。"),
                );
            }
        }
    }
    r.timestamp = wm
        .get("timestamp")
        .and_then(|t| t.as_f64())
        .filter(|t| t.is_finite());
    match (r.timestamp, input.now) {
        (Some(ts), Some(now)) => {
            let age = now - ts;
            r.age_seconds = Some(age);
            match input.max_age_seconds {
                Some(max) if age > max => b.fail(
                    "watermark.age",
                    format!("{age} seconds old, more than maxAgeSeconds {max}"),
                    "ERR_WATERMARK_EXPIRED",
                    Some("watermark"),
                    format!("The data was produced {age} seconds ago, more than maxAgeSeconds ({max}): ask the mini program for fresh data (or check that now is in seconds, not milliseconds)."),
                    format!("数据产生于 {age} 秒前，超过了 maxAgeSeconds（{max}）：请让小程序重新获取数据（或检查 now 是否用了毫秒而不是秒）。"),
                ),
                Some(max) if -age > max => b.fail(
                    "watermark.age",
                    format!("{} seconds in the future, more than maxAgeSeconds {max}", -age),
                    "ERR_WATERMARK_EXPIRED",
                    Some("watermark"),
                    format!("watermark.timestamp is {} seconds in the future, more than maxAgeSeconds ({max}): check the server clock (and that now is in seconds).", -age),
                    format!("watermark.timestamp 比服务器时间晚 {} 秒，超过了 maxAgeSeconds（{max}）：请检查服务器时钟（以及 now 是否以秒为单位）。", -age),
                ),
                Some(_) => b.check("watermark.age", "pass", format!("{age} seconds old, within maxAgeSeconds")),
                None => b.check("watermark.age", "skip", format!("{age} seconds old; no maxAgeSeconds given")),
            }
        }
        (None, _) if input.max_age_seconds.is_some() => b.fail(
            "watermark.age",
            "watermark.timestamp is missing or not a number",
            "ERR_WATERMARK_MISSING",
            Some("watermark"),
            "watermark.timestamp is missing or not a number, so maxAgeSeconds cannot be checked."
                .to_owned(),
            "watermark.timestamp 缺失或不是数字，无法检查 maxAgeSeconds。".to_owned(),
        ),
        _ => b.check("watermark.age", "skip", "no timestamp or no current time"),
    }
    r
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]
    use super::*;

    const APPID: &str = "wx4f4bc4dec97d474b";
    const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
    const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
    const DATA: &str = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

    fn run(key: &str, iv: &str, data: &str, app: &[&str]) -> Report {
        diagnose(&DiagnoseInput {
            app_ids: app,
            session_key: Some(key),
            encrypted_data: Some(data),
            iv: Some(iv),
            now: Some(1_477_314_187.0 + 60.0),
            max_age_seconds: None,
            repair_base64: false,
        })
    }

    fn status(r: &Report, id: &str) -> &'static str {
        r.checks
            .iter()
            .find(|c| c.id == id)
            .map_or("absent", |c| c.status)
    }

    #[test]
    fn official_vector_is_ok() {
        let r = run(KEY, IV, DATA, &[APPID]);
        assert!(r.ok, "{r:?}");
        assert_eq!(r.code, None);
        let p = r.plaintext.as_ref().unwrap();
        assert_eq!(p.padding_bytes, Some(7));
        assert_eq!(p.kind, Some("userInfo"));
        let w = r.watermark.as_ref().unwrap();
        assert_eq!(w.appid.as_deref(), Some(APPID));
        assert_eq!(w.age_seconds, Some(60.0));
        // No plaintext values, no key.
        let json = r.to_json();
        assert!(!json.contains("Band") && !json.contains(KEY) && !json.contains("oGZUI0"));
        assert!(json.contains("\"zh\""));
    }

    #[test]
    fn spaces_are_named_and_repair_is_tried() {
        let r = run(KEY, IV, &DATA.replace('+', " "), &[APPID]);
        assert!(!r.ok);
        assert_eq!(r.code, Some("ERR_INVALID_BASE64"));
        assert_eq!(r.field, Some("encryptedData"));
        assert_eq!(r.encrypted_data.base64, "spaces");
        assert!(r.encrypted_data.repairable);
        // The rest of the pipeline ran on the repaired value.
        assert_eq!(status(&r, "decrypt.json"), "pass");
        assert!(r.cause.en.contains("repairBase64"));
    }

    #[test]
    fn wrong_key_wrong_iv_wrong_appid() {
        let r = run("AAAAAAAAAAAAAAAAAAAAAA==", IV, DATA, &[APPID]);
        assert_eq!(r.code, Some("ERR_DECRYPT_FAILED"));
        assert!(r.cause.en.contains("session_key"));
        let r = run(KEY, "AAAAAAAAAAAAAAAAAAAAAA==", DATA, &[APPID]);
        assert_eq!(r.code, Some("ERR_DECRYPT_FAILED"));
        assert!(r.cause.en.contains("iv does not belong"), "{:?}", r.cause);
        let r = run(KEY, IV, DATA, &["wxother"]);
        assert_eq!(r.code, Some("ERR_APPID_MISMATCH"));
        assert!(r.cause.en.contains(APPID));
        let r = run(KEY, IV, DATA, &[]);
        assert!(r.ok);
        assert_eq!(status(&r, "watermark.appid"), "skip");
    }

    #[test]
    fn lengths_and_missing_fields() {
        let r = run("AAAA", IV, DATA, &[APPID]);
        assert_eq!(r.code, Some("ERR_INVALID_SESSION_KEY"));
        let r = run(KEY, "AAAA", DATA, &[APPID]);
        assert_eq!(r.code, Some("ERR_INVALID_IV"));
        let r = run(KEY, IV, "AAAA", &[APPID]);
        assert_eq!(r.code, Some("ERR_INVALID_CIPHERTEXT"));
        let r = diagnose(&DiagnoseInput::default());
        assert_eq!(r.code, Some("ERR_INVALID_ARGUMENT"));
        assert_eq!(r.field, Some("sessionKey"));
        let r = diagnose(&DiagnoseInput {
            max_age_seconds: Some(10.0),
            ..DiagnoseInput {
                app_ids: &[APPID],
                session_key: Some(KEY),
                iv: Some(IV),
                encrypted_data: Some(DATA),
                now: Some(1_477_314_187.0 + 60.0),
                ..DiagnoseInput::default()
            }
        });
        assert_eq!(r.code, Some("ERR_WATERMARK_EXPIRED"));
    }
}
