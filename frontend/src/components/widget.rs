//! One widget instance: loads the site owner's settings, restores saved progress, keeps it
//! saved, fires the public events and shows the screen the assessment is on.
//!
//! The runtime, in place of Yew's: the instance's state is one [`Widget`] behind an `Rc`; every
//! change goes through [`Widget::update`], which writes the screen anew ([`Widget::markup`]) and
//! brings the page in line with it ([`crate::dom::patch`]: what stays the same stays the same
//! element, so focus, typed text and live regions survive), then does what follows a change
//! (saving, the public events, the focus, loading what the new screen needs). The widget's
//! events are handled by five listeners on its root, which read what was pressed or typed from
//! the elements' classes, ids and `data-` attributes. Asynchronous work (the settings with their
//! retries, the full questionnaire's texts, the lead, the exports module) holds the instance
//! weakly and stops once it is unmounted.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use annexa_shared::questionnaire::questionnaire;
use annexa_shared::{AnswerValue, AnswersDocument, Mode};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::WidgetContext;
use super::error_box::error_box;
use super::interop;
use super::lead_form::{self, LeadStatus};
use super::profile_step::{ProfileStepProps, chosen_value, input_name, profile_step, typed_value};
use super::progress_header::{ProgressHeaderProps, progress_header};
use super::question_step::{QuestionStepProps, question_step};
use super::report::{ReportProps, ReportUi, report};
use super::section_nav::section_nav;
use super::start_over::start_over;
use super::start_screen::start_screen;
use super::step_form::focus_answer;
use crate::api::{self, LoadError, ServerWidgetConfig};
use crate::config::WidgetConfig;
use crate::dom;
use crate::events::{ErrorDetail, Progress, Started, WidgetEvent};
use crate::flow::{self, Step};
use crate::full_texts::{self, TextsState};
use crate::markup::Markup;
use crate::report_model::ReportSection;
use crate::state::{Action, Assessment, OpenSections, Screen};
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

/// The report module, in a questionnaire module built without the report
/// ([`crate::report_engine`]).
#[derive(Debug, Clone, PartialEq)]
enum ReportModule {
    /// Not asked for yet.
    Waiting,
    /// Being fetched.
    Loading,
    /// Its JS glue, with the exports `report_markup` and `report_completed`.
    Loaded(JsValue),
    /// It could not be loaded: the report screen says so, with a retry.
    Failed,
}

/// Which kind of screen is shown: what a screen keeps is forgotten when the kind changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Nothing shown yet.
    None,
    /// The settings failed to load.
    Failed,
    /// The start screen.
    Start,
    /// A question.
    Step,
    /// The report.
    Report,
}

/// Everything one widget instance keeps besides its context.
struct Ui {
    /// The assessment.
    state: Assessment,
    /// The site owner's settings.
    server: ServerState,
    /// Bumped on every load of the settings: a load that is no longer the latest stops.
    settings_attempt: u32,
    /// The full questionnaire's texts.
    texts: TextsState,
    /// Whether the texts were wanted at the last change (they load when they become wanted).
    texts_wanted: bool,
    /// Whether the last change was saved in the browser.
    saved: bool,
    /// The screen and answers at the last change that was saved (for the progress events).
    previous: (Screen, AnswersDocument),
    /// The revision and screen at the last change seen (`None` before the first, which is
    /// saved like any other when it is a change: a started or restored assessment).
    seen: Option<(u64, Screen)>,
    /// Whether the visitor has acted: focus follows the visitor's actions, never a page load
    /// (a restored step must not steal focus from the host page).
    interacted: bool,
    /// The accent class from the owner's colour, once checked.
    accent: Option<&'static str>,
    /// The mode chosen on the start screen.
    chosen: Mode,
    /// Whether "Start over" below a question was pressed once.
    footer_armed: bool,
    /// The message about a number or date typed into a profile question: (question id, text).
    profile_error: Option<(String, String)>,
    /// What the report screen keeps.
    report: ReportUi,
    /// Whether the coverage was wanted at the last change (it loads when it becomes wanted).
    coverage_wanted: bool,
    /// The report's body for the answers and open sections it was written for, kept while
    /// they stay the same.
    report_body: Option<(AnswersDocument, OpenSections, Rc<str>)>,
    /// The report module (when this build does not compute the report itself).
    report_module: ReportModule,
    /// Whether the host page is still to hear that the visitor reached the report (it hears
    /// once the report is computed).
    completed_pending: bool,
    /// Whether the report's heading took the focus since the report was entered.
    report_focused: bool,
    /// The kind of screen shown.
    shown: Kind,
    /// The step whose answer was last given the focus (or would have been, before any action).
    focused_step: Option<String>,
}

