//! The site owner's accent colour, checked for contrast (WCAG 2.2 success criterion 1.4.3):
//! the widget checks the colour the browser resolved, the console's widget setup page checks
//! the colour the owner picks (`#rrggbb`, [`parse_hex_color`]) before it goes in the snippet.
//!
//! The accent colours text (outlined buttons, links) on the widget's background, and it is the
//! background of primary buttons whose label has the "on accent" colour. Both pairs need 4.5:1.
//! The browser resolves whatever the owner wrote (`data-accent`, `--annexa-accent`, a colour
//! name, `hsl()`…) into the computed `rgb()` form that [`parse_css_color`] reads; the widget
//! then keeps the accent, swaps the label colour to black or white, or falls back to its own
//! default accent for the colour scheme in use.

use crate::decimal::parse_decimal;

/// The WCAG AA minimum for normal text.
pub const AA_TEXT: f64 = 4.5;

/// An sRGB colour, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb { r: 0, g: 0, b: 0 };
    /// White.
    pub const WHITE: Rgb = Rgb {
        r: 255,
        g: 255,
        b: 255,
    };

    /// Relative luminance as WCAG defines it (sRGB channels linearised, weighted 0.2126,
    /// 0.7152, 0.0722).
    pub fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                pow_2_4((c + 0.055) / 1.055)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// The contrast ratio between two colours, from 1 (same) to 21 (black on white).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a >= b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

/// `x`^2.4 for `x` in 0..=1, as `x² · (x²)^(1/5)` with the fifth root found by Newton's method:
/// plain arithmetic keeps the libm `pow` routine (several kilobytes) out of the widget's wasm.
fn pow_2_4(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let square = x * x;
    // From 1, above the root, Newton's steps fall monotonically onto it.
    let mut root = 1.0_f64;
    for _ in 0..64 {
        let fourth = root * root * root * root;
        let next = root - (fourth * root - square) / (5.0 * fourth);
        if next >= root {
            break;
        }
        root = next;
    }
    square * root
}

/// Reads `rgb(r, g, b)` and `rgba(r, g, b, a)`, the form a browser's computed style gives
/// for any colour the owner wrote. A translucent colour is judged as opaque; a fully
/// transparent one is `None`.
pub fn parse_css_color(text: &str) -> Option<Rgb> {
    let text = text.trim();
    let inner = text
        .strip_prefix("rgba(")
        .or_else(|| text.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<&str> = inner
        .split([',', ' ', '/'])
        .filter(|part| !part.is_empty())
        .collect();
    let channel = |i: usize| {
        let value = parse_decimal(parts.get(i)?)?;
        Some(value.round().clamp(0.0, 255.0) as u8)
    };
    // Fully transparent (`rgba(0, 0, 0, 0)`, an unset background) says nothing about the
    // colour the visitor sees.
    let alpha = parts
        .get(3)
        .and_then(|a| parse_decimal(a.trim_end_matches('%')));
    if alpha == Some(0.0) {
        return None;
    }
    Some(Rgb {
        r: channel(0)?,
        g: channel(1)?,
        b: channel(2)?,
    })
}

/// Reads `#rrggbb` or `#rgb` (what a colour picker gives); `None` for anything else.
pub fn parse_hex_color(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |digits: &str| u8::from_str_radix(digits, 16).ok();
    match hex.len() {
        6 => Some(Rgb {
            r: channel(&hex[0..2])?,
            g: channel(&hex[2..4])?,
            b: channel(&hex[4..6])?,
        }),
        3 => {
            let double = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some(Rgb {
                r: double(0)?,
                g: double(1)?,
                b: double(2)?,
            })
        }
        _ => None,
    }
}

/// What the widget does with the owner's accent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccentChoice {
    /// Readable as it is.
    Keep,
    /// The accent reads well on the background, but labels on accent-coloured buttons need
    /// this colour (black or white) instead of the configured one.
    LabelsIn(Rgb),
    /// The accent does not reach 4.5:1 against the background: the widget's default accent
    /// (and label colour) for the colour scheme is used instead.
    Fallback,
}

