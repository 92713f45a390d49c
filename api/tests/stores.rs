//! The API's own tables — admin keys, widget keys, leads and the webhook outbox — behave the
//! same on SQLite and on PostgreSQL. Every test runs on a fresh SQLite file and on a fresh
//! PostgreSQL database (when `ANNEXA_TEST_POSTGRES_URL` names a server; see
//! `registry_support::pg_database`).

mod common;

use common::databases as registry_support;

use annexa_api::store::Pool;
use annexa_api::store::StoreError;
use annexa_api::store::leads::{
    self, Consent, Contact, LeadFilter, LeadSort, NewLead, SalesStatus, SortDirection,
};
use annexa_api::store::webhook_log::DeliveryState;
use annexa_api::store::webhooks::{self, Outcome};
use annexa_api::store::{api_keys, widget_keys};
use annexa_shared::Band;

fn new_lead(id: &str, widget_key: &str, created_at: &str, tier: &str) -> NewLead {
    let (answers_json, report_json, qualification_json) = common::stored_lead_documents();
    NewLead {
        id: id.into(),
        widget_key: widget_key.into(),
        created_at: created_at.into(),
        contact: Contact {
            name: "Ada Example".into(),
            email: "ada@example.test".into(),
            company: "Fictitious Ltd".into(),
        },
        consent: Consent {
            text: "You may contact me.".into(),
            agreed_at: created_at.into(),
        },
        questionnaire_version: "2026.1".into(),
        mode: "quick".into(),
        answers_json,
        report_json,
        overall: 42.5,
        tier: tier.into(),
        band: Band::Early,
        qualification_json,
    }
}

fn widget_key(key: &str, webhook: Option<&str>) -> widget_keys::NewWidgetKey {
    widget_keys::NewWidgetKey {
        key: Some(key.into()),
        owner_name: "Example Consulting".into(),
        lead_capture: true,
        consent_text: Some("You may contact me.".into()),
        allowed_origins: vec!["https://shop.example".into(), "https://a.example".into()],
        webhook_url: webhook.map(String::from),
        ..Default::default()
    }
}

async fn check_api_keys(pool: Pool) {
    let kind = pool.kind();
    // The test database starts with one key (registry_support::ADMIN_KEY).
    assert!(api_keys::any_active(&pool).await.unwrap(), "{kind}");
    let first = api_keys::create(&pool, "first").await.unwrap();
    let second = api_keys::insert(&pool, "second", "a-given-secret-of-some-length")
        .await
        .unwrap();
    // The same secret registered again (two instances starting together) is not an error.
    api_keys::insert(&pool, "again", "a-given-secret-of-some-length")
        .await
        .unwrap();
    assert!(
        api_keys::is_active_hash_of(&pool, &first.secret)
            .await
            .unwrap()
    );
    assert!(
        !api_keys::is_active_hash_of(&pool, "annexa_wrong")
            .await
            .unwrap()
    );
    assert_eq!(
        api_keys::name_of(&pool, "a-given-secret-of-some-length")
            .await
            .unwrap(),
        Some((second.id.clone(), "second".to_string())),
        "{kind}"
    );
    assert_eq!(api_keys::list(&pool).await.unwrap().len(), 3, "{kind}");
    assert!(api_keys::revoke(&pool, &first.key.id).await.unwrap());
    assert!(
        !api_keys::revoke(&pool, &first.key.id).await.unwrap(),
        "revoked once"
    );
    assert!(
        !api_keys::is_active_hash_of(&pool, &first.secret)
            .await
            .unwrap()
    );
    let listed = api_keys::list(&pool).await.unwrap();
    let revoked = listed.iter().find(|k| k.id == first.key.id).unwrap();
    assert!(revoked.revoked_at.is_some(), "{kind}");
}

#[actix_web::test]
async fn admin_keys_are_hashed_revocable_and_registered_once() {
    registry_support::on_both(check_api_keys).await;
}

