//! One question about the organisation, with the input its type asks for: a number, yes/no,
//! one option, several options or a date. Values are stored only once they are valid.

use annexa_shared::questionnaire::{ProfileInput, ProfileOption, ProfileQuestion};
use annexa_shared::{Date, ProfileValue};

use super::WidgetContext;
use super::step_form::{StepFrame, legend_id, step_form};
use crate::markup::Markup;

/// What [`profile_step`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileStepProps<'a> {
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
    /// The message of a number or date the visitor typed that is not valid (the value is then
    /// not stored).
    pub error: Option<&'a str>,
}

/// The inputs' name for `question` (their ids add the option's value, `yes`, `no`, `number`
/// or `date`).
pub fn input_name(ctx: &WidgetContext, question: &ProfileQuestion) -> String {
    format!("annexa-{}-{}", ctx.config.instance, question.id)
}

/// The value that choosing (or, for a checkbox, toggling) the input `input_id` gives the
/// field of `question` whose value is `current`; `None` when the id is none of its options.
pub fn chosen_value(
    name: &str,
    question: &ProfileQuestion,
    current: Option<&ProfileValue>,
    input_id: &str,
) -> Option<Option<ProfileValue>> {
    let suffix = input_id.strip_prefix(name)?.strip_prefix('-')?;
    match &question.input {
        ProfileInput::Boolean => match suffix {
            "yes" => Some(Some(ProfileValue::Bool(true))),
            "no" => Some(Some(ProfileValue::Bool(false))),
            _ => None,
        },
        ProfileInput::Choice { options } => options
            .iter()
            .find(|o| o.value == suffix)
            .map(|o| Some(ProfileValue::Choice(o.value.clone()))),
        ProfileInput::MultiChoice { options } => {
            let option = options.iter().find(|o| o.value == suffix)?;
            let current: Vec<String> = match current {
                Some(ProfileValue::Choices(codes)) => codes.clone(),
                _ => Vec::new(),
            };
            let checked = current.contains(&option.value);
            let mut next: Vec<String> = current
                .iter()
                .filter(|v| **v != option.value)
                .cloned()
                .collect();
            if !checked {
                next.push(option.value.clone());
            }
            // Keep the options' order so the stored profile is stable.
            Some((!next.is_empty()).then_some(ProfileValue::Choices(next)))
        }
        ProfileInput::Number { .. } | ProfileInput::Date => None,
    }
}

/// What the text typed into the number or date input of `question` means: the value to store
/// (`Ok`), or the message to show (`Err`).
pub fn typed_value(
    ctx: &WidgetContext,
    question: &ProfileQuestion,
    text: &str,
) -> Option<Result<Option<ProfileValue>, String>> {
    let s = ctx.strings;
    match question.input {
        ProfileInput::Number { min, max } => {
            Some(parse_number(text, min, max).map_err(|()| (s.number_out_of_range)(min, max)))
        }
        ProfileInput::Date => Some(parse_date(text).map_err(|()| s.date_invalid.to_owned())),
        _ => None,
    }
}

