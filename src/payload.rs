//! Typed open-data payloads: user info, phone number, share info, group-enter info and WeRun data.
//! Each decoder is the open-data pipeline ([`crate::open_data`]) with the shape check of the fields
//! of its kind as its last step ([`ErrorCode::PayloadShape`] naming the field); unknown fields are
//! kept.
//!
//! Watermark: required for user info and phone number (and the generic decoder); for share, group
//! and WeRun payloads, where WeChat does not document it, a missing watermark is accepted by default
//! but one that is present is checked ([`PayloadKind::default_watermark`]).
//!
//! [`decrypt_with_keys`] tries several candidate session_keys (current first) and reports which
//! one decrypted the data, for servers that keep the previous key after a re-login.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{Kind, Members, Value};
use crate::open_data::{self, require_app_ids, OpenData, OpenDataInput, Options};
use crate::watermark::WatermarkRule;

/// Most candidate session_keys [`decrypt_with_keys`] accepts.
pub const MAX_SESSION_KEYS: usize = 8;

/// The payload kinds WeChat encrypts for mini programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PayloadKind {
    /// Any payload: no shape check (the generic `decryptOpenData`).
    OpenData,
    /// `wx.getUserInfo` / `wx.getUserProfile`.
    UserInfo,
    /// The phone-number button, old flow (or `phone_info` of the new flow).
    PhoneNumber,
    /// `wx.getShareInfo`.
    ShareInfo,
    /// `wx.getGroupEnterInfo`.
    GroupEnterInfo,
    /// `wx.getWeRunData`.
    WeRunData,
}

impl PayloadKind {
    /// Every kind.
    pub const ALL: &'static [PayloadKind] = &[
        PayloadKind::OpenData,
        PayloadKind::UserInfo,
        PayloadKind::PhoneNumber,
        PayloadKind::ShareInfo,
        PayloadKind::GroupEnterInfo,
        PayloadKind::WeRunData,
    ];

    /// The JavaScript name of the kind (the `kind` option, the CLI's `--kind`).
    pub const fn name(self) -> &'static str {
        match self {
            PayloadKind::OpenData => "openData",
            PayloadKind::UserInfo => "userInfo",
            PayloadKind::PhoneNumber => "phoneNumber",
            PayloadKind::ShareInfo => "shareInfo",
            PayloadKind::GroupEnterInfo => "groupEnterInfo",
            PayloadKind::WeRunData => "weRunData",
        }
    }

    /// The kind of a JavaScript name.
    pub fn from_name(name: &str) -> Option<Self> {
        PayloadKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether a missing watermark is an error when the caller does not say.
    pub const fn default_watermark(self) -> WatermarkRule {
        match self {
            PayloadKind::OpenData | PayloadKind::UserInfo | PayloadKind::PhoneNumber => {
                WatermarkRule::Required
            }
            PayloadKind::ShareInfo | PayloadKind::GroupEnterInfo | PayloadKind::WeRunData => {
                WatermarkRule::Optional
            }
        }
    }
}

/// Why a payload does not have the shape of its kind: typed facts, from which [`ShapeIssue::message`]
/// writes the English message of the `ERR_PAYLOAD_SHAPE` error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShapeIssue {
    /// What the payload should be, in words (`"user info"`, `"a phone number"`, `"WeRun data"`...).
    pub what: &'static str,
    /// The top-level field at fault.
    pub field: &'static str,
    /// For `stepInfoList`: the index of the element at fault.
    pub index: Option<usize>,
    /// For `stepInfoList`: the member of the element at fault.
    pub key: Option<&'static str>,
    /// What the value should be (`"a string"`, `"a number"`, `"a string or a number"`,
    /// `"an array"`, `"an object"`); `None` when it is missing.
    pub want: Option<&'static str>,
    /// What the value is ([`Kind::describe`]); `None` when it is missing.
    pub got: Option<&'static str>,
}

