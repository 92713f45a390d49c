//! A configuration or connection problem, stated plainly inside the widget (never a blank box).

use crate::markup::Markup;

/// The error panel: a heading, what is wrong and what to do, and a retry button labelled
/// `retry` when given (the runtime knows which retry it is from the state it shows).
pub fn error_box(m: &mut Markup, title: &str, message: &str, retry: Option<&str>) {
    m.tag(r#"<section role="alert" class="error-box"><h2>"#)
        .text(title)
        .tag("</h2><p>")
        .text(message)
        .tag("</p>");
    if let Some(label) = retry {
        m.tag(r#"<button type="button" class="btn">"#)
            .text(label)
            .tag("</button>");
    }
    m.tag("</section>");
}
