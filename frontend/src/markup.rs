//! The widget's screens written as HTML text: [`crate::components`] writes the screen on show
//! as one [`Markup`], and [`crate::dom::patch`] brings the shadow root's elements in line with
//! it. The markup is the same as the widget rendered when it was built with Yew (normal
//! attributes in source order, then boolean attributes written as `name="name"`, then `class`;
//! no whitespace between tags), so the stylesheet and the tests read the same page.
//!
//! The one rule that keeps it safe: markup comes only from [`Markup::tag`], which takes
//! `&'static str` (our own tags and attribute names), and every value — a text, an attribute
//! value, a number — goes through [`Markup::text`] or [`Markup::display`], which escape
//! `& < > " '`. So any text a visitor or a site owner supplies (a justification, a name) renders
//! as text, never as markup: tested on arbitrary strings natively (`escape` against its inverse)
//! and in the browser (parsed by Chromium, read back as text).

use std::fmt::{self, Write};

/// HTML being written.
#[derive(Debug, Default)]
pub struct Markup(String);

impl Markup {
    /// Empty markup.
    pub fn new() -> Markup {
        Markup(String::with_capacity(1024))
    }

    /// Our own markup: tags, attribute names, fixed attribute values. Never a value that came
    /// from anywhere else (hence `&'static str`).
    pub fn tag(&mut self, markup: &'static str) -> &mut Markup {
        self.0.push_str(markup);
        self
    }

    /// A text or an attribute value, escaped.
    pub fn text(&mut self, text: &str) -> &mut Markup {
        escape_into(&mut self.0, text);
        self
    }

    /// A value as `{}` writes it, escaped.
    pub fn display(&mut self, value: &dyn fmt::Display) -> &mut Markup {
        let _ = write!(Escaping(&mut self.0), "{value}");
        self
    }

    /// The markup written so far.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends markup written elsewhere (itself made only of [`Markup::tag`] and escaped
    /// values).
    pub fn markup(&mut self, other: &Markup) -> &mut Markup {
        self.0.push_str(&other.0);
        self
    }

    /// Markup the widget's report module wrote with a [`Markup`] of its own (the report's body,
    /// [`crate::report_engine`]), handed over as text within the page. Never text from anywhere
    /// else.
    pub fn trusted(&mut self, markup: &str) -> &mut Markup {
        self.0.push_str(markup);
        self
    }

    /// The markup written, as a string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// A boolean attribute, written as `name="name"` when `on` (as the widget always wrote them);
    /// nothing otherwise. `attribute` is the leading space, the name, `="`, the name and `"`.
    pub fn flag(&mut self, on: bool, attribute: &'static str) -> &mut Markup {
        if on {
            self.0.push_str(attribute);
        }
        self
    }
}

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` written as character references:
/// the result is text both between tags and inside a quoted attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// A `fmt::Write` that escapes what is written through it.
struct Escaping<'a>(&'a mut String);

impl Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(self.0, s);
        Ok(())
    }
}

// proptest does not build for wasm32; the browser half is in tests/components.rs.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The inverse of [`escape_into`] for the five references it writes.
    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Escaped text holds no character that could open a tag, end an attribute value or
        /// start a reference of its own, and reads back as the text.
        #[test]
        fn any_text_stays_text(text in any::<String>()) {
            let out = escaped(&text);
            prop_assert!(!out.contains(['<', '>', '"', '\'']), "{out:?}");
            // Every `&` starts one of the five references.
            for (at, _) in out.match_indices('&') {
                let rest = &out[at..];
                prop_assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|r| rest.starts_with(r)),
                    "{out:?}"
                );
            }
            prop_assert_eq!(unescape(&out), text);
        }

        /// Markup-heavy text: the same, with the characters that matter drawn often.
        #[test]
        fn markup_characters_stay_text(text in "[<>&\"'a-z;#/= ]{0,40}") {
            let out = escaped(&text);
            prop_assert!(!out.contains(['<', '>', '"', '\'']));
            prop_assert_eq!(unescape(&out), text);
        }

        /// `display` escapes what `{}` writes, as `text` does.
        #[test]
        fn display_escapes_as_text(text in any::<String>()) {
            let mut a = Markup::new();
            a.display(&text);
            let mut b = Markup::new();
            b.text(&text);
            prop_assert_eq!(a.as_str(), b.as_str());
        }
    }

    #[test]
    fn tags_are_written_as_given_and_values_escaped() {
        let mut m = Markup::new();
        m.tag("<p title=\"")
            .text("a\"b")
            .tag("\">")
            .text("<b>&</b>")
            .tag("</p>");
        assert_eq!(
            m.as_str(),
            "<p title=\"a&quot;b\">&lt;b&gt;&amp;&lt;/b&gt;</p>"
        );
    }
}