impl ShapeIssue {
    /// The English message of the error.
    pub fn message(&self) -> String {
        let mut path = String::from(self.field);
        if let Some(i) = self.index {
            path.push_str(&format!("[{i}]"));
        }
        match (self.want, self.got) {
            (Some(want), Some(got)) => {
                if let Some(k) = self.key {
                    path.push('.');
                    path.push_str(k);
                }
                format!("{}: {path} must be {want}, it is {got}", self.what)
            }
            _ => match self.key {
                Some(k) => format!("{}: {path} has no {k}", self.what),
                None => format!(
                    "this is not {}: the decrypted payload has no {path}",
                    self.what
                ),
            },
        }
    }

    fn missing(what: &'static str, field: &'static str) -> Self {
        ShapeIssue {
            what,
            field,
            index: None,
            key: None,
            want: None,
            got: None,
        }
    }

    fn wrong(what: &'static str, field: &'static str, want: &'static str, got: Kind) -> Self {
        ShapeIssue {
            want: Some(want),
            got: Some(got.describe()),
            ..ShapeIssue::missing(what, field)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    String,
    Number,
    StringOrNumber,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::String => "a string",
            Want::Number => "a number",
            Want::StringOrNumber => "a string or a number",
        }
    }

    fn accepts(self, kind: Kind) -> bool {
        match self {
            Want::String => kind == Kind::String,
            Want::Number => kind == Kind::Number,
            Want::StringOrNumber => kind == Kind::String || kind == Kind::Number,
        }
    }
}

fn field_of(
    members: &Members<'_>,
    what: &'static str,
    field: &'static str,
    want: Want,
    required: bool,
) -> core::result::Result<(), ShapeIssue> {
    match members.get(field) {
        None if required => Err(ShapeIssue::missing(what, field)),
        None => Ok(()),
        Some(v) if want.accepts(v.kind) => Ok(()),
        Some(v) => Err(ShapeIssue::wrong(what, field, want.describe(), v.kind)),
    }
}

fn step_info(list: &Value<'_>) -> core::result::Result<(), ShapeIssue> {
    const WHAT: &str = "WeRun data";
    const FIELD: &str = "stepInfoList";
    let Some(items) = list.elements() else {
        return Err(ShapeIssue::wrong(WHAT, FIELD, "an array", list.kind));
    };
    for (i, item) in items.iter().enumerate() {
        let at = ShapeIssue {
            index: Some(i),
            ..ShapeIssue::missing(WHAT, FIELD)
        };
        let Some(m) = item.members() else {
            return Err(ShapeIssue {
                want: Some("an object"),
                got: Some(item.kind.describe()),
                ..at
            });
        };
        for key in ["timestamp", "step"] {
            match m.get(key) {
                Some(v) if v.kind == Kind::Number => {}
                Some(v) => {
                    return Err(ShapeIssue {
                        key: Some(key),
                        want: Some("a number"),
                        got: Some(v.kind.describe()),
                        ..at
                    })
                }
                None => {
                    return Err(ShapeIssue {
                        key: Some(key),
                        ..at
                    })
                }
            }
        }
    }
    Ok(())
}

/// Check that the fields of `kind` exist with the right types (unknown fields are ignored).
pub fn check_shape(kind: PayloadKind, members: &Members<'_>) -> Result<()> {
    shape_issue(kind, members).map_or(Ok(()), |issue| {
        Err(Error::with_field(
            ErrorCode::PayloadShape,
            issue.field,
            issue.message(),
        ))
    })
}

