//! One lead, for the salesperson following it up: contact and consent, the sales status and
//! notes with their history (who, when), the report summary, the tier's reasons, the answers and
//! the plan, and erasure with a confirmation. Status changes and notes are sent with the session
//! cookie (`PATCH /api/v1/leads/{id}`, `POST /api/v1/leads/{id}/notes`).

use annexa_shared::wire::{
    Lead, LeadActivity, NewLeadNote, SalesStatus, SalesStatusChange, leads::band_in_words,
};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::lead_report::{answers_list, plan_timeline, profile_list, report_summary};
use crate::api;

/// Properties of [`LeadPage`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct LeadPageProps {
    /// The lead.
    pub lead: Lead,
    /// Close the page (back to the list).
    pub on_close: Callback<()>,
    /// The person confirmed the erasure of the lead with this id.
    pub on_erase: Callback<String>,
    /// The lead changed (new status or note): the new lead.
    pub on_updated: Callback<Lead>,
    /// The session ended (a 401): back to sign-in.
    pub on_session_ended: Callback<()>,
}

/// `2026-12-02T13:31:07.123Z` → `2026-12-02 13:31`.
pub fn short_time(stamp: &str) -> String {
    match (stamp.get(..10), stamp.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time}"),
        _ => stamp.to_string(),
    }
}

/// The tier for people.
pub fn tier_words(tier: &str) -> &'static str {
    match tier {
        "A" => "A — follow up first",
        "B" => "B — worth a follow-up",
        "C" => "C — keep in touch",
        _ => "not rated",
    }
}

/// One entry of the history, in words.
pub fn activity_in_words(entry: &LeadActivity) -> String {
    match (&entry.note, entry.status, entry.previous_status) {
        (Some(note), _, _) => format!("Note: {note}"),
        (None, Some(status), Some(previous)) => format!(
            "Status changed from {} to {}.",
            previous.in_words(),
            status.in_words()
        ),
        (None, Some(status), None) => format!("Status set to {}.", status.in_words()),
        (None, None, _) => "Changed.".to_string(),
    }
}

/// What a refused follow-up request means for the person.
fn refused(reply: &api::Reply) -> String {
    match reply.status {
        403 => "The key you signed in with may read leads but not change them.".into(),
        404 => "This lead no longer exists: it may have been erased.".into(),
        400 | 422 => reply
            .problem_detail()
            .unwrap_or_else(|| "That could not be saved.".into()),
        _ => reply.failure(false).0,
    }
}

