//! The ISO/IEC 27006-1 audit-day estimate.

use annexa_shared::plan::AuditDays as Estimate;
use yew::prelude::*;

use super::WidgetContext;

/// What [`audit_days`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditDaysProps {
    /// The estimate.
    pub days: Estimate,
}

/// The estimate as a definition list.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn audit_days(ctx: &WidgetContext, props: &AuditDaysProps) -> Html {
    let s = ctx.strings;
    let d = &props.days;
    html! {
        <section class="report-block audit-days">
            <h3>{s.audit_days_heading}</h3>
            if d.persons_in_scope.is_none() {
                <p>{s.audit_days_unknown}</p>
            } else {
                <dl>
                    <dt>{s.audit_days_initial}</dt><dd data-days="initial">{(s.days)(d.initial)}</dd>
                    <dt>{s.audit_days_base}</dt><dd data-days="base_initial">{(s.days)(d.base_initial)}</dd>
                    <dt>{s.audit_days_surveillance}</dt><dd data-days="surveillance">{(s.days)(d.surveillance)}</dd>
                    <dt>{s.audit_days_recertification}</dt><dd data-days="recertification">{(s.days)(d.recertification)}</dd>
                </dl>
            }
            if d.approximate {
                <p class="note">{s.audit_days_approximate}</p>
            }
            <ul class="notes">{for d.notes.iter().map(|n| html! { <li>{n.clone()}</li> })}</ul>
        </section>
    }
}
