//! The ISO/IEC 27006-1 audit-day estimate.

use annexa_shared::plan::AuditDays as Estimate;

use super::ReportContext;
use crate::markup::Markup;

/// What [`audit_days`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditDaysProps {
    /// The estimate.
    pub days: Estimate,
}

/// The estimate as a definition list.
///
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn audit_days(ctx: &ReportContext, props: &AuditDaysProps) -> Markup {
    let s = ctx.strings;
    let d = &props.days;
    let mut m = Markup::new();
    m.tag(r#"<section class="report-block audit-days"><h3>"#)
        .text(s.audit_days_heading)
        .tag("</h3>");
    if d.persons_in_scope.is_none() {
        m.tag("<p>").text(s.audit_days_unknown).tag("</p>");
    } else {
        m.tag("<dl><dt>")
            .text(s.audit_days_initial)
            .tag(r#"</dt><dd data-days="initial">"#)
            .text(&(s.days)(d.initial))
            .tag("</dd><dt>")
            .text(s.audit_days_base)
            .tag(r#"</dt><dd data-days="base_initial">"#)
            .text(&(s.days)(d.base_initial))
            .tag("</dd><dt>")
            .text(s.audit_days_surveillance)
            .tag(r#"</dt><dd data-days="surveillance">"#)
            .text(&(s.days)(d.surveillance))
            .tag("</dd><dt>")
            .text(s.audit_days_recertification)
            .tag(r#"</dt><dd data-days="recertification">"#)
            .text(&(s.days)(d.recertification))
            .tag("</dd></dl>");
    }
    if d.approximate {
        m.tag(r#"<p class="note">"#)
            .text(s.audit_days_approximate)
            .tag("</p>");
    }
    m.tag(r#"<ul class="notes">"#);
    for n in &d.notes {
        m.tag("<li>").text(n).tag("</li>");
    }
    m.tag("</ul></section>");
    m
}
