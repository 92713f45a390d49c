//! The widget setup page's rules, without a browser: a widget key as the API lists it, the form
//! a site owner fills in (and the API body made from it), what a refused field means in plain
//! words, the embed snippet to copy, and what the widget will do with the key's accent colour
//! (the widget's own contrast rule, [`annexa_shared::theme`]).

use annexa_shared::theme::{AccentChoice, Rgb, choose_accent, parse_hex_color};
use serde::Deserialize;
use serde_json::{Value, json};

/// A widget key as `GET /api/v1/widget-keys` lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StoredWidgetKey {
    /// The key.
    pub key: String,
    /// Who owns the site.
    pub owner_name: String,
    /// Whether the widget offers to send the assessment.
    pub lead_capture: bool,
    /// The consent text.
    pub consent_text: String,
    /// The origins allowed to embed it.
    pub allowed_origins: Vec<String>,
    /// The webhook address (a password in it shown as `***`).
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// When it was made.
    pub created_at: String,
    /// `inline` or `button`.
    #[serde(default)]
    pub cta_style: String,
    /// The call to action's wording.
    #[serde(default)]
    pub cta_text: Option<String>,
    /// The booking page.
    #[serde(default)]
    pub booking_url: Option<String>,
    /// Whether the funnel is counted.
    #[serde(default = "yes")]
    pub analytics: bool,
    /// The accent colour (`#rrggbb` or `#rgb`), when the key has one.
    #[serde(default)]
    pub accent: Option<String>,
}

fn yes() -> bool {
    true
}

/// The setup form as typed: every field as text or a tick.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WidgetKeyForm {
    /// The key (only when creating one; generated when empty).
    pub key: String,
    /// Who owns the site.
    pub owner_name: String,
    /// Allowed origins, one per line.
    pub origins: String,
    /// The consent text (the default naming the owner when empty).
    pub consent_text: String,
    /// Whether the widget offers to send the assessment.
    pub lead_capture: bool,
    /// Whether the report shows a button that opens the form (instead of the form itself).
    pub cta_button: bool,
    /// The call to action's wording (the widget's own when empty).
    pub cta_text: String,
    /// The booking page (none when empty).
    pub booking_url: String,
    /// The webhook address (none when empty).
    pub webhook_url: String,
    /// Whether the funnel is counted.
    pub analytics: bool,
    /// The accent colour as typed or picked (the widget's own when empty).
    pub accent: String,
}

fn optional(text: &str) -> Value {
    match text.trim() {
        "" => Value::Null,
        text => Value::String(text.to_owned()),
    }
}

impl WidgetKeyForm {
    /// A new key's form: lead capture and counting on.
    pub fn new_key() -> WidgetKeyForm {
        WidgetKeyForm {
            lead_capture: true,
            analytics: true,
            ..WidgetKeyForm::default()
        }
    }

    /// The form for changing `stored`.
    pub fn from_stored(stored: &StoredWidgetKey) -> WidgetKeyForm {
        WidgetKeyForm {
            key: stored.key.clone(),
            owner_name: stored.owner_name.clone(),
            origins: stored.allowed_origins.join("\n"),
            consent_text: stored.consent_text.clone(),
            lead_capture: stored.lead_capture,
            cta_button: stored.cta_style == "button",
            cta_text: stored.cta_text.clone().unwrap_or_default(),
            booking_url: stored.booking_url.clone().unwrap_or_default(),
            webhook_url: stored.webhook_url.clone().unwrap_or_default(),
            analytics: stored.analytics,
            accent: stored.accent.clone().unwrap_or_default(),
        }
    }

    /// The body of `POST /api/v1/widget-keys` (or `PUT …/{key}`): empty fields are left out,
    /// so the server applies its defaults.
    pub fn body(&self) -> Value {
        let origins: Vec<&str> = self
            .origins
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        let mut body = json!({
            "owner_name": self.owner_name.trim(),
            "allowed_origins": origins,
            "lead_capture": self.lead_capture,
            "cta_style": if self.cta_button { "button" } else { "inline" },
            "analytics": self.analytics,
        });
        for (name, value) in [
            ("key", optional(&self.key)),
            ("consent_text", optional(&self.consent_text)),
            ("cta_text", optional(&self.cta_text)),
            ("booking_url", optional(&self.booking_url)),
            ("webhook_url", optional(&self.webhook_url)),
            ("accent", optional(&self.accent)),
        ] {
            if !value.is_null() {
                body[name] = value;
            }
        }
        body
    }
}

