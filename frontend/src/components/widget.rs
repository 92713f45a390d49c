//! One widget instance: loads the site owner's settings, restores saved progress, keeps it
//! saved, fires the public events and shows the screen the assessment is on.

use std::rc::Rc;

use annexa_shared::Mode;
use annexa_shared::questionnaire::questionnaire;
use yew::prelude::*;

use super::error_box::{ErrorBoxProps, error_box};
use super::profile_step::ProfileStep;
use super::progress_header::{ProgressHeaderProps, progress_header};
use super::question_step::{QuestionStepProps, question_step};
use super::report::Report;
use super::section_nav::{SectionNavProps, section_nav};
use super::start_over::StartOver;
use super::start_screen::StartScreen;
use super::use_widget;
use crate::api::{self, LoadError, ServerWidgetConfig};
use crate::config::WidgetConfig;
use crate::events::{Completed, ErrorDetail, Progress, Started, WidgetEvent};
use crate::flow::{self, Step};
use crate::full_texts::{self, TextsState};
use crate::report_model::{ReportModel, today};
use crate::stage::Stage;
use crate::state::{Action, Assessment, Screen};
use crate::storage;

/// The site owner's settings as far as they are known.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerState {
    /// Request in flight, or being retried after a transient failure: the questionnaire works,
    /// lead capture is off.
    Loading,
    /// Loaded.
    Ready(Rc<ServerWidgetConfig>),
    /// Failed: the widget shows why.
    Failed(LoadError),
}

/// The state to start from: the first question of the mode chosen on the start module's
/// screen, else what was saved.
fn restored(config: &WidgetConfig, stage: Stage) -> Assessment {
    let state = Assessment::default();
    if let Some(mode) = stage.started() {
        return state.apply(Action::Start(questionnaire(mode)));
    }
    let Some(saved) = storage::load(&config.storage_key()) else {
        return state;
    };
    if config.mode.is_some_and(|mode| mode != saved.answers.mode) {
        return state;
    }
    let questionnaire = questionnaire(saved.answers.mode);
    state.apply(Action::Restore(saved, questionnaire))
}

fn load_error_message(ctx: &super::WidgetContext, error: &LoadError) -> String {
    let s = ctx.strings;
    match error {
        LoadError::UnknownKey => (s.error_unknown_key)(&ctx.config.key),
        LoadError::Unreachable => s.error_unreachable.to_owned(),
        LoadError::Server(status) => (s.error_server)(*status),
    }
}