/// The first field of `kind` that is missing or has the wrong type, if any.
pub fn shape_issue(kind: PayloadKind, members: &Members<'_>) -> Option<ShapeIssue> {
    use Want::{Number, String as Str, StringOrNumber};
    let r = match kind {
        PayloadKind::OpenData => Ok(()),
        PayloadKind::UserInfo => (|| {
            const W: &str = "user info";
            // getUserProfile payloads carry no openId: optional, but typed when present.
            field_of(members, W, "openId", Str, false)?;
            field_of(members, W, "unionId", Str, false)?;
            field_of(members, W, "nickName", Str, true)?;
            field_of(members, W, "gender", Number, true)?;
            field_of(members, W, "language", Str, true)?;
            field_of(members, W, "city", Str, true)?;
            field_of(members, W, "province", Str, true)?;
            field_of(members, W, "country", Str, true)?;
            field_of(members, W, "avatarUrl", Str, true)
        })(),
        PayloadKind::PhoneNumber => (|| {
            const W: &str = "a phone number";
            field_of(members, W, "phoneNumber", Str, true)?;
            field_of(members, W, "purePhoneNumber", Str, true)?;
            field_of(members, W, "countryCode", StringOrNumber, true)
        })(),
        PayloadKind::ShareInfo => field_of(members, "share info", "openGId", Str, true),
        PayloadKind::GroupEnterInfo => (|| {
            const W: &str = "group-enter info";
            // In a single chat WeChat gives open_single_roomid instead of a group's opengid.
            let single = members.get("open_single_roomid").is_some();
            field_of(members, W, "opengid", Str, !single)?;
            field_of(members, W, "chat_type", Number, true)?;
            field_of(members, W, "open_single_roomid", Str, false)?;
            field_of(members, W, "group_openid", Str, false)
        })(),
        PayloadKind::WeRunData => match members.get("stepInfoList") {
            Some(list) => step_info(&list),
            None => Err(ShapeIssue::missing("WeRun data", "stepInfoList")),
        },
    };
    r.err()
}

/// Decrypt and validate a payload of `kind`: the open-data pipeline (watermark per
/// `options.watermark`, which the caller sets, usually to [`PayloadKind::default_watermark`]),
/// with [`check_shape`] as its last step.
pub fn decrypt_payload(
    kind: PayloadKind,
    input: &OpenDataInput<'_>,
    options: &Options,
) -> Result<OpenData> {
    open_data::decrypt(kind, input, options)
}

/// Like [`decrypt_payload`], trying each candidate session_key in order (current first; `None`
/// entries, e.g. "no previous key stored", are skipped). Returns the payload and the index of the
/// key that decrypted it.
///
/// A key that fails the uniform decryption check moves on to the next one; when none decrypts,
/// the one `ERR_DECRYPT_FAILED` comes back. Malformed keys (`sessionKeys` field), malformed
/// `encryptedData`/`iv`, and validation failures of the payload a key did decrypt (appid, age,
/// openId, shape) are returned at once: they would not change with another key. `iv` and
/// `encryptedData` are decoded once for all the keys.
pub fn decrypt_with_keys(
    kind: PayloadKind,
    app_ids: &[&str],
    session_keys: &[Option<&str>],
    encrypted_data: &str,
    iv: &str,
    options: &Options,
) -> Result<(OpenData, usize)> {
    require_app_ids(app_ids)?;
    if session_keys.len() > MAX_SESSION_KEYS || session_keys.iter().all(Option::is_none) {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            "sessionKeys",
            format!(
                "sessionKeys must list between 1 and {MAX_SESSION_KEYS} session_keys, current first"
            ),
        ));
    }
    open_data::run_with_keys(kind, app_ids, session_keys, encrypted_data, iv, options)
}

