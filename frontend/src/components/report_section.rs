//! One collapsible section of the report's details: a heading button that opens and closes it
//! (its state is saved with the assessment). Printing shows every section (print stylesheet).

use super::ReportContext;
use crate::markup::Markup;
use crate::report_model::ReportSection as Section;

/// A disclosure section titled `title`, open or not, with the content `body` writes.
pub fn report_section(
    m: &mut Markup,
    ctx: &ReportContext,
    section: Section,
    title: &str,
    open: bool,
    body: impl FnOnce(&mut Markup),
) {
    let id = section.id();
    let instance = &ctx.config.instance;
    m.tag(r#"<section data-section-id=""#)
        .text(id)
        .tag(r#"" class="report-section"><h3 class="section-heading"><button type="button" aria-expanded=""#)
        .tag(if open { "true" } else { "false" })
        .tag(r#"" aria-controls="annexa-"#)
        .text(instance)
        .tag("-")
        .text(id)
        .tag(r#"" class="disclosure">"#)
        .text(title)
        .tag(r#"</button></h3><div id="annexa-"#)
        .text(instance)
        .tag("-")
        .text(id)
        .tag(r#"""#)
        .flag(!open, r#" hidden="hidden""#)
        .tag(r#" class="section-body">"#);
    body(m);
    m.tag("</div></section>");
}