/// A profile question. Its inputs' ids hold the question's id, so a new question is a new form
/// on the page (see [`crate::dom`]).
pub fn profile_step(m: &mut Markup, ctx: &WidgetContext, props: &ProfileStepProps<'_>) {
    let s = ctx.strings;
    let q = props.question;
    let name = input_name(ctx, q);
    let legend = if q.optional {
        format!("{} ({})", q.text, s.optional)
    } else {
        q.text.clone()
    };
    let frame = StepFrame {
        legend: &legend,
        help: &q.help,
        help_open: props.help_open,
        is_last: props.is_last,
        first: props.first,
    };
    step_form(m, ctx, &frame, |m| match &q.input {
        ProfileInput::Boolean => {
            let current = match props.value {
                Some(ProfileValue::Bool(b)) => Some(b),
                _ => None,
            };
            m.tag(r#"<div class="choices">"#);
            choice_input(m, "radio", &name, "yes", s.yes, current == Some(true));
            choice_input(m, "radio", &name, "no", s.no, current == Some(false));
            m.tag("</div>");
        }
        ProfileInput::Choice { options } => {
            let current = match &props.value {
                Some(ProfileValue::Choice(code)) => Some(code.as_str()),
                _ => None,
            };
            m.tag(r#"<div class="choices">"#);
            for ProfileOption { value, label } in options {
                let checked = current == Some(value.as_str());
                choice_input(m, "radio", &name, value, label, checked);
            }
            m.tag("</div>");
        }
        ProfileInput::MultiChoice { options } => {
            let current: &[String] = match &props.value {
                Some(ProfileValue::Choices(codes)) => codes,
                _ => &[],
            };
            m.tag(r#"<div class="choices">"#);
            for ProfileOption { value, label } in options {
                let checked = current.contains(value);
                choice_input(m, "checkbox", &name, value, label, checked);
            }
            m.tag("</div>");
        }
        ProfileInput::Number { min, max } => {
            let value = match props.value {
                Some(ProfileValue::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let id = format!("{name}-number");
            text_input(
                m,
                ctx,
                &id,
                "number",
                &value,
                props.error,
                Some((*min, *max)),
            );
        }
        ProfileInput::Date => {
            let value = match props.value {
                Some(ProfileValue::Date(date)) => date.to_string(),
                _ => String::new(),
            };
            let id = format!("{name}-date");
            text_input(m, ctx, &id, "date", &value, props.error, None);
        }
    });
}

/// One radio button or checkbox (`kind`) with its label; its id is `name-suffix`. Radio
/// buttons of the profile carry the name (they are a group), checkboxes do not.
fn choice_input(
    m: &mut Markup,
    kind: &'static str,
    name: &str,
    suffix: &str,
    label: &str,
    checked: bool,
) {
    m.tag(r#"<div class="choice"><input type=""#)
        .tag(kind)
        .tag(r#"" id=""#)
        .text(name)
        .tag("-")
        .text(suffix)
        .tag(r#"""#);
    if kind == "radio" {
        m.tag(r#" name=""#).text(name).tag(r#"""#);
    }
    m.tag(if checked {
        r#" checked="true"><label for=""#
    } else {
        r#" checked="false"><label for=""#
    })
    .text(name)
    .tag("-")
    .text(suffix)
    .tag(r#"">"#)
    .text(label)
    .tag("</label></div>");
}

/// The number or date input with its message.
fn text_input(
    m: &mut Markup,
    ctx: &WidgetContext,
    id: &str,
    kind: &'static str,
    value: &str,
    error: Option<&str>,
    bounds: Option<(u32, u32)>,
) {
    m.tag(r#"<div class="field"><input id=""#)
        .text(id)
        .tag(r#"" type=""#)
        .tag(kind)
        .tag(r#"" aria-labelledby=""#)
        .text(&legend_id(&ctx.config.instance))
        .tag(r#"""#);
    if kind == "number" {
        m.tag(r#" inputmode="numeric""#);
    }
    if let Some((min, max)) = bounds {
        m.tag(r#" min=""#)
            .display(&min)
            .tag(r#"" max=""#)
            .display(&max)
            .tag(r#"""#);
    }
    m.tag(if error.is_some() {
        r#" aria-invalid="true""#
    } else {
        r#" aria-invalid="false""#
    });
    if error.is_some() {
        m.tag(r#" aria-describedby=""#).text(id).tag(r#"-error""#);
    }
    m.tag(r#" value=""#).text(value).tag(r#"">"#);
    if let Some(message) = error {
        m.tag(r#"<p id=""#)
            .text(id)
            .tag(r#"-error" role="alert" class="field-error">"#)
            .text(message)
            .tag("</p>");
    }
    m.tag("</div>");
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