/// The form field a refused field (a JSON pointer from the API) belongs to, in the words of its
/// label, with the line for an origin.
pub fn field_label(pointer: &str) -> String {
    let mut parts = pointer.trim_start_matches('/').split('/');
    let label = match parts.next().unwrap_or_default() {
        "key" => "Key",
        "owner_name" => "Owner name",
        "allowed_origins" => {
            return match parts.next().and_then(|i| i.parse::<usize>().ok()) {
                Some(index) => format!("Sites allowed to show the widget, line {}", index + 1),
                None => "Sites allowed to show the widget".to_owned(),
            };
        }
        "consent_text" => "Consent text",
        "cta_text" => "Call-to-action text",
        "booking_url" => "Booking page",
        "webhook_url" => "Webhook address",
        "accent" => "Accent colour",
        _ => "The settings",
    };
    label.to_owned()
}

/// The snippet a site owner pastes into a page: the loader from `server`, and the element with
/// the key and `data-analytics="off"` when counting is off on this page. The accent colour is
/// the key's own setting: the widget gets it with the key's other settings.
pub fn snippet(server: &str, key: &str, analytics_off: bool) -> String {
    let mut element = format!("<annexa-readiness data-key=\"{}\"", attribute(key));
    if analytics_off {
        element.push_str(" data-analytics=\"off\"");
    }
    format!(
        "<script type=\"module\" src=\"{}/embed.js\"></script>\n{element}></annexa-readiness>",
        attribute(server.trim_end_matches('/'))
    )
}

/// `text` safe inside a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// What the widget will do with the accent colour `hex` on its default light background (white,
/// with white labels on coloured buttons), in plain words; `None` when `hex` is not a colour.
pub fn accent_advice(hex: &str) -> Option<(AccentChoice, &'static str)> {
    let accent = parse_hex_color(hex)?;
    let choice = choose_accent(accent, Rgb::WHITE, Rgb::WHITE);
    let words = match choice {
        AccentChoice::Keep => "Easy to read: the widget uses this colour as it is.",
        AccentChoice::LabelsIn(_) => {
            "Readable as text, but white labels on it are not: the widget writes the labels of \
             its coloured buttons in black."
        }
        AccentChoice::Fallback => {
            "Too light to read on a white background: the widget will use its own blue instead. \
             Choose a darker colour."
        }
    };
    Some((choice, words))
}

/// What the accent field says about `text` as typed: the advice, and whether it is a problem
/// to show as one (not a colour, or too light to be used).
pub fn accent_words(text: &str) -> (bool, &'static str) {
    if text.trim().is_empty() {
        return (
            false,
            "No colour chosen: the widget uses its own blue, or the colour a page gives it.",
        );
    }
    match accent_advice(text) {
        Some((choice, words)) => (choice == AccentChoice::Fallback, words),
        None => (
            true,
            "Not a colour the widget can use: write # and six characters from 0 to 9 and a to \
             f, for example #0b5cad, or pick one.",
        ),
    }
}

/// The value for the colour picker beside the accent field: the colour typed, as `#rrggbb` (a
/// picker knows no other form), or the widget's own blue when none is typed.
pub fn picker_value(text: &str) -> String {
    match parse_hex_color(text) {
        Some(Rgb { r, g, b }) => format!("#{r:02x}{g:02x}{b:02x}"),
        None => "#0047cc".to_owned(),
    }
}

