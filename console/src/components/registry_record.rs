//! `/console/registry/{id}`: one certificate — every field in words, the scope, the sites, and
//! the history (who changed what, when, from what to what) — with a link that checks it on the
//! buyers' verification page.

use annexa_shared::CertificateRecord;
use annexa_shared::certificate::identifier_label;
use serde::Deserialize;
use serde_json::Value;
use yew::prelude::*;

use super::page_url;
use super::registry_pages::time_words;
use crate::api;
use crate::registry_search::RegistryEntry;
use crate::registry_words::{actor_words, field_label, source_words, status_words, value_words};

/// One change of the record, as the API's history sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Change {
    changed_at: String,
    actor: String,
    #[serde(default)]
    source: Option<String>,
    action: String,
    changes: Value,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct History {
    history: Vec<Change>,
}

/// Where the page stands.
#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    Found(Box<RegistryEntry>, Result<Vec<Change>, String>),
    Missing,
    Failed(String),
}

async fn load(id: i64) -> Loaded {
    let entry = match api::send_console("GET", &format!("/api/v1/certificates/{id}"), None).await {
        Ok(reply) if reply.status == 200 => {
            match serde_json::from_str::<RegistryEntry>(&reply.body) {
                Ok(entry) => entry,
                Err(_) => return Loaded::Failed(reply.failure(false).0),
            }
        }
        Ok(reply) if reply.status == 404 => return Loaded::Missing,
        Ok(reply) if reply.status == 429 => return Loaded::Failed(reply.failure(false).0),
        Ok(_) => {
            return Loaded::Failed(
                "The registry did not answer as expected. Try again in a moment.".into(),
            );
        }
        Err(failure) => return Loaded::Failed(failure.0),
    };
    let url = format!("/api/v1/certificates/{id}/history");
    let history = match api::send_console("GET", &url, None).await {
        Ok(reply) if reply.status == 200 => serde_json::from_str::<History>(&reply.body)
            .map(|h| h.history)
            .map_err(|_| "The history could not be read.".to_string()),
        Ok(_) => Err("The history could not be loaded. Reload the page to try again.".into()),
        Err(failure) => Err(failure.0),
    };
    Loaded::Found(Box::new(entry), history)
}

/// Properties of [`RegistryRecord`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RegistryRecordProps {
    /// Registry id of the certificate.
    pub id: i64,
}

fn optional(value: Option<&str>, missing: &str) -> String {
    value.map_or_else(|| missing.to_string(), str::to_string)
}

/// Every field of the record, in words.
fn fields(entry: &RegistryEntry) -> Html {
    let record: &CertificateRecord = &entry.certificate;
    let mut rows: Vec<(String, String)> = vec![
        (
            "Certificate number".into(),
            record.certificate_number.clone(),
        ),
        ("Status".into(), status_words(record.status).into()),
        ("Held by".into(), record.entity.name.clone()),
        ("Holder's country".into(), record.entity.country.clone()),
    ];
    for (kind, value) in record.entity.identifiers.present() {
        let label = field_label(kind).unwrap_or_else(|| identifier_label(kind).to_string());
        rows.push((label, value.to_string()));
    }
    rows.extend([
        (
            "Certification body".into(),
            record.certification_body.clone(),
        ),
        (
            "Accreditation body".into(),
            optional(
                record.accreditation_body.as_deref(),
                "None: the certification body is not accredited for it",
            ),
        ),
        ("Standard".into(), record.standard.as_str().to_string()),
        (
            "First certified on".into(),
            record.original_issue_date.to_string(),
        ),
        ("Issued on".into(), record.issue_date.to_string()),
        ("Valid until".into(), record.expiry_date.to_string()),
        (
            "Last surveillance audit".into(),
            optional(
                record
                    .last_surveillance_date
                    .map(|d| d.to_string())
                    .as_deref(),
                "Not given",
            ),
        ),
        (
            "Statement of Applicability reference".into(),
            optional(record.soa_reference.as_deref(), "Not given"),
        ),
        (
            "In the registry since".into(),
            time_words(&entry.created_at),
        ),
        ("Last changed".into(), time_words(&entry.updated_at)),
    ]);
    html! {
        <dl class="certificate">
            { for rows.into_iter().map(|(label, value)| html! { <><dt>{label}</dt><dd>{value}</dd></> }) }
        </dl>
    }
}

