//! `/console/registry/import`: import a file of certificates (CSV or JSON Lines) with a
//! progress bar, then the row report — how many rows were added, updated, unchanged and
//! rejected, each rejected row with its line and the reason in words — and the report as a CSV
//! file to download.
//!
//! Progress: the server imports the rows as the file arrives (it writes every thousand rows
//! while it reads), and a browser sends no faster than the server reads, so the upload's
//! progress follows the import's. What is left once the last byte is sent is the last batch of
//! rows, for which the page says it is finishing.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::batch_check::download_url;
use crate::api::{Failure, Reply};
use crate::registry_search::{FULL_REPORT_LIMIT, import_media_type, size_words};
use crate::registry_words::{ImportReport, outcome_words, plain_reason, report_csv};
use crate::upload::{Progress, send_file};

/// Where the import stands.
#[derive(Debug, Clone, PartialEq)]
enum ImportState {
    Idle,
    /// Sending the file named so, this far.
    Sending(String, Progress),
    /// The answer: the file's name, the report, a download link for it, and whether the report
    /// holds only the rejected rows (a large file).
    Done(String, Box<ImportReport>, Option<String>, bool),
    Failed(String),
}

const FILE_INPUT: &str = "import-file";
/// Rejected rows listed on the page; the CSV file has them all.
const ROWS_SHOWN: usize = 200;

/// The file chosen in the input.
fn chosen_file() -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input: HtmlInputElement = web_sys::window()?
        .document()?
        .get_element_by_id(FILE_INPUT)?
        .dyn_into()
        .ok()?;
    input.files()?.get(0)
}

/// What a refused upload means for the operator.
fn refusal(reply: &Reply) -> String {
    match reply.status {
        403 => "The key you signed in with may not import certificates. Sign in with a key that \
                may write the registry."
            .into(),
        413 => "The file is larger than the 256 MB an import takes. Split it into smaller files \
                and import them one after the other (the rows before the limit were imported)."
            .into(),
        400 | 415 | 422 => match reply.problem_detail() {
            Some(detail) => format!("The file could not be imported: {}.", plain_reason(&detail)),
            None => "The file could not be imported.".into(),
        },
        _ => "The import did not finish as expected. Search the registry to see which \
              certificates arrived, then try again."
            .into(),
    }
}

/// Properties of [`RegistryImport`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RegistryImportProps {
    /// The session ended (a 401): back to sign-in, this page kept.
    pub on_session_ended: Callback<()>,
}

