//! The site owner's accent colour, checked for contrast: the rule lives in
//! [`annexa_shared::theme`], shared with the console's widget setup page, which checks the same
//! colour before the owner puts it in the snippet.

pub use annexa_shared::theme::*;

/// How the owner's accent fares against the background and its labels, read from the colours
/// the browser computed for the widget's hidden probe element (`span.accent-probe`, styled by
/// widget.css): the class to put on the widget's root, if any.
pub fn accent_class(probe: &web_sys::Element) -> Option<&'static str> {
    let style = web_sys::window()?.get_computed_style(probe).ok()??;
    let color = |name: &str| parse_css_color(&style.get_property_value(name).ok()?);
    choose_accent(
        color("color")?,
        color("background-color")?,
        color("border-top-color")?,
    )
    .class()
}
