//! Batch mode of the verification page: a supplier list (CSV file) in, a table of verdicts and
//! the same verdicts as a CSV file out (the API's batch route writes the file).

use annexa_shared::Verification;
use serde::Deserialize;
use yew::prelude::*;

use crate::api;

/// One row of the API's batch answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct BatchRow {
    row: usize,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    verification: Option<Verification>,
    #[serde(default)]
    error: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct BatchAnswer {
    results: Vec<BatchRow>,
}

/// Where the batch stands.
#[derive(Debug, Clone, PartialEq)]
enum BatchState {
    Idle,
    Checking,
    /// The rows, and the CSV answer as a download link (`blob:` URL).
    Done(Vec<BatchRow>, Option<String>),
    Failed(String),
}

const BATCH_URL: &str = "/api/v1/certificates/verify/batch";

/// The text of the file chosen in the input with id `input_id`.
#[cfg(target_arch = "wasm32")]
async fn chosen_file(input_id: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = web_sys::window()?
        .document()?
        .get_element_by_id(input_id)?
        .dyn_into()
        .ok()?;
    let file = input.files()?.get(0)?;
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

#[cfg(not(target_arch = "wasm32"))]
async fn chosen_file(_input_id: &str) -> Option<String> {
    None
}

/// A `blob:` URL holding `csv`, for a download link.
#[cfg(target_arch = "wasm32")]
pub(crate) fn download_url(csv: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(csv));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn download_url(_csv: &str) -> Option<String> {
    None
}

const FILE_INPUT: &str = "batch-file";

async fn run_batch() -> BatchState {
    let Some(text) = chosen_file(FILE_INPUT).await else {
        return BatchState::Failed("Choose a CSV file first.".into());
    };
    let send =
        |accept: &'static str| api::send("POST", BATCH_URL, "text/csv", accept, Some(text.clone()));
    let rows = match send("application/json").await {
        Ok(reply) if reply.status == 200 => {
            match serde_json::from_str::<BatchAnswer>(&reply.body) {
                Ok(answer) => answer.results,
                Err(_) => return BatchState::Failed(reply.failure(true).0),
            }
        }
        Ok(reply) => return BatchState::Failed(reply.failure(true).0),
        Err(failure) => return BatchState::Failed(failure.0),
    };
    let csv = match send("text/csv").await {
        Ok(reply) if reply.status == 200 => download_url(&reply.body),
        _ => None,
    };
    BatchState::Done(rows, csv)
}

fn row_html(row: &BatchRow) -> Html {
    let (number, holder, answer, why) = match (&row.verification, &row.error) {
        (Some(v), _) => (
            v.certificate_number().to_string(),
            v.holder_name().to_string(),
            v.verdict.in_words().to_string(),
            v.explanation.clone(),
        ),
        // The API's detail names its fields; a person gets what to look at instead.
        (None, Some(_)) => (
            String::new(),
            String::new(),
            "Not checked".to_string(),
            "This line could not be checked: it needs a certificate number or a supplier name, \
             a date written year-month-day, and as many values as the first line has columns."
                .to_string(),
        ),
        (None, None) => (
            String::new(),
            String::new(),
            "Not checked".into(),
            String::new(),
        ),
    };
    html! {
        <tr>
            <td>{row.row}</td>
            <td>{row.reference.clone().unwrap_or_default()}</td>
            <td>{number}</td>
            <td>{holder}</td>
            <td class="batch-verdict"><strong>{answer}</strong></td>
            <td>{why}</td>
        </tr>
    }
}

/// The batch section.
#[component]
pub fn BatchCheck() -> Html {
    let state = use_state(|| BatchState::Idle);
    let onsubmit = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.set(BatchState::Checking);
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move { state.set(run_batch().await) });
        })
    };
    let outcome = match &*state {
        BatchState::Idle => html! {},
        BatchState::Checking => {
            html! { <p class="loading" role="status">{"Checking the list…"}</p> }
        }
        BatchState::Failed(message) => html! { <p class="failure" role="alert">{message}</p> },
        BatchState::Done(rows, _) if rows.is_empty() => html! {
            <p role="status">{"The file has a header but no supplier lines."}</p>
        },
        BatchState::Done(rows, csv) => html! {
            <>
                <p role="status">{format!("{} suppliers checked.", rows.len())}</p>
                if let Some(url) = csv {
                    <p><a class="download" href={url.clone()} download="supplier-verdicts.csv">
                        {"Download the answers as a CSV file"}</a></p>
                }
                { super::scrolling_table("Answers for the supplier list", "batch",
                    &["Line", "Your reference", "Certificate", "Held by", "Answer", "Why"],
                    rows.iter().map(row_html).collect()) }
            </>
        },
    };
    html! {
        <details class="batch-check no-print">
            <summary>{"Check a whole supplier list (CSV file)"}</summary>
            <p>{"The file's first line names the columns: reference, certificate_number, \
                certification_body, entity_name, entity_country, vat, duns, registration_number, \
                lei, activities, sites, and optionally as_of (the date). Separate several \
                activities or sites with a semicolon; write a site as city and country \
                (Dublin, IE). Leave a column empty when you do not know it."}</p>
            <form {onsubmit} aria-label="Supplier list check">
                <div class="field">
                    <label for={FILE_INPUT}>{"Supplier list (CSV)"}</label>
                    <input id={FILE_INPUT} type="file" accept=".csv,text/csv" />
                </div>
                <button type="submit" class="primary" disabled={*state == BatchState::Checking}>
                    {"Check the list"}</button>
            </form>
            <div aria-live="polite">{outcome}</div>
        </details>
    }
}
