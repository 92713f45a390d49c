//! The draft Statement of Applicability as a table, with CSV and JSON downloads built in the
//! browser (nothing is sent anywhere).

use annexa_shared::soa::StatementOfApplicability;
use yew::prelude::*;

use super::WidgetContext;
use crate::report_model::data_url;

/// What [`soa_table`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct SoaTableProps {
    /// The SoA.
    pub soa: StatementOfApplicability,
    /// The SoA as JSON text.
    pub json: AttrValue,
}

/// The SoA table and downloads.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn soa_table(ctx: &WidgetContext, props: &SoaTableProps) -> Html {
    let s = ctx.strings;
    let soa = &props.soa;
    let csv_href = data_url("text/csv", &soa.to_csv());
    let json_href = data_url("application/json", &props.json);
    let rows = soa.controls.iter().map(|entry| {
        html! {
            <tr data-control={entry.control_id.clone()}>
                <th scope="row">{format!("{} {}", entry.control_id, entry.title)}</th>
                <td>{if entry.applicable { s.soa_yes } else { s.soa_no }}</td>
                <td>{(s.soa_status_names)(entry.status)}</td>
                <td>{entry.justification.clone()}</td>
            </tr>
        }
    });
    html! {
        <section class="report-block soa">
            <h3>{s.soa_heading}</h3>
            <p>{s.soa_intro}</p>
            <p class="downloads">
                <a class="btn" href={csv_href} download="statement-of-applicability.csv">{s.soa_download_csv}</a>
                <a class="btn" href={json_href} download="statement-of-applicability.json">{s.soa_download_json}</a>
            </p>
            if !soa.warnings.is_empty() {
                <div class="warnings">
                    <h4>{s.soa_warnings}</h4>
                    <ul>{for soa.warnings.iter().map(|w| html! { <li>{w.message.clone()}</li> })}</ul>
                </div>
            }
            <div class="table-scroll" tabindex="0" role="region" aria-label={s.soa_heading}>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{s.soa_control}</th>
                            <th scope="col">{s.soa_applicable}</th>
                            <th scope="col">{s.soa_status}</th>
                            <th scope="col">{s.soa_justification}</th>
                        </tr>
                    </thead>
                    <tbody>{for rows}</tbody>
                </table>
            </div>
        </section>
    }
}
