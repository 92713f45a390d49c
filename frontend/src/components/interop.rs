//! "Use your results elsewhere": OSCAL downloads and the cross-framework coverage — related ISO
//! requirements met for NIST CSF 2.0, NIST SP 800-53 Rev. 5 and NIS2, never a compliance verdict.
//! Both are computed by the exports module (`frontend/exports`), which the page loads only when
//! the visitor opens the coverage or asks for a download; it works in the browser and sends
//! nothing anywhere.

use std::rc::Rc;

use annexa_shared::AnswersDocument;
use annexa_shared::crosswalk::{CoverageCounts, CoverageSummary};
use annexa_shared::json::write::WriteJson;
use wasm_bindgen::{JsCast, JsValue};

use super::WidgetContext;
use crate::i18n::Strings;
use crate::markup::Markup;

/// What the report knows of the coverage and the downloads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InteropState {
    /// The coverage, once computed (or why it could not be).
    pub coverage: Option<Result<Rc<CoverageSummary>, String>>,
    /// The coverage is being computed.
    pub coverage_loading: bool,
    /// Why the last download from the coverage section failed.
    pub coverage_download_error: Option<String>,
    /// Why the last download from the downloads section failed.
    pub download_error: Option<String>,
}

/// A readable message for a JavaScript error or rejection.
fn describe(value: JsValue) -> String {
    match value.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => value
            .as_string()
            .unwrap_or_else(|| "the browser gave no reason".to_owned()),
    }
}

/// A module's JS glue (the exports or the report module), through the loader `embed.js` gave
/// (each module is fetched once per page); `missing` is why not, on a page without the loader.
pub async fn load_module(
    loader: Option<js_sys::Function>,
    missing: &str,
) -> Result<JsValue, String> {
    let loader = loader.ok_or(missing)?;
    let promise = loader.call0(&JsValue::NULL).map_err(describe)?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(describe)
}

/// Calls the function `name` of a module's JS glue with `args`.
pub fn call_glue(glue: &JsValue, name: &str, args: &js_sys::Array) -> Result<JsValue, String> {
    let function: js_sys::Function = js_sys::Reflect::get(glue, &JsValue::from_str(name))
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    function.apply(&JsValue::NULL, args).map_err(describe)
}

/// Calls the exports module's function `name` with the answers and text arguments.
async fn call_exports(
    loader: Option<js_sys::Function>,
    name: &str,
    doc: &AnswersDocument,
    more: &[&str],
) -> Result<JsValue, String> {
    let glue = load_module(loader, "the downloads are not available on this page").await?;
    let args = js_sys::Array::of1(&JsValue::from_str(&doc.to_json()));
    for arg in more {
        args.push(&JsValue::from_str(arg));
    }
    call_glue(&glue, name, &args)
}

/// Builds the download `export` (its `data-export` name) and hands it to the browser.
pub async fn download(
    loader: Option<js_sys::Function>,
    doc: &AnswersDocument,
    export: &str,
) -> Result<(), String> {
    let at: String = js_sys::Date::new_0().to_iso_string().into();
    let file: js_sys::Array = call_exports(loader, "exportFile", doc, &[export, &at])
        .await?
        .dyn_into()
        .map_err(describe)?;
    let part = |i| file.get(i).as_string().unwrap_or_default();
    save(&part(0), &part(1), &part(2)).map_err(describe)
}

/// What the report shows of the coverage for `doc`, from the exports module (a list of texts,
/// [`CoverageSummary::to_fields`]).
pub async fn load_coverage(
    loader: Option<js_sys::Function>,
    doc: &AnswersDocument,
) -> Result<Rc<CoverageSummary>, String> {
    let fields: js_sys::Array = call_exports(loader, "coverage", doc, &[])
        .await?
        .dyn_into()
        .map_err(describe)?;
    let fields: Vec<String> = fields
        .iter()
        .map(|field| field.as_string().unwrap_or_default())
        .collect();
    CoverageSummary::from_fields(fields.iter().map(String::as_str))
        .map(Rc::new)
        .ok_or_else(|| "its figures arrived incomplete".to_owned())
}

/// Hands `text` to the browser as a download named `name`.
fn save(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    let body = document.body().ok_or("no body")?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    // Revoked a little later: some browsers start reading the blob after click() returns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)?;
    Ok(())
}