/// Waits `ms` milliseconds (a browser timer).
async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Properties of [`Widget`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct WidgetProps {
    /// How this mount began (see [`crate::stage`]).
    pub stage: Stage,
}

/// The widget body.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let ctx = use_widget();
    let s = ctx.strings;
    let probe = use_node_ref();
    let jump = use_node_ref();
    let accent = use_state(|| None::<&'static str>);
    {
        let probe = probe.clone();
        let accent = accent.clone();
        use_effect_with((), move |()| {
            accent.set(
                probe
                    .cast::<web_sys::Element>()
                    .and_then(|probe| crate::theme::accent_class(&probe)),
            );
        });
    }
    let root_class = classes!("annexa", *accent);
    let server = use_state(|| ServerState::Loading);
    let attempt = use_state(|| 0u32);
    {
        let server = server.clone();
        let ctx = ctx.clone();
        use_effect_with(*attempt, move |_| {
            server.set(ServerState::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                let url = ctx.config.widget_config_url();
                let mut failures = 0;
                loop {
                    let reply = api::fetch("GET", &url, None).await;
                    let retry_after = reply.as_ref().ok().and_then(|r| r.retry_after.clone());
                    match api::classify_config(reply) {
                        Ok(settings) => server.set(ServerState::Ready(Rc::new(settings))),
                        Err(error) if error.is_transient() => {
                            // Rate limited, offline or server trouble: the visitor keeps
                            // answering (the questionnaire needs no settings) with lead capture
                            // off, and the settings are asked for again, less and less often.
                            // The host page hears of it once, at the first failure.
                            failures += 1;
                            if failures == 1 {
                                ctx.events.emit(WidgetEvent::Error(ErrorDetail {
                                    key: Some(ctx.config.key.clone()),
                                    code: error.code(),
                                    message: load_error_message(&ctx, &error),
                                }));
                            }
                            if let Some(delay) =
                                api::config_retry_delay_ms(failures, retry_after.as_deref())
                            {
                                sleep_ms(delay).await;
                                continue;
                            }
                        }
                        Err(error) => {
                            ctx.events.emit(WidgetEvent::Error(ErrorDetail {
                                key: Some(ctx.config.key.clone()),
                                code: error.code(),
                                message: load_error_message(&ctx, &error),
                            }));
                            server.set(ServerState::Failed(error));
                        }
                    }
                    break;
                }
            });
        });
    }

    let assessment = use_reducer(|| restored(&ctx.config, props.stage));
    // Taking over from the start module, the widget tells the host page what that module left
    // untold: the assessment started.
    let announce = props.stage.started().is_some();
    {
        let ctx = ctx.clone();
        let state = assessment.clone();
        use_effect_with((), move |()| {
            if announce && let Some(q) = state.questionnaire {
                emit_progress_events(&ctx, &state, q, Screen::Start);
            }
        });
    }
    // The full questionnaire's texts, fetched as soon as a full assessment is under way (its
    // profile questions come first and need none of them).
    let wants_texts = assessment.questionnaire.is_some() && assessment.doc.mode == Mode::Full;
    let texts = use_state(|| TextsState::Waiting);
    let texts_attempt = use_state(|| 0u32);
    {
        let texts = texts.clone();
        let loader = ctx.questions.clone();
        use_effect_with((wants_texts, *texts_attempt), move |&(wanted, _)| {
            if wanted {
                texts.set(TextsState::Waiting);
                wasm_bindgen_futures::spawn_local(async move {
                    texts.set(if full_texts::load(loader).await {
                        TextsState::Loaded
                    } else {
                        TextsState::Failed
                    });
                });
            }
        });
    }
    let saved = use_state(|| false);
    let previous = use_mut_ref(|| (assessment.screen, assessment.doc.clone()));
    {
        let ctx = ctx.clone();
        let state = assessment.clone();
        let saved = saved.clone();
        let previous = previous.clone();
        use_effect_with((assessment.revision, assessment.screen), move |_| {
            if state.revision == 0 {
                return;
            }
            let key = ctx.config.storage_key();
            match state.questionnaire {
                None => {
                    storage::clear(&key);
                    saved.set(false);
                }
                Some(q) => {
                    saved.set(storage::save(&key, &state.saved()));
                    // Opening a report section is saved but is not progress.
                    let (before, moved) = {
                        let mut previous = previous.borrow_mut();
                        let moved = previous.0 != state.screen || previous.1 != state.doc;
                        let before = previous.0;
                        *previous = (state.screen, state.doc.clone());
                        (before, moved)
                    };
                    if moved {
                        emit_progress_events(&ctx, &state, q, before);
                    }
                }
            }
        });
    }

    // Focus follows the visitor's actions, never a page load (a restored step must not steal
    // focus from the host page).
    let interacted = use_mut_ref(|| announce);
    let autofocus = *interacted.borrow();
    let dispatch = {
        let assessment = assessment.clone();
        let interacted = interacted.clone();
        Callback::from(move |action: Action| {
            *interacted.borrow_mut() = true;
            assessment.dispatch(action);
        })
    };
    if let ServerState::Failed(error) = &*server {
        let retry = {
            let attempt = attempt.clone();
            Callback::from(move |()| attempt.set(*attempt + 1))
        };
        return html! {
            <div class="annexa" lang={ctx.config.locale.tag()}>
                {error_box(&ErrorBoxProps {
                    title: s.error_title.into(),
                    message: load_error_message(&ctx, error).into(),
                    on_retry: Some(retry),
                    retry_label: s.retry.into(),
                })}
            </div>
        };
    }
    let settings = match &*server {
        ServerState::Ready(settings) => Some(settings.clone()),
        _ => None,
    };

    let body = match (assessment.screen, assessment.questionnaire) {
        (Screen::Step(index), Some(q)) => {
            let steps = flow::steps(q);
            let (answered, total) = flow::answered(q, &assessment.doc);
            let step = steps[index.min(steps.len() - 1)];
            let section_title =
                flow::section_title(step.section()).unwrap_or_else(|| s.profile_section.to_owned());
            let is_last = index + 1 == steps.len();
            let content = match step {
                Step::Question(question) => match full_texts::of(question) {
                    Some(text) => question_step(
                        &ctx,
                        &QuestionStepProps {
                            question,
                            text,
                            autofocus,
                            answer: assessment.doc.answers.get(&question.id).cloned(),
                            help_open: assessment.help_open,
                            problem: assessment.problem,
                            is_last,
                            first: index == 0,
                            dispatch: dispatch.clone(),
                        },
                    ),
                    None if *texts == TextsState::Failed => {
                        let retry = {
                            let attempt = texts_attempt.clone();
                            Callback::from(move |()| attempt.set(*attempt + 1))
                        };
                        error_box(&ErrorBoxProps {
                            title: s.questions_failed_title.into(),
                            message: s.questions_failed.into(),
                            on_retry: Some(retry),
                            retry_label: s.retry.into(),
                        })
                    }
                    None => html! {
                        <p class="loading" role="status">{s.start.questions_loading}</p>
                    },
                },
                Step::Profile(question) => html! {
                    <ProfileStep
                        key={question.id.clone()}
                        {question}
                        {autofocus}
                        value={assessment.profile_value(&question.id)}
                        help_open={assessment.help_open}
                        {is_last}
                        first={index == 0}
                        dispatch={dispatch.clone()} />
                },
            };
            html! {
                <>
                    {progress_header(&ctx, &ProgressHeaderProps {
                        answered,
                        total,
                        section_title: section_title.into(),
                        step: index + 1,
                        steps: steps.len(),
                        saved: *saved,
                    })}
                    {section_nav(&ctx, &SectionNavProps {
                        questionnaire: q,
                        current: step.section().to_owned().into(),
                        dispatch: dispatch.clone(),
                        select: jump.clone(),
                    })}
                    {content}
                    <div class="footer-actions">
                        <button type="button" class="btn-link"
                            onclick={dispatch.reform(|_| Action::ShowReport)}>{s.see_report}</button>
                        <StartOver dispatch={dispatch.clone()} />
                    </div>
                </>
            }
        }
        (Screen::Report, Some(_)) => html! {
            <Report doc={Rc::new(assessment.scorable_document())} settings={settings.clone()}
                {autofocus} open_sections={assessment.open_sections.clone()}
                dispatch={dispatch.clone()} />
        },
        _ => {
            let on_start = {
                let dispatch = dispatch.clone();
                Callback::from(move |mode| dispatch.emit(Action::Start(questionnaire(mode))))
            };
            html! {
                <StartScreen fixed_mode={ctx.config.mode} {on_start}
                    loading={settings.is_none()} />
            }
        }
    };
    html! {
        <div class={root_class} lang={ctx.config.locale.tag()}>
            <span class="accent-probe" hidden=true aria-hidden="true" ref={probe}></span>
            if let Some(settings) = &settings {
                <p class="owner">{settings.owner_name.clone()}</p>
            }
            {body}
        </div>
    }
}