impl AccentChoice {
    /// The class the widget root gets (`None`: no change).
    pub fn class(self) -> Option<&'static str> {
        match self {
            AccentChoice::Keep => None,
            AccentChoice::LabelsIn(Rgb::BLACK) => Some("on-accent-black"),
            AccentChoice::LabelsIn(_) => Some("on-accent-white"),
            AccentChoice::Fallback => Some("accent-fallback"),
        }
    }
}

/// Checks `accent` against the widget `background` and the label colour `on_accent`.
pub fn choose_accent(accent: Rgb, on_accent: Rgb, background: Rgb) -> AccentChoice {
    if accent.contrast(background) < AA_TEXT {
        return AccentChoice::Fallback;
    }
    if accent.contrast(on_accent) >= AA_TEXT {
        return AccentChoice::Keep;
    }
    let best = if accent.contrast(Rgb::WHITE) >= accent.contrast(Rgb::BLACK) {
        Rgb::WHITE
    } else {
        Rgb::BLACK
    };
    if accent.contrast(best) >= AA_TEXT {
        AccentChoice::LabelsIn(best)
    } else {
        AccentChoice::Fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(hex: &str) -> Rgb {
        parse_hex_color(hex).unwrap()
    }

    #[test]
    fn picked_colours_parse_and_other_text_is_refused() {
        assert_eq!(
            parse_hex_color("#0047CC"),
            Some(Rgb {
                r: 0,
                g: 0x47,
                b: 0xcc
            })
        );
        assert_eq!(parse_hex_color("#fff"), Some(Rgb::WHITE));
        for bad in ["0047cc", "#0047c", "#ggg", "red", "#+1+2+3", ""] {
            assert_eq!(parse_hex_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_ratios_match_the_wcag_reference_values() {
        assert!((Rgb::BLACK.contrast(Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((rgb("#777").contrast(Rgb::WHITE) - 4.48).abs() < 0.01);
        assert!((rgb("#767676").contrast(Rgb::WHITE) - 4.54).abs() < 0.01);
        assert_eq!(
            rgb("#0047cc").contrast(Rgb::WHITE),
            Rgb::WHITE.contrast(rgb("#0047cc"))
        );
    }

    #[test]
    fn the_power_by_arithmetic_matches_the_float_library() {
        for i in 0..=1000 {
            let x = f64::from(i) / 1000.0;
            assert!((pow_2_4(x) - x.powf(2.4)).abs() < 1e-12, "{x}");
        }
    }

    #[test]
    fn computed_colour_forms_parse() {
        assert_eq!(parse_css_color("rgb(0, 71, 204)"), Some(rgb("#0047cc")));
        assert_eq!(
            parse_css_color("rgba(255, 255, 255, 0.5)"),
            Some(Rgb::WHITE)
        );
        let dark = Rgb {
            r: 10,
            g: 20,
            b: 30,
        };
        assert_eq!(parse_css_color("rgb(10 20 30 / 50%)"), Some(dark));
        assert_eq!(rgb("#fff"), Rgb::WHITE);
        assert_eq!(parse_css_color("oklch(0.5 0.1 200)"), None);
        assert_eq!(parse_css_color("rgba(0, 0, 0, 0)"), None);
        assert_eq!(parse_css_color("rgb(1, 2)"), None);
    }

    #[test]
    fn the_default_accent_is_kept_and_a_pale_one_falls_back() {
        let white = Rgb::WHITE;
        let dark = rgb("#16181d");
        let on_white = |accent| choose_accent(rgb(accent), white, white);
        let on_dark = |accent| choose_accent(rgb(accent), white, dark);
        assert_eq!(on_white("#0047cc"), AccentChoice::Keep);
        // Yellow on white: 1.07:1, unreadable as link text.
        assert_eq!(on_white("#ffd500"), AccentChoice::Fallback);
        // The same yellow on a dark background reads well; white labels on it do not.
        assert_eq!(on_dark("#ffd500"), AccentChoice::LabelsIn(Rgb::BLACK));
        assert_eq!(on_dark("#ffd500").class(), Some("on-accent-black"));
        // The darkest grey that still passes on white, with white labels.
        assert_eq!(on_white("#767676"), AccentChoice::Keep);
        assert_eq!(on_dark("#7a1fa2"), AccentChoice::Fallback);
    }
}