fn sites(record: &CertificateRecord) -> Html {
    if record.sites.is_empty() {
        return html! { <p class="empty">{"The certificate lists no site."}</p> };
    }
    let cell = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    super::scrolling_table(
        "Certified sites",
        "registry-sites",
        &["Site", "Address", "City", "Country", "What the site does"],
        html! { <>{ for record.sites.iter().map(|site| html! {
            <tr>
                <td>{cell(&site.name)}</td>
                <td>{cell(&site.address)}</td>
                <td>{cell(&site.city)}</td>
                <td>{&site.country}</td>
                <td>{site.scope.clone().unwrap_or_else(|| "The certificate's scope".into())}</td>
            </tr>
        }) }</> },
    )
}

fn change_html(change: &Change) -> Html {
    let who = actor_words(&change.actor);
    let from = change
        .source
        .as_ref()
        .map(|s| format!(" ({})", source_words(s)))
        .unwrap_or_default();
    let what = if change.action == "created" {
        "Added to the registry"
    } else {
        "Changed"
    };
    let fields = change.changes.as_object().filter(|c| !c.is_empty());
    html! {
        <li>
            <p><strong>{format!("{what} on {}", time_words(&change.changed_at))}</strong>
                {format!(", by {who}{from}.")}</p>
            if let Some(fields) = fields {
                <ul class="changes">
                    { for fields.iter().map(|(field, change)| {
                        let label = field_label(field).unwrap_or_else(|| field.clone());
                        let before = value_words(field, change.get("from").unwrap_or(&Value::Null));
                        let after = value_words(field, change.get("to").unwrap_or(&Value::Null));
                        html! { <li>{format!("{label}: from {before} to {after}")}</li> }
                    }) }
                </ul>
            }
        </li>
    }
}

/// The record page.
#[component]
pub fn RegistryRecord(props: &RegistryRecordProps) -> Html {
    let loaded = use_state(|| Loaded::Loading);
    {
        let loaded = loaded.clone();
        use_effect_with(props.id, move |id| {
            let id = *id;
            let latest = super::Latest::new();
            latest.spawn(async move { load(id).await }, move |record| {
                loaded.set(record);
            });
            latest
        });
    }
    let body = match &*loaded {
        Loaded::Loading => html! {
            <>
            <h2 id="record-heading">{"Certificate"}</h2>
            <p class="loading" role="status">{"Loading the certificate…"}</p>
            </>
        },
        Loaded::Missing => html! {
            <>
            <h2 id="record-heading">{"Certificate not found"}</h2>
            <p class="failure" role="alert">{"The registry holds no certificate at this address. "}
                <a href="/console/registry">{"Search the registry"}</a>{" to find it."}</p>
            </>
        },
        Loaded::Failed(message) => html! {
            <>
            <h2 id="record-heading">{"The certificate could not be loaded"}</h2>
            <p class="failure" role="alert">{message}</p>
            </>
        },
        Loaded::Found(entry, history) => {
            let record = &entry.certificate;
            let verify =
                page_url::with_query("/verify", &[("number", record.certificate_number.clone())]);
            html! {
                <>
                <h2 id="record-heading">{format!("Certificate {}", record.certificate_number)}</h2>
                <p class="record-holder">{format!("{} — {}", record.entity.name, status_words(record.status))}</p>
                <p><a class="verify-link" href={verify}>{"Check this certificate on the verification page"}</a></p>
                {fields(entry)}
                <h3>{"Scope"}</h3>
                <blockquote class="scope">{&record.scope}</blockquote>
                <h3>{"Sites"}</h3>
                {sites(record)}
                <h3>{"History"}</h3>
                { match history {
                    Ok(changes) if changes.is_empty() => html! { <p class="empty">{"No change recorded."}</p> },
                    Ok(changes) => html! { <ol class="history">{ for changes.iter().map(change_html) }</ol> },
                    Err(message) => html! { <p class="failure" role="alert">{message}</p> },
                } }
                </>
            }
        }
    };
    html! {
        <section class="registry-record" aria-labelledby="record-heading">
            <div aria-live="polite">{body}</div>
        </section>
    }
}
