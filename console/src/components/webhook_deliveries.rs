//! A widget key's recent webhook deliveries on the widget setup page: those still queued, then
//! the finished ones newest first, each in plain words (`annexa_shared::wire::RecentDelivery`).

use yew::prelude::*;

use crate::api;
use annexa_shared::wire::RecentDelivery;

/// Where the list stands.
#[derive(Debug, Clone, PartialEq)]
enum Deliveries {
    Loading,
    Loaded(Vec<RecentDelivery>),
    Failed(String),
}

/// Properties of [`WebhookDeliveries`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct WebhookDeliveriesProps {
    /// The widget key.
    pub widget_key: String,
    /// Changes when the list should be read again (after a test delivery).
    pub refresh: u32,
    /// The session ended (a 401): back to sign-in.
    pub on_session_ended: Callback<()>,
}

/// The list.
#[component]
pub fn WebhookDeliveries(props: &WebhookDeliveriesProps) -> Html {
    let deliveries = use_state(|| Deliveries::Loading);
    // Bumped by the page's own button: a lead's delivery is retried in the background.
    let asked = use_state(|| 0u32);
    {
        let deliveries = deliveries.clone();
        let ended = props.on_session_ended.clone();
        use_effect_with(
            (props.widget_key.clone(), props.refresh, *asked),
            move |(key, _, _)| {
                let key = key.clone();
                deliveries.set(Deliveries::Loading);
                let latest = super::Latest::new();
                latest.spawn(
                    async move {
                        let url = format!(
                            "/api/v1/widget-keys/{}/deliveries",
                            String::from(js_sys::encode_uri_component(&key))
                        );
                        api::send_console("GET", &url, None).await
                    },
                    move |reply| {
                        let next = match reply {
                            Ok(reply) if reply.status == 200 => {
                                match serde_json::from_str::<Vec<RecentDelivery>>(&reply.body) {
                                    Ok(list) => Deliveries::Loaded(list),
                                    Err(_) => Deliveries::Failed(reply.failure(false).0),
                                }
                            }
                            Ok(reply) if reply.status == 401 => {
                                ended.emit(());
                                return;
                            }
                            Ok(reply) => Deliveries::Failed(reply.failure(false).0),
                            Err(failure) => Deliveries::Failed(failure.0),
                        };
                        deliveries.set(next);
                    },
                );
                latest
            },
        );
    }
    let refresh = {
        let asked = asked.clone();
        Callback::from(move |_| asked.set(asked.wrapping_add(1)))
    };
    let list = match &*deliveries {
        Deliveries::Loading => html! {
            <p class="loading" role="status">{"Loading the recent deliveries…"}</p>
        },
        Deliveries::Failed(message) => html! {
            <p class="failure" role="alert">{format!("The recent deliveries could not be read. {message}")}</p>
        },
        Deliveries::Loaded(list) if list.is_empty() => html! {
            <p class="empty">{"No delivery yet: each new lead is sent here, and a test delivery is listed too."}</p>
        },
        Deliveries::Loaded(list) => super::scrolling_table(
            "Recent deliveries",
            "deliveries",
            &["When (UTC)", "What", "Receiver", "Result", "Attempts"],
            html! { <>{ for list.iter().map(|d| html! {
                <tr>
                    <td>{d.when()}</td>
                    <td>{d.what()}</td>
                    <td>{&d.host}</td>
                    <td class="delivery-result">{d.outcome()}</td>
                    <td>{d.attempts.to_string()}</td>
                </tr>
            }) }</> },
        ),
    };
    html! {
        <>
            {list}
            <p><button type="button" class="secondary" onclick={refresh}>{"Refresh the list"}</button></p>
        </>
    }
}
