//! `/console/funnel`: per widget key (or all) and day, widget shown → assessment started →
//! report reached → lead sent, with the conversion from each step to the next, a chart and the
//! table of days, over a chosen range. The address holds the key and days shown
//! (`?key=…&from=…&to=…`, the funnel route's own names), so a reload or a shared link shows the
//! same figures and Back returns to the previous choice.

use annexa_shared::funnel::{FunnelReport, FunnelStep};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::page_url;
use crate::api;
use crate::funnel_chart::{self, HEIGHT, WIDTH};

/// Properties of [`FunnelPage`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct FunnelPageProps {
    /// The session ended (a 401): back to sign-in.
    pub on_session_ended: Callback<()>,
}

/// The choice of key and days.
#[derive(Debug, Clone, PartialEq, Default)]
struct Range {
    key: String,
    from: String,
    to: String,
}

impl Range {
    /// The key and days a page address (or the funnel route) carries; absent ones stay empty.
    fn from_pairs(pairs: &[(String, String)]) -> Range {
        let mut range = Range::default();
        for (name, value) in pairs {
            match name.as_str() {
                "key" => range.key = value.clone(),
                "from" => range.from = value.clone(),
                "to" => range.to = value.clone(),
                _ => {}
            }
        }
        range
    }

    /// The choices made, as query pairs: the same for the page's address and the funnel route.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        [("key", &self.key), ("from", &self.from), ("to", &self.to)]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| (name, value.clone()))
            .collect()
    }
}

/// Where the figures stand.
#[derive(Debug, Clone, PartialEq)]
enum Figures {
    Loading,
    Loaded(FunnelReport),
    Failed(String),
}

#[derive(serde::Deserialize)]
struct KeyName {
    key: String,
}

/// The demo widget key, whose earlier days `annexa serve --demo` makes up.
const DEMO_KEY: &str = "demo";