/// The lead page.
#[component]
pub fn LeadPage(props: &LeadPageProps) -> Html {
    let lead = &props.lead;
    let status = use_state(|| lead.summary.sales_status);
    let note = use_state(String::new);
    let message = use_state(|| None::<(bool, String)>);
    let confirming = use_state(|| false);
    let busy = use_state(|| false);
    {
        // Another lead opened, or this one changed: the form starts from what is stored.
        let status = status.clone();
        use_effect_with(
            (lead.summary.id.clone(), lead.summary.sales_status),
            move |(_, stored)| status.set(*stored),
        );
    }

    // The confirmation's button exists only after the next render.
    use_effect_with(*confirming, |confirming| {
        if *confirming {
            super::page_url::focus("erase-confirm");
        }
    });

    // Sends a change; on success the page shows the lead the server returns.
    let send = {
        let id = lead.summary.id.clone();
        let message = message.clone();
        let busy = busy.clone();
        let on_updated = props.on_updated.clone();
        let ended = props.on_session_ended.clone();
        let note = note.clone();
        move |method: &'static str, path: String, body: String, done: &'static str| {
            let message = message.clone();
            let busy = busy.clone();
            let on_updated = on_updated.clone();
            let ended = ended.clone();
            let note = note.clone();
            let url = format!("/api/v1/leads/{id}{path}");
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = api::send_console(method, &url, Some(body)).await;
                busy.set(false);
                match outcome {
                    Ok(reply) if reply.status == 200 || reply.status == 201 => {
                        match serde_json::from_str::<Lead>(&reply.body) {
                            Ok(lead) => {
                                if method == "POST" {
                                    note.set(String::new());
                                }
                                message.set(Some((true, done.to_string())));
                                on_updated.emit(lead);
                            }
                            Err(_) => message.set(Some((false, reply.failure(false).0))),
                        }
                    }
                    Ok(reply) if reply.status == 401 => ended.emit(()),
                    Ok(reply) => message.set(Some((false, refused(&reply)))),
                    Err(failure) => message.set(Some((false, failure.0))),
                }
            });
        }
    };
    let on_status_pick = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(picked) = SalesStatus::from_code(&value) {
                status.set(picked);
            }
        })
    };
    let on_status_save = {
        let send = send.clone();
        let status = status.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = SalesStatusChange { status: *status };
            if let Ok(body) = serde_json::to_string(&body) {
                send("PATCH", String::new(), body, "The status was saved.");
            }
        })
    };
    let on_note_input = {
        let note = note.clone();
        Callback::from(move |e: InputEvent| {
            note.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let on_note_save = {
        let note = note.clone();
        let message = message.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let draft = NewLeadNote {
                text: (*note).clone(),
            };
            if let Err(problem) = draft.checked_text() {
                message.set(Some((false, problem)));
                return;
            }
            if let Ok(body) = serde_json::to_string(&draft) {
                send("POST", "/notes".into(), body, "The note was added.");
            }
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(true))
    };
    let keep = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let confirm = {
        let on_erase = props.on_erase.clone();
        let id = lead.summary.id.clone();
        Callback::from(move |_| on_erase.emit(id.clone()))
    };
    let contact = &lead.summary.contact;

    html! {
        <section class="lead" aria-labelledby="lead-heading">
            <h3 id="lead-heading" tabindex="-1">{
                if contact.company.is_empty() { contact.name.clone() }
                else { format!("{} — {}", contact.company, contact.name) }
            }</h3>
            <dl class="certificate">
                <dt>{"E-mail"}</dt><dd><a href={format!("mailto:{}", contact.email)}>{&contact.email}</a></dd>
                <dt>{"Received"}</dt><dd>{format!("{} UTC", short_time(&lead.summary.created_at))}</dd>
                <dt>{"Through"}</dt><dd>{format!("widget key {}", lead.summary.widget_key)}</dd>
                <dt>{"Readiness score"}</dt><dd>{format!("{:.0} out of 100 ({})", lead.summary.overall, band_in_words(lead.summary.band))}</dd>
                <dt>{"Tier"}</dt><dd>{tier_words(&lead.summary.tier)}</dd>
                <dt>{"Sales status"}</dt><dd class="sales-status">{lead.summary.sales_status.in_words()}</dd>
            </dl>
            <h4>{"Consent"}</h4>
            <blockquote class="consent">{&lead.consent.text}</blockquote>
            <p>{format!("Given on {} UTC.", short_time(&lead.consent.agreed_at))}</p>

            <section class="follow-up" aria-labelledby="follow-up-heading">
                <h4 id="follow-up-heading">{"Follow-up"}</h4>
                if let Some((good, text)) = &*message {
                    <p class={if *good { "notice" } else { "failure" }} role={if *good { "status" } else { "alert" }}>{text}</p>
                }
                <form class="status-form" onsubmit={on_status_save}>
                    <label for="lead-status">{"Sales status"}</label>
                    <select id="lead-status" onchange={on_status_pick}>
                        { for SalesStatus::ALL.iter().map(|s| html! {
                            <option value={s.code()} selected={*s == *status}>{s.in_words()}</option>
                        }) }
                    </select>
                    {" "}<button type="submit" class="primary" disabled={*busy}>{"Save the status"}</button>
                </form>
                <form class="note-form" onsubmit={on_note_save}>
                    <label for="lead-note">{"Add a note"}</label>
                    <textarea id="lead-note" rows="3" value={(*note).clone()} oninput={on_note_input} />
                    <button type="submit" class="secondary" disabled={*busy}>{"Add the note"}</button>
                </form>
                <h5>{"History"}</h5>
                if lead.activity.is_empty() {
                    <p class="history-empty">{"No status change or note yet."}</p>
                } else {
                    <ol class="history">{ for lead.activity.iter().rev().map(|entry| html! {
                        <li>
                            <span class="when">{format!("{} UTC, {}: ", short_time(&entry.at), entry.by)}</span>
                            {activity_in_words(entry)}
                        </li>
                    }) }</ol>
                }
            </section>

            {report_summary(&lead.report)}
            <h4>{"Why this tier"}</h4>
            <ul class="tier-reasons">{ for lead.qualification.reasons.iter().map(|r| html! { <li>{r}</li> }) }</ul>
            {profile_list(lead)}
            {answers_list(lead)}
            {plan_timeline(lead)}

            if *confirming {
                <div class="confirm" role="alertdialog" aria-labelledby="erase-question">
                    <p id="erase-question"><strong>{"Erase this lead for good? Its contact details, answers, report, notes and history are deleted and cannot be brought back."}</strong></p>
                    <button id="erase-confirm" type="button" class="danger" onclick={confirm}>{"Yes, erase it"}</button>
                    {" "}<button type="button" class="secondary" onclick={keep}>{"Keep it"}</button>
                </div>
            } else {
                <p class="lead-actions">
                    <button type="button" class="secondary" onclick={close}>{"Back to the list"}</button>
                    {" "}<button type="button" class="danger-outline" onclick={ask}>{"Erase this lead…"}</button>
                </p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_reads_as_sentences() {
        let change = LeadActivity {
            at: "2026-12-02T10:00:00.000Z".into(),
            by: "sales desk".into(),
            status: Some(SalesStatus::Contacted),
            previous_status: Some(SalesStatus::New),
            note: None,
        };
        assert_eq!(
            activity_in_words(&change),
            "Status changed from New to Contacted."
        );
        let note = LeadActivity {
            status: None,
            previous_status: None,
            note: Some("Wants a quote.".into()),
            ..change
        };
        assert_eq!(activity_in_words(&note), "Note: Wants a quote.");
        assert_eq!(tier_words("A"), "A — follow up first");
        assert_eq!(tier_words("?"), "not rated");
        assert_eq!(short_time("2026-12-02T13:31:07.123Z"), "2026-12-02 13:31");
    }
}