/// The colour to show beside a listed key's accent (a swatch), only when it is a hex colour.
pub fn swatch_style(accent: Option<&str>) -> Option<String> {
    accent
        .and_then(|a| parse_hex_color(a).map(|_| a.trim()))
        .map(|a| format!("background-color: {a}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> StoredWidgetKey {
        serde_json::from_value(json!({
            "key": "wk_shop", "owner_name": "Example Audits", "lead_capture": true,
            "consent_text": "You may contact me.", "allowed_origins": ["https://shop.example", "https://www.example.org"],
            "webhook_url": "https://user:***@hooks.example.net/in", "created_at": "2026-12-01T10:00:00.000Z",
            "cta_style": "button", "cta_text": null, "booking_url": "https://example.org/book", "analytics": false,
            "accent": "#7a1fa2"
        }))
        .unwrap()
    }

    #[test]
    fn a_stored_key_fills_the_form_and_comes_back_unchanged() {
        let form = WidgetKeyForm::from_stored(&stored());
        assert_eq!(
            form.origins,
            "https://shop.example\nhttps://www.example.org"
        );
        assert!(form.cta_button && !form.analytics);
        let body = form.body();
        assert_eq!(
            body["allowed_origins"],
            json!(["https://shop.example", "https://www.example.org"])
        );
        assert_eq!(body["cta_style"], "button");
        // The webhook as listed goes back as listed: the server keeps the stored address.
        assert_eq!(body["webhook_url"], "https://user:***@hooks.example.net/in");
        assert_eq!(body["analytics"], false);
        assert_eq!(body["accent"], "#7a1fa2");
        assert!(
            body.get("cta_text").is_none(),
            "empty: the widget's own wording"
        );
    }

    #[test]
    fn a_new_keys_empty_fields_are_left_to_the_server() {
        let form = WidgetKeyForm {
            owner_name: "  New Owner ".into(),
            origins: "https://a.example\n\n  https://b.example  \n".into(),
            ..WidgetKeyForm::new_key()
        };
        let body = form.body();
        assert_eq!(body["owner_name"], "New Owner");
        assert_eq!(
            body["allowed_origins"],
            json!(["https://a.example", "https://b.example"])
        );
        for absent in [
            "key",
            "consent_text",
            "webhook_url",
            "booking_url",
            "cta_text",
            "accent",
        ] {
            assert!(body.get(absent).is_none(), "{absent}");
        }
        assert_eq!(
            (&body["lead_capture"], &body["analytics"]),
            (&json!(true), &json!(true))
        );
    }

    #[test]
    fn refused_fields_are_named_by_their_labels() {
        assert_eq!(
            field_label("/allowed_origins/1"),
            "Sites allowed to show the widget, line 2"
        );
        assert_eq!(field_label("/cta_text"), "Call-to-action text");
        assert_eq!(field_label("/accent"), "Accent colour");
        assert_eq!(field_label("/something_else"), "The settings");
    }

    #[test]
    fn the_snippet_carries_the_key_and_the_opt_out() {
        assert_eq!(
            snippet("http://127.0.0.1:8080/", "demo", false),
            "<script type=\"module\" src=\"http://127.0.0.1:8080/embed.js\"></script>\n\
             <annexa-readiness data-key=\"demo\"></annexa-readiness>"
        );
        let full = snippet("https://annexa.example", "wk_1", true);
        assert!(
            full.ends_with(
                "<annexa-readiness data-key=\"wk_1\" data-analytics=\"off\"></annexa-readiness>"
            ),
            "{full}"
        );
        assert!(
            snippet("https://a.example", "k\"><script>", false)
                .contains("data-key=\"k&quot;>&lt;script>\"")
        );
    }

    #[test]
    fn the_accent_advice_follows_the_widgets_contrast_rule() {
        assert_eq!(
            accent_advice("#0b5cad").map(|a| a.0),
            Some(AccentChoice::Keep)
        );
        assert_eq!(
            accent_advice("#ffd500").map(|a| a.0),
            Some(AccentChoice::Fallback)
        );
        assert!(accent_advice("#ffd500").unwrap().1.contains("darker"));
        assert_eq!(accent_advice("blue"), None);
    }

    #[test]
    fn the_accent_field_explains_what_it_holds_and_feeds_the_picker() {
        assert!(!accent_words("").0 && accent_words(" ").1.contains("own blue"));
        assert_eq!(
            accent_words("#0b5cad"),
            (false, accent_advice("#0b5cad").unwrap().1)
        );
        assert!(accent_words("#ffd500").0 && accent_words("#ffd500").1.contains("darker"));
        let (problem, words) = accent_words("blue");
        assert!(problem && words.contains("#0b5cad"), "{words}");
        assert_eq!(picker_value("#7A1FA2"), "#7a1fa2");
        assert_eq!(picker_value(" #fd0 "), "#ffdd00");
        assert_eq!(picker_value(""), "#0047cc");
        assert_eq!(picker_value("red"), "#0047cc");
        assert_eq!(
            swatch_style(Some("#7a1fa2")).as_deref(),
            Some("background-color: #7a1fa2")
        );
        assert_eq!(swatch_style(Some("red; background: url(x)")), None);
        assert_eq!(swatch_style(None), None);
    }
}