async fn check_widget_keys(pool: Pool) {
    let kind = pool.kind();
    let created = widget_keys::create(
        &pool,
        widget_key("wk_one", Some("https://hooks.example/in")),
    )
    .await
    .unwrap();
    assert!(created.webhook_secret.unwrap().starts_with("whsec_"));
    let again = widget_keys::create(&pool, widget_key("wk_one", None)).await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "{kind}: {again:?}"
    );
    let got = widget_keys::get(&pool, "wk_one").await.unwrap().unwrap();
    assert_eq!(
        got.allowed_origins,
        vec!["https://a.example", "https://shop.example"],
        "{kind}: origins sorted by code point"
    );
    assert!(got.lead_capture);
    assert!(
        widget_keys::origin_allowed_by_any(&pool, "https://a.example")
            .await
            .unwrap()
    );
    assert!(
        !widget_keys::origin_allowed_by_any(&pool, "https://evil.example")
            .await
            .unwrap()
    );
    let (url, secret) = widget_keys::webhook_of(&pool, "wk_one")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(url, "https://hooks.example/in");
    assert!(secret.starts_with("whsec_"));

    // The demo key: created once, origins added on later starts, never an error.
    assert!(
        widget_keys::ensure_demo(&pool, &["http://localhost:8080".into()])
            .await
            .unwrap()
    );
    assert!(
        !widget_keys::ensure_demo(&pool, &["http://127.0.0.1:8080".into()])
            .await
            .unwrap()
    );
    let demo = widget_keys::get(&pool, "demo").await.unwrap().unwrap();
    assert_eq!(demo.allowed_origins.len(), 2, "{kind}");
    assert_eq!(widget_keys::list(&pool).await.unwrap().len(), 2, "{kind}");
    assert!(widget_keys::delete(&pool, "wk_one").await.unwrap());
    assert!(!widget_keys::delete(&pool, "wk_one").await.unwrap());
    assert!(
        !widget_keys::origin_allowed_by_any(&pool, "https://a.example")
            .await
            .unwrap()
    );
}

#[actix_web::test]
async fn widget_keys_with_origins_webhooks_and_the_demo_key() {
    registry_support::on_both(check_widget_keys).await;
}

/// Creates widget key `key` allowing `origins` (in this order).
async fn create_with_origins(pool: &Pool, key: &str, origins: &[&str]) {
    let mut new = widget_key(key, None);
    new.allowed_origins = origins.iter().map(|o| String::from(*o)).collect();
    widget_keys::create(pool, new).await.unwrap();
}

