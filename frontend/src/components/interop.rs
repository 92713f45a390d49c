//! "Use your results elsewhere": OSCAL downloads (built in the browser when clicked, nothing is
//! sent anywhere) and the cross-framework coverage — related ISO requirements met for NIST CSF
//! 2.0, NIST SP 800-53 Rev. 5 and NIS2, never a compliance verdict.

use std::rc::Rc;

use annexa_shared::crosswalk::{CoverageCounts, coverage};
use annexa_shared::{AnswersDocument, oscal};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::use_widget;

/// Properties of [`Interop`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct InteropProps {
    /// The scorable answers.
    pub doc: Rc<AnswersDocument>,
    /// `true`: the coverage of other frameworks; `false`: the OSCAL downloads. The report shows
    /// them in two sections.
    pub coverage: bool,
}

/// A file the visitor can download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The SoA as an OSCAL system security plan.
    Ssp,
    /// The scored assessment as OSCAL assessment results.
    Results,
    /// The OSCAL catalog the plan's profile imports.
    Catalog,
    /// The OSCAL profile the plan imports.
    Profile,
    /// The coverage as CSV.
    CoverageCsv,
}

/// The file name, media type and content of `export` for `doc`, timestamped `at` (RFC 3339).
pub fn export_file(
    doc: &AnswersDocument,
    export: Export,
    at: &str,
) -> Result<(&'static str, &'static str, String), String> {
    let json = |value: Result<String, serde_json::Error>| value.map_err(|e| e.to_string());
    Ok(match export {
        Export::Ssp => (
            "annexa-ssp.json",
            "application/json",
            json(serde_json::to_string_pretty(
                &oscal::system_security_plan(doc, at).map_err(|e| e.to_string())?,
            ))?,
        ),
        Export::Results => (
            "annexa-assessment-results.json",
            "application/json",
            json(serde_json::to_string_pretty(
                &oscal::assessment_results(doc, at).map_err(|e| e.to_string())?,
            ))?,
        ),
        Export::Catalog => (
            oscal::CATALOG_HREF,
            "application/json",
            json(serde_json::to_string_pretty(&oscal::catalog()))?,
        ),
        Export::Profile => (
            oscal::PROFILE_HREF,
            "application/json",
            json(serde_json::to_string_pretty(&oscal::profile()))?,
        ),
        Export::CoverageCsv => (
            "annexa-framework-coverage.csv",
            "text/csv",
            coverage(doc).map_err(|e| e.to_string())?.to_csv(),
        ),
    })
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

fn count_cells(counts: &CoverageCounts) -> Html {
    html! {
        <>
            <td data-coverage="all_met">{counts.all_met}</td>
            <td data-coverage="some_met">{counts.some_met}</td>
            <td data-coverage="none_met">{counts.none_met}</td>
            <td data-coverage="not_assessed">{counts.not_assessed}</td>
            <td>{counts.total}</td>
        </>
    }
}

/// The OSCAL downloads and the coverage summary.
#[component]
pub fn Interop(props: &InteropProps) -> Html {
    let s = use_widget().strings;
    let coverage = use_memo((props.doc.clone(), props.coverage), |(doc, wanted)| {
        if *wanted { coverage(doc).ok() } else { None }
    });
    let error = use_state(|| None::<String>);
    let download = |export: Export| {
        let doc = props.doc.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            let at: String = js_sys::Date::new_0().to_iso_string().into();
            let result = export_file(&doc, export, &at).and_then(|(name, mime, text)| {
                save(name, mime, &text).map_err(|e| format!("{e:?}"))
            });
            error.set(result.err());
        })
    };
    let header = html! {
        <tr>
            <th scope="col">{s.coverage_framework}</th>
            <th scope="col">{s.coverage_all_met}</th>
            <th scope="col">{s.coverage_some_met}</th>
            <th scope="col">{s.coverage_none_met}</th>
            <th scope="col">{s.coverage_not_assessed}</th>
            <th scope="col">{s.coverage_total}</th>
        </tr>
    };
    html! {
        <section class="report-block interop">
            if !props.coverage {
            <h3>{s.interop_heading}</h3>
            <p>{s.interop_intro}</p>
            <p class="downloads">
                <button type="button" class="btn" data-export="ssp" onclick={download(Export::Ssp)}>{s.oscal_download_ssp}</button>
                <button type="button" class="btn" data-export="assessment-results" onclick={download(Export::Results)}>{s.oscal_download_results}</button>
                <button type="button" class="btn" data-export="catalog" onclick={download(Export::Catalog)}>{s.oscal_download_catalog}</button>
                <button type="button" class="btn" data-export="profile" onclick={download(Export::Profile)}>{s.oscal_download_profile}</button>
            </p>
            if let Some(message) = (*error).clone() {
                <p class="error-box" role="alert">{s.download_failed}{" "}{message}</p>
            }
            }
            if let Some(coverage) = (*coverage).clone() {
                <h3>{s.coverage_heading}</h3>
                <p class="note">{s.coverage_disclaimer}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label={s.coverage_heading}>
                    <table class="coverage">
                        <thead>{header.clone()}</thead>
                        <tbody>
                            {for coverage.frameworks.iter().map(|f| html! {
                                <tr data-framework={f.framework.as_str()}>
                                    <th scope="row">{f.title.clone()}</th>
                                    {count_cells(&f.counts)}
                                </tr>
                            })}
                        </tbody>
                    </table>
                </div>
                {for coverage.frameworks.iter().map(|f| html! {
                    <details class="coverage-groups" data-framework={f.framework.as_str()}>
                        <summary>{(s.coverage_by_group)(&f.title)}</summary>
                        <div class="table-scroll" tabindex="0" role="region" aria-label={f.title.clone()}>
                            <table>
                                <thead>{header.clone()}</thead>
                                <tbody>
                                    {for f.groups.iter().map(|g| html! {
                                        <tr data-group={g.id.clone()}>
                                            <th scope="row">{format!("{} {}", g.id, g.title)}</th>
                                            {count_cells(&g.counts)}
                                        </tr>
                                    })}
                                </tbody>
                            </table>
                        </div>
                    </details>
                })}
                // The sources stay visible: the NIS2 mapping is CC BY 4.0 and must be credited.
                <p class="note coverage-sources">
                    {s.coverage_source}{" "}
                    {coverage.frameworks.iter().map(|f| f.source.as_str()).collect::<Vec<_>>().join(" · ")}
                </p>
                <p class="downloads">
                    <button type="button" class="btn" data-export="coverage-csv" onclick={download(Export::CoverageCsv)}>{s.coverage_download_csv}</button>
                </p>
            }
            if let Some(message) = (*error).clone().filter(|_| props.coverage) {
                <p class="error-box" role="alert">{s.download_failed}{" "}{message}</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::{Answer, AnswerValue, Mode, QUESTIONNAIRE_VERSION, questionnaire};

    fn doc() -> AnswersDocument {
        let mut doc = AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode: Mode::Quick,
            profile: Default::default(),
            answers: Default::default(),
        };
        for q in &questionnaire(Mode::Quick).questions {
            let answer = Answer {
                value: AnswerValue::Yes,
                justification: None,
            };
            doc.answers.insert(q.id.clone(), answer);
        }
        doc
    }

    #[test]
    fn each_download_is_the_shared_document_under_a_clear_name() {
        let at = "2026-11-29T19:30:00.000Z";
        let (name, mime, text) = export_file(&doc(), Export::Ssp, at).unwrap();
        assert_eq!((name, mime), ("annexa-ssp.json", "application/json"));
        let ssp: oscal::OscalSsp = serde_json::from_str(&text).unwrap();
        assert_eq!(ssp.system_security_plan.metadata.last_modified, at);

        let (name, _, text) = export_file(&doc(), Export::Results, at).unwrap();
        assert_eq!(name, "annexa-assessment-results.json");
        assert!(text.contains("\"assessment-results\""));

        let (name, _, _) = export_file(&doc(), Export::Catalog, at).unwrap();
        assert_eq!(name, "annexa-iso27001-2022-catalog.json");

        let (name, mime, csv) = export_file(&doc(), Export::CoverageCsv, at).unwrap();
        assert_eq!((name, mime), ("annexa-framework-coverage.csv", "text/csv"));
        // Every quick answer is yes: nothing is unmet, though some items relate to requirements
        // the quick questions do not ask about.
        assert!(csv.lines().skip(1).all(|l| !l.contains("\"none_met\"")));
        assert!(csv.lines().skip(1).any(|l| l.contains("\"all_met\"")));
    }

    #[test]
    fn a_bad_timestamp_is_an_error_message_not_a_panic() {
        let error = export_file(&doc(), Export::Ssp, "now").unwrap_err();
        assert!(error.contains("not a valid OSCAL timestamp"), "{error}");
    }
}