fn count_cells(m: &mut Markup, counts: &CoverageCounts) {
    m.tag(r#"<td data-coverage="all_met">"#)
        .display(&counts.all_met)
        .tag(r#"</td><td data-coverage="some_met">"#)
        .display(&counts.some_met)
        .tag(r#"</td><td data-coverage="none_met">"#)
        .display(&counts.none_met)
        .tag(r#"</td><td data-coverage="not_assessed">"#)
        .display(&counts.not_assessed)
        .tag("</td><td>")
        .display(&counts.total)
        .tag("</td>");
}

/// The coverage's tables and sources, which keep no state and handle no event (the groups'
/// `<details>` open and close by themselves): one raw node, written once the coverage is in
/// (see [`crate::markup`]).
fn coverage_tables(m: &mut Markup, s: &Strings, coverage: &CoverageSummary) {
    let header = |m: &mut Markup| {
        m.tag(r#"<thead><tr><th scope="col">"#)
            .text(s.coverage_framework)
            .tag(r#"</th><th scope="col">"#)
            .text(s.coverage_all_met)
            .tag(r#"</th><th scope="col">"#)
            .text(s.coverage_some_met)
            .tag(r#"</th><th scope="col">"#)
            .text(s.coverage_none_met)
            .tag(r#"</th><th scope="col">"#)
            .text(s.coverage_not_assessed)
            .tag(r#"</th><th scope="col">"#)
            .text(s.coverage_total)
            .tag("</th></tr></thead>");
    };
    m.tag("<h3>")
        .text(s.coverage_heading)
        .tag(r#"</h3><p class="note">"#)
        .text(s.coverage_disclaimer)
        .tag(r#"</p><div tabindex="0" role="region" aria-label=""#)
        .text(s.coverage_heading)
        .tag(r#"" class="table-scroll"><table class="coverage">"#);
    header(m);
    m.tag("<tbody>");
    for f in &coverage.frameworks {
        m.tag(r#"<tr data-framework=""#)
            .text(&f.framework)
            .tag(r#""><th scope="row">"#)
            .text(&f.title)
            .tag("</th>");
        count_cells(m, &f.counts);
        m.tag("</tr>");
    }
    m.tag("</tbody></table></div>");
    for f in &coverage.frameworks {
        m.tag(r#"<details data-framework=""#)
            .text(&f.framework)
            .tag(r#"" class="coverage-groups"><summary>"#)
            .text(&(s.coverage_by_group)(&f.title))
            .tag(r#"</summary><div tabindex="0" role="region" aria-label=""#)
            .text(&f.title)
            .tag(r#"" class="table-scroll"><table>"#);
        header(m);
        m.tag("<tbody>");
        for g in &f.groups {
            m.tag(r#"<tr data-group=""#)
                .text(&g.id)
                .tag(r#""><th scope="row">"#)
                .text(&g.id)
                .tag(" ")
                .text(&g.title)
                .tag("</th>");
            count_cells(m, &g.counts);
            m.tag("</tr>");
        }
        m.tag("</tbody></table></div></details>");
    }
    // The sources stay visible: the NIS2 mapping is CC BY 4.0 and must be credited.
    m.tag(r#"<p class="note coverage-sources">"#)
        .text(s.coverage_source)
        .tag(" ");
    for (i, f) in coverage.frameworks.iter().enumerate() {
        if i > 0 {
            m.tag(" · ");
        }
        m.text(&f.source);
    }
    m.tag("</p>");
}

/// A download's failure, in the words of the section it was asked for in.
fn download_failed(m: &mut Markup, s: &Strings, message: &str) {
    m.tag(r#"<p role="alert" class="error-box">"#)
        .text(s.download_failed)
        .tag(" ")
        .text(message)
        .tag("</p>");
}

/// The OSCAL downloads (`coverage` false) or the coverage summary (`coverage` true, computed
/// once the section is `open`). Their buttons carry `data-export`.
pub fn interop(
    m: &mut Markup,
    ctx: &WidgetContext,
    state: &InteropState,
    coverage: bool,
    open: bool,
) {
    let s = ctx.strings;
    m.tag(r#"<section class="report-block interop">"#);
    if !coverage {
        m.tag("<h3>")
            .text(s.interop_heading)
            .tag("</h3><p>")
            .text(s.interop_intro)
            .tag(r#"</p><p class="downloads"><button type="button" data-export="ssp" class="btn">"#)
            .text(s.oscal_download_ssp)
            .tag(r#"</button><button type="button" data-export="assessment-results" class="btn">"#)
            .text(s.oscal_download_results)
            .tag(r#"</button><button type="button" data-export="catalog" class="btn">"#)
            .text(s.oscal_download_catalog)
            .tag(r#"</button><button type="button" data-export="profile" class="btn">"#)
            .text(s.oscal_download_profile)
            .tag("</button></p>");
        if let Some(message) = &state.download_error {
            download_failed(m, s, message);
        }
    } else {
        match &state.coverage {
            None if open => {
                m.tag(r#"<p role="status" class="loading">"#)
                    .text(s.coverage_loading)
                    .tag("</p>");
            }
            None => {
                m.tag(r#"<p class="note">"#)
                    .text(s.coverage_on_demand)
                    .tag("</p>");
            }
            Some(Err(message)) => {
                m.tag(r#"<p role="alert" class="error-box">"#)
                    .text(s.coverage_failed)
                    .tag(" ")
                    .text(message)
                    .tag("</p>");
            }
            Some(Ok(summary)) => {
                coverage_tables(m, s, summary);
                m.tag(r#"<p class="downloads"><button type="button" data-export="coverage-csv" class="btn">"#)
                    .text(s.coverage_download_csv)
                    .tag("</button></p>");
            }
        }
        if let Some(message) = &state.coverage_download_error {
            download_failed(m, s, message);
        }
    }
    m.tag("</section>");
}