async fn check_widget_key_list(pool: Pool) {
    let kind = pool.kind();
    create_with_origins(
        &pool,
        "wk_gamma",
        &[
            "https://a.example:8443",
            "https://a.example",
            "https://a-z.example",
        ],
    )
    .await;
    create_with_origins(&pool, "wk_bare", &[]).await;
    create_with_origins(
        &pool,
        "wk_alpha",
        &["https://z.example", "https://y.example"],
    )
    .await;
    create_with_origins(
        &pool,
        "wk_beta",
        &[
            "https://shop.example",
            "http://localhost:8080",
            "https://a.example",
            "https://www.example",
        ],
    )
    .await;

    let listed = widget_keys::list(&pool).await.unwrap();
    let origins: Vec<(&str, Vec<&str>)> = listed
        .iter()
        .map(|k| {
            (
                k.key.as_str(),
                k.allowed_origins.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let mut expected = vec![
        (
            "wk_gamma",
            vec![
                "https://a-z.example",
                "https://a.example",
                "https://a.example:8443",
            ],
        ),
        ("wk_bare", vec![]),
        ("wk_alpha", vec!["https://y.example", "https://z.example"]),
        (
            "wk_beta",
            vec![
                "http://localhost:8080",
                "https://a.example",
                "https://shop.example",
                "https://www.example",
            ],
        ),
    ];
    // Oldest first; keys created within the same millisecond in the order of their names.
    let created = |key: &str| {
        listed
            .iter()
            .find(|k| k.key == key)
            .map(|k| k.created_at.clone())
    };
    expected.sort_by_key(|(key, _)| (created(key), *key));
    assert_eq!(
        origins, expected,
        "{kind}: every key once, origins by code point"
    );

    // The same keys as asked one by one.
    for key in &listed {
        let got = widget_keys::get(&pool, &key.key).await.unwrap();
        assert_eq!(got.as_ref(), Some(key), "{kind}");
    }
}

#[actix_web::test]
async fn widget_keys_list_each_key_once_with_all_its_origins() {
    registry_support::on_both(check_widget_key_list).await;
}

async fn check_leads(pool: Pool) {
    let kind = pool.kind();
    let leads_in = [
        ("l-1", "wk_a", "2026-11-01T10:00:00.000Z", "A"),
        ("l-2", "wk_a", "2026-11-02T10:00:00.000Z", "B"),
        ("l-3", "wk_b", "2026-11-02T23:59:59.999Z", "A"),
        ("l-4", "wk_b", "2026-11-03T00:00:00.000Z", "C"),
    ];
    for (id, key, at, tier) in leads_in {
        let hook = (id == "l-3").then(|| {
            (
                "https://hooks.example/in".to_string(),
                "whsec_x".to_string(),
                format!(r#"{{"lead":"{id}"}}"#),
            )
        });
        leads::insert(&pool, &new_lead(id, key, at, tier), hook)
            .await
            .unwrap();
    }
    let page = leads::list(&pool, &LeadFilter::default()).await.unwrap();
    let ids: Vec<&str> = page.items.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["l-4", "l-3", "l-2", "l-1"], "{kind}: newest first");
    assert_eq!(page.total, 4);

    let filter = LeadFilter {
        tier: Some("A".into()),
        ..LeadFilter::default()
    };
    assert_eq!(
        leads::list(&pool, &filter).await.unwrap().total,
        2,
        "{kind}"
    );
    let day = annexa_shared::Date::new(2026, 11, 2).unwrap();
    let filter = LeadFilter {
        from: Some(day),
        to: Some(day),
        ..LeadFilter::default()
    };
    let ids: Vec<String> = leads::all(&pool, &filter)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(ids, ["l-3", "l-2"], "{kind}: the whole day, no more");
    let filter = LeadFilter {
        widget_key: Some("wk_b".into()),
        per_page: Some(1),
        page: Some(2),
        ..LeadFilter::default()
    };
    let page = leads::list(&pool, &filter).await.unwrap();
    assert_eq!(
        (page.total, page.items[0].id.as_str()),
        (2, "l-3"),
        "{kind}"
    );

    let lead = leads::get(&pool, "l-3").await.unwrap().unwrap();
    assert_eq!(lead.summary.overall, 42.5);
    assert_eq!(lead.summary.band, Band::Early);
    assert_eq!(lead.summary.sales_status, SalesStatus::New);
    assert_eq!(lead.answers.mode, annexa_shared::Mode::Quick);
    assert_eq!(webhooks::count(&pool).await.unwrap(), 1, "{kind}");

    // Erasure takes the lead and its pending delivery, nothing else.
    assert!(leads::delete(&pool, "l-3").await.unwrap());
    assert!(leads::get(&pool, "l-3").await.unwrap().is_none());
    assert_eq!(webhooks::count(&pool).await.unwrap(), 0, "{kind}");
    assert!(!leads::delete(&pool, "l-3").await.unwrap());
    assert_eq!(
        leads::list(&pool, &LeadFilter::default())
            .await
            .unwrap()
            .total,
        3
    );
}

#[actix_web::test]
async fn leads_filter_page_and_erase_identically() {
    registry_support::on_both(check_leads).await;
}

/// PostgreSQL only: the look before a lead is stored (`widget_keys::for_submission`) answers
/// each check, and is planned once per connection, also when one key has thousands of leads of
/// the day and another one. With the values in the planner's sight, PostgreSQL found the plan
/// made for the quiet key's values cheaper than its generic plan and planned the statement
/// again at every submission: four times the cost of the look itself.
#[actix_web::test]
async fn the_look_before_a_lead_is_planned_once_on_postgres() {
    let Some((guard, _pool)) = registry_support::pg_database().await else {
        return;
    };
    // One connection at a time: the first is held for the leads' statements (see below), the
    // next serves the rest.
    let connection = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&guard.url())
        .await
        .unwrap();
    let pool = Pool::Postgres(connection.clone(), Default::default(), Default::default());
    for key in ["quiet", "busy"] {
        widget_keys::create(&pool, widget_key(key, None))
            .await
            .unwrap();
    }
    let earlier = new_lead("quiet-1", "quiet", "2026-12-05T08:00:00.000Z", "A");
    leads::insert(&pool, &earlier, None).await.unwrap();
    // 3,000 leads of the busy key that day: copies of that lead with another id, key, address
    // and time.
    sqlx::query(
        "INSERT INTO leads SELECT (jsonb_populate_record(l, jsonb_build_object( \
         'id', 'busy-' || n, 'widget_key', 'busy', 'contact_email', n || '@busy.example', \
         'created_at', '2026-12-05T07:' || lpad((n % 60)::text, 2, '0') || ':00.000Z'))).* \
         FROM leads l, generate_series(1, 3000) AS n WHERE l.id = 'quiet-1'",
    )
    .execute(&connection)
    .await
    .unwrap();
    sqlx::query("ANALYZE leads")
        .execute(&connection)
        .await
        .unwrap();

    let look = |key: &'static str, email: &'static str, quota: i64| {
        let pool = pool.clone();
        async move {
            let admission = leads::Admission {
                repeat_since: Some("2026-12-04T12:00:00.000Z"),
                daily_quota: Some(("2026-12-05T00:00:00.000Z", quota)),
            };
            widget_keys::for_submission(&pool, key, email, admission)
                .await
                .unwrap()
                .expect("the key exists")
                .admitted
        }
    };
    for _ in 0..4 {
        assert_eq!(
            look("quiet", "ADA@example.test", 10).await,
            leads::Admitted::Repeat {
                id: "quiet-1".into(),
                tier: "A".into()
            }
        );
        assert_eq!(
            look("quiet", "bo@example.test", 10).await,
            leads::Admitted::Stored
        );
        assert_eq!(
            look("quiet", "bo@example.test", 1).await,
            leads::Admitted::OverQuota { today: 1 }
        );
    }
    assert_eq!(
        look("busy", "bo@example.test", 5000).await,
        leads::Admitted::Stored
    );
    assert_eq!(
        look("busy", "bo@example.test", 3000).await,
        leads::Admitted::OverQuota { today: 3000 }
    );

    // PostgreSQL plans a prepared statement for its values five times, then compares. The
    // looks, one after the other, were all sent over the one connection held for them.
    let Pool::Postgres(pg, _, held) = &pool else {
        unreachable!("a PostgreSQL pool")
    };
    let mut look_connection = held.take(pg).await.unwrap();
    let (generic, custom): (i64, i64) = sqlx::query_as(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements \
         WHERE statement LIKE '%look.repeat_id%' \
         AND statement NOT LIKE '%pg_prepared_statements%'",
    )
    .fetch_one(&mut *look_connection)
    .await
    .unwrap();
    assert_eq!(
        (generic, custom),
        (9, 5),
        "(generic plans, custom plans) of 14 calls: after its first five, PostgreSQL reuses one plan"
    );
}

/// On PostgreSQL a lead's statements go over connections held out of the pool (`store::held`),
/// which the pool does not test when they come back. Submissions at once open no more
/// connections than an instance may (`POSTGRES_CONNECTIONS`), and a held connection the server
/// closed while it waited is replaced before a submission finds it lost.
#[actix_web::test]
async fn leads_over_held_connections_stay_within_the_limit_and_outlive_a_lost_connection() {
    let Some((guard, pool)) = registry_support::pg_database().await else {
        return;
    };
    widget_keys::create(&pool, widget_key("wk_held", None))
        .await
        .unwrap();
    let connections = |pool: Pool| async move {
        let Pool::Postgres(pg, ..) = &pool else {
            unreachable!("a PostgreSQL pool")
        };
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND application_name = 'annexa'",
        )
        .fetch_one(pg)
        .await
        .unwrap();
        count
    };

    let submissions = (0..48).map(|n| {
        let pool = pool.clone();
        async move {
            let mut lead = new_lead(
                &format!("held-{n}"),
                "wk_held",
                "2026-12-05T09:00:00.000Z",
                "B",
            );
            lead.contact.email = format!("person-{n}@example.test");
            let admission = leads::Admission {
                repeat_since: Some("2026-12-04T09:00:00.000Z"),
                daily_quota: Some(("2026-12-05T00:00:00.000Z", 40)),
            };
            leads::submit(&pool, &lead, None, admission).await.unwrap()
        }
    });
    let admitted = futures_util::future::join_all(submissions).await;
    let stored = admitted
        .iter()
        .filter(|a| **a == leads::Admitted::Stored)
        .count();
    assert_eq!(stored, 40, "a quota of 40 lets 40 of 48 submissions in");
    let open = connections(pool.clone()).await;
    assert!(
        open <= i64::from(annexa_api::store::pool::POSTGRES_CONNECTIONS),
        "{open} connections open"
    );

    // The server closes every connection of the instance that is not in use.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name = 'annexa' \
         AND state = 'idle'",
    )
    .execute(&sqlx::PgPool::connect(&guard.url()).await.unwrap())
    .await
    .unwrap();
    tokio::time::sleep(annexa_api::store::pool::TEST_AFTER_IDLE).await;
    let mut again = new_lead("held-again", "wk_held", "2026-12-05T09:05:00.000Z", "B");
    again.contact.email = "person-0@example.test".into();
    let admission = leads::Admission {
        repeat_since: Some("2026-12-04T09:00:00.000Z"),
        daily_quota: None,
    };
    assert_eq!(
        leads::submit(&pool, &again, None, admission).await.unwrap(),
        leads::Admitted::Repeat {
            id: "held-0".into(),
            tier: "B".into()
        },
        "the repeat is found over a new connection"
    );
}

