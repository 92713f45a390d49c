//! The draft Statement of Applicability as a table, with CSV and JSON downloads built in the
//! browser (nothing is sent anywhere).

use annexa_shared::soa::StatementOfApplicability;

use super::ReportContext;
use crate::markup::Markup;
use crate::report_model::data_url;

/// What [`soa_table`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct SoaTableProps {
    /// The SoA.
    pub soa: StatementOfApplicability,
    /// The SoA as JSON text.
    pub json: String,
}

/// The SoA table and downloads.
///
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn soa_table(ctx: &ReportContext, props: &SoaTableProps) -> Markup {
    let s = ctx.strings;
    let soa = &props.soa;
    let mut m = Markup::new();
    m.tag(r#"<section class="report-block soa"><h3>"#)
        .text(s.soa_heading)
        .tag("</h3><p>")
        .text(s.soa_intro)
        .tag(r#"</p><p class="downloads"><a href=""#)
        .text(&data_url("text/csv", &soa.to_csv()))
        .tag(r#"" download="statement-of-applicability.csv" class="btn">"#)
        .text(s.soa_download_csv)
        .tag(r#"</a><a href=""#)
        .text(&data_url("application/json", &props.json))
        .tag(r#"" download="statement-of-applicability.json" class="btn">"#)
        .text(s.soa_download_json)
        .tag("</a></p>");
    if !soa.warnings.is_empty() {
        m.tag(r#"<div class="warnings"><h4>"#)
            .text(s.soa_warnings)
            .tag("</h4><ul>");
        for w in &soa.warnings {
            m.tag("<li>").text(&w.message).tag("</li>");
        }
        m.tag("</ul></div>");
    }
    m.tag(r#"<div tabindex="0" role="region" aria-label=""#)
        .text(s.soa_heading)
        .tag(r#"" class="table-scroll"><table><thead><tr><th scope="col">"#)
        .text(s.soa_control)
        .tag(r#"</th><th scope="col">"#)
        .text(s.soa_applicable)
        .tag(r#"</th><th scope="col">"#)
        .text(s.soa_status)
        .tag(r#"</th><th scope="col">"#)
        .text(s.soa_justification)
        .tag("</th></tr></thead><tbody>");
    for entry in &soa.controls {
        m.tag(r#"<tr data-control=""#)
            .text(&entry.control_id)
            .tag(r#""><th scope="row">"#)
            .text(&entry.control_id)
            .tag(" ")
            .text(&entry.title)
            .tag("</th><td>")
            .text(if entry.applicable {
                s.soa_yes
            } else {
                s.soa_no
            })
            .tag("</td><td>")
            .text((s.soa_status_names)(entry.status))
            .tag("</td><td>")
            .text(&entry.justification)
            .tag("</td></tr>");
    }
    m.tag("</tbody></table></div></section>");
    m
}
