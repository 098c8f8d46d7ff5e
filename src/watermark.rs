//! Watermark validation: `{"appid": string, "timestamp": unix seconds}` inside the payload.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{Kind, Members};
use crate::open_data::Options;

/// Whether a payload must carry a watermark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WatermarkRule {
    /// Missing watermark: `ERR_WATERMARK_MISSING` (user info, phone number, the generic decoder).
    #[default]
    Required,
    /// Missing watermark accepted; a present one is still checked (share, group, WeRun, where
    /// WeChat does not document it).
    Optional,
}

/// Check `watermark.appid` against the allowed list and, when asked, `watermark.timestamp`.
pub fn check_watermark(members: &Members<'_>, app_ids: &[&str], options: &Options) -> Result<()> {
    let Some(wm) = members.get("watermark") else {
        return match options.watermark {
            WatermarkRule::Optional => Ok(()),
            WatermarkRule::Required => Err(Error::with_field(
                ErrorCode::WatermarkMissing,
                "watermark",
                "the decrypted payload has no watermark, so it cannot be tied to your appid; \
                 genuine WeChat user-info and phone-number payloads always carry one",
            )),
        };
    };
    let Some(wm) = wm.members() else {
        return Err(Error::with_field(
            ErrorCode::WatermarkMissing,
            "watermark",
            format!(
                "the payload's watermark is {}, not an object",
                wm.kind.describe()
            ),
        ));
    };
    let Some(appid) = wm.get("appid") else {
        return Err(Error::with_field(
            ErrorCode::WatermarkMissing,
            "watermark",
            "the payload's watermark has no appid",
        ));
    };
    let matches = appid
        .as_str()
        .is_some_and(|a| app_ids.iter().any(|allowed| *allowed == a.as_ref()));
    if !matches {
        let expected = if app_ids.len() == 1 {
            "the expected appid".to_owned()
        } else {
            format!("any of the {} allowed appids", app_ids.len())
        };
        return Err(Error::with_field(
            ErrorCode::AppIdMismatch,
            "appId",
            format!(
                "watermark.appid is not {expected}: the data was produced for another mini program \
                 (dev vs prod app, or a multi-app backend: pass every allowed appid as a list)"
            ),
        ));
    }
    if let Some(max_age) = options.max_age_seconds {
        let ts = wm.get("timestamp");
        let Some(ts) = ts.and_then(|t| t.as_f64()).filter(|t| t.is_finite()) else {
            let what = ts.map_or("missing", |t| {
                if t.kind == Kind::Number {
                    "not a finite number"
                } else {
                    t.kind.describe()
                }
            });
            return Err(Error::with_field(
                ErrorCode::WatermarkMissing,
                "watermark",
                format!("watermark.timestamp is {what}, so maxAgeSeconds cannot be checked"),
            ));
        };
        let now = options.now.unwrap_or(0.0);
        let age = now - ts;
        let limit = crate::num::format_number(max_age);
        if age > max_age {
            return Err(Error::with_field(
                ErrorCode::WatermarkExpired,
                "watermark",
                format!(
                    "the data was produced more than maxAgeSeconds ({limit}) ago: ask the mini program for fresh data"
                ),
            ));
        }
        if -age > max_age {
            return Err(Error::with_field(
                ErrorCode::WatermarkExpired,
                "watermark",
                format!(
                    "watermark.timestamp is more than maxAgeSeconds ({limit}) in the future: check the server clock"
                ),
            ));
        }
    }
    Ok(())
}
