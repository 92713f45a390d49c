//! The configuration of one widget instance, read from the `<annexa-readiness>` element's
//! `data-` attributes by `public/embed.js` and handed to [`crate::mount`] as JSON.

use annexa_shared::Mode;
use annexa_shared::json::Json;
use serde::Deserialize;

use crate::i18n::Locale;

/// What `embed.js` passes, before validation: attribute values as written by the site owner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RawConfig {
    /// `data-key`.
    pub key: Option<String>,
    /// `data-mode`: `quick`, `full` or absent (the visitor chooses).
    pub mode: Option<String>,
    /// `data-lead-capture`: `on` (default: as the widget key allows) or `off`.
    pub lead_capture: Option<String>,
    /// `data-locale`.
    pub locale: Option<String>,
    /// `data-api` or, by default, the origin `embed.js` was loaded from.
    pub api: String,
    /// The instance id (`id` attribute, `data-instance`, or the element's position).
    pub instance: String,
    /// Whether the widget runs inside the iframe fallback page.
    pub frame: bool,
    /// When `embed.js` connected the element (ISO 8601): the widget's start on the page, which
    /// the lead carries (see [`crate::api::started_at`]).
    pub started_at: Option<String>,
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// The widget key the site owner received.
    pub key: String,
    /// The mode fixed by the site owner, or `None` to let the visitor choose.
    pub mode: Option<Mode>,
    /// `false` when the page turned lead capture off with `data-lead-capture="off"`.
    pub lead_capture_allowed: bool,
    /// The instance's language.
    pub locale: Locale,
    /// API base URL without a trailing slash.
    pub api: String,
    /// Distinguishes several instances on one page (storage key).
    pub instance: String,
    /// Running in the iframe fallback.
    pub frame: bool,
}

/// A configuration mistake by the site owner, shown inside the widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// No `data-key` attribute (or an empty one).
    MissingKey,
    /// `data-mode` is neither `quick` nor `full`.
    BadMode(String),
}

impl ConfigError {
    /// The stable code in the `annexa:error` event.
    pub fn code(&self) -> &'static str {
        match self {
            ConfigError::MissingKey => "missing-key",
            ConfigError::BadMode(_) => "bad-mode",
        }
    }
}

impl RawConfig {
    /// The configuration in the JSON `text` `embed.js` passes, read as `serde_json::from_str`
    /// reads it (every field optional, unknown ones ignored) but without serde's derived
    /// deserializer ([`annexa_shared::json`]); `None` when serde would refuse it.
    pub fn from_json_text(text: &str) -> Option<RawConfig> {
        const FIELDS: [&str; 8] = [
            "key",
            "mode",
            "leadCapture",
            "locale",
            "api",
            "instance",
            "frame",
            "startedAt",
        ];
        let json = annexa_shared::json::parse(text)?;
        let mut raw = RawConfig::default();
        let optional = |value: &Json<'_>| match value {
            Json::Null => Some(None),
            other => other.str().map(|t| Some(t.to_owned())),
        };
        for (name, value) in json.members(&FIELDS)? {
            match name.as_str() {
                "key" => raw.key = optional(value)?,
                "mode" => raw.mode = optional(value)?,
                "leadCapture" => raw.lead_capture = optional(value)?,
                "locale" => raw.locale = optional(value)?,
                "startedAt" => raw.started_at = optional(value)?,
                "api" => raw.api = value.str()?.to_owned(),
                "instance" => raw.instance = value.str()?.to_owned(),
                "frame" => {
                    raw.frame = match value {
                        Json::Bool(b) => *b,
                        _ => return None,
                    }
                }
                _ => {}
            }
        }
        Some(raw)
    }

    /// Checks the attributes. The locale never fails: unknown languages fall back to English.
    pub fn validate(self) -> Result<WidgetConfig, ConfigError> {
        let key = self
            .key
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .ok_or(ConfigError::MissingKey)?;
        let mode = match self.mode.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(name) => match Mode::from_name(name) {
                Some(mode) => Some(mode),
                None => return Err(ConfigError::BadMode(name.to_owned())),
            },
        };
        let lead_capture_allowed = !matches!(
            self.lead_capture.as_deref().map(str::trim),
            Some("off" | "false" | "no")
        );
        Ok(WidgetConfig {
            key,
            mode,
            lead_capture_allowed,
            locale: Locale::from_tag(self.locale.as_deref().unwrap_or("en")),
            api: self.api.trim_end_matches('/').to_owned(),
            instance: self.instance,
            frame: self.frame,
        })
    }
}

