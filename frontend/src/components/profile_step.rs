//! One question about the organisation, with the input its type asks for: a number, yes/no,
//! one option, several options or a date. Values are stored only once they are valid.

use annexa_shared::questionnaire::{ProfileInput, ProfileOption, ProfileQuestion};
use annexa_shared::{Date, ProfileValue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::step_form::{StepForm, legend_id};
use super::use_widget;
use crate::state::Action;

/// Properties of [`ProfileStep`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ProfileStepProps {
    /// The question.
    pub question: &'static ProfileQuestion,
    /// The current value of the profile field.
    pub value: Option<ProfileValue>,
    /// Whether the help is open.
    pub help_open: bool,
    /// The last step.
    pub is_last: bool,
    /// The first step.
    pub first: bool,
    /// Focus the answer when shown.
    pub autofocus: bool,
    /// Sends the value and navigation.
    pub dispatch: Callback<Action>,
}

/// A profile question.
#[component]
pub fn ProfileStep(props: &ProfileStepProps) -> Html {
    let ctx = use_widget();
    let s = ctx.strings;
    let q = props.question;
    let name = format!("annexa-{}-{}", ctx.config.instance, q.id);
    let error = use_state(|| None::<String>);
    let labelled_by = legend_id(&ctx.config.instance);
    let set = {
        let dispatch = props.dispatch.clone();
        let field = q.id.clone();
        move |value: Option<ProfileValue>| {
            dispatch.emit(Action::SetProfile {
                field: field.clone(),
                value,
            })
        }
    };
    let radio = |id_suffix: &str, label: &str, checked: bool, value: ProfileValue| {
        let set = set.clone();
        choice_radio(
            format!("{name}-{id_suffix}"),
            &name,
            label,
            checked,
            Callback::from(move |_| set(Some(value.clone()))),
        )
    };
    let input = match &q.input {
        ProfileInput::Boolean => {
            let current = match props.value {
                Some(ProfileValue::Bool(b)) => Some(b),
                _ => None,
            };
            html! {
                <div class="choices">
                    {radio("yes", s.yes, current == Some(true), ProfileValue::Bool(true))}
                    {radio("no", s.no, current == Some(false), ProfileValue::Bool(false))}
                </div>
            }
        }
        ProfileInput::Choice { options } => {
            let current = match &props.value {
                Some(ProfileValue::Choice(code)) => Some(code.as_str()),
                _ => None,
            };
            let radios = options.iter().map(|ProfileOption { value, label }| {
                radio(
                    value,
                    label,
                    current == Some(value.as_str()),
                    ProfileValue::Choice(value.clone()),
                )
            });
            html! { <div class="choices">{for radios}</div> }
        }
        ProfileInput::MultiChoice { options } => {
            let current: Vec<String> = match &props.value {
                Some(ProfileValue::Choices(codes)) => codes.clone(),
                _ => Vec::new(),
            };
            let boxes = options.iter().map(|ProfileOption { value, label }| {
                let id = format!("{name}-{value}");
                let checked = current.contains(value);
                let onchange = {
                    let set = set.clone();
                    let current = current.clone();
                    let value = value.clone();
                    move |_| {
                        let mut next: Vec<String> =
                            current.iter().filter(|v| **v != value).cloned().collect();
                        if !checked {
                            next.push(value.clone());
                        }
                        // Keep the options' order so the stored profile is stable.
                        set((!next.is_empty()).then_some(ProfileValue::Choices(next)));
                    }
                };
                html! {
                    <div class="choice">
                        <input type="checkbox" id={id.clone()} {checked} {onchange} />
                        <label for={id}>{label.clone()}</label>
                    </div>
                }
            });
            html! { <div class="choices">{for boxes}</div> }
        }
        ProfileInput::Number { min, max } => {
            let (min, max) = (*min, *max);
            let id = format!("{name}-number");
            let oninput = {
                let set = set.clone();
                let error = error.clone();
                let message = (s.number_out_of_range)(min, max);
                move |event: InputEvent| {
                    let text = event.target_unchecked_into::<HtmlInputElement>().value();
                    match parse_number(&text, min, max) {
                        Ok(value) => {
                            error.set(None);
                            set(value);
                        }
                        Err(()) => error.set(Some(message.clone())),
                    }
                }
            };
            let value = match props.value {
                Some(ProfileValue::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            text_input(
                &id,
                "number",
                &value,
                Callback::from(oninput),
                &error,
                Some((min, max)),
                &labelled_by,
            )
        }
        ProfileInput::Date => {
            let id = format!("{name}-date");
            let oninput = {
                let set = set.clone();
                let error = error.clone();
                move |event: InputEvent| {
                    let text = event.target_unchecked_into::<HtmlInputElement>().value();
                    match parse_date(&text) {
                        Ok(value) => {
                            error.set(None);
                            set(value);
                        }
                        Err(()) => error.set(Some(s.date_invalid.to_owned())),
                    }
                }
            };
            let value = match props.value {
                Some(ProfileValue::Date(date)) => date.to_string(),
                _ => String::new(),
            };
            text_input(
                &id,
                "date",
                &value,
                Callback::from(oninput),
                &error,
                None,
                &labelled_by,
            )
        }
    };
    let legend = if q.optional {
        format!("{} ({})", q.text, s.optional)
    } else {
        q.text.clone()
    };
    html! {
        <StepForm step_id={q.id.clone()} {legend} help={q.help.clone()}
            help_open={props.help_open} is_last={props.is_last} first={props.first}
            autofocus={props.autofocus} dispatch={props.dispatch.clone()}>
            {input}
        </StepForm>
    }
}

/// One radio choice with its label.
///
/// A function of its own, never inlined: the yes/no and the one-option steps call it from three
/// places, and each call compiled its element-building code again into the step's view.
#[inline(never)]
fn choice_radio(
    id: String,
    name: &str,
    label: &str,
    checked: bool,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="choice">
            <input type="radio" id={id.clone()} name={name.to_owned()} {checked} {onchange} />
            <label for={id}>{label.to_owned()}</label>
        </div>
    }
}

/// The number or date input with its message.
///
/// Takes a `Callback` rather than any closure, and is never inlined, so that its
/// element-building code is compiled once for both inputs instead of once per closure type.
#[inline(never)]
fn text_input(
    id: &str,
    kind: &'static str,
    value: &str,
    oninput: Callback<InputEvent>,
    error: &UseStateHandle<Option<String>>,
    bounds: Option<(u32, u32)>,
    labelled_by: &str,
) -> Html {
    let error_id = format!("{id}-error");
    html! {
        <div class="field">
            <input id={id.to_owned()} type={kind} aria-labelledby={labelled_by.to_owned()} value={value.to_owned()} {oninput}
                inputmode={(kind == "number").then_some("numeric")}
                min={bounds.map(|b| b.0.to_string())} max={bounds.map(|b| b.1.to_string())}
                aria-invalid={error.is_some().to_string()}
                aria-describedby={error.is_some().then(|| error_id.clone())} />
            if let Some(message) = &**error {
                <p id={error_id} class="field-error" role="alert">{message.clone()}</p>
            }
        </div>
    }
}

/// A whole number in `min..=max`; empty text clears the field (`None`).
pub fn parse_number(text: &str, min: u32, max: u32) -> Result<Option<ProfileValue>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(ProfileValue::Number(n))),
        _ => Err(()),
    }
}

/// A `YYYY-MM-DD` date; empty text clears the field (`None`).
pub fn parse_date(text: &str) -> Result<Option<ProfileValue>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<Date>()
        .map(|d| Some(ProfileValue::Date(d)))
        .map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_must_be_whole_and_in_range() {
        assert_eq!(
            parse_number(" 25 ", 1, 100),
            Ok(Some(ProfileValue::Number(25)))
        );
        assert_eq!(parse_number("", 1, 100), Ok(None));
        assert_eq!(parse_number("0", 1, 100), Err(()));
        assert_eq!(parse_number("2.5", 1, 100), Err(()));
        assert_eq!(parse_number("-3", 1, 100), Err(()));
    }

    #[test]
    fn dates_must_be_real_days() {
        let day = Date::new(2027, 3, 31).map(ProfileValue::Date);
        assert_eq!(parse_date("2027-03-31"), Ok(day));
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(parse_date("2027-02-30"), Err(()));
    }
}
