//! `/verify`: the buyers' verification page. The check in the address bar runs on load, so a
//! shared link shows the same answer again.

use annexa_shared::Verification;
use yew::prelude::*;

use super::batch_check::BatchCheck;
use super::check_form_view::CheckFormView;
use super::page_url;
use super::verdict_view::VerdictView;
use crate::api;
use crate::check_form::{CheckForm, FormError};

/// Where the page's single check stands.
#[derive(Debug, Clone, PartialEq)]
enum CheckState {
    /// Nothing asked yet.
    Idle,
    /// Waiting for the answer.
    Checking,
    /// The answer, with the link that reproduces it.
    Answered(Box<Verification>, String),
    /// No answer, and why.
    Failed(String),
}

/// The path of this page.
const PATH: &str = "/verify";

async fn check(form: CheckForm) -> CheckState {
    let request = match form.to_request() {
        Ok(request) => request,
        Err(_) => return CheckState::Idle,
    };
    let Ok(body) = serde_json::to_string(&request) else {
        return CheckState::Failed(api::unreachable().0);
    };
    let link = page_url::with_query(PATH, &form.to_pairs());
    match api::send(
        "POST",
        "/api/v1/certificates/verify",
        "application/json",
        "application/json",
        Some(body),
    )
    .await
    {
        Ok(reply) if reply.status == 200 => {
            match serde_json::from_str::<Verification>(&reply.body) {
                Ok(verification) => CheckState::Answered(Box::new(verification), link),
                Err(_) => CheckState::Failed(reply.failure(false).0),
            }
        }
        Ok(reply) => CheckState::Failed(reply.failure(false).0),
        Err(failure) => CheckState::Failed(failure.0),
    }
}

/// The page.
#[component]
pub fn VerifyPage() -> Html {
    let form = use_state(CheckForm::default);
    let errors = use_state(Vec::<FormError>::new);
    let state = use_state(|| CheckState::Idle);

    let run = {
        let errors = errors.clone();
        let state = state.clone();
        Callback::from(move |form: CheckForm| {
            if let Err(found) = form.to_request() {
                if let Some(first) = found.first() {
                    page_url::focus(first.field);
                }
                errors.set(found);
                return;
            }
            errors.set(Vec::new());
            page_url::push(&page_url::with_query(PATH, &form.to_pairs()));
            state.set(CheckState::Checking);
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                state.set(check(form).await);
            });
        })
    };

    // A shared link: fill the form from the address and run the check once.
    {
        let form = form.clone();
        let run = run.clone();
        use_effect_with((), move |_| {
            let pairs = page_url::query_pairs();
            let from_link =
                CheckForm::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
            if from_link.names_a_certificate() {
                run.emit(from_link.clone());
            }
            form.set(from_link);
        });
    }

    let on_change = {
        let form = form.clone();
        Callback::from(move |next: CheckForm| form.set(next))
    };
    let on_submit = {
        let form = form.clone();
        let run = run.clone();
        Callback::from(move |()| run.emit((*form).clone()))
    };
    let busy = *state == CheckState::Checking;
    let error_summary = (!errors.is_empty()).then(|| {
        html! {
            <div class="error-summary" role="alert">
                <p><strong>{"Please correct the form:"}</strong></p>
                <ul>{ for errors.iter().map(|e| html! {
                    <li><a href={format!("#{}", e.field)}>{&e.message}</a></li>
                }) }</ul>
            </div>
        }
    });
    let outcome = match &*state {
        CheckState::Idle => html! {},
        CheckState::Checking => html! {
            <p class="loading" role="status">{"Checking the certificate…"}</p>
        },
        CheckState::Answered(verification, link) => html! {
            <VerdictView verification={(**verification).clone()} link={link.clone()} />
        },
        CheckState::Failed(message) => html! {
            <div class="failure" role="alert">
                <h2>{"No answer this time"}</h2>
                <p>{message}</p>
            </div>
        },
    };
    html! {
        <>
            <header class="masthead no-print">
                <p class="brand"><a href="/verify">{"Annexa"}</a></p>
                <p class="tagline">{"Certificate check for buyers"}</p>
            </header>
            <main id="main">
                <h1>{"Does your supplier's ISO/IEC 27001 certificate cover what you buy?"}</h1>
                <p class="intro no-print">{"Enter the certificate, what you buy from the supplier and \
                    where it is delivered from. The answer says whether the certificate is valid, \
                    whether it is your supplier's, and which of your items its scope covers — with \
                    the words of the certificate that show it."}</p>
                <div class="no-print">
                    {error_summary}
                    <CheckFormView form={(*form).clone()} errors={(*errors).clone()} {busy}
                        {on_change} {on_submit} />
                </div>
                <div aria-live="polite" class="outcome">{outcome}</div>
                <BatchCheck />
            </main>
            <footer class="no-print">
                <p>{"Annexa reads the certificate registry it was given; a certificate it does not \
                    know is reported as not found. Check anything that matters with the \
                    certification body."}</p>
            </footer>
        </>
    }
}