/// A listener on the widget's root.
type Listener = Closure<dyn FnMut(Event)>;

/// What handles one kind of event.
type Handler = fn(&Rc<Widget>, &Event);

/// A mounted widget.
pub struct Widget {
    ctx: WidgetContext,
    /// The element the widget renders into.
    root: Element,
    ui: RefCell<Ui>,
    /// Cleared by [`Widget::unmount`]: asynchronous work then changes nothing.
    alive: Cell<bool>,
    /// The root's listeners, kept as long as the widget is mounted.
    listeners: RefCell<Vec<(&'static str, Listener)>>,
}

impl std::fmt::Debug for Widget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Widget")
    }
}

/// The state to start from: what was saved, if anything.
fn restored(config: &WidgetConfig) -> Assessment {
    let state = Assessment::default();
    let Some(saved) = storage::load(&config.storage_key()) else {
        return state;
    };
    if config.mode.is_some_and(|mode| mode != saved.answers.mode) {
        return state;
    }
    let questionnaire = questionnaire(saved.answers.mode);
    state.apply(Action::Restore(saved, questionnaire))
}

/// Tells the host page that the site owner's settings did not load.
fn emit_load_error(ctx: &WidgetContext, error: &LoadError) {
    ctx.events.emit(WidgetEvent::Error(ErrorDetail {
        key: Some(ctx.config.key.clone()),
        code: error.code(),
        message: load_error_message(ctx, error),
    }));
}