impl WidgetConfig {
    /// The `localStorage` key of this instance: one saved assessment per widget key and
    /// instance, so two widgets on one page never overwrite each other.
    pub fn storage_key(&self) -> String {
        format!("annexa:v1:{}:{}", self.key, self.instance)
    }

    /// `GET` URL of the site owner's widget settings.
    pub fn widget_config_url(&self) -> String {
        format!(
            "{}/api/v1/widget-config/{}",
            self.api,
            percent_encode(&self.key)
        )
    }

    /// `POST` URL for leads.
    pub fn leads_url(&self) -> String {
        format!("{}/api/v1/leads", self.api)
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986): a key can never change the
/// path it is placed in, and any text fits in a `data:` URL.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> RawConfig {
        let read = RawConfig::from_json_text(json).unwrap();
        assert_eq!(
            Some(&read),
            serde_json::from_str::<RawConfig>(json).ok().as_ref()
        );
        read
    }

    #[test]
    fn the_configuration_is_read_as_serde_reads_it() {
        let sample = r#"{"key":"demo","mode":"quick","leadCapture":null,"locale":"en-GB",
            "api":"http://127.0.0.1:8080","instance":"w","frame":false,
            "startedAt":"2026-12-03T10:00:00.000Z","other":{"a":[1,2]}}"#;
        let check = |text: &str| {
            assert_eq!(
                RawConfig::from_json_text(text),
                serde_json::from_str::<RawConfig>(text).ok(),
                "{text}"
            );
        };
        check(sample);
        check(r#"{"api":null}"#);
        check(r#"{"key":"a","key":"b"}"#);
        check(r#"{"frame":"yes"}"#);
        let chars: Vec<char> = sample.chars().collect();
        for i in 0..chars.len() {
            let mut cut = chars.clone();
            cut.remove(i);
            check(&cut.iter().collect::<String>());
            for c in ['"', '}', ',', 'x', 'n', '1'] {
                let mut changed = chars.clone();
                changed[i] = c;
                check(&changed.iter().collect::<String>());
            }
        }
    }

    #[test]
    fn a_missing_or_blank_key_is_refused() {
        assert_eq!(raw("{}").validate(), Err(ConfigError::MissingKey));
        assert_eq!(
            raw(r#"{"key":"  "}"#).validate(),
            Err(ConfigError::MissingKey)
        );
    }

    #[test]
    fn mode_must_be_quick_full_or_absent() {
        let config = raw(r#"{"key":"demo","mode":"full"}"#).validate().unwrap();
        assert_eq!(config.mode, Some(Mode::Full));
        assert_eq!(raw(r#"{"key":"demo"}"#).validate().unwrap().mode, None);
        assert_eq!(
            raw(r#"{"key":"demo","mode":"long"}"#).validate(),
            Err(ConfigError::BadMode("long".into()))
        );
    }

    #[test]
    fn lead_capture_can_only_be_switched_off_by_the_page() {
        assert!(
            raw(r#"{"key":"k"}"#)
                .validate()
                .unwrap()
                .lead_capture_allowed
        );
        assert!(
            !raw(r#"{"key":"k","leadCapture":"off"}"#)
                .validate()
                .unwrap()
                .lead_capture_allowed
        );
    }

    #[test]
    fn instances_get_their_own_storage_and_keys_stay_in_their_path_segment() {
        let a = raw(r#"{"key":"demo","instance":"0","api":"http://h/"}"#)
            .validate()
            .unwrap();
        let b = raw(r#"{"key":"demo","instance":"1","api":"http://h/"}"#)
            .validate()
            .unwrap();
        assert_ne!(a.storage_key(), b.storage_key());
        let odd = raw(r#"{"key":"a/../b c","api":"http://h"}"#)
            .validate()
            .unwrap();
        assert_eq!(
            odd.widget_config_url(),
            "http://h/api/v1/widget-config/a%2F..%2Fb%20c"
        );
        assert_eq!(a.leads_url(), "http://h/api/v1/leads");
    }
}