fn person(id: &str, at: &str, name: &str, email: &str, company: &str, overall: f64) -> NewLead {
    let mut lead = new_lead(id, "wk_s", at, "B");
    lead.contact = Contact {
        name: name.into(),
        email: email.into(),
        company: company.into(),
    };
    lead.overall = overall;
    lead
}

async fn listed(pool: &Pool, filter: LeadFilter) -> Vec<String> {
    leads::list(pool, &filter)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|l| l.id)
        .collect()
}

async fn check_search_sort_and_follow_up(pool: Pool) {
    let kind = pool.kind();
    for lead in [
        person(
            "s-1",
            "2026-11-01T10:00:00.000Z",
            "Ana Lopez",
            "ana@north.example",
            "Zeta Foods",
            70.0,
        ),
        person(
            "s-2",
            "2026-11-02T10:00:00.000Z",
            "Bo Berg",
            "bo@freight.example",
            "alpha Freight",
            30.0,
        ),
        person(
            "s-3",
            "2026-11-03T10:00:00.000Z",
            "Cy 100%_Sure",
            "cy@south.example",
            "Mid Co",
            30.0,
        ),
    ] {
        leads::insert(&pool, &lead, None).await.unwrap();
    }
    let search = |q: &str| LeadFilter {
        q: Some(q.into()),
        ..LeadFilter::default()
    };
    // Name, e-mail address or company, whatever the case; LIKE's wildcards are plain text.
    assert_eq!(listed(&pool, search("LOPEZ")).await, ["s-1"], "{kind}");
    assert_eq!(listed(&pool, search("freight.EX")).await, ["s-2"], "{kind}");
    assert_eq!(listed(&pool, search("zeta")).await, ["s-1"], "{kind}");
    assert_eq!(listed(&pool, search("100%_")).await, ["s-3"], "{kind}");
    assert_eq!(listed(&pool, search("%")).await, ["s-3"], "{kind}");
    assert!(listed(&pool, search("nobody")).await.is_empty(), "{kind}");

    let sorted = |sort, direction| LeadFilter {
        sort: Some(sort),
        direction,
        ..LeadFilter::default()
    };
    assert_eq!(
        listed(&pool, sorted(LeadSort::Company, None)).await,
        ["s-2", "s-3", "s-1"],
        "{kind}: companies A to Z whatever their case"
    );
    // Equal scores keep one order: the newest first.
    assert_eq!(
        listed(&pool, sorted(LeadSort::Score, Some(SortDirection::Asc))).await,
        ["s-3", "s-2", "s-1"],
        "{kind}"
    );
    assert_eq!(
        listed(&pool, sorted(LeadSort::Score, Some(SortDirection::Desc))).await,
        ["s-1", "s-3", "s-2"],
        "{kind}"
    );
    assert_eq!(
        listed(&pool, sorted(LeadSort::Received, Some(SortDirection::Asc))).await,
        ["s-1", "s-2", "s-3"],
        "{kind}"
    );

    // The follow-up: a status change and a note, each with who and when.
    assert!(
        leads::set_status(&pool, "s-2", SalesStatus::Contacted, "sales desk")
            .await
            .unwrap()
    );
    assert!(
        leads::add_note(&pool, "s-2", "Called; wants a quote.", "sales desk")
            .await
            .unwrap()
    );
    assert!(
        leads::set_status(&pool, "s-2", SalesStatus::Qualified, "Ana")
            .await
            .unwrap()
    );
    // The same status again changes nothing.
    assert!(
        leads::set_status(&pool, "s-2", SalesStatus::Qualified, "Ana")
            .await
            .unwrap()
    );
    assert!(
        !leads::set_status(&pool, "nope", SalesStatus::Won, "Ana")
            .await
            .unwrap()
    );
    assert!(!leads::add_note(&pool, "nope", "x", "Ana").await.unwrap());
    let lead = leads::get(&pool, "s-2").await.unwrap().unwrap();
    assert_eq!(lead.summary.sales_status, SalesStatus::Qualified, "{kind}");
    let history: Vec<_> = lead
        .activity
        .iter()
        .map(|a| {
            (
                a.by.as_str(),
                a.previous_status,
                a.status,
                a.note.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (
                "sales desk",
                Some(SalesStatus::New),
                Some(SalesStatus::Contacted),
                None
            ),
            ("sales desk", None, None, Some("Called; wants a quote.")),
            (
                "Ana",
                Some(SalesStatus::Contacted),
                Some(SalesStatus::Qualified),
                None
            ),
        ],
        "{kind}"
    );
    let by_status = LeadFilter {
        status: Some(SalesStatus::Qualified),
        ..LeadFilter::default()
    };
    assert_eq!(listed(&pool, by_status).await, ["s-2"], "{kind}");
    let by_band = |band| LeadFilter {
        band: Some(band),
        ..LeadFilter::default()
    };
    assert_eq!(listed(&pool, by_band(Band::Early)).await.len(), 3, "{kind}");
    assert!(
        listed(&pool, by_band(Band::Ready)).await.is_empty(),
        "{kind}"
    );

    // Erasing the lead erases its follow-up; so does an erasure by e-mail address.
    assert!(leads::delete(&pool, "s-2").await.unwrap());
    assert!(
        leads::activity(&pool, "s-2").await.unwrap().is_empty(),
        "{kind}"
    );
    leads::add_note(&pool, "s-1", "Met at a fair.", "Ana")
        .await
        .unwrap();
    leads::erase_by_email(&pool, "ANA@north.example", "key_x")
        .await
        .unwrap();
    assert!(
        leads::activity(&pool, "s-1").await.unwrap().is_empty(),
        "{kind}"
    );
}

#[actix_web::test]
async fn leads_search_sort_and_keep_their_follow_up_identically() {
    registry_support::on_both(check_search_sort_and_follow_up).await;
}

async fn queue(pool: &Pool, ids: &[&str]) {
    for id in ids {
        leads::insert(
            pool,
            &new_lead(id, "wk_a", "2026-11-01T10:00:00.000Z", "A"),
            Some((
                "https://hooks.example/in".into(),
                "whsec_x".into(),
                format!(r#"{{"lead":"{id}"}}"#),
            )),
        )
        .await
        .unwrap();
    }
}

async fn check_outbox(pool: Pool) {
    let kind = pool.kind();
    // The leads' widget key exists: finished deliveries are logged under it.
    annexa_api::store::widget_keys::create(
        &pool,
        annexa_api::store::widget_keys::NewWidgetKey {
            key: Some("wk_a".into()),
            owner_name: "Fictitious A".into(),
            allowed_origins: vec!["https://a.example".into()],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    queue(&pool, &["h-1", "h-2"]).await;
    let now = annexa_api::store::now();
    let first = webhooks::claim(&pool, &now).await.unwrap().unwrap();
    assert!(first.delivery.payload.contains("h-"), "{kind}");
    let later =
        annexa_api::store::timestamp(time::OffsetDateTime::now_utc() + time::Duration::minutes(10));
    webhooks::finish(
        &pool,
        first,
        &Outcome::Retry {
            attempts: 1,
            next_at: later.clone(),
            error: "HTTP 500".into(),
        },
    )
    .await
    .unwrap();
    // The rescheduled delivery is not due; the other one is.
    let second = webhooks::claim(&pool, &now).await.unwrap().unwrap();
    assert_eq!(second.delivery.attempts, 0, "{kind}");
    let delivered_id = second.delivery.id.clone();
    webhooks::finish(
        &pool,
        second,
        &Outcome::Delivered {
            attempts: 1,
            status_code: 200,
        },
    )
    .await
    .unwrap();
    assert!(
        webhooks::claim(&pool, &now).await.unwrap().is_none(),
        "{kind}"
    );
    assert_eq!(
        webhooks::next_due(&pool).await.unwrap(),
        Some(later.clone())
    );
    let retried = webhooks::claim(&pool, &later).await.unwrap().unwrap();
    assert_eq!(retried.delivery.attempts, 1, "{kind}");
    let abandoned_id = retried.delivery.id.clone();
    webhooks::finish(
        &pool,
        retried,
        &Outcome::GaveUp {
            attempts: 2,
            error: "HTTP 500".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(webhooks::count(&pool).await.unwrap(), 0, "{kind}");
    // Both left the queue for the log, with how they ended.
    let mut logged: Vec<_> = annexa_api::store::webhook_log::recent_for_key(&pool, "wk_a")
        .await
        .unwrap()
        .into_iter()
        .map(|d| {
            (
                d.id,
                d.state,
                d.attempts,
                d.status_code,
                d.last_error,
                d.host,
            )
        })
        .collect();
    logged.sort();
    let mut expected = vec![
        (
            delivered_id,
            DeliveryState::Delivered,
            1,
            Some(200),
            None,
            "hooks.example".to_owned(),
        ),
        (
            abandoned_id,
            DeliveryState::GaveUp,
            2,
            Some(500),
            Some("HTTP 500".to_owned()),
            "hooks.example".to_owned(),
        ),
    ];
    expected.sort();
    assert_eq!(logged, expected, "{kind}");
}

#[actix_web::test]
async fn the_outbox_retries_later_and_logs_finished_deliveries() {
    registry_support::on_both(check_outbox).await;
}

/// PostgreSQL only (SQLite serves one process): a delivery being attempted by one instance is
/// skipped by the others, and released for them when the first one's connection dies.
#[actix_web::test]
async fn concurrent_instances_never_claim_the_same_delivery() {
    let Some((_guard, pool)) = registry_support::pg_database().await else {
        return;
    };
    queue(&pool, &["c-1", "c-2"]).await;
    let now = annexa_api::store::now();
    let one = webhooks::claim(&pool, &now).await.unwrap().unwrap();
    let two = webhooks::claim(&pool, &now).await.unwrap().unwrap();
    assert_ne!(one.delivery.id, two.delivery.id);
    assert!(
        webhooks::claim(&pool, &now).await.unwrap().is_none(),
        "both deliveries are claimed"
    );
    // The instance holding `one` dies: its transaction ends without a commit.
    drop(one);
    let mut again = None;
    for _ in 0..50 {
        again = webhooks::claim(&pool, &now).await.unwrap();
        if again.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let again = again.expect("the abandoned claim is due again");
    assert_ne!(again.delivery.id, two.delivery.id);
    for claim in [again, two] {
        webhooks::finish(
            &pool,
            claim,
            &Outcome::Delivered {
                attempts: 1,
                status_code: 204,
            },
        )
        .await
        .unwrap();
    }
    assert_eq!(webhooks::count(&pool).await.unwrap(), 0);
}
