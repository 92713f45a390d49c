//! The answer to one check: the verdict in large plain words and why, validity, the company,
//! each claimed item, and the scope with its reading drawn on it.

use annexa_shared::Verification;
use annexa_shared::verification::{ItemKind, LocationKind, ScopeReading, Severity, Verdict};
use yew::prelude::*;

use super::page_url;
use super::scope_text::{ScopeLegend, ScopeText};

/// Properties of [`VerdictView`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct VerdictViewProps {
    /// The API's answer.
    pub verification: Verification,
    /// The link that reproduces this check.
    pub link: AttrValue,
}

/// The element id of the verdict heading (focused when the answer arrives).
pub const VERDICT_ID: &str = "verdict";

fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Covered => "verdict-good",
        Verdict::PartiallyCovered | Verdict::Undetermined => "verdict-mixed",
        Verdict::NotCovered | Verdict::Invalid | Verdict::NotFound => "verdict-bad",
    }
}

fn places(reading: &ScopeReading) -> Html {
    if reading.locations.is_empty() && reading.organisations.is_empty() {
        return html! {};
    }
    let place = |l: &annexa_shared::verification::Location| {
        let kind = match l.kind {
            LocationKind::Site => "a site, where the work is done",
            LocationKind::Market => "where customers are, not a site",
        };
        html! { <li>{format!("{}: {kind}", l.text)}</li> }
    };
    html! {
        <ul class="places">
            { for reading.locations.iter().map(place) }
            { for reading.organisations.iter().map(|o| html! {
                <li>{format!("{}: another organisation, not certified by this certificate", o.text)}</li>
            }) }
        </ul>
    }
}

/// The answer.
#[component]
pub fn VerdictView(props: &VerdictViewProps) -> Html {
    // A new answer takes the focus, so a screen reader reads the verdict first. After the
    // render: the heading does not exist before.
    use_effect_with(props.verification.clone(), |_| page_url::focus(VERDICT_ID));
    let v = &props.verification;
    let certificate = v.certificate.as_ref().map(|c| {
        html! {
            <dl class="certificate">
                <dt>{"Certificate"}</dt><dd>{&c.certificate_number}</dd>
                <dt>{"Held by"}</dt><dd>{format!("{} ({})", c.entity.name, c.entity.country)}</dd>
                <dt>{"Standard"}</dt><dd>{c.standard.as_str()}</dd>
                <dt>{"Issued by"}</dt><dd>{&c.certification_body}</dd>
                <dt>{"Accreditation"}</dt>
                <dd>{c.accreditation_body.clone().unwrap_or_else(|| "None given".into())}</dd>
                <dt>{"Valid"}</dt><dd>{format!("{} to {}", c.issue_date, c.expiry_date)}</dd>
            </dl>
        }
    });
    let validity = if v.certificate.is_none() {
        html! {}
    } else if v.validity.problems.is_empty() {
        html! { <p>{format!("No problem found on {}.", v.as_of)}</p> }
    } else {
        html! {
            <ul class="problems">
                { for v.validity.problems.iter().map(|p| html! {
                    <li class={classes!(match p.severity {
                        Severity::Error => "problem-error",
                        Severity::Caution => "problem-caution",
                        Severity::Warning => "problem-warning",
                    })}>
                        <strong>{format!("{}: ", p.severity.in_words())}</strong>{&p.message}
                    </li>
                }) }
            </ul>
        }
    };
    let items = (!v.coverage.is_empty()).then(|| {
        html! {
            <div class="table-scroll" role="region" aria-labelledby="items-heading" tabindex="0">
            <table class="items">
                <caption class="visually-hidden">{"Each claimed item with its verdict and the words that support it"}</caption>
                <thead><tr>
                    <th scope="col">{"No."}</th><th scope="col">{"Item"}</th>
                    <th scope="col">{"Answer"}</th><th scope="col">{"Words in the certificate"}</th>
                </tr></thead>
                <tbody>
                { for v.coverage.iter().enumerate().map(|(i, item)| html! {
                    <tr class={format!("item item-{}", match item.verdict {
                        annexa_shared::ItemVerdict::Covered => "covered",
                        annexa_shared::ItemVerdict::Excluded => "excluded",
                        annexa_shared::ItemVerdict::NotCovered => "not-covered",
                        annexa_shared::ItemVerdict::Undetermined => "undetermined",
                    })}>
                        <td>{i + 1}</td>
                        <th scope="row">
                            {&item.item}
                            <span class="kind">{match item.kind {
                                ItemKind::Activity => " (activity)",
                                ItemKind::Site => " (site)",
                            }}</span>
                        </th>
                        <td class="item-verdict">{item.verdict.in_words()}</td>
                        <td>{
                            if item.evidence.is_empty() { html! { "None" } }
                            else { html! { { for item.evidence.iter().map(|e| html! {
                                <q class="evidence">{&e.text}</q> }) } } }
                        }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
        }
    });
    let site_scopes = v.certificate.as_ref().map(|c| {
        html! { { for v.reading.sites.iter().filter_map(|site| {
            let record_site = c.sites.get(site.site)?;
            let text = record_site.scope.clone()?;
            let name = [record_site.city.as_deref(), Some(record_site.country.as_str())]
                .into_iter().flatten().collect::<Vec<_>>().join(", ");
            Some(html! {
                <section class="site-scope">
                    <h4>{format!("Scope of the site {name}")}</h4>
                    <ScopeText text={text} source={format!("/sites/{}/scope", site.site)}
                        reading={site.reading.clone()} items={v.coverage.clone()} />
                    {places(&site.reading)}
                </section>
            })
        }) } }
    });
    let scope = v.certificate.as_ref().map(|c| {
        let reading = ScopeReading {
            segments: v.reading.segments.clone(),
            locations: v.reading.locations.clone(),
            organisations: v.reading.organisations.clone(),
        };
        html! {
            <section class="scope" aria-labelledby="scope-heading">
                <h3 id="scope-heading">{"The scope as certified"}</h3>
                <ScopeText text={c.scope.clone()} source="/scope" reading={reading.clone()}
                    items={v.coverage.clone()} />
                {places(&reading)}
                {site_scopes}
                <h4>{"How to read the marks"}</h4>
                <ScopeLegend />
            </section>
        }
    });
    html! {
        <section class={classes!("answer", verdict_class(v.verdict))} aria-labelledby={VERDICT_ID}>
            <p class="answer-label">{"The answer"}</p>
            <h2 id={VERDICT_ID} class="verdict" tabindex="-1">{v.verdict.in_words()}</h2>
            <p class="explanation">{&v.explanation}</p>
            {certificate}
            if v.certificate.is_some() {
                <h3>{"Is the certificate valid?"}</h3>
                {validity}
                <h3>{"Is it your supplier's?"}</h3>
                <p class="entity-match">{v.entity_match.in_words()}</p>
            }
            if items.is_some() {
                <h3 id="items-heading">{"What you buy, item by item"}</h3>
                {items}
            }
            {scope}
            <p class="share no-print">
                <a href={props.link.clone()}>{"Link to this check"}</a>
                {" — paste it into a ticket or an e-mail to show this answer again. "}
                <button type="button" class="secondary" onclick={|_| page_url::print()}>{"Print"}</button>
            </p>
        </section>
    }
}