fn chart_view(report: &FunnelReport) -> Html {
    let chart = funnel_chart::chart(report);
    html! {
        <figure class="funnel-chart">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={funnel_chart::summary(report)}>
                { for chart.scale.iter().map(|(y, value)| html! {
                    <g class="scale">
                        <line x1="48" x2={(WIDTH - 12.0).to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text x="42" y={(y + 4.0).to_string()} text-anchor="end">{value.to_string()}</text>
                    </g>
                }) }
                { for chart.days.iter().map(|(x, day)| html! {
                    <text class="day" x={x.to_string()} y={(HEIGHT - 8.0).to_string()} text-anchor="middle">{day}</text>
                }) }
                { for chart.lines.iter().map(|line| html! {
                    <polyline class={format!("line step-{}", line.step.code())} points={line.points.clone()}
                        stroke-dasharray={(!line.dashes.is_empty()).then_some(line.dashes)} fill="none" />
                }) }
            </svg>
            <figcaption>
                <ul class="chart-legend">
                    { for FunnelStep::ALL.iter().map(|step| html! {
                        <li>
                            <svg class="legend-line" viewBox="0 0 40 10" aria-hidden="true" width="40" height="10">
                                <line class={format!("line step-{}", step.code())} x1="0" x2="40" y1="5" y2="5"
                                    stroke-dasharray={(!funnel_chart::dashes(*step).is_empty()).then_some(funnel_chart::dashes(*step))} />
                            </svg>
                            {step.label()}
                        </li>
                    }) }
                </ul>
            </figcaption>
        </figure>
    }
}

fn figures_view(report: &FunnelReport) -> Html {
    let totals = report.totals();
    let demo = report.widget_key.as_deref().is_none_or(|k| k == DEMO_KEY);
    let rows = funnel_chart::conversions(&totals);
    html! {
        <>
        if demo {
            <p class="notice">{"The demo widget key's days before the server was first started with the demo are made up: they are fictitious figures for trying this page."}</p>
        }
        <h3 id="totals-heading">{format!("{} to {}", report.from, report.to)}</h3>
        <dl class="funnel-totals" aria-labelledby="totals-heading">
            { for rows.iter().map(|(step, count, rate)| html! {
                <div class={format!("total step-{}", step.code())}>
                    <dt>{step.label()}</dt>
                    <dd class="total-count">{count.to_string()}</dd>
                    if !rate.is_empty() { <dd class="total-rate">{rate}</dd> }
                </div>
            }) }
        </dl>
        <p class="overall">{format!("Of every 100 visitors who saw the widget, {} sent a lead.",
            funnel_chart::percent(totals.rate(FunnelStep::Shown, FunnelStep::Lead)).trim_end_matches('%'))}</p>
        { chart_view(report) }
        <h3>{"Day by day"}</h3>
        { super::scrolling_table("Funnel per day", "funnel-days",
            &["Day (UTC)", "Widget shown", "Assessment started", "Report reached", "Lead sent", "Started of shown"],
            html! { <>{ for report.days.iter().rev().map(|day| html! {
                <tr>
                    <td>{&day.day}</td>
                    <td>{day.shown.to_string()}</td>
                    <td>{day.started.to_string()}</td>
                    <td>{day.report.to_string()}</td>
                    <td>{day.lead.to_string()}</td>
                    <td>{funnel_chart::percent(day.rate(FunnelStep::Shown, FunnelStep::Started))}</td>
                </tr>
            }) }</> }) }
        </>
    }
}

/// The page.
#[component]
pub fn FunnelPage(props: &FunnelPageProps) -> Html {
    let start = use_memo((), |_| Range::from_pairs(&page_url::query_pairs()));
    let draft = use_state(|| (*start).clone());
    let applied = use_state(|| (*start).clone());
    let figures = use_state(|| Figures::Loading);
    let keys = use_state(Vec::<String>::new);

    {
        let keys = keys.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(reply) = api::send_console("GET", "/api/v1/widget-keys", None).await
                    && reply.status == 200
                    && let Ok(list) = serde_json::from_str::<Vec<KeyName>>(&reply.body)
                {
                    keys.set(list.into_iter().map(|k| k.key).collect());
                }
            });
        });
    }
    // Back and Forward change the address without reloading the page: show what it now holds.
    {
        let (draft, applied) = (draft.clone(), applied.clone());
        page_url::use_address_changes(move || {
            let in_address = Range::from_pairs(&page_url::query_pairs());
            draft.set(in_address.clone());
            applied.set(in_address);
        });
    }
    // The address always holds the key and days shown.
    use_effect_with((*applied).clone(), |range| {
        page_url::push(&page_url::with_query("/console/funnel", &range.pairs()));
    });
    {
        let figures = figures.clone();
        let draft = draft.clone();
        let ended = props.on_session_ended.clone();
        use_effect_with((*applied).clone(), move |range| {
            let url = page_url::with_query("/api/v1/funnel", &range.pairs());
            figures.set(Figures::Loading);
            let range = range.clone();
            let latest = super::Latest::new();
            latest.spawn(
                async move {
                    api::send_console("GET", &url, None).await
                },
                move |reply| {
                    let next = match reply {
                        Ok(reply) if reply.status == 200 => match serde_json::from_str::<FunnelReport>(&reply.body) {
                            Ok(report) => {
                                // The first answer fills in the default days.
                                if range.from.is_empty() {
                                    draft.set(Range { key: range.key.clone(), from: report.from.clone(), to: report.to.clone() });
                                }
                                Figures::Loaded(report)
                            }
                            Err(_) => Figures::Failed(reply.failure(false).0),
                        },
                        Ok(reply) if reply.status == 401 => {
                            ended.emit(());
                            return;
                        }
                        Ok(reply) if reply.status == 400 => Figures::Failed(
                            "These days could not be used: the first day must come before the last, and at most a year can be shown.".into(),
                        ),
                        Ok(reply) if reply.status == 403 => Figures::Failed(
                            "The key you signed in with may not read these figures.".into(),
                        ),
                        Ok(reply) if reply.status == 404 => Figures::Failed("This widget key no longer exists.".into()),
                        Ok(reply) => Figures::Failed(reply.failure(false).0),
                        Err(failure) => Figures::Failed(failure.0),
                    };
                    figures.set(next);
                },
            );
            latest
        });
    }

    let set_date = |change: fn(&mut Range, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            change(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            draft.set(next);
        })
    };
    let on_key = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            next.key = e.target_unchecked_into::<HtmlSelectElement>().value();
            draft.set(next);
        })
    };
    let on_show = {
        let draft = draft.clone();
        let applied = applied.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            applied.set((*draft).clone());
        })
    };

    let body = match &*figures {
        Figures::Loading => html! { <p class="loading" role="status">{"Loading the figures…"}</p> },
        Figures::Failed(message) => html! { <p class="failure" role="alert">{message}</p> },
        Figures::Loaded(report) if report.totals().shown == 0 && report.totals().started == 0 => {
            html! {
                <>
                <p class="empty" role="status">{"No visits counted on these days. Counts appear once the widget is on a page with this key and visitors see it."}</p>
                </>
            }
        }
        Figures::Loaded(report) => figures_view(report),
    };

    html! {
        <section class="funnel" aria-labelledby="funnel-heading">
            <h2 id="funnel-heading">{"Funnel"}</h2>
            <p>{"How many visitors saw the widget, started the assessment, reached their report and sent it to you. These are anonymous counts per day: nothing here identifies a visitor."}</p>
            <form class="lead-filters" onsubmit={on_show} aria-label="Choose the widget key and the days">
                <div class="field">
                    <label for="funnel-key">{"Widget key"}</label>
                    <select id="funnel-key" onchange={on_key}>
                        <option value="" selected={draft.key.is_empty()}>{"Every key"}</option>
                        { for keys.iter().map(|k| html! { <option value={k.clone()} selected={draft.key == *k}>{k}</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="funnel-from">{"From"}</label>
                    <input id="funnel-from" type="date" value={draft.from.clone()} oninput={set_date(|r, v| r.from = v)} />
                </div>
                <div class="field">
                    <label for="funnel-to">{"Until"}</label>
                    <input id="funnel-to" type="date" value={draft.to.clone()} oninput={set_date(|r, v| r.to = v)} />
                </div>
                <button type="submit" class="primary">{"Show these days"}</button>
            </form>
            <div aria-live="polite">{body}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::Range;

    #[test]
    fn the_address_gives_back_the_key_and_days_it_was_written_from() {
        let ranges = [
            Range::default(),
            Range {
                key: "demo".into(),
                ..Range::default()
            },
            Range {
                key: "site-a".into(),
                from: "2026-11-01".into(),
                to: "2026-11-30".into(),
            },
            Range {
                key: String::new(),
                from: "2026-11-01".into(),
                to: String::new(),
            },
        ];
        for range in ranges {
            let pairs: Vec<(String, String)> = range
                .pairs()
                .into_iter()
                .map(|(name, value)| (name.to_string(), value))
                .collect();
            assert_eq!(Range::from_pairs(&pairs), range);
        }
        // Other names in the address (a tracking parameter) are left alone.
        let with_other = [
            ("utm_source".to_string(), "mail".to_string()),
            ("key".to_string(), "demo".to_string()),
        ];
        assert_eq!(Range::from_pairs(&with_other).key, "demo");
    }
}