/// The numeric code of WeChat's official WXBizDataCrypt samples for an error, for the
/// compatibility class: -41001 IllegalAesKey, -41002 IllegalIv, -41004 DecodeBase64Error, and
/// -41003 IllegalBuffer for everything else (decryption, watermark, appid).
pub fn legacy_errcode(code: ErrorCode) -> i64 {
    match code {
        ErrorCode::InvalidSessionKey => -41001,
        ErrorCode::InvalidIv => -41002,
        ErrorCode::InvalidBase64 => -41004,
        _ => -41003,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::json::object_members;

    fn shape(kind: PayloadKind, text: &str) -> core::result::Result<(), (ErrorCode, String)> {
        check_shape(kind, &object_members(text).unwrap())
            .map_err(|e| (e.code(), e.field().unwrap_or("").to_owned()))
    }

    fn bad(kind: PayloadKind, text: &str, field: &str) {
        assert_eq!(
            shape(kind, text),
            Err((ErrorCode::PayloadShape, field.to_owned())),
            "{text}"
        );
    }

    #[test]
    fn user_info() {
        let ok = r#"{"openId":"o","nickName":"微信用户","gender":0,"language":"","city":"","province":"","country":"","avatarUrl":"https://x","watermark":{}}"#;
        assert_eq!(shape(PayloadKind::UserInfo, ok), Ok(()));
        // getUserProfile: no openId.
        let profile = r#"{"nickName":"n","gender":1,"language":"zh_CN","city":"","province":"","country":"","avatarUrl":""}"#;
        assert_eq!(shape(PayloadKind::UserInfo, profile), Ok(()));
        bad(
            PayloadKind::UserInfo,
            &ok.replace(r#""gender":0"#, r#""gender":"0""#),
            "gender",
        );
        bad(
            PayloadKind::UserInfo,
            &ok.replace(r#""nickName":"微信用户","#, ""),
            "nickName",
        );
        bad(
            PayloadKind::UserInfo,
            &ok.replace(r#""openId":"o""#, r#""openId":1"#),
            "openId",
        );
        bad(PayloadKind::UserInfo, r#"{"phoneNumber":"1"}"#, "nickName");
    }

    #[test]
    fn phone_number() {
        let ok = r#"{"phoneNumber":"+86138","purePhoneNumber":"138","countryCode":"86"}"#;
        assert_eq!(shape(PayloadKind::PhoneNumber, ok), Ok(()));
        assert_eq!(
            shape(PayloadKind::PhoneNumber, &ok.replace(r#""86""#, "86")),
            Ok(())
        );
        bad(
            PayloadKind::PhoneNumber,
            &ok.replace(r#""86""#, "null"),
            "countryCode",
        );
        bad(
            PayloadKind::PhoneNumber,
            r#"{"purePhoneNumber":"1","countryCode":1}"#,
            "phoneNumber",
        );
    }

    #[test]
    fn share_group_werun() {
        assert_eq!(shape(PayloadKind::ShareInfo, r#"{"openGId":"g"}"#), Ok(()));
        bad(PayloadKind::ShareInfo, r#"{"opengid":"g"}"#, "openGId");
        assert_eq!(
            shape(
                PayloadKind::GroupEnterInfo,
                r#"{"opengid":"g","chat_type":3,"group_openid":"x"}"#
            ),
            Ok(())
        );
        assert_eq!(
            shape(
                PayloadKind::GroupEnterInfo,
                r#"{"open_single_roomid":"r","chat_type":1}"#
            ),
            Ok(())
        );
        bad(
            PayloadKind::GroupEnterInfo,
            r#"{"openGId":"g","chat_type":3}"#,
            "opengid",
        );
        bad(
            PayloadKind::GroupEnterInfo,
            r#"{"opengid":"g","chat_type":"3"}"#,
            "chat_type",
        );
        bad(
            PayloadKind::GroupEnterInfo,
            r#"{"opengid":"g"}"#,
            "chat_type",
        );
        assert_eq!(
            shape(
                PayloadKind::WeRunData,
                r#"{"stepInfoList":[{"timestamp":1,"step":2}]}"#
            ),
            Ok(())
        );
        assert_eq!(
            shape(PayloadKind::WeRunData, r#"{"stepInfoList":[]}"#),
            Ok(())
        );
        bad(
            PayloadKind::WeRunData,
            r#"{"stepInfoList":{}}"#,
            "stepInfoList",
        );
        bad(
            PayloadKind::WeRunData,
            r#"{"stepInfoList":[1]}"#,
            "stepInfoList",
        );
        bad(
            PayloadKind::WeRunData,
            r#"{"stepInfoList":[{"timestamp":1}]}"#,
            "stepInfoList",
        );
        bad(
            PayloadKind::WeRunData,
            r#"{"stepInfoList":[{"timestamp":1,"step":"2"}]}"#,
            "stepInfoList",
        );
        bad(PayloadKind::WeRunData, r#"{}"#, "stepInfoList");
    }

    #[test]
    fn legacy_codes() {
        assert_eq!(legacy_errcode(ErrorCode::InvalidSessionKey), -41001);
        assert_eq!(legacy_errcode(ErrorCode::InvalidIv), -41002);
        assert_eq!(legacy_errcode(ErrorCode::DecryptFailed), -41003);
        assert_eq!(legacy_errcode(ErrorCode::AppIdMismatch), -41003);
        assert_eq!(legacy_errcode(ErrorCode::InvalidBase64), -41004);
    }

    #[test]
    fn kind_names_round_trip() {
        for k in PayloadKind::ALL {
            assert_eq!(PayloadKind::from_name(k.name()), Some(*k));
        }
        assert_eq!(PayloadKind::from_name("UserInfo"), None);
    }

    const APPID: &str = "wx4f4bc4dec97d474b";
    const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
    const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";

    fn encrypt(text: &str) -> String {
        let iv = crate::testing::decode_iv(IV).unwrap();
        crate::testing::encrypt_open_data(KEY, &iv, text.as_bytes()).unwrap()
    }

    #[test]
    fn several_keys_report_the_index() {
        let data = encrypt(&format!(
            r#"{{"openGId":"g","watermark":{{"appid":"{APPID}","timestamp":1}}}}"#
        ));
        let other = "AAAAAAAAAAAAAAAAAAAAAA==";
        let o = Options::default();
        let (d, i) = decrypt_with_keys(
            PayloadKind::ShareInfo,
            &[APPID],
            &[Some(other), None, Some(KEY)],
            &data,
            IV,
            &o,
        )
        .unwrap();
        assert_eq!(i, 2);
        assert!(d.text().contains("openGId"));
        let (_, i) = decrypt_with_keys(
            PayloadKind::OpenData,
            &[APPID],
            &[Some(KEY), Some(other)],
            &data,
            IV,
            &o,
        )
        .unwrap();
        assert_eq!(i, 0);
        let e = decrypt_with_keys(
            PayloadKind::OpenData,
            &[APPID],
            &[Some(other)],
            &data,
            IV,
            &o,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::DecryptFailed);
        assert_eq!(e.message(), crate::error::DECRYPT_FAILED_MESSAGE);
        let e = decrypt_with_keys(
            PayloadKind::OpenData,
            &[APPID],
            &[Some(KEY), Some("AAAA")],
            &data,
            IV,
            &o,
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidSessionKey, Some("sessionKeys"))
        );
        let e =
            decrypt_with_keys(PayloadKind::OpenData, &[APPID], &[None], &data, IV, &o).unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidArgument, Some("sessionKeys"))
        );
        let e = decrypt_with_keys(PayloadKind::UserInfo, &[APPID], &[Some(KEY)], &data, IV, &o)
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::PayloadShape);
        let e = decrypt_with_keys(
            PayloadKind::OpenData,
            &["wxother"],
            &[Some(KEY)],
            &data,
            IV,
            &o,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::AppIdMismatch);
    }

    #[test]
    fn watermark_optional_for_share_kinds() {
        let data = encrypt(r#"{"openGId":"g"}"#);
        let input = OpenDataInput {
            app_ids: &[APPID],
            session_key: KEY,
            encrypted_data: &data,
            iv: IV,
        };
        let opts = Options {
            watermark: PayloadKind::ShareInfo.default_watermark(),
            ..Options::default()
        };
        assert!(decrypt_payload(PayloadKind::ShareInfo, &input, &opts).is_ok());
        let e = decrypt_payload(PayloadKind::ShareInfo, &input, &Options::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WatermarkMissing);
        let wrong = encrypt(r#"{"openGId":"g","watermark":{"appid":"wxother","timestamp":1}}"#);
        let input = OpenDataInput {
            encrypted_data: &wrong,
            ..input
        };
        assert_eq!(
            decrypt_payload(PayloadKind::ShareInfo, &input, &opts)
                .unwrap_err()
                .code(),
            ErrorCode::AppIdMismatch
        );
    }
}
