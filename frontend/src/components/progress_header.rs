//! The progress bar with the section name, announced politely to screen readers.

use super::WidgetContext;
use crate::markup::Markup;

/// What [`progress_header`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressHeaderProps {
    /// Questions answered.
    pub answered: usize,
    /// Questions in all.
    pub total: usize,
    /// The section on screen, with its number.
    pub section_title: String,
    /// The step on screen, 1-based.
    pub step: usize,
    /// Steps in all.
    pub steps: usize,
    /// Whether the last change was saved in the browser.
    pub saved: bool,
}

/// Progress bar, section name and save state. The status is a live region: it stays the same
/// element from step to step ([`crate::dom::patch`] changes only its text), so that screen
/// readers announce its changes.
pub fn progress_header(m: &mut Markup, ctx: &WidgetContext, props: &ProgressHeaderProps) {
    let s = ctx.strings;
    let tenths = bar_tenths(props.answered, props.total);
    m.tag(r#"<div class="progress"><div class="progress-text"><span class="section-name">"#)
        .text(&props.section_title)
        .tag("</span><span>")
        .text(&(s.question_of)(props.step, props.steps))
        .tag(concat!(
            r#"</span></div><svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false" class="progress-bar">"#,
            r#"<rect width="100" height="6" rx="3" class="track"></rect><rect width=""#
        ))
        .display(&(tenths / 10))
        .tag(".")
        .display(&(tenths % 10))
        .tag(r#"" height="6" rx="3" class="fill"></rect></svg><p role="status" aria-live="polite" class="progress-status">"#)
        .text(&(s.progress_label)(props.answered, props.total));
    if props.saved {
        m.tag(" · ").text(s.saved);
    }
    m.tag("</p></div>");
}

/// The bar's filled width in tenths of a percent, rounded as `format!("{:.1}")` rounds the
/// exact share (half to even), in integers: the questionnaire module carries no float
/// formatting for it.
fn bar_tenths(answered: usize, total: usize) -> usize {
    if total == 0 {
        return 0;
    }
    let (quotient, remainder) = (answered * 1000 / total, answered * 1000 % total);
    let up = 2 * remainder > total || (2 * remainder == total && quotient % 2 == 1);
    quotient + usize::from(up)
}

#[cfg(test)]
mod tests {
    use super::bar_tenths;

    #[test]
    fn the_bar_is_as_wide_as_the_share_answered_written_with_one_decimal() {
        for total in 1..=200 {
            for answered in 0..=total {
                let tenths = bar_tenths(answered, total);
                let written = format!("{}.{}", tenths / 10, tenths % 10);
                let share = answered as f64 * 100.0 / total as f64;
                assert_eq!(written, format!("{share:.1}"), "{answered} of {total}");
            }
        }
    }
}
