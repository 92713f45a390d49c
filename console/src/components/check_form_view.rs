//! The verification form: which certificate, what is bought and where, and the day.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::check_form::{CheckForm, FormError, LookUp, field};

/// Properties of [`CheckFormView`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct CheckFormViewProps {
    /// The fields as typed.
    pub form: CheckForm,
    /// Mistakes found when the form was sent.
    pub errors: Vec<FormError>,
    /// A check is running: the button says so and waits.
    pub busy: bool,
    /// A field changed.
    pub on_change: Callback<CheckForm>,
    /// The form was sent.
    pub on_submit: Callback<()>,
}

fn input_text(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn area_text(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlTextAreaElement>().value()
}

/// One labelled text field with its hint and its mistake, if any.
fn text_field(
    id: &'static str,
    label: &str,
    hint: Option<&str>,
    value: &str,
    errors: &[FormError],
    oninput: Callback<InputEvent>,
) -> Html {
    let error = errors.iter().find(|e| e.field == id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described: Vec<&str> = [
        hint.map(|_| hint_id.as_str()),
        error.map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        <div class={classes!("field", error.map(|_| "has-error"))}>
            <label for={id}>{label}</label>
            if let Some(hint) = hint { <p class="hint" id={hint_id.clone()}>{hint}</p> }
            if let Some(error) = error { <p class="field-error" id={error_id.clone()}>{&error.message}</p> }
            <input id={id} name={id} type="text" value={value.to_string()} {oninput}
                aria-invalid={error.map(|_| "true")}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))} />
        </div>
    }
}

/// The form.
#[component]
pub fn CheckFormView(props: &CheckFormViewProps) -> Html {
    let form = &props.form;
    // One field's edit: `read` takes the new text from the event's element (input or text area).
    let edit = |update: fn(&mut CheckForm, String), read: fn(&InputEvent) -> String| {
        let form = props.form.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = form.clone();
            update(&mut next, read(&e));
            on_change.emit(next);
        })
    };
    let change = |update: fn(&mut CheckForm, String)| edit(update, input_text);
    let change_area = |update: fn(&mut CheckForm, String)| edit(update, area_text);
    let choose = |look_up: LookUp| {
        let form = props.form.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_: Event| {
            on_change.emit(CheckForm {
                look_up,
                ..form.clone()
            })
        })
    };
    let look_up_choice = |look_up: LookUp, value: &'static str, label: &'static str| {
        html! {
            <label class="choice">
                <input type="radio" name="look-up" {value}
                    checked={form.look_up == look_up}
                    onchange={choose(look_up)} />
                {label}
            </label>
        }
    };
    let onsubmit = {
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_submit.emit(());
        })
    };
    let errors = &props.errors;
    let area_error = |id: &'static str| errors.iter().find(|e| e.field == id);
    let area = |id: &'static str, label: &str, hint: &str, value: &str, oninput| {
        let error = area_error(id);
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = match error {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        };
        html! {
            <div class={classes!("field", error.map(|_| "has-error"))}>
                <label for={id}>{label}</label>
                <p class="hint" id={hint_id}>{hint}</p>
                if let Some(error) = error { <p class="field-error" id={error_id}>{&error.message}</p> }
                <textarea id={id} name={id} rows="3" value={value.to_string()} {oninput}
                    aria-invalid={error.map(|_| "true")} aria-describedby={described} />
            </div>
        }
    };
    let date_error = errors.iter().find(|e| e.field == field::DATE);
    html! {
        <form class="check-form" novalidate=true {onsubmit} aria-label="Certificate check">
            <fieldset class="look-up">
                <legend>{"Find the certificate"}</legend>
                <div class="choices">
                    { look_up_choice(LookUp::Number, "number", "By certificate number") }
                    { look_up_choice(LookUp::Entity, "entity", "By the supplier's name") }
                </div>
                if form.look_up == LookUp::Number {
                    {text_field(field::NUMBER, "Certificate number",
                        Some("As printed on the certificate, for example IS 712345."),
                        &form.number, errors, change(|f, v| f.number = v))}
                } else {
                    {text_field(field::NAME, "Supplier's legal name", None,
                        &form.name, errors, change(|f, v| f.name = v))}
                    {text_field(field::COUNTRY, "Country", Some("Two letters (IE) or the name (Ireland); optional."),
                        &form.country, errors, change(|f, v| f.country = v))}
                }
            </fieldset>
            <fieldset>
                <legend>{"What you buy"}</legend>
                {area(field::ACTIVITIES, "Activities, products or services",
                    "One per line, in your own words, for example: payroll software.",
                    &form.activities, change_area(|f, v| f.activities = v))}
                {area(field::SITES, "Sites they are delivered from",
                    "One per line: city and country, for example: Dublin, IE. Optional.",
                    &form.sites, change_area(|f, v| f.sites = v))}
                <div class={classes!("field", date_error.map(|_| "has-error"))}>
                    <label for={field::DATE}>{"Date to check"}</label>
                    <p class="hint" id="check-date-hint">{"Leave empty for today."}</p>
                    if let Some(error) = date_error { <p class="field-error" id="check-date-error">{&error.message}</p> }
                    <input id={field::DATE} name={field::DATE} type="date" value={form.date.clone()}
                        oninput={change(|f, v| f.date = v)}
                        aria-invalid={date_error.map(|_| "true")}
                        aria-describedby={if date_error.is_some() { "check-date-hint check-date-error" } else { "check-date-hint" }} />
                </div>
            </fieldset>
            <button type="submit" class="primary" disabled={props.busy}>
                { if props.busy { "Checking…" } else { "Check the certificate" } }
            </button>
        </form>
    }
}
