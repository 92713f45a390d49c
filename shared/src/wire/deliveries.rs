//! A widget key's recent webhook deliveries, queued and finished, as the API lists them
//! (`GET /api/v1/widget-keys/{key}/deliveries`) and the console's widget setup page shows them,
//! each with its words ("Delivered", "Will retry at …", "Gave up after 8 attempts: …").

use serde::{Deserialize, Serialize};

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// In the queue: due now, or failed and waiting for its next attempt.
    Queued,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed; no more are made.
    GaveUp,
}

/// One of a widget key's recent webhook deliveries, queued or finished, as the console lists
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecentDelivery {
    /// Delivery id (the `X-Annexa-Delivery` header the receiver got).
    pub id: String,
    /// The lead it carries; absent for a test delivery.
    pub lead_id: Option<String>,
    /// `lead.created` for a lead, `webhook.test` for a test delivery.
    pub event: String,
    /// The receiver's host (and port when the URL names one).
    pub host: String,
    /// Queued, delivered or given up.
    pub state: DeliveryState,
    /// Attempts made so far.
    pub attempts: u32,
    /// The receiver's HTTP status at the last attempt, when it answered.
    pub status_code: Option<u16>,
    /// Why the last attempt failed, when it did.
    pub last_error: Option<String>,
    /// When a queued delivery is tried next (UTC).
    pub next_attempt_at: Option<String>,
    /// When a finished delivery ended (UTC).
    pub finished_at: Option<String>,
}

/// `2026-12-02T10:00:10.000Z` as `2026-12-02 10:00` (the column says UTC).
pub fn minute(timestamp: &str) -> String {
    timestamp.get(..16).unwrap_or(timestamp).replace('T', " ")
}

impl RecentDelivery {
    /// Whether it is a test delivery sent from this page.
    pub fn is_test(&self) -> bool {
        self.event == "webhook.test"
    }

    /// What was sent: a test event, or a new lead.
    pub fn what(&self) -> &'static str {
        if self.is_test() {
            "Test delivery"
        } else {
            "New lead"
        }
    }

    /// When: the minute it ended, or when it is tried next (UTC).
    pub fn when(&self) -> String {
        self.finished_at
            .as_deref()
            .or(self.next_attempt_at.as_deref())
            .map(minute)
            .unwrap_or_default()
    }

    /// Why the last attempt failed, in words: the receiver's answer when it gave one.
    fn reason(&self) -> Option<String> {
        match (self.status_code, &self.last_error) {
            (Some(code), _) => Some(format!("your receiver answered {code}")),
            (None, Some(error)) => Some(error.trim_end_matches('.').to_owned()),
            (None, None) => None,
        }
    }

    /// How it went, in a sentence.
    pub fn outcome(&self) -> String {
        let attempts = match self.attempts {
            1 => String::from("1 attempt"),
            n => format!("{n} attempts"),
        };
        match self.state {
            DeliveryState::Delivered => match self.status_code {
                Some(code) => format!("Delivered: your receiver answered {code}."),
                None => String::from("Delivered."),
            },
            DeliveryState::Queued if self.attempts == 0 => String::from("Waiting to be sent."),
            DeliveryState::Queued => {
                let at = self.next_attempt_at.as_deref().map(minute);
                let at = at.as_deref().unwrap_or("soon");
                match self.reason() {
                    Some(reason) => format!("Will retry at {at} UTC: {reason}."),
                    None => format!("Will retry at {at} UTC."),
                }
            }
            DeliveryState::GaveUp if self.is_test() => match self.reason() {
                Some(reason) => format!("Not delivered: {reason}."),
                None => String::from("Not delivered."),
            },
            DeliveryState::GaveUp => match self.reason() {
                Some(reason) => format!("Gave up after {attempts}: {reason}."),
                None => format!("Gave up after {attempts}."),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(json: &str) -> RecentDelivery {
        serde_json::from_str(json).expect("a listed delivery")
    }

    #[test]
    fn each_outcome_reads_as_a_sentence_without_field_names() {
        let delivered = listed(
            r#"{"id":"whd_1","lead_id":"l1","event":"lead.created","host":"hooks.example.net",
                "state":"delivered","attempts":1,"status_code":200,"last_error":null,
                "next_attempt_at":null,"finished_at":"2026-12-02T10:00:10.000Z"}"#,
        );
        assert_eq!(
            delivered.outcome(),
            "Delivered: your receiver answered 200."
        );
        assert_eq!(delivered.what(), "New lead");
        assert_eq!(delivered.when(), "2026-12-02 10:00");

        let retrying = listed(
            r#"{"id":"whd_2","lead_id":"l2","event":"lead.created","host":"hooks.example.net",
                "state":"queued","attempts":2,"status_code":502,"last_error":"HTTP 502",
                "next_attempt_at":"2026-12-02T10:05:00.000Z","finished_at":null}"#,
        );
        assert_eq!(
            retrying.outcome(),
            "Will retry at 2026-12-02 10:05 UTC: your receiver answered 502."
        );

        let abandoned = listed(
            r#"{"id":"whd_3","lead_id":"l3","event":"lead.created","host":"hooks.example.net",
                "state":"gave_up","attempts":8,"status_code":null,"last_error":"timed out",
                "next_attempt_at":null,"finished_at":"2026-12-02T11:00:00.000Z"}"#,
        );
        assert_eq!(abandoned.outcome(), "Gave up after 8 attempts: timed out.");

        let test_failed = listed(
            r#"{"id":"whd_4","lead_id":null,"event":"webhook.test","host":"hooks.example.net",
                "state":"gave_up","attempts":1,"status_code":503,"last_error":"HTTP 503",
                "next_attempt_at":null,"finished_at":"2026-12-02T11:00:00.000Z"}"#,
        );
        assert_eq!(test_failed.what(), "Test delivery");
        assert_eq!(
            test_failed.outcome(),
            "Not delivered: your receiver answered 503."
        );

        let waiting = listed(
            r#"{"id":"whd_5","lead_id":"l5","event":"lead.created","host":"h",
                "state":"queued","attempts":0,"next_attempt_at":"2026-12-02T11:00:00.000Z"}"#,
        );
        assert_eq!(waiting.outcome(), "Waiting to be sent.");
        for sentence in
            [&delivered, &retrying, &abandoned, &test_failed, &waiting].map(RecentDelivery::outcome)
        {
            assert!(!sentence.contains('_'), "{sentence}");
        }
    }
}