fn emit_progress_events(
    ctx: &super::WidgetContext,
    state: &Assessment,
    q: &annexa_shared::Questionnaire,
    before: Screen,
) {
    let key = ctx.config.key.clone();
    if before == Screen::Start && matches!(state.screen, Screen::Step(_)) {
        ctx.events.emit(WidgetEvent::Started(Started {
            key: key.clone(),
            mode: state.doc.mode.as_str(),
        }));
    }
    let (answered, total) = flow::answered(q, &state.doc);
    let section = match state.current_step() {
        Some(step) => step.section().to_owned(),
        None => "report".to_owned(),
    };
    ctx.events.emit(WidgetEvent::Progress(Progress {
        key: key.clone(),
        answered,
        total,
        section,
    }));
    if state.screen == Screen::Report
        && before != Screen::Report
        && let Ok(model) = ReportModel::build(&state.scorable_document(), today())
    {
        let report = &model.report;
        ctx.events.emit(WidgetEvent::Completed(Completed {
            key,
            mode: state.doc.mode.as_str(),
            overall: report.overall,
            band: report.band,
            tier: Some(model.tier_letter().to_owned()),
            top_gaps: report
                .gaps
                .iter()
                .take(5)
                .map(|g| g.requirement_id.to_string())
                .collect(),
        }));
    }
}