/// The import page.
#[component]
pub fn RegistryImport(props: &RegistryImportProps) -> Html {
    let state = use_state(|| ImportState::Idle);
    // Counts the answers: after each one is drawn, focus moves to it (so a screen reader reads
    // it); the element does not exist yet when the answer arrives.
    let answers = use_state(|| 0u32);
    use_effect_with(*answers, |count| {
        if *count > 0 {
            super::page_url::focus("import-outcome");
        }
    });
    let on_submit = {
        let state = state.clone();
        let answers = answers.clone();
        let ended = props.on_session_ended.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(file) = chosen_file() else {
                state.set(ImportState::Failed(
                    "Choose a file first: a CSV file (.csv) or a JSON Lines file (.jsonl).".into(),
                ));
                super::page_url::focus(FILE_INPUT);
                return;
            };
            let name = file.name();
            let Some(media_type) = import_media_type(&name) else {
                state.set(ImportState::Failed(format!(
                    "“{name}” is neither a CSV file (.csv) nor a JSON Lines file (.jsonl or \
                     .ndjson). Save the registry export in one of these formats."
                )));
                super::page_url::focus(FILE_INPUT);
                return;
            };
            if file.size() == 0.0 {
                state.set(ImportState::Failed(format!("“{name}” is empty.")));
                return;
            }
            let only_rejected = file.size() > FULL_REPORT_LIMIT;
            let url = if only_rejected {
                "/api/v1/certificates/import?rows=rejected"
            } else {
                "/api/v1/certificates/import"
            };
            state.set(ImportState::Sending(
                name.clone(),
                Progress {
                    sent: 0.0,
                    total: file.size(),
                },
            ));
            let on_progress = {
                let state = state.clone();
                let name = name.clone();
                Callback::from(move |progress: Progress| {
                    state.set(ImportState::Sending(name.clone(), progress))
                })
            };
            let on_done = {
                let state = state.clone();
                let ended = ended.clone();
                let answers = answers.clone();
                Callback::from(move |answer: Result<Reply, Failure>| {
                    let next = match answer {
                        Ok(reply) if reply.status == 200 => {
                            match serde_json::from_str::<ImportReport>(&reply.body) {
                                Ok(report) => {
                                    let csv = download_url(&report_csv(&report.rows));
                                    ImportState::Done(
                                        name.clone(),
                                        Box::new(report),
                                        csv,
                                        only_rejected,
                                    )
                                }
                                Err(_) => ImportState::Failed(refusal(&reply)),
                            }
                        }
                        Ok(reply) if reply.status == 401 => {
                            ended.emit(());
                            return;
                        }
                        Ok(reply) => ImportState::Failed(refusal(&reply)),
                        Err(failure) => ImportState::Failed(failure.0),
                    };
                    state.set(next);
                    answers.set(*answers + 1);
                })
            };
            send_file(url, media_type, &file, on_progress, on_done);
        })
    };
    let sending = matches!(&*state, ImportState::Sending(..));
    let outcome = match &*state {
        ImportState::Idle => html! {},
        ImportState::Sending(name, progress) => {
            let percent = progress.percent();
            let words = if percent >= 100 {
                "All sent: writing the last rows…".to_string()
            } else {
                format!(
                    "Importing “{name}”: {} of {} sent ({percent}%).",
                    size_words(progress.sent),
                    size_words(progress.total)
                )
            };
            html! {
                <div class="import-progress">
                    <label for="import-bar">{"Import progress"}</label>
                    <progress id="import-bar" max="100" value={percent.to_string()}>{format!("{percent}%")}</progress>
                    <p class="loading" role="status">{words}</p>
                </div>
            }
        }
        ImportState::Failed(message) => html! {
            <p class="failure" role="alert" id="import-outcome" tabindex="-1">{message}</p>
        },
        ImportState::Done(name, report, csv, only_rejected) => {
            report_html(name, report, csv.as_deref(), *only_rejected)
        }
    };
    html! {
        <section aria-labelledby="import-heading">
            <h2 id="import-heading">{"Import certificates"}</h2>
            <p>{"A file of certificates from a certification body or an accreditation body's \
                register: new certificates are added, known ones (same number and certification \
                body) are updated, and each change is kept in the certificate's history. A row \
                with a mistake is rejected on its own; the other rows are still imported."}</p>
            <form class="registry-import" onsubmit={on_submit} aria-label="Import a file of certificates">
                <div class="field">
                    <label for={FILE_INPUT}>{"File of certificates"}</label>
                    <p class="hint" id="import-file-hint">{"A CSV file (.csv) whose first line names the \
                        columns, or a JSON Lines file (.jsonl, one certificate per line); up to 256 MB. \
                        The columns and fields are listed in the documentation (Verification, Import)."}</p>
                    <input id={FILE_INPUT} type="file" accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
                        aria-describedby="import-file-hint" disabled={sending} />
                </div>
                <button type="submit" class="primary" disabled={sending}>
                    { if sending { "Importing…" } else { "Import the file" } }</button>
            </form>
            <div aria-live="polite">{outcome}</div>
        </section>
    }
}

/// The row report: the counts, the rejected rows with their reasons, and the download.
fn report_html(name: &str, report: &ImportReport, csv: Option<&str>, only_rejected: bool) -> Html {
    let counts = report.summary;
    let rejected: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.status == "rejected")
        .collect();
    let download_words = if only_rejected {
        "Download the rejected rows as a CSV file"
    } else {
        "Download the row report as a CSV file"
    };
    html! {
        <div class="import-report">
            <h3 id="import-outcome" tabindex="-1">{format!("“{name}” imported: {} rows read", counts.rows)}</h3>
            <ul class="import-counts">
                <li><strong>{counts.created}</strong>{" added (new certificates)"}</li>
                <li><strong>{counts.updated}</strong>{" updated"}</li>
                <li><strong>{counts.unchanged}</strong>{" unchanged (already in the registry as they are)"}</li>
                <li><strong>{counts.rejected}</strong>{" rejected"}</li>
            </ul>
            if let Some(url) = csv {
                <p><a class="download" href={url.to_string()} download="import-report.csv">{download_words}</a></p>
            }
            if rejected.is_empty() {
                <p class="notice">{"No row was rejected."}</p>
            } else {
                { super::scrolling_table("Rejected rows", "import-rejected",
                    &["Line", "Result", "Certificate number", "Reason"],
                    html! { <>{ for rejected.iter().take(ROWS_SHOWN).map(|r| html! {
                        <tr>
                            <td>{r.line}</td>
                            <td>{outcome_words(&r.status)}</td>
                            <td>{r.certificate_number.clone().unwrap_or_else(|| "—".into())}</td>
                            <td>{r.reason.as_deref().map(plain_reason).unwrap_or_default()}</td>
                        </tr>
                    }) }</> }) }
                if rejected.len() > ROWS_SHOWN {
                    <p>{format!("The first {ROWS_SHOWN} rejected rows are listed; the file has all {}.", rejected.len())}</p>
                }
            }
        </div>
    }
}