fn load_error_message(ctx: &WidgetContext, error: &LoadError) -> String {
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

/// The answers of a readiness question, in the order the question shows them.
const ANSWER_VALUES: [AnswerValue; 5] = [
    AnswerValue::Yes,
    AnswerValue::Partial,
    AnswerValue::No,
    AnswerValue::Unsure,
    AnswerValue::NotApplicable,
];

/// Shows a configuration mistake (in English: the configuration names no language yet) and
/// tells the host page.
pub fn show_config_error(
    root: &Element,
    ctx_events: &crate::events::EventTarget,
    error: &crate::config::ConfigError,
) {
    let strings = crate::i18n::Locale::En.strings();
    let message = match error {
        crate::config::ConfigError::MissingKey => strings.error_missing_key.to_owned(),
        crate::config::ConfigError::BadMode(mode) => (strings.error_bad_mode)(mode),
    };
    let mut m = Markup::new();
    m.tag(r#"<div lang="en" class="annexa">"#);
    error_box(&mut m, strings.error_title, &message, None);
    m.tag("</div>");
    dom::patch(root, m.as_str());
    ctx_events.emit(WidgetEvent::Error(ErrorDetail {
        key: None,
        code: error.code(),
        message,
    }));
}

impl Widget {
    /// Shows the widget in `root` (what was saved, else the start screen) and starts its work.
    pub fn mount(ctx: WidgetContext, root: Element) -> Rc<Widget> {
        let state = restored(&ctx.config);
        Widget::mount_state(ctx, root, state)
    }

    /// Shows the widget in `root` from the assessment `state` and starts its work.
    pub fn mount_state(ctx: WidgetContext, root: Element, state: Assessment) -> Rc<Widget> {
        let ui = Ui {
            previous: (state.screen, state.doc.clone()),
            seen: None,
            state,
            server: ServerState::Loading,
            settings_attempt: 0,
            texts: TextsState::Waiting,
            texts_wanted: false,
            saved: false,
            interacted: false,
            accent: None,
            chosen: ctx.config.mode.unwrap_or(Mode::Quick),
            footer_armed: false,
            profile_error: None,
            report: ReportUi::default(),
            coverage_wanted: false,
            report_body: None,
            report_module: ReportModule::Waiting,
            completed_pending: false,
            report_focused: false,
            shown: Kind::None,
            focused_step: None,
        };
        let widget = Rc::new(Widget {
            ctx,
            root,
            ui: RefCell::new(ui),
            alive: Cell::new(true),
            listeners: RefCell::new(Vec::new()),
        });
        widget.save();
        widget.render();
        let accent = dom::find(&widget.root, ".accent-probe")
            .and_then(|probe| crate::theme::accent_class(&probe));
        if accent.is_some() {
            widget.ui.borrow_mut().accent = accent;
            widget.render();
        }
        widget.listen();
        widget.load_settings();
        widget.follow_up();
        widget
    }

    /// Removes the widget's DOM and stops its work.
    pub fn unmount(&self) {
        self.alive.set(false);
        for (kind, listener) in self.listeners.borrow_mut().drain(..) {
            let _ = self
                .root
                .remove_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
        }
        self.root.replace_children_with_node_0();
    }

    /// Adds the root's listeners.
    fn listen(self: &Rc<Self>) {
        let kinds: [(&'static str, Handler); 5] = [
            ("click", Widget::on_click),
            ("change", Widget::on_change),
            ("input", Widget::on_input),
            ("submit", Widget::on_submit),
            ("keydown", Widget::on_keydown),
        ];
        for (kind, handler) in kinds {
            let weak = Rc::downgrade(self);
            let listener = Listener::new(move |event: Event| {
                if let Some(widget) = weak.upgrade().filter(|w| w.alive.get()) {
                    handler(&widget, &event);
                }
            });
            let _ = self
                .root
                .add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            self.listeners.borrow_mut().push((kind, listener));
        }
    }

    /// A visitor's change to the assessment.
    fn dispatch(self: &Rc<Self>, action: Action) {
        {
            let mut ui = self.ui.borrow_mut();
            ui.interacted = true;
            let state = std::mem::take(&mut ui.state);
            ui.state = state.apply(action);
        }
        self.update();
    }

    /// Saves the assessment if it changed, shows the screen, then tells the host page and
    /// loads what the screen needs.
    fn update(self: &Rc<Self>) {
        let progress = self.save();
        self.render();
        if let Some(before) = progress {
            emit_progress_events(&self.ctx, &mut self.ui.borrow_mut(), before);
            self.completed();
        }
        self.follow_up();
    }

    /// Keeps the assessment saved; the screen before the change when the change is progress
    /// (opening a report section is saved but is not progress).
    fn save(&self) -> Option<Screen> {
        let mut ui = self.ui.borrow_mut();
        let now = Some((ui.state.revision, ui.state.screen));
        if now == ui.seen {
            return None;
        }
        ui.seen = now;
        if ui.state.revision == 0 {
            return None;
        }
        let key = self.ctx.config.storage_key();
        if ui.state.questionnaire.is_none() {
            storage::clear(&key);
            ui.saved = false;
            return None;
        }
        ui.saved = storage::save(&key, &ui.state.saved());
        let moved = ui.previous.0 != ui.state.screen || ui.previous.1 != ui.state.doc;
        let before = ui.previous.0;
        ui.previous = (ui.state.screen, ui.state.doc.clone());
        moved.then_some(before)
    }

    /// The kind of screen the state asks for.
    fn kind(ui: &Ui) -> Kind {
        if matches!(ui.server, ServerState::Failed(_)) {
            return Kind::Failed;
        }
        match (ui.state.screen, ui.state.questionnaire) {
            (Screen::Step(_), Some(_)) => Kind::Step,
            (Screen::Report, Some(_)) => Kind::Report,
            _ => Kind::Start,
        }
    }

    /// Writes the screen and brings the page in line with it; the report's heading takes the
    /// focus when the visitor opened the report, a new step's answer when the visitor moved to
    /// it.
    fn render(self: &Rc<Self>) {
        let markup = {
            let mut ui = self.ui.borrow_mut();
            let kind = Widget::kind(&ui);
            let entered = kind != ui.shown;
            if entered {
                ui.shown = kind;
                ui.footer_armed = false;
                ui.report = ReportUi::default();
                ui.coverage_wanted = false;
                ui.focused_step = None;
                ui.report_focused = false;
                // A report left before its module arrived is not announced later.
                ui.completed_pending = false;
                ui.chosen = self.ctx.config.mode.unwrap_or(Mode::Quick);
            }
            self.markup(&mut ui)
        };
        dom::patch(&self.root, markup.as_str());
        let mut ui = self.ui.borrow_mut();
        // The report's heading takes the focus once the report shows (its module may still be
        // loading when the visitor enters it).
        if ui.shown == Kind::Report
            && ui.interacted
            && !ui.report_focused
            && dom::find(&self.root, "article.report > h2").is_some()
        {
            ui.report_focused = true;
            dom::focus(&self.root, "article.report > h2");
        }
        let step = ui.state.current_step().map(|step| step.id().to_owned());
        let form = dom::find(&self.root, "form.step").is_some();
        match step.filter(|_| ui.shown == Kind::Step && form) {
            Some(step) => {
                if ui.focused_step.as_deref() != Some(step.as_str()) {
                    if ui.interacted {
                        focus_answer(&self.root);
                    }
                    ui.focused_step = Some(step);
                }
            }
            None => ui.focused_step = None,
        }
    }

    /// The screen as markup.
    fn markup(&self, ui: &mut Ui) -> Markup {
        let ctx = &self.ctx;
        let s = ctx.strings;
        let mut m = Markup::new();
        m.tag(r#"<div lang=""#)
            .text(ctx.config.locale.tag())
            .tag(r#"" class="annexa"#);
        if let ServerState::Failed(error) = &ui.server {
            m.tag(r#"">"#);
            error_box(
                &mut m,
                s.error_title,
                &load_error_message(ctx, error),
                Some(s.retry),
            );
            m.tag("</div>");
            return m;
        }
        if let Some(accent) = ui.accent {
            m.tag(" ").tag(accent);
        }
        m.tag(r#""><span aria-hidden="true" hidden="hidden" class="accent-probe"></span>"#);
        let settings = match &ui.server {
            ServerState::Ready(settings) => Some(settings.clone()),
            _ => None,
        };
        if let Some(settings) = &settings {
            m.tag(r#"<p class="owner">"#)
                .text(&settings.owner_name)
                .tag("</p>");
        }
        match (ui.state.screen, ui.state.questionnaire) {
            (Screen::Step(index), Some(q)) => self.step_markup(&mut m, ui, index, q),
            (Screen::Report, Some(_)) => match self.report_body(ui) {
                Some(body) => report(
                    &mut m,
                    ctx,
                    &ReportProps {
                        body: &body,
                        settings: settings.as_deref(),
                        open_sections: &ui.state.open_sections,
                        ui: &ui.report,
                    },
                ),
                None if ui.report_module == ReportModule::Failed => {
                    error_box(&mut m, s.report_title, s.report_unavailable, Some(s.retry));
                }
                None => loading(&mut m, s.report_loading),
            },
            _ => start_screen(&mut m, ctx, ctx.config.mode, ui.chosen, settings.is_none()),
        }
        m.tag("</div>");
        m
    }

    /// A question screen: progress, the section picker, the question, the footer.
    fn step_markup(
        &self,
        m: &mut Markup,
        ui: &Ui,
        index: usize,
        q: &'static annexa_shared::Questionnaire,
    ) {
        let ctx = &self.ctx;
        let s = ctx.strings;
        let state = &ui.state;
        let steps = flow::steps(q);
        let (answered, total) = flow::answered(q, &state.doc);
        let step = steps[index.min(steps.len() - 1)];
        let section_title =
            flow::section_title(step.section()).unwrap_or_else(|| s.profile_section.to_owned());
        let is_last = index + 1 == steps.len();
        progress_header(
            m,
            ctx,
            &ProgressHeaderProps {
                answered,
                total,
                section_title,
                step: index + 1,
                steps: steps.len(),
                saved: ui.saved,
            },
        );
        section_nav(m, ctx, q, step.section());
        match step {
            Step::Question(question) => match full_texts::of(question) {
                Some(text) => question_step(
                    m,
                    ctx,
                    &QuestionStepProps {
                        question,
                        text,
                        answer: state.doc.answers.get(&question.id).cloned(),
                        help_open: state.help_open,
                        problem: state.problem,
                        is_last,
                        first: index == 0,
                    },
                ),
                None if ui.texts == TextsState::Failed => error_box(
                    m,
                    s.questions_failed_title,
                    s.questions_failed,
                    Some(s.retry),
                ),
                None => loading(m, s.start.questions_loading),
            },
            Step::Profile(question) => {
                let error = ui
                    .profile_error
                    .as_ref()
                    .filter(|(id, _)| *id == question.id)
                    .map(|(_, message)| message.as_str());
                profile_step(
                    m,
                    ctx,
                    &ProfileStepProps {
                        question,
                        value: state.profile_value(&question.id),
                        help_open: state.help_open,
                        is_last,
                        first: index == 0,
                        error,
                    },
                );
            }
        }
        m.tag(r#"<div class="footer-actions"><button type="button" class="btn-link">"#)
            .text(s.see_report)
            .tag("</button>");
        start_over(m, ctx, ui.footer_armed);
        m.tag("</div>");
    }

    /// After a change: loads the full questionnaire's texts, the coverage and the report
    /// module when they become wanted (the report module from the visitor's first answer on, so
    /// that the report shows at once).
    fn follow_up(self: &Rc<Self>) {
        let (texts, coverage, report) = {
            let mut ui = self.ui.borrow_mut();
            // The full questionnaire's texts, fetched as soon as a full assessment is under way
            // (its profile questions come first and need none of them).
            let wants_texts = ui.state.questionnaire.is_some() && ui.state.doc.mode == Mode::Full;
            let texts = wants_texts && !ui.texts_wanted;
            ui.texts_wanted = wants_texts;
            let wants_coverage = ui.shown == Kind::Report
                && ui
                    .state
                    .open_sections
                    .contains(ReportSection::Coverage.id());
            let coverage = wants_coverage && !ui.coverage_wanted;
            ui.coverage_wanted = wants_coverage;
            let answered = !ui.state.doc.answers.is_empty()
                || ui.state.doc.profile != annexa_shared::Profile::default();
            let report = ui.state.questionnaire.is_some()
                && (answered || ui.shown == Kind::Report)
                && ui.report_module == ReportModule::Waiting;
            (texts, coverage, report)
        };
        if report {
            self.load_report();
        }
        if texts {
            self.load_texts();
        }
        if coverage {
            self.load_coverage();
        }
    }

    /// The report's body for the answers so far and the open sections, written once for each
    /// ([`crate::report_engine`]); `None` while the report module is not loaded.
    fn report_body(&self, ui: &mut Ui) -> Option<Rc<str>> {
        let doc = ui.state.scorable_document();
        if let Some((built_for, open, body)) = &ui.report_body
            && *built_for == doc
            && *open == ui.state.open_sections
        {
            return Some(body.clone());
        }
        let body: Rc<str> = self.engine_markup(ui, &doc)?.into();
        ui.report_body = Some((doc, ui.state.open_sections.clone(), body.clone()));
        Some(body)
    }

    /// The report's body from the report engine built into this module.
    #[cfg(feature = "report")]
    fn engine_markup(&self, ui: &Ui, doc: &AnswersDocument) -> Option<String> {
        let open = &ui.state.open_sections;
        let ctx = self.ctx.report_context();
        Some(crate::report_engine::report_markup(&ctx, doc, open))
    }

    /// The report's body from the report module, once loaded.
    #[cfg(not(feature = "report"))]
    fn engine_markup(&self, ui: &Ui, doc: &AnswersDocument) -> Option<String> {
        use annexa_shared::json::write::WriteJson;
        let ReportModule::Loaded(glue) = &ui.report_module else {
            return None;
        };
        let args = js_sys::Array::of3(
            &JsValue::from_str(&self.ctx.raw_config),
            &JsValue::from_str(&doc.to_json()),
            &JsValue::from_str(&ui.state.open_sections.to_json()),
        );
        interop::call_glue(glue, "report_markup", &args)
            .ok()?
            .as_string()
            .filter(|body| !body.is_empty())
    }

    /// Tells the host page the visitor reached the report, once the report can be computed.
    fn completed(self: &Rc<Self>) {
        let (doc, module) = {
            let ui = self.ui.borrow();
            if !ui.completed_pending {
                return;
            }
            (ui.state.scorable_document(), ui.report_module.clone())
        };
        let told = self.engine_completed(&module, &doc);
        if told {
            self.ui.borrow_mut().completed_pending = false;
        }
    }

    /// The `completed` event from the report engine built into this module.
    #[cfg(feature = "report")]
    fn engine_completed(&self, _module: &ReportModule, doc: &AnswersDocument) -> bool {
        crate::report_engine::emit_completed(&self.ctx.report_context(), doc);
        true
    }

    /// The `completed` event from the report module, once loaded.
    #[cfg(not(feature = "report"))]
    fn engine_completed(&self, module: &ReportModule, doc: &AnswersDocument) -> bool {
        use annexa_shared::json::write::WriteJson;
        let ReportModule::Loaded(glue) = module else {
            return false;
        };
        let host = self
            .ctx
            .events
            .host()
            .map_or(JsValue::NULL, |host| host.clone().into());
        let args = js_sys::Array::of3(
            &host,
            &JsValue::from_str(&self.ctx.raw_config),
            &JsValue::from_str(&doc.to_json()),
        );
        let _ = interop::call_glue(glue, "report_completed", &args);
        true
    }

    /// Fetches the report module (built without the report, this module asks `embed.js` for
    /// it); the report shows once it is there.
    fn load_report(self: &Rc<Self>) {
        if cfg!(feature = "report") {
            return;
        }
        let loader = {
            let mut ui = self.ui.borrow_mut();
            if matches!(
                ui.report_module,
                ReportModule::Loading | ReportModule::Loaded(_)
            ) {
                return;
            }
            ui.report_module = ReportModule::Loading;
            self.ctx.report.clone()
        };
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let glue = interop::load_module(loader, "no report module").await.ok();
            if let Some(widget) = current(&weak) {
                let shown = {
                    let mut ui = widget.ui.borrow_mut();
                    ui.report_module = glue.map_or(ReportModule::Failed, ReportModule::Loaded);
                    ui.shown == Kind::Report
                };
                if shown {
                    widget.render();
                    widget.completed();
                }
            }
        });
    }

    /// Loads the site owner's settings, retrying transient failures less and less often.
    fn load_settings(self: &Rc<Self>) {
        let attempt = {
            let mut ui = self.ui.borrow_mut();
            ui.settings_attempt += 1;
            ui.server = ServerState::Loading;
            ui.settings_attempt
        };
        let weak = Rc::downgrade(self);
        let url = self.ctx.config.widget_config_url();
        let loader = self.ctx.settings.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut failures = 0;
            loop {
                let reply = api::fetch("GET", &url, None, loader.as_ref()).await;
                let Some(widget) =
                    current(&weak).filter(|w| w.ui.borrow().settings_attempt == attempt)
                else {
                    return;
                };
                let ctx = &widget.ctx;
                let retry_after = reply.as_ref().ok().and_then(|r| r.retry_after.clone());
                let server = match api::classify_config(reply) {
                    Ok(settings) => ServerState::Ready(Rc::new(settings)),
                    Err(error) if error.is_transient() => {
                        // Rate limited, offline or server trouble: the visitor keeps answering
                        // (the questionnaire needs no settings) with lead capture off, and the
                        // settings are asked for again, less and less often. The host page
                        // hears of it once, at the first failure.
                        failures += 1;
                        if failures == 1 {
                            emit_load_error(ctx, &error);
                        }
                        match api::config_retry_delay_ms(failures, retry_after.as_deref()) {
                            Some(delay) => {
                                drop(widget);
                                sleep_ms(delay).await;
                                continue;
                            }
                            None => return,
                        }
                    }
                    Err(error) => {
                        emit_load_error(ctx, &error);
                        ServerState::Failed(error)
                    }
                };
                widget.ui.borrow_mut().server = server;
                widget.render();
                widget.follow_up();
                return;
            }
        });
    }

    /// Fetches the full questionnaire's texts.
    fn load_texts(self: &Rc<Self>) {
        self.ui.borrow_mut().texts = TextsState::Waiting;
        let weak = Rc::downgrade(self);
        let loader = self.ctx.questions.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = full_texts::load(loader).await;
            if let Some(widget) = current(&weak) {
                widget.ui.borrow_mut().texts = if loaded {
                    TextsState::Loaded
                } else {
                    TextsState::Failed
                };
                widget.render();
            }
        });
    }

    /// Has the exports module compute the coverage of the answers on the report.
    fn load_coverage(self: &Rc<Self>) {
        let doc = self.ui.borrow().state.scorable_document();
        let weak = Rc::downgrade(self);
        let loader = self.ctx.exports.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let coverage = interop::load_coverage(loader, &doc).await;
            if let Some(widget) = current(&weak) {
                widget.on_report(|report| report.interop.coverage = Some(coverage));
            }
        });
    }

    /// Builds the download `export` and hands it to the browser; a failure shows in the
    /// section the button is in (`in_coverage`).
    fn download(self: &Rc<Self>, export: String, in_coverage: bool) {
        let doc = self.ui.borrow().state.scorable_document();
        let weak = Rc::downgrade(self);
        let loader = self.ctx.exports.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let error = interop::download(loader, &doc, &export).await.err();
            if let Some(widget) = current(&weak) {
                widget.on_report(|report| {
                    if in_coverage {
                        report.interop.coverage_download_error = error;
                    } else {
                        report.interop.download_error = error;
                    }
                });
            }
        });
    }

    /// What asynchronous work brought back for the report (the coverage, a download's outcome,
    /// the lead's): kept and shown while the report is shown, dropped once the visitor has left
    /// it (what a screen keeps is forgotten when it is left).
    fn on_report(self: &Rc<Self>, change: impl FnOnce(&mut ReportUi)) {
        {
            let mut ui = self.ui.borrow_mut();
            if ui.shown != Kind::Report {
                return;
            }
            change(&mut ui.report);
        }
        self.render();
    }

    /// Sends the lead form, if it is filled in correctly.
    fn send_lead(self: &Rc<Self>) {
        let body = {
            let mut ui = self.ui.borrow_mut();
            let ServerState::Ready(settings) = ui.server.clone() else {
                return;
            };
            if ui.report.lead.status == LeadStatus::Sending {
                return;
            }
            let doc = ui.state.scorable_document();
            let body =
                lead_form::validate(&self.root, &self.ctx, &settings, &doc, &mut ui.report.lead);
            if body.is_some() {
                ui.report.lead.status = LeadStatus::Sending;
            }
            body
        };
        self.render();
        let Some(body) = body else {
            return;
        };
        let weak = Rc::downgrade(self);
        let ctx = self.ctx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let status = lead_form::send(&ctx, body).await;
            if let Some(widget) = current(&weak) {
                widget.on_report(|report| report.lead.status = status);
            }
        });
    }

    /// A click: the buttons without a form to submit.
    fn on_click(self: &Rc<Self>, event: &Event) {
        let Some(button) = target(event).and_then(|t| t.closest("button").ok().flatten()) else {
            return;
        };
        match button.get_attribute("data-action").as_deref() {
            Some("back" | "edit") => self.dispatch(Action::Back),
            Some("start-over-confirm") => self.dispatch(Action::StartOver),
            Some("continue-full") => self.dispatch(Action::ContinueFull(questionnaire(Mode::Full))),
            Some("start-over") => {
                {
                    let mut ui = self.ui.borrow_mut();
                    if ui.shown == Kind::Report {
                        ui.report.start_over_armed = true;
                    } else {
                        ui.footer_armed = true;
                    }
                }
                self.render();
            }
            Some("open-lead") => {
                self.ui.borrow_mut().report.cta_opened = true;
                self.render();
                // The visitor asked for the form: its first field takes the focus.
                dom::focus(&self.root, "[data-lead=\"form\"] input");
            }
            Some(_) => {}
            None => {
                if let Some(export) = button.get_attribute("data-export") {
                    let in_coverage = button
                        .closest("[data-section-id=\"coverage\"]")
                        .ok()
                        .flatten()
                        .is_some();
                    self.download(export, in_coverage);
                } else if button.class_list().contains("disclosure") {
                    if let Some(id) = button
                        .closest("[data-section-id]")
                        .ok()
                        .flatten()
                        .and_then(|section| section.get_attribute("data-section-id"))
                    {
                        self.dispatch(Action::ToggleSection(id));
                    }
                } else if inside(&button, ".help-toggle") {
                    self.dispatch(Action::ToggleHelp);
                } else if inside(&button, ".footer-actions") {
                    self.dispatch(Action::ShowReport);
                } else if inside(&button, ".report-actions") {
                    if let Some(window) = web_sys::window() {
                        let _ = window.print();
                    }
                } else if inside(&button, ".error-box") {
                    self.retry();
                }
            }
        }
    }

    /// The button of an error box: what it does depends on the error shown.
    fn retry(self: &Rc<Self>) {
        let (failed, screen) = {
            let ui = self.ui.borrow();
            (matches!(ui.server, ServerState::Failed(_)), ui.state.screen)
        };
        if failed {
            self.load_settings();
            self.render();
        } else if screen == Screen::Report && self.ui.borrow().report_module == ReportModule::Failed
        {
            // The report module did not load: asked for again.
            self.ui.borrow_mut().report_module = ReportModule::Waiting;
            self.load_report();
            self.render();
        } else if screen == Screen::Report {
            // The report could not be computed: back to the answers.
            self.dispatch(Action::Back);
        } else {
            self.load_texts();
            self.render();
        }
    }

    /// A choice changed: an answer, a profile option, the start screen's mode.
    fn on_change(self: &Rc<Self>, event: &Event) {
        let Some(input) = target(event).and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        if !matches!(input.type_().as_str(), "radio" | "checkbox") {
            return;
        }
        if input.name().starts_with("annexa-mode-") {
            if let Some(mode) = Mode::from_name(&input.value()) {
                self.ui.borrow_mut().chosen = mode;
            }
            return;
        }
        if !inside(&input, "form.step") {
            return;
        }
        let action = {
            let ui = self.ui.borrow();
            match ui.state.current_step() {
                Some(Step::Question(q)) => ANSWER_VALUES
                    .into_iter()
                    .find(|value| value.code() == input.value())
                    .map(|value| Action::Answer {
                        id: q.id.clone(),
                        value,
                    }),
                Some(Step::Profile(q)) => {
                    let name = input_name(&self.ctx, q);
                    let current = ui.state.profile_value(&q.id);
                    chosen_value(&name, q, current.as_ref(), &input.id()).map(|value| {
                        Action::SetProfile {
                            field: q.id.clone(),
                            value,
                        }
                    })
                }
                None => None,
            }
        };
        if let Some(action) = action {
            self.dispatch(action);
        }
    }

    /// Typing: a justification, a number or a date. The page is brought in line with the state
    /// without touching what is being typed ([`crate::dom`]).
    fn on_input(self: &Rc<Self>, event: &Event) {
        let Some(element) = target(event) else {
            return;
        };
        if !inside(&element, "form.step") {
            return;
        }
        let step = self.ui.borrow().state.current_step();
        if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(Step::Question(q)) = step {
                self.dispatch(Action::Justify {
                    id: q.id.clone(),
                    text: area.value(),
                });
            }
            return;
        }
        let (Some(input), Some(Step::Profile(q))) = (element.dyn_ref::<HtmlInputElement>(), step)
        else {
            return;
        };
        match typed_value(&self.ctx, q, &input.value()) {
            Some(Ok(value)) => {
                self.ui.borrow_mut().profile_error = None;
                self.dispatch(Action::SetProfile {
                    field: q.id.clone(),
                    value,
                });
            }
            Some(Err(message)) => {
                self.ui.borrow_mut().profile_error = Some((q.id.clone(), message));
                self.render();
            }
            None => {}
        }
    }

    /// A form sent: start, next step, jump to a section, the lead.
    fn on_submit(self: &Rc<Self>, event: &Event) {
        let Some(form) = target(event) else {
            return;
        };
        event.prevent_default();
        let classes = form.class_list();
        if classes.contains("step") {
            self.dispatch(Action::Next);
        } else if classes.contains("jump") {
            if let Some(select) = dom::find(&form, "select")
                .and_then(|select| select.dyn_into::<HtmlSelectElement>().ok())
            {
                self.dispatch(Action::JumpToSection(select.value()));
            }
        } else if inside(&form, "section.start") {
            let mode = self.ui.borrow().chosen;
            self.dispatch(Action::Start(questionnaire(mode)));
        } else if inside(&form, "[data-lead]") {
            self.send_lead();
        }
    }

    /// Enter on a choice moves on (a form's own Enter only submits from a text field).
    fn on_keydown(self: &Rc<Self>, event: &Event) {
        let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if event.key() != "Enter" {
            return;
        }
        let on_choice = target(event)
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .filter(|input| inside(input, "form.step"))
            .is_some_and(|input| matches!(input.type_().as_str(), "radio" | "checkbox"));
        if on_choice {
            event.prevent_default();
            self.dispatch(Action::Next);
        }
    }
}

/// A loading message in place of a screen.
fn loading(m: &mut Markup, text: &str) {
    m.tag(r#"<p role="status" class="loading">"#)
        .text(text)
        .tag("</p>");
}

/// The widget behind `weak`, while it is mounted.
fn current(weak: &Weak<Widget>) -> Option<Rc<Widget>> {
    weak.upgrade().filter(|widget| widget.alive.get())
}

/// The element an event happened on.
fn target(event: &Event) -> Option<Element> {
    event.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// Whether `element` is inside (or is) an element `selector` finds.
fn inside(element: &Element, selector: &str) -> bool {
    element.closest(selector).ok().flatten().is_some()
}

/// Tells the host page where the assessment went from `before`: started, progress, completed.
fn emit_progress_events(ctx: &WidgetContext, ui: &mut Ui, before: Screen) {
    let Some(q) = ui.state.questionnaire else {
        return;
    };
    let state = &ui.state;
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
    if state.screen != Screen::Report || before == Screen::Report {
        return;
    }
    // Told once the report is computed (`Widget::completed`).
    ui.completed_pending = true;
}
