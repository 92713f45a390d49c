//! What this is, how long it takes, where the answers stay, and the choice of assessment.

use annexa_shared::Mode;
use yew::prelude::*;

use super::use_widget;

/// Properties of [`StartScreen`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct StartScreenProps {
    /// The mode the site owner fixed with `data-mode`; `None` lets the visitor choose.
    pub fixed_mode: Option<Mode>,
    /// Starts the chosen assessment.
    pub on_start: Callback<Mode>,
    /// The site owner's settings are still loading.
    pub loading: bool,
}

/// The start screen.
#[component]
pub fn StartScreen(props: &StartScreenProps) -> Html {
    let ctx = use_widget();
    let s = ctx.strings.start;
    let chosen = use_state(|| props.fixed_mode.unwrap_or(Mode::Quick));
    let name = format!("annexa-mode-{}", ctx.config.instance);
    let option = |mode: Mode, title: &'static str, hint: &'static str| {
        let chosen = chosen.clone();
        let id = format!("{name}-{}", mode.as_str());
        html! {
            <div class="choice">
                <input type="radio" id={id.clone()} name={name.clone()} value={mode.as_str()}
                    checked={*chosen == mode} onchange={move |_| chosen.set(mode)} />
                <label for={id}>
                    <strong>{title}</strong>
                    <span class="hint">{hint}</span>
                </label>
            </div>
        }
    };
    let onsubmit = {
        let on_start = props.on_start.clone();
        let chosen = chosen.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_start.emit(*chosen);
        })
    };
    html! {
        <section class="start" aria-labelledby="annexa-start-title">
            <h2 id="annexa-start-title">{s.title}</h2>
            <p>{s.intro}</p>
            <p class="note">{s.privacy}</p>
            <p class="note"><strong>{s.disclaimer}</strong></p>
            <form {onsubmit}>
                if props.fixed_mode.is_none() {
                    <fieldset>
                        <legend>{s.choose}</legend>
                        {option(Mode::Quick, s.mode_quick, s.mode_quick_hint)}
                        {option(Mode::Full, s.mode_full, s.mode_full_hint)}
                    </fieldset>
                } else if props.fixed_mode == Some(Mode::Full) {
                    <p>{s.mode_full_hint}</p>
                } else {
                    <p>{s.mode_quick_hint}</p>
                }
                <div class="actions">
                    <button type="submit" class="btn primary" data-action="start">{s.button}</button>
                </div>
                if props.loading {
                    <p class="sr-only" role="status">{s.loading}</p>
                }
            </form>
        </section>
    }
}
