//! The certificate stores, SQLite and PostgreSQL (when `ANNEXA_TEST_POSTGRES_URL` is set, see
//! `registry_support`): upsert outcomes, per-row isolation inside a batch, the append-only
//! history, lookups, search and demo seeding, each checked on both; then the same data in both
//! stores gives the same answers; then what only PostgreSQL does.

mod registry_support;

use annexa_api::on_pool;
use annexa_api::registry::import::{ImportFormat, ImportSummary, Importer};
use annexa_api::registry::{demo, seed_demo_if_empty};
use annexa_api::store::Pool;
use annexa_api::store::certificates::{
    ASK_AGAIN_AFTER, BulkLoad, Criterion, Registry, RowToWrite, SearchPage, StoredCertificate,
    UpsertOutcome,
};
use annexa_api::store::pool::{POSTGRES_MIGRATOR, SQLITE_MIGRATOR};
use annexa_shared::{CertificateRecord, CertificateStatus};
use registry_support::{on_both, payroll_json, pg_database, sqlite_database, store};

fn row(number: &str) -> RowToWrite {
    let record: CertificateRecord = serde_json::from_str(&payroll_json(number, "active")).unwrap();
    RowToWrite {
        record,
        source: format!("test, {number}").into(),
    }
}

fn named(number: &str, name: &str) -> RowToWrite {
    let mut r = row(number);
    r.record.entity.name = name.into();
    r
}

fn name(n: &str) -> Criterion {
    Criterion::Name {
        name: n.into(),
        country: None,
    }
}

fn text(t: &str) -> Criterion {
    Criterion::Text(t.into())
}

fn names(page: &SearchPage) -> Vec<&str> {
    page.items
        .iter()
        .map(|c| c.certificate.entity.name.as_str())
        .collect()
}

/// Runs one SQL statement (or several) on either driver; the error text when it fails.
async fn exec(pool: &Pool, sql: &'static str) -> Result<(), String> {
    on_pool!(pool, p => sqlx::raw_sql(sql).execute(p).await.map(|_| ())).map_err(|e| e.to_string())
}

async fn scalar(pool: &Pool, sql: &'static str) -> i64 {
    on_pool!(pool, p => sqlx::query_scalar(sql).fetch_one(p).await).unwrap()
}

#[actix_web::test]
async fn upsert_creates_then_leaves_unchanged_then_updates() {
    on_both(check_upsert).await;
}

async fn check_upsert(pool: Pool) {
    let store = store(&pool);
    let first = store.upsert_batch(&[row("A-1")], "tester").await.unwrap();
    let Ok(UpsertOutcome::Created(id)) = first[0] else {
        panic!("{first:?}")
    };
    // The same certificate, written with other spacing and case in its number and body.
    let mut same = row("a 1");
    same.record.certificate_number = "A-1".into();
    same.record.certification_body = "example  certification LTD".into();
    same.record.certification_body = "Example Certification Ltd".into();
    let again = store.upsert_batch(&[same], "tester").await.unwrap();
    assert_eq!(again[0], Ok(UpsertOutcome::Unchanged(id)));
    let mut changed = row("A-1");
    changed.record.status = CertificateStatus::Withdrawn;
    changed.record.entity.identifiers.vat = None;
    changed.record.scope = "Hosting of zebra tracking software.".into();
    let updated = store.upsert_batch(&[changed], "auditor").await.unwrap();
    assert_eq!(updated[0], Ok(UpsertOutcome::Updated(id)));

    // The identifier removed by the update no longer finds it; the one kept still does.
    assert!(
        store
            .by_identifier(Some("vat"), "IE6388047V")
            .await
            .unwrap()
            .is_empty()
    );
    let by_duns = store.by_identifier(None, "123 456 789").await.unwrap();
    assert_eq!(by_duns[0].certificate.status, CertificateStatus::Withdrawn);
    // The search index follows the update.
    assert_eq!(store.search(&text("zebra"), 1, 10).await.unwrap().total, 1);
    assert_eq!(store.search(&text("bureau"), 1, 10).await.unwrap().total, 0);

    let history = store.history(id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].action, "created");
    assert_eq!(history[0].source.as_deref(), Some("test, A-1"));
    assert_eq!(history[1].actor, "auditor");
    assert_eq!(history[1].changes["status"]["to"], "withdrawn");
    assert_eq!(
        history[1].changes["entity"]["from"]["identifiers"]["vat"],
        "IE6388047V"
    );

    // A key twice in one batch: the first row creates, the second updates the first.
    let mut twice = row("D-1");
    twice.record.status = CertificateStatus::Suspended;
    let outcomes = store
        .upsert_batch(&[row("D-1"), twice, row("D-2")], "tester")
        .await
        .unwrap();
    let [
        Ok(UpsertOutcome::Created(d1)),
        Ok(UpsertOutcome::Updated(again)),
        Ok(UpsertOutcome::Created(d2)),
    ] = outcomes[..]
    else {
        panic!("{outcomes:?}")
    };
    assert_eq!(d1, again);
    assert!(id < d1 && d1 < d2, "ids increase in batch order");
    let found = store.get(d1).await.unwrap().unwrap();
    assert_eq!(found.certificate.status, CertificateStatus::Suspended);
    assert_eq!(store.count().await.unwrap(), 3);
}

#[actix_web::test]
async fn many_certificates_under_one_number_name_or_identifier_come_best_first() {
    on_both(check_best_first).await;
}

/// `count` certificates under one number, one holder name and one VAT number, each of another
/// body, with statuses and expiry dates mixed (ties on the expiry date broken by the newest
/// id): every lookup answers the 20 best, active first, then the latest expiry, then the newest.
/// 12 of them are all found; of 27, the 20 best.
async fn check_best_first(pool: Pool) {
    let store = store(&pool);
    for (number, count) in [("MANY-12", 12), ("MANY-27", 27)] {
        let statuses = [
            CertificateStatus::Suspended,
            CertificateStatus::Active,
            CertificateStatus::Expired,
            CertificateStatus::Active,
            CertificateStatus::Withdrawn,
        ];
        let rows: Vec<RowToWrite> = (0..count)
            .map(|i| {
                let mut r = row(number);
                r.record.certification_body = format!("Body {i} Certification Ltd");
                r.record.status = statuses[i % statuses.len()];
                r.record.expiry_date = format!("2029-0{}-14", 1 + (i * 7) % 3).parse().unwrap();
                r.record.entity.name = format!("Holder of {number}");
                r.record.entity.identifiers.vat = Some(format!("IE{count}88047V"));
                r
            })
            .collect();
        let written = store.upsert_batch(&rows, "tester").await.unwrap();
        let mut expected: Vec<(bool, String, i64)> = written
            .iter()
            .zip(&rows)
            .map(|(outcome, r)| {
                let Ok(UpsertOutcome::Created(id)) = outcome else {
                    panic!("{outcome:?}")
                };
                let active = r.record.status == CertificateStatus::Active;
                (active, r.record.expiry_date.to_string(), *id)
            })
            .collect();
        expected.sort_by(|a, b| b.cmp(a));
        let expected: Vec<i64> = expected.iter().take(20).map(|(_, _, id)| *id).collect();
        let ids = |found: Vec<std::sync::Arc<StoredCertificate>>| -> Vec<i64> {
            found.iter().map(|c| c.id).collect()
        };
        let by_number = store.by_number(number, None).await.unwrap();
        assert_eq!(ids(by_number), expected, "by number, {count} certificates");
        let by_name = store
            .by_name(&format!("Holder of {number}"), None)
            .await
            .unwrap();
        assert_eq!(ids(by_name), expected, "by name, {count} certificates");
        let vat = format!("IE{count}88047V");
        let by_vat = store.by_identifier(Some("vat"), &vat).await.unwrap();
        assert_eq!(ids(by_vat), expected, "by VAT number, {count} certificates");
    }
}

#[actix_web::test]
async fn history_cannot_be_rewritten() {
    on_both(check_history_is_append_only).await;
}

async fn check_history_is_append_only(pool: Pool) {
    store(&pool)
        .upsert_batch(&[row("H-1")], "tester")
        .await
        .unwrap();
    let update = exec(
        &pool,
        "UPDATE certificate_history SET actor = 'someone else'",
    )
    .await;
    assert!(update.unwrap_err().contains("append-only"));
    let delete = exec(&pool, "DELETE FROM certificate_history").await;
    assert!(delete.unwrap_err().contains("append-only"));
    // A source's name is part of the history of every entry pointing to it.
    let rename = exec(&pool, "UPDATE certificate_sources SET name = 'elsewhere'").await;
    assert!(rename.unwrap_err().contains("append-only"));
    let delete = exec(&pool, "DELETE FROM certificate_sources").await;
    assert!(delete.unwrap_err().contains("append-only"));
    if matches!(pool, Pool::Postgres(..)) {
        let truncate = exec(&pool, "TRUNCATE certificate_history").await;
        assert!(truncate.unwrap_err().contains("append-only"));
        let truncate = exec(&pool, "TRUNCATE certificate_sources CASCADE").await;
        assert!(truncate.unwrap_err().contains("append-only"));
    }
    assert_eq!(
        scalar(&pool, "SELECT count(*) FROM certificate_history").await,
        1
    );
    let history = store(&pool).history(1).await.unwrap();
    assert_eq!(history[0].source.as_deref(), Some("test, H-1"));
}

/// Imports `lines` (JSON Lines) as a file named `name` would be, by `annexa certs import`
/// (`bulk`: the registry may be loaded in bulk when empty) or through the API.
async fn import(registry: &Registry, name: &str, lines: &[String], bulk: bool) -> ImportSummary {
    let mut importer = Importer::new(registry, ImportFormat::Jsonl, "tester", name);
    if bulk {
        importer = importer.indexing_text_at_end();
    }
    importer.feed(lines.join("\n").as_bytes()).await.unwrap();
    importer.finish().await.unwrap()
}

/// The `source` of each history entry of the certificate numbered `number`, oldest first.
async fn sources_of(registry: &Registry, number: &str) -> Vec<Option<String>> {
    let id = registry.by_number(number, None).await.unwrap()[0].id;
    let history = registry.history(id).await.unwrap();
    history.into_iter().map(|entry| entry.source).collect()
}

#[actix_web::test]
async fn an_import_stores_its_file_path_once_and_the_history_reads_as_before() {
    on_both(check_import_sources).await;
}

/// Two imports of the same certificates from files at paths of different lengths (the second
/// longer than a PostgreSQL B-tree entry holds), then a third from the first path: each history
/// entry reads `<path>, line <n>` as it always did, and the database holds each path once —
/// not once per entry — so its size no longer depends on where the file lay.
async fn check_import_sources(pool: Pool) {
    let short = "/tmp/a.jsonl";
    // Hexadecimal from a multiplicative hash: no repeats for PostgreSQL to compress.
    let directories: Vec<String> = (1..=300u32)
        .map(|n| format!("{:08x}", n.wrapping_mul(2_654_435_761)))
        .collect();
    let long = format!(
        "/srv/imports/{}/registry-2026-12.jsonl",
        directories.join("/")
    );
    assert!(long.len() > 2704, "{}", long.len());
    let registry = store(&pool);
    let numbers = ["SRC-1", "SRC-2", "SRC-3"];
    let active: Vec<String> = numbers.iter().map(|n| payroll_json(n, "active")).collect();
    let first = import(&registry, short, &active, true).await;
    assert_eq!(first.created, 3);
    // The same certificates, suspended, listed in the opposite order.
    let suspended: Vec<String> = numbers
        .iter()
        .rev()
        .map(|n| payroll_json(n, "suspended"))
        .collect();
    let second = import(&store(&pool), &long, &suspended, false).await;
    assert_eq!(second.updated, 3);
    // The first file again, with one more certificate (a registry that found its path stored).
    let mut withdrawn = vec![payroll_json("SRC-4", "active")];
    withdrawn.push(payroll_json("SRC-1", "withdrawn"));
    let third = import(&store(&pool), short, &withdrawn, false).await;
    assert_eq!((third.created, third.updated), (1, 1));

    let line = |path: &str, n: u32| Some(format!("{path}, line {n}"));
    assert_eq!(
        sources_of(&registry, "SRC-1").await,
        [line(short, 1), line(&long, 3), line(short, 2)]
    );
    assert_eq!(
        sources_of(&registry, "SRC-2").await,
        [line(short, 2), line(&long, 2)]
    );
    assert_eq!(
        sources_of(&registry, "SRC-3").await,
        [line(short, 3), line(&long, 1)]
    );
    assert_eq!(sources_of(&registry, "SRC-4").await, [line(short, 1)]);

    // Each path is stored once; the entries hold its id and their line, no text.
    assert_eq!(
        scalar(&pool, "SELECT count(*) FROM certificate_sources").await,
        2
    );
    assert_eq!(
        scalar(&pool, "SELECT count(*) FROM certificate_history").await,
        8
    );
    assert_eq!(
        scalar(
            &pool,
            "SELECT count(*) FROM certificate_history \
             WHERE source IS NULL AND source_id IS NOT NULL AND source_line IS NOT NULL"
        )
        .await,
        8
    );
    assert_eq!(
        scalar(
            &pool,
            "SELECT count(DISTINCT source_id) FROM certificate_history"
        )
        .await,
        2
    );
}

/// History entries as a database written before `0103_certificate_sources.sql` holds them:
/// their source as text (an import's file and line, the API's import), for certificate 1.
const ENTRIES_BEFORE_SOURCES: &str = "INSERT INTO certificate_history \
     (certificate_id, changed_at, actor, source, action, changes) VALUES \
     (1, 1790000000, 'cli:ops', '/srv/imports/registry-2026-11.jsonl, line 7', 'created', '{}'), \
     (1, 1790000100, 'api-key:sync (k1)', 'api import, line 2', 'updated', \
      '{\"status\":{\"from\":\"active\",\"to\":\"suspended\"}}')";

/// Entries written before sources were stored once read back as they were written, after the
/// migration and beside the entries written since, on both stores.
#[actix_web::test]
async fn history_written_before_sources_were_stored_once_reads_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("before.db");
    let before = sqlx::sqlite::SqlitePoolOptions::new()
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true),
        )
        .await
        .unwrap();
    SQLITE_MIGRATOR.run_to(102, &before).await.unwrap();
    sqlx::raw_sql(ENTRIES_BEFORE_SOURCES)
        .execute(&before)
        .await
        .unwrap();
    before.close().await;
    check_entries_before_sources(annexa_api::store::open(&path).await.unwrap()).await;

    let Some(url) = registry_support::pg_url() else {
        return;
    };
    let database = registry_support::PgGuard::create(&url, "annexa_test").await;
    let before = sqlx::PgPool::connect(&database.url()).await.unwrap();
    POSTGRES_MIGRATOR.run_to(102, &before).await.unwrap();
    sqlx::raw_sql(ENTRIES_BEFORE_SOURCES)
        .execute(&before)
        .await
        .unwrap();
    before.close().await;
    let pool = annexa_api::store::connect(&annexa_api::store::Location::Postgres(database.url()))
        .await
        .unwrap();
    check_entries_before_sources(pool).await;
}

async fn check_entries_before_sources(pool: Pool) {
    let registry = store(&pool);
    let old = [
        Some("/srv/imports/registry-2026-11.jsonl, line 7".to_string()),
        Some("api import, line 2".to_string()),
    ];
    let history = registry.history(1).await.unwrap();
    let sources: Vec<Option<String>> = history.iter().map(|e| e.source.clone()).collect();
    assert_eq!(sources, old);
    assert_eq!(history[1].actor, "api-key:sync (k1)");
    assert_eq!(history[1].changes["status"]["to"], "suspended");
    // The certificate written since (the first, so id 1) adds an entry of the new form.
    let written = import(
        &registry,
        "/srv/imports/registry-2026-12.jsonl",
        &[payroll_json("OLD-1", "active")],
        false,
    )
    .await;
    assert_eq!(written.created, 1);
    assert_eq!(registry.by_number("OLD-1", None).await.unwrap()[0].id, 1);
    let sources: Vec<Option<String>> = registry
        .history(1)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.source)
        .collect();
    assert_eq!(
        sources,
        [
            old[0].clone(),
            old[1].clone(),
            Some("/srv/imports/registry-2026-12.jsonl, line 1".to_string())
        ]
    );
    // The old entries were not rewritten by the migration.
    assert_eq!(
        scalar(
            &pool,
            "SELECT count(*) FROM certificate_history WHERE source IS NOT NULL AND source_id IS NULL"
        )
        .await,
        2
    );
}

#[actix_web::test]
async fn a_failing_row_is_rejected_alone_and_never_half_written() {
    on_both(check_failing_row).await;
}

async fn check_failing_row(pool: Pool) {
    // Make the database refuse the history entry of one certificate, after its main row was
    // inserted: the whole row must disappear, and its neighbours must stay.
    let poison = match pool {
        Pool::Sqlite(_, _) => {
            "CREATE TRIGGER poison_history BEFORE INSERT ON certificate_history \
             WHEN NEW.source_id = (SELECT id FROM certificate_sources WHERE name = 'test, B-2') \
             BEGIN SELECT RAISE(ABORT, 'boom'); END;"
        }
        Pool::Postgres(..) => {
            "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN \
             IF NEW.source_id = (SELECT id FROM certificate_sources WHERE name = 'test, B-2') \
             THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$; \
             CREATE TRIGGER poison_history BEFORE INSERT ON certificate_history FOR EACH ROW \
             EXECUTE FUNCTION poison();"
        }
    };
    exec(&pool, poison).await.unwrap();
    let store = store(&pool);
    let outcomes = store
        .upsert_batch(&[row("B-1"), row("B-2"), row("B-3")], "tester")
        .await
        .unwrap();
    assert!(matches!(outcomes[0], Ok(UpsertOutcome::Created(_))));
    assert!(outcomes[1].is_err());
    assert!(matches!(outcomes[2], Ok(UpsertOutcome::Created(_))));
    assert!(store.by_number("B-2", None).await.unwrap().is_empty());
    assert_eq!(store.count().await.unwrap(), 2);
    assert_eq!(
        store.search(&text("payroll"), 1, 10).await.unwrap().total,
        2
    );
    if matches!(pool, Pool::Sqlite(_, _)) {
        let fts = scalar(
            &pool,
            "SELECT count(*) FROM certificates_fts WHERE certificates_fts MATCH 'payroll'",
        )
        .await;
        assert_eq!(fts, 2, "no index entry left behind by the rejected row");
    }
    let identifiers = scalar(&pool, "SELECT count(*) FROM certificate_identifiers").await;
    assert_eq!(identifiers, 4);
    assert_eq!(
        scalar(&pool, "SELECT count(*) FROM certificate_history").await,
        2
    );
}

#[actix_web::test]
async fn name_search_ignores_legal_forms_and_ranks_the_exact_name_first() {
    on_both(check_name_search).await;
}

async fn check_name_search(pool: Pool) {
    let store = store(&pool);
    let rows = [
        named("N-1", "Acme Payroll Services GmbH"),
        named("N-2", "Acme Payroll Ltd"),
        named("N-3", "ACME Payroll Group plc"),
        named("N-4", "Zenith Payroll Ltd"),
    ];
    store.upsert_batch(&rows, "tester").await.unwrap();
    let page = store
        .search(&name("acme payroll limited"), 1, 10)
        .await
        .unwrap();
    assert_eq!(
        names(&page),
        [
            "Acme Payroll Ltd",
            "ACME Payroll Group plc",
            "Acme Payroll Services GmbH"
        ]
    );
    assert_eq!(page.total, 3);
    let page = store.search(&name("acme payroll"), 2, 2).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total, 3);
    let text_page = store.search(&text("payroll bureau"), 1, 10).await.unwrap();
    assert_eq!(text_page.total, 4);
    // The last word as a prefix, only when whole words find too little.
    let prefixed = store.search(&text("bureau servi"), 1, 10).await.unwrap();
    assert_eq!(prefixed.total, 4);
    let none = store.search(&text("\"*)(':"), 1, 10).await.unwrap();
    assert_eq!(none.total, 0);
}

#[actix_web::test]
async fn equal_names_are_ordered_by_id_and_counted_the_same_on_every_page() {
    on_both(check_name_ties_and_counts).await;
}

/// Both stores break ties between equal names (and countries) on the registry id, and report
/// the same total whether the page is a short first page (counted from its rows) or a later one
/// (counted by a query).
async fn check_name_ties_and_counts(pool: Pool) {
    let store = store(&pool);
    // Numbers in reverse order: id order is batch order, not number order.
    let rows = ["T-5", "T-4", "T-3", "T-2", "T-1"].map(|n| named(n, "Tessellate Payroll Ltd"));
    store.upsert_batch(&rows, "tester").await.unwrap();
    let numbers = |page: &SearchPage| {
        page.items
            .iter()
            .map(|c| c.certificate.certificate_number.clone())
            .collect::<Vec<_>>()
    };
    let first = store.search(&name("tessellate"), 1, 10).await.unwrap();
    assert_eq!(numbers(&first), ["T-5", "T-4", "T-3", "T-2", "T-1"]);
    assert_eq!((first.total, first.total_capped), (5, false));
    let ids: Vec<i64> = first.items.iter().map(|c| c.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let second = store.search(&name("tessellate"), 2, 2).await.unwrap();
    assert_eq!(numbers(&second), ["T-3", "T-2"]);
    assert_eq!(second.total, 5);
    let beyond = store.search(&name("tessellate"), 4, 2).await.unwrap();
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 5);
    let by_number = store
        .search(&Criterion::Number("t-3".into()), 1, 10)
        .await
        .unwrap();
    assert_eq!(
        (numbers(&by_number), by_number.total),
        (vec!["T-3".to_string()], 1)
    );
}

#[actix_web::test]
async fn text_search_survives_every_letter_unaccent_turns_into_punctuation() {
    on_both(check_unaccent_letters).await;
}

async fn check_unaccent_letters(pool: Pool) {
    let store = store(&pool);
    store
        .upsert_batch(&[named("U-1", "O Brien Payroll Ltd")], "tester")
        .await
        .unwrap();
    // Letters (to Rust: alphanumeric, so kept inside a word) and signs that PostgreSQL's
    // unaccent maps to quotes, apostrophes, primes and other punctuation.
    let letters = [
        'ʼ', 'ʻ', 'ʽ', 'ˈ', 'ˊ', 'ˋ', '′', '″', '‘', '’', '‛', '“', '”', '„', '‟', '«', '»', '‹',
        '›', '＇', '＂', 'ʹ', 'ʺ', '׳', '״', '´', '`', '¨', '＆', '｜', '！', '：', '（', '）',
    ];
    for letter in letters {
        for query in [
            format!("o{letter}brien"),
            format!("{letter}"),
            format!("payroll {letter}"),
            format!("o{letter}{letter}brien payr"),
            format!("{letter}:*"),
            format!("brien{letter} & !payroll"),
        ] {
            let page = store
                .search(&text(&query), 1, 10)
                .await
                .unwrap_or_else(|e| panic!("{}: {query:?}: {e}", pool.kind()));
            assert!(page.total <= 1, "{query:?}");
        }
    }
    if matches!(pool, Pool::Postgres(..)) {
        // unaccent makes the modifier letter an apostrophe: two words, both in the name.
        let page = store.search(&text("o\u{2bc}brien"), 1, 10).await.unwrap();
        assert_eq!(page.total, 1, "the name is still found");
    }
}

#[actix_web::test]
async fn demo_seed_fills_an_empty_registry_once() {
    on_both(check_demo_seed).await;
}

async fn check_demo_seed(pool: Pool) {
    assert_eq!(seed_demo_if_empty(&pool, 300).await.unwrap(), 300);
    assert_eq!(seed_demo_if_empty(&pool, 300).await.unwrap(), 0);
    let store = store(&pool);
    assert_eq!(store.count().await.unwrap(), 300);
    let expected = demo::record(123);
    let found = store
        .by_number(&expected.certificate_number, None)
        .await
        .unwrap();
    assert_eq!(found[0].certificate, expected);
    let history = store.history(found[0].id).await.unwrap();
    assert_eq!(history[0].actor, "demo-seed");
}

/// What a comparison looks at: ids and records (not the times of writing).
fn comparable<C: std::borrow::Borrow<StoredCertificate>>(
    items: &[C],
) -> Vec<(i64, &CertificateRecord)> {
    items
        .iter()
        .map(|c| (c.borrow().id, &c.borrow().certificate))
        .collect()
}

async fn same_search(sqlite: &Registry, pg: &Registry, criterion: Criterion, page: u32) {
    let a = sqlite.search(&criterion, page, 10).await.unwrap();
    let b = pg.search(&criterion, page, 10).await.unwrap();
    if matches!(criterion, Criterion::Name { .. }) && a.total == 0 {
        return; // PostgreSQL looks for similar names instead (tested below).
    }
    assert_eq!(
        (a.total, a.total_capped),
        (b.total, b.total_capped),
        "{criterion:?} page {page}"
    );
    assert_eq!(
        comparable(&a.items),
        comparable(&b.items),
        "{criterion:?} page {page}"
    );
}

/// Text search: whole words, the prefix fallback, capped totals, ranking by name. `capped`:
/// compare searches with more than TEXT_CANDIDATES matches too (only before any update).
async fn same_text_searches(sqlite: &Registry, pg: &Registry, capped: bool) {
    for query in [
        "payroll",
        "payroll software",
        "hosting dublin",
        "Fictitious Payments",
        "zorva payments",
        "excluding consulting services",
        "softw",
        "data centre colocation",
        "e-discovery",
        "health records hamburg",
        "melbourne handset",
        "nothing-like-this",
    ] {
        let all = sqlite.search(&text(query), 1, 10).await.unwrap();
        if all.total_capped && !capped {
            continue;
        }
        for page in [1, 2, 31] {
            same_search(sqlite, pg, text(query), page).await;
        }
    }
}

#[actix_web::test]
async fn both_stores_answer_the_same_for_the_same_data() {
    let Some((_guard, pg_pool)) = pg_database().await else {
        return;
    };
    let (_dir, sqlite_pool) = sqlite_database().await;
    let (sqlite, pg) = (store(&sqlite_pool), store(&pg_pool));
    let records: Vec<RowToWrite> = demo::records(0, 3000)
        .enumerate()
        .map(|(i, record)| RowToWrite {
            record,
            source: format!("demo, {i}").into(),
        })
        .collect();
    for batch in records.chunks(1000) {
        let a = sqlite.upsert_batch(batch, "tester").await.unwrap();
        let b = pg.upsert_batch(batch, "tester").await.unwrap();
        assert_eq!(a, b);
    }
    same_text_searches(&sqlite, &pg, true).await;

    // Updates: the same outcomes and the same history.
    let mut changed: Vec<RowToWrite> = records[..40].to_vec();
    for (i, r) in changed.iter_mut().enumerate() {
        if i % 2 == 0 {
            r.record.status = CertificateStatus::Suspended;
            r.record.entity.identifiers.duns = Some(format!("99{i:07}"));
        }
    }
    let a = sqlite.upsert_batch(&changed, "auditor").await.unwrap();
    let b = pg.upsert_batch(&changed, "auditor").await.unwrap();
    assert_eq!(a, b);
    for id in [1, 2, 3, 40, 41] {
        let (ha, hb) = (
            sqlite.history(id).await.unwrap(),
            pg.history(id).await.unwrap(),
        );
        let strip = |h: &[annexa_api::store::certificates::HistoryEntry]| {
            h.iter()
                .map(|e| {
                    (
                        e.actor.clone(),
                        e.source.clone(),
                        e.action.clone(),
                        e.changes.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&ha), strip(&hb), "history of {id}");
    }
    assert_eq!(sqlite.count().await.unwrap(), pg.count().await.unwrap());

    // Lookups.
    for i in (0..3000).step_by(97) {
        let record = &records[i].record;
        let number = sqlite
            .by_number(&record.certificate_number, None)
            .await
            .unwrap();
        assert_eq!(
            comparable(&number),
            comparable(
                &pg.by_number(&record.certificate_number, None)
                    .await
                    .unwrap()
            )
        );
        let body = Some(record.certification_body.as_str());
        assert_eq!(
            comparable(
                &sqlite
                    .by_number(&record.certificate_number, body)
                    .await
                    .unwrap()
            ),
            comparable(
                &pg.by_number(&record.certificate_number, body)
                    .await
                    .unwrap()
            )
        );
        for (kind, value) in record.entity.identifiers.present() {
            for kind in [None, Some(kind)] {
                assert_eq!(
                    comparable(&sqlite.by_identifier(kind, value).await.unwrap()),
                    comparable(&pg.by_identifier(kind, value).await.unwrap())
                );
            }
        }
        let entity = &record.entity;
        for country in [None, Some(entity.country.as_str())] {
            let a = sqlite.by_name(&entity.name, country).await.unwrap();
            assert!(!a.is_empty());
            assert_eq!(
                comparable(&a),
                comparable(&pg.by_name(&entity.name, country).await.unwrap())
            );
        }
        same_search(
            &sqlite,
            &pg,
            Criterion::Number(record.certificate_number.clone()),
            1,
        )
        .await;
        if let Some((_, value)) = record.entity.identifiers.present().first() {
            same_search(&sqlite, &pg, Criterion::Identifier(value.to_string()), 1).await;
        }
    }
    same_search(&sqlite, &pg, Criterion::Identifier("990000000".into()), 1).await;

    // Name search: prefixes of every length, with and without a country, several pages.
    let mut prefixes: Vec<String> = ["zor", "va", "Quil", "bram", "lux", "wex", "x", ""]
        .map(String::from)
        .to_vec();
    for i in [5, 17, 1234, 2999] {
        let name = &records[i].record.entity.name;
        for len in [4, 8, 14, name.len()] {
            prefixes.push(name[..len.min(name.len())].to_string());
        }
    }
    for prefix in &prefixes {
        for country in [None, Some("DE".to_string()), Some("us".to_string())] {
            for page in [1, 2, 7] {
                let criterion = Criterion::Name {
                    name: prefix.clone(),
                    country: country.clone(),
                };
                same_search(&sqlite, &pg, criterion, page).await;
            }
        }
    }

    // Text search again: after updates, the candidates beyond the first TEXT_CANDIDATES
    // matches may differ (PostgreSQL takes them in table order); fewer matches are all ranked.
    same_text_searches(&sqlite, &pg, false).await;
}

#[actix_web::test]
async fn postgres_only_a_misspelt_name_falls_back_to_similar_names() {
    let rows = [
        named("T-1", "Acme Payroll Ltd"),
        named("T-2", "Acme Payroll Services GmbH"),
        named("T-3", "Zenith Payroll Ltd"),
    ];
    let (_dir, sqlite_pool) = sqlite_database().await;
    let sqlite = store(&sqlite_pool);
    sqlite.upsert_batch(&rows, "tester").await.unwrap();
    // SQLite: prefix matching only.
    let misspelt = sqlite.search(&name("acme pyroll"), 1, 10).await.unwrap();
    assert_eq!(misspelt.total, 0);

    let Some((_guard, pool)) = pg_database().await else {
        return;
    };
    let pg = store(&pool);
    pg.upsert_batch(&rows, "tester").await.unwrap();
    let page = pg.search(&name("acme pyroll"), 1, 10).await.unwrap();
    assert_eq!(
        names(&page),
        ["Acme Payroll Ltd", "Acme Payroll Services GmbH"]
    );
    assert_eq!((page.total, page.total_capped), (2, false));
    let page = pg.search(&name("acme pyroll"), 2, 1).await.unwrap();
    assert_eq!(names(&page), ["Acme Payroll Services GmbH"]);
    // With a country, only that country's similar names.
    let criterion = Criterion::Name {
        name: "zenit payrol".into(),
        country: Some("de".into()),
    };
    assert_eq!(pg.search(&criterion, 1, 10).await.unwrap().total, 0);
    // A prefix that matches is not mixed with similar names.
    let page = pg.search(&name("acme payroll ltd"), 1, 10).await.unwrap();
    assert_eq!(
        names(&page),
        ["Acme Payroll Ltd", "Acme Payroll Services GmbH"]
    );
    // Nothing similar: nothing found.
    assert_eq!(pg.search(&name("qqqq"), 1, 10).await.unwrap().total, 0);
}

#[actix_web::test]
async fn postgres_only_text_search_ignores_stop_words_and_accents() {
    let Some((_guard, pool)) = pg_database().await else {
        return;
    };
    let pg = store(&pool);
    let mut r = row("S-1");
    r.record.scope = "Hosting of the café booking platform on ISO/IEC-compliant servers.".into();
    pg.upsert_batch(&[r], "tester").await.unwrap();
    for (query, found) in [
        ("cafe booking", 1),
        ("CAFÉ", 1),
        ("the booking", 1), // a stop word is not required
        ("the of", 0),      // stop words only: nothing to look for
        ("iso iec", 1),     // split like FTS5, not kept as one path-like token
        ("compliant server", 1),
        ("booking zebra", 0),
    ] {
        let page = pg.search(&text(query), 1, 10).await.unwrap();
        assert_eq!(page.total, found, "{query}");
    }
}

#[actix_web::test]
async fn an_lei_is_indexed_found_and_forgotten_like_the_other_identifiers() {
    on_both(check_lei).await;
}

async fn check_lei(pool: Pool) {
    let store = store(&pool);
    let mut with_lei = row("L-1");
    with_lei.record.entity.identifiers.lei = Some("529900FJORDTRAVEL043".into());
    let created = store
        .upsert_batch(&[with_lei.clone()], "tester")
        .await
        .unwrap();
    let Ok(UpsertOutcome::Created(id)) = created[0] else {
        panic!("{created:?}")
    };
    for (kind, value) in [
        (Some("lei"), "529900FJORDTRAVEL043"),
        (None, "5299 00fj ordt rave l043"),
    ] {
        let found = store.by_identifier(kind, value).await.unwrap();
        assert_eq!(found.len(), 1, "{kind:?} {value}");
        assert_eq!(found[0].id, id);
        assert_eq!(found[0].certificate, with_lei.record);
    }
    // An LEI is not a VAT number.
    assert!(
        store
            .by_identifier(Some("vat"), "529900FJORDTRAVEL043")
            .await
            .unwrap()
            .is_empty()
    );
    let found = store
        .search(
            &Criterion::Identifier("529900-FJORDTRAVEL043".into()),
            1,
            10,
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    // An update that drops the LEI takes it out of the index.
    let without = row("L-1");
    let updated = store.upsert_batch(&[without], "tester").await.unwrap();
    assert_eq!(updated[0], Ok(UpsertOutcome::Updated(id)));
    assert!(
        store
            .by_identifier(Some("lei"), "529900FJORDTRAVEL043")
            .await
            .unwrap()
            .is_empty()
    );
    let history = store.history(id).await.unwrap();
    assert_eq!(
        history[1].changes["entity"]["from"]["identifiers"]["lei"],
        "529900FJORDTRAVEL043"
    );
}

/// An import into an empty SQLite registry writes its rows without full-text entries and builds
/// the index once at the end, from the stored records (`Registry::begin_load`). Searches must
/// then find exactly what row-by-row indexing finds: entity names, scopes, site cities and site
/// scopes, whole words and prefixes. A load stopped before its end is completed when the
/// database is opened again.
#[actix_web::test]
async fn a_bulk_load_finds_what_row_by_row_writes_find() {
    let rows: Vec<RowToWrite> = demo::records(0, 400)
        .map(|record| RowToWrite {
            record,
            source: "demo".into(),
        })
        .collect();
    let (_row_dir, row_pool) = sqlite_database().await;
    let row_by_row = store(&row_pool);
    row_by_row.upsert_batch(&rows, "tester").await.unwrap();

    let (dir, bulk_pool) = sqlite_database().await;
    let bulk = store(&bulk_pool);
    let load = bulk
        .begin_load()
        .await
        .unwrap()
        .expect("an empty registry loads in bulk");
    let (first, rest) = rows.split_at(150);
    bulk.load_batch(first, "tester", Some(&load)).await.unwrap();
    bulk.load_batch(rest, "tester", Some(&load)).await.unwrap();
    assert_eq!(
        bulk.search(&text("payroll"), 1, 10).await.unwrap().total,
        0,
        "not indexed before the load ends"
    );
    bulk.end_load(load).await.unwrap();
    // What the load wrote is in the database file: its write-ahead log takes no room.
    let log = std::fs::metadata(dir.path().join("registry.db-wal")).map_or(0, |m| m.len());
    assert_eq!(
        log, 0,
        "the write-ahead log is emptied at the end of a load"
    );
    assert_eq!(
        scalar(&bulk_pool, "PRAGMA page_size").await,
        i64::from(annexa_api::store::SQLITE_PAGE_SIZE),
        "a new database is made of pages of the size chosen for it"
    );
    assert!(
        bulk.begin_load().await.unwrap().is_none(),
        "a registry that holds certificates is written row by row"
    );

    let queries = [
        "payroll",
        "Fictitious",
        "office",
        "Dublin",
        "Sydney office",
        "softw",
        "colocation",
        "excluding consulting",
        "devel",
        "secur",
    ];
    let ids = |page: SearchPage| page.items.iter().map(|c| c.id).collect::<Vec<_>>();
    for query in queries {
        let expected = row_by_row.search(&text(query), 1, 100).await.unwrap();
        assert!(!expected.items.is_empty(), "{query}");
        let found = bulk.search(&text(query), 1, 100).await.unwrap();
        assert_eq!(found.total, expected.total, "{query}");
        assert_eq!(ids(found), ids(expected), "{query}");
    }

    // A load stopped midway (the process ended before `end_load`): opening the database again
    // indexes what it wrote.
    let more = &rows[..50];
    let (stopped_dir, stopped_pool) = sqlite_database().await;
    let stopped = store(&stopped_pool);
    let load = stopped.begin_load().await.unwrap().unwrap();
    stopped
        .load_batch(more, "tester", Some(&load))
        .await
        .unwrap();
    drop(load);
    assert_eq!(
        stopped.search(&text("payroll"), 1, 10).await.unwrap().total,
        0
    );
    stopped_pool.close().await;
    let reopened = annexa_api::store::open(&stopped_dir.path().join("registry.db"))
        .await
        .unwrap();
    let (_expected_dir, expected_pool) = sqlite_database().await;
    store(&expected_pool)
        .upsert_batch(more, "tester")
        .await
        .unwrap();
    for query in ["payroll", "office", "softw"] {
        let expected = store(&expected_pool)
            .search(&text(query), 1, 100)
            .await
            .unwrap();
        assert!(!expected.items.is_empty(), "{query}");
        let found = store(&reopened).search(&text(query), 1, 100).await.unwrap();
        assert_eq!(ids(found), ids(expected), "{query}");
    }
    drop(dir);
}

/// Begins a bulk load into the empty registry of `bulk` and writes `rows` in batches of 120,
/// without ending it.
async fn load_unended(bulk: &Registry, rows: &[RowToWrite]) -> BulkLoad {
    let load = bulk.begin_load().await.unwrap().expect("an empty registry");
    for batch in rows.chunks(120) {
        bulk.load_batch(batch, "tester", Some(&load)).await.unwrap();
    }
    load
}

/// How many of the three indexes a PostgreSQL bulk load leaves out until its end are there.
async fn loaded_indexes(pool: &Pool) -> i64 {
    scalar(
        pool,
        "SELECT count(*) FROM pg_indexes WHERE tablename = 'certificates' \
         AND indexname IN ('certificates_by_name', 'certificates_by_name_trigram', \
         'certificates_by_text')",
    )
    .await
}

/// The rows of `a_bulk_load_answers_lookups_like_row_by_row_writes`: demo records, then three of
/// them again, changed (an identifier replaced, a name changed, one left identical), as a file
/// that lists a certificate twice would.
fn rows_with_repeats() -> Vec<RowToWrite> {
    let mut rows: Vec<RowToWrite> = demo::records(0, 300)
        .map(|record| RowToWrite {
            record,
            source: "demo".into(),
        })
        .collect();
    let mut new_vat = rows[10].clone();
    new_vat.record.entity.identifiers.vat = Some("IE9999999WX".into());
    new_vat.record.entity.identifiers.duns = None;
    let mut renamed = rows[20].clone();
    renamed.record.entity.name = "Renamed Fictitious Payroll Ltd".into();
    let same = rows[30].clone();
    rows.extend([new_vat, renamed, same]);
    rows
}

/// What a user can look up about the certificates of `rows` in `registry`: by each identifier,
/// by exact name, by name prefix, by number, and the history of each certificate found.
async fn lookups(registry: &Registry, rows: &[RowToWrite]) -> Vec<String> {
    let mut seen = Vec::new();
    for row in rows {
        let record = &row.record;
        let ids = |found: Vec<std::sync::Arc<StoredCertificate>>| {
            found.iter().map(|c| c.id).collect::<Vec<_>>()
        };
        for (kind, value) in record.entity.identifiers.present() {
            let found = registry.by_identifier(Some(kind), value).await.unwrap();
            seen.push(format!("{kind} {value}: {:?}", ids(found)));
        }
        let found = registry.by_name(&record.entity.name, None).await.unwrap();
        seen.push(format!("name {}: {:?}", record.entity.name, ids(found)));
        let page = registry
            .search(&name(&record.entity.name[..6]), 1, 20)
            .await
            .unwrap();
        seen.push(format!("prefix {}: {:?}", page.total, names(&page)));
        let found = registry
            .by_number(&record.certificate_number, None)
            .await
            .unwrap();
        for certificate in &found {
            let history: Vec<String> = registry
                .history(certificate.id)
                .await
                .unwrap()
                .into_iter()
                .map(|entry| format!("{} {} {}", entry.action, entry.actor, entry.changes))
                .collect();
            seen.push(format!("{} {history:?}", certificate.id));
        }
    }
    seen
}

/// A bulk load leaves the name index out and keeps identifiers aside until it ends (see
/// `Registry::begin_load`). Afterwards — or after reopening a database whose load stopped midway
/// — lookups by identifier, name and number, and the histories, are exactly those of the same
/// rows written one batch at a time, including rows repeated in the file (updates during the
/// load, whose replaced identifiers must be forgotten).
#[actix_web::test]
async fn a_bulk_load_answers_lookups_like_row_by_row_writes() {
    let rows = rows_with_repeats();
    let (_row_dir, row_pool) = sqlite_database().await;
    let row_by_row = store(&row_pool);
    for batch in rows.chunks(120) {
        row_by_row.upsert_batch(batch, "tester").await.unwrap();
    }
    let expected = lookups(&row_by_row, &rows).await;
    assert!(
        expected.iter().any(|l| l.contains("IE9999999WX: [11]")),
        "the replaced VAT number is found: {expected:?}"
    );

    let (_bulk_dir, bulk_pool) = sqlite_database().await;
    let bulk = store(&bulk_pool);
    let load = bulk.begin_load().await.unwrap().expect("an empty registry");
    let mut outcomes = Vec::new();
    for batch in rows.chunks(120) {
        outcomes.extend(bulk.load_batch(batch, "tester", Some(&load)).await.unwrap());
    }
    assert_eq!(outcomes[300], Ok(UpsertOutcome::Updated(11)));
    assert_eq!(outcomes[302], Ok(UpsertOutcome::Unchanged(31)));
    let vat = rows
        .iter()
        .find_map(|row| row.record.entity.identifiers.vat.clone())
        .unwrap();
    assert!(
        bulk.by_identifier(None, &vat).await.unwrap().is_empty(),
        "identifiers are set aside until the load ends"
    );
    bulk.end_load(load).await.unwrap();
    assert_eq!(lookups(&bulk, &rows).await, expected);

    // Stopped midway, after the repeated rows: reopening the database ends the load.
    let (stopped_dir, stopped_pool) = sqlite_database().await;
    let stopped = store(&stopped_pool);
    let load = stopped.begin_load().await.unwrap().unwrap();
    for batch in rows.chunks(120) {
        stopped
            .load_batch(batch, "tester", Some(&load))
            .await
            .unwrap();
    }
    drop(load);
    stopped_pool.close().await;
    let reopened = annexa_api::store::open(&stopped_dir.path().join("registry.db"))
        .await
        .unwrap();
    assert_eq!(lookups(&store(&reopened), &rows).await, expected);
    // Reopened once more: nothing left to finish, same answers.
    reopened.close().await;
    let again = annexa_api::store::open(&stopped_dir.path().join("registry.db"))
        .await
        .unwrap();
    assert_eq!(lookups(&store(&again), &rows).await, expected);
}

/// The same on PostgreSQL, where a load leaves out the name, trigram and text indexes: after the
/// load, and after reconnecting to a database whose load stopped midway, lookups and histories
/// are those of row-by-row writes, and a misspelt name and a text search find the same
/// certificates.
#[actix_web::test]
async fn a_postgres_bulk_load_answers_like_row_by_row_writes() {
    let Some((_row_guard, row_pool)) = pg_database().await else {
        return;
    };
    let rows = rows_with_repeats();
    let row_by_row = store(&row_pool);
    for batch in rows.chunks(120) {
        row_by_row.upsert_batch(batch, "tester").await.unwrap();
    }
    let misspelt = Criterion::Name {
        name: "Renamd Fictitious Payrol".into(),
        country: None,
    };
    let ids = |page: SearchPage| page.items.iter().map(|c| c.id).collect::<Vec<_>>();
    let mut expected = lookups(&row_by_row, &rows).await;
    for criterion in [misspelt.clone(), text("payroll"), text("softw")] {
        expected.push(format!(
            "{:?}",
            ids(row_by_row.search(&criterion, 1, 50).await.unwrap())
        ));
    }

    for stop_midway in [false, true] {
        let (guard, pool) = pg_database().await.unwrap();
        let bulk = store(&pool);
        let load = load_unended(&bulk, &rows).await;
        let pool = if stop_midway {
            drop(load);
            pool.close().await;
            annexa_api::store::connect(&annexa_api::store::Location::Postgres(guard.url()))
                .await
                .unwrap()
        } else {
            bulk.end_load(load).await.unwrap();
            pool
        };
        let indexes = loaded_indexes(&pool).await;
        assert_eq!(indexes, 3, "stopped midway: {stop_midway}");
        let bulk = store(&pool);
        let mut found = lookups(&bulk, &rows).await;
        for criterion in [misspelt.clone(), text("payroll"), text("softw")] {
            found.push(format!(
                "{:?}",
                ids(bulk.search(&criterion, 1, 50).await.unwrap())
            ));
        }
        assert_eq!(found, expected, "stopped midway: {stop_midway}");
    }
}

/// Two instances opening at once a PostgreSQL registry whose load stopped midway both end it:
/// each comes up, the indexes are built once, and searches find what they found before.
#[actix_web::test]
async fn two_instances_end_an_interrupted_postgres_load_at_once() {
    let Some((guard, pool)) = pg_database().await else {
        return;
    };
    let rows = rows_with_repeats();
    let bulk = store(&pool);
    let load = load_unended(&bulk, &rows).await;
    drop(load);
    pool.close().await;

    let location = annexa_api::store::Location::Postgres(guard.url());
    for _ in 0..3 {
        // Each round leaves the indexes out again, so both instances find the load unfinished.
        let (first, second) = tokio::join!(
            annexa_api::store::connect(&location),
            annexa_api::store::connect(&location)
        );
        let (first, second) = (first.unwrap(), second.unwrap());
        let indexes = loaded_indexes(&first).await;
        assert_eq!(indexes, 3);
        for pool in [&first, &second] {
            let found = store(pool).search(&text("payroll"), 1, 50).await.unwrap();
            assert!(!found.items.is_empty());
        }
        exec(
            &first,
            "DROP INDEX certificates_by_name, certificates_by_name_trigram, certificates_by_text",
        )
        .await
        .unwrap();
        first.close().await;
        second.close().await;
    }
}

/// SQLite's lookups run on a connection the calling thread keeps (store/certificates/reader.rs):
/// they see every write committed since, and a database deleted and created again at the same
/// path is read anew, never the file that was there before.
#[actix_web::test]
async fn sqlite_lookups_see_the_latest_write_and_a_database_created_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    for scope in ["Payroll services.", "Hosting of zebra tracking software."] {
        let pool = annexa_api::store::open(&path).await.unwrap();
        let store = Registry::new(&pool);
        assert!(store.by_number("R-1", None).await.unwrap().is_empty());
        store.upsert_batch(&[row("R-1")], "tester").await.unwrap();
        let mut changed = row("R-1");
        changed.record.scope = scope.into();
        store.upsert_batch(&[changed], "tester").await.unwrap();
        let found = store.by_number("R-1", None).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].certificate.scope, scope);
        let by_id = store.get(found[0].id).await.unwrap().expect("by id");
        assert_eq!(by_id.certificate.scope, scope);
        pool.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}

/// Certificate K-1's scope, as a lookup by number answers it.
async fn scope_of_k1(registry: &Registry) -> String {
    registry.by_number("K-1", None).await.unwrap()[0]
        .certificate
        .scope
        .clone()
}

/// Writes `text` as K-1's scope through `registry`, as `actor`.
async fn write_scope_of_k1(registry: &Registry, text: &str, actor: &str) {
    let mut changed = row("K-1");
    changed.record.scope = text.into();
    registry.upsert_batch(&[changed], actor).await.unwrap();
}

/// Two changes of K-1's scope written through `registry`, each found by its next lookup.
async fn own_writes_are_seen_at_once(registry: &Registry) {
    for text in ["Payroll services.", "Hosting of zebra tracking software."] {
        assert_ne!(scope_of_k1(registry).await, text);
        write_scope_of_k1(registry, text, "tester").await;
        assert_eq!(scope_of_k1(registry).await, text);
    }
}

/// A SQLite registry at `path` holding certificate K-1.
async fn registry_holding_k1(path: &std::path::Path) -> Pool {
    let pool = annexa_api::store::open(path).await.unwrap();
    Registry::new(&pool)
        .upsert_batch(&[row("K-1")], "tester")
        .await
        .unwrap();
    pool
}

/// Another pool on the SQLite file at `path` (what another process is to SQLite).
async fn another_pool(path: &std::path::Path) -> Pool {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    Pool::Sqlite(
        sqlx::SqlitePool::connect_with(options).await.unwrap(),
        Default::default(),
    )
}

/// SQLite's lookups are answered from memory when asked again, and every change is seen
/// (store/certificates/reader.rs: `PRAGMA data_version`): a write through the store, this
/// process's or another pool's (as another instance or `annexa certs import` would make it), by
/// the very next lookup; SQL typed by hand (the `sqlite3` shell) by the first lookup made
/// [`ASK_AGAIN_AFTER`] later; and a certificate that was "not found" a moment before.
#[actix_web::test]
async fn sqlite_kept_lookups_see_every_change_at_the_next_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let pool = registry_holding_k1(&path).await;
    let ours = Registry::new(&pool);
    assert!(ours.keeps_lookups());

    // Asked twice with nothing changed: the second answer comes from memory.
    let first = scope_of_k1(&ours).await;
    let stats = ours.kept_stats();
    assert_eq!(scope_of_k1(&ours).await, first);
    let after = ours.kept_stats();
    assert_eq!(after.served, stats.served + 1, "{after:?}");
    assert_eq!(after.asked, stats.asked, "{after:?}");
    assert!(after.records >= 1, "{after:?}");

    // Our own writes: seen at once.
    own_writes_are_seen_at_once(&ours).await;

    // Another connection to the file (what another process is to SQLite), writing through the
    // store: seen by the next lookup, with no wait; in plain SQL, once the answer to "has
    // anything changed" is older than ASK_AGAIN_AFTER.
    let other_pool = another_pool(&path).await;
    let other = Registry::new(&other_pool);
    write_scope_of_k1(&other, "Catering for zebra keepers.", "other instance").await;
    assert_eq!(scope_of_k1(&ours).await, "Catering for zebra keepers.");
    let before = ours.by_number("K-1", None).await.unwrap()[0]
        .updated_at
        .clone();
    exec(
        &other_pool,
        "UPDATE certificates SET updated_at = updated_at + 60",
    )
    .await
    .unwrap();
    tokio::time::sleep(ASK_AGAIN_AFTER).await;
    assert_ne!(
        ours.by_number("K-1", None).await.unwrap()[0].updated_at,
        before,
        "a change typed in SQL"
    );
    // "Not found" is not kept past the certificate's arrival.
    assert!(ours.by_number("K-2", None).await.unwrap().is_empty());
    other
        .upsert_batch(&[row("K-2")], "other instance")
        .await
        .unwrap();
    assert_eq!(ours.by_number("K-2", None).await.unwrap().len(), 1);
    other_pool.close().await;
    pool.close().await;
}

/// Any sequence of changes to one certificate — through this process's store, through another
/// pool's store, or in plain SQL on another connection — interleaved with lookups on several
/// threads: every lookup answers what the file holds, at once for a write through a store (even
/// for a thread that was looking up while the write committed) and from `ASK_AGAIN_AFTER`
/// after the commit for plain SQL. Answers are kept in memory between changes, so a change
/// that went unseen would show as an old scope.
#[actix_web::test]
async fn sqlite_kept_lookups_follow_any_sequence_of_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let pool = registry_holding_k1(&path).await;
    let ours = Registry::new(&pool);
    let other_pool = another_pool(&path).await;
    let other = Registry::new(&other_pool);
    // A fixed pseudo-random sequence (a linear congruential generator): 60 changes of three kinds.
    let mut seed: u64 = 0x2026_1203;
    for step in 0..60 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let text = format!("Scope number {step}.");
        // Kept before the change: asked twice, the second answer from memory.
        scope_of_k1(&ours).await;
        scope_of_k1(&ours).await;
        match (seed >> 33) % 3 {
            // Through a store: lookups keep being made on this thread while the write is under
            // way, so the last question before the commit is a moment old when the write
            // returns — well within ASK_AGAIN_AFTER.
            kind @ (0 | 1) => {
                let (registry, actor) = if kind == 0 {
                    (&ours, "tester")
                } else {
                    (&other, "other instance")
                };
                let write = write_scope_of_k1(registry, &text, actor);
                tokio::pin!(write);
                loop {
                    tokio::select! {
                        biased;
                        () = &mut write => break,
                        _ = scope_of_k1(&ours) => tokio::task::yield_now().await,
                    }
                }
            }
            _ => {
                // The registry holds K-1 alone; `[7]` is the scope in the stored form.
                let Pool::Sqlite(sqlite, _) = &other_pool else {
                    unreachable!("a SQLite pool")
                };
                sqlx::query("UPDATE certificates SET record = json_set(record, '$[7]', ?)")
                    .bind(&text)
                    .execute(sqlite)
                    .await
                    .unwrap();
                tokio::time::sleep(ASK_AGAIN_AFTER).await;
            }
        }
        // Asked from this thread and from another one (another reading connection).
        assert_eq!(scope_of_k1(&ours).await, text, "step {step}");
        let registry = ours.clone();
        let elsewhere = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move { scope_of_k1(&registry).await })
        })
        .join()
        .unwrap();
        assert_eq!(elsewhere, text, "step {step}, another thread");
    }
    other_pool.close().await;
    pool.close().await;
}

/// Waits (up to 10 s, a bound for a loaded machine, not a performance figure) until `check`
/// holds, and says what did not happen otherwise.
async fn eventually<F, Fut>(what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..500 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("not seen within 10 s: {what}");
}

/// PostgreSQL's lookups are answered from memory when asked again (store/certificates/kept.rs)
/// and forgotten when the registry changes: a process sees its own writes at once; another
/// instance's write, an import and SQL typed by hand once the trigger's notice arrives.
#[actix_web::test]
async fn postgres_kept_lookups_follow_every_change() {
    let Some((guard, pool)) = pg_database().await else {
        return;
    };
    let ours = store(&pool);
    ours.upsert_batch(&[row("K-1")], "tester").await.unwrap();
    let updated_at = async |registry: &Registry| {
        registry.by_number("K-1", None).await.unwrap()[0]
            .updated_at
            .clone()
    };
    eventually("lookups kept once listening", || async {
        ours.by_number("K-1", None).await.unwrap();
        ours.keeps_lookups()
    })
    .await;

    // Kept: a change made behind the trigger's back is not seen…
    let before = updated_at(&ours).await;
    exec(
        &pool,
        "ALTER TABLE certificates DISABLE TRIGGER certificates_changed; \
         UPDATE certificates SET updated_at = updated_at + 60; \
         ALTER TABLE certificates ENABLE TRIGGER certificates_changed",
    )
    .await
    .unwrap();
    let served = ours.kept_stats().served;
    assert_eq!(updated_at(&ours).await, before, "the answer is kept");
    let stats = ours.kept_stats();
    assert_eq!(stats.served, served + 1, "counted as answered from memory");
    assert!(stats.live && stats.records >= 1, "{stats:?}");
    // …until a notice says the registry changed.
    exec(&pool, "SELECT pg_notify('annexa_registry', '')")
        .await
        .unwrap();
    eventually("the change after the notice", || async {
        updated_at(&ours).await != before
    })
    .await;

    // Our own writes: seen at once, though the answer before them was kept.
    own_writes_are_seen_at_once(&ours).await;

    // Another instance's write and a plain SQL change: seen through the trigger's notice.
    let other_pool =
        annexa_api::store::connect(&annexa_api::store::Location::Postgres(guard.url()))
            .await
            .unwrap();
    let other = store(&other_pool);
    write_scope_of_k1(&other, "Catering for zebra keepers.", "other instance").await;
    eventually("another instance's write", || async {
        scope_of_k1(&ours).await == "Catering for zebra keepers."
    })
    .await;
    let before = updated_at(&ours).await;
    exec(
        &pool,
        "UPDATE certificates SET updated_at = updated_at + 60",
    )
    .await
    .unwrap();
    eventually("a change typed in SQL", || async {
        updated_at(&ours).await != before
    })
    .await;
    // A new certificate another instance imports is found, though "not found" was asked before.
    assert!(ours.by_number("K-2", None).await.unwrap().is_empty());
    other
        .upsert_batch(&[row("K-2")], "other instance")
        .await
        .unwrap();
    eventually("a certificate imported elsewhere", || async {
        ours.by_number("K-2", None).await.unwrap().len() == 1
    })
    .await;
    assert!(ours.keeps_lookups());
    other_pool.close().await;
}

/// Connections the server cut while they waited in the pool (a restart, a proxy's idle timeout)
/// never reach a request: a connection idle for longer than `TEST_AFTER_IDLE` is tested and
/// replaced before use, on every path through the pool — lookups, counts, a write, a held
/// connection.
#[actix_web::test]
async fn postgres_connections_cut_while_idle_are_replaced_before_use() {
    let Some((_guard, pool)) = pg_database().await else {
        return;
    };
    let ours = store(&pool);
    ours.upsert_batch(&[row("CUT-1")], "tester").await.unwrap();
    let Pool::Postgres(pg, ..) = &pool else {
        unreachable!("pg_database gives a PostgreSQL pool")
    };
    // Several connections in the pool, all idle.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(pg.acquire().await.unwrap());
    }
    drop(held);
    // A connection goes back to the pool once sqlx has tested it, in a task of its own.
    eventually("four connections idle", || async { pg.num_idle() >= 4 }).await;
    let idle = pg.num_idle();

    // The server ends every session of this database but the one asking.
    let cut: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
         AND backend_type = 'client backend') AS cut",
    )
    .fetch_one(pg)
    .await
    .unwrap();
    assert!(cut >= 3, "{cut} sessions cut");
    tokio::time::sleep(annexa_api::store::TEST_AFTER_IDLE + std::time::Duration::from_millis(200))
        .await;

    // Every use after that works, on whichever connection the pool hands out.
    for round in 0..(2 * idle) {
        assert_eq!(ours.count().await.unwrap(), 1, "count, round {round}");
        let found = ours.by_number("CUT-1", None).await.unwrap();
        assert_eq!(found.len(), 1, "lookup, round {round}");
        assert!(!ours.history(found[0].id).await.unwrap().is_empty());
    }
    ours.upsert_batch(&[named("CUT-2", "Cut Again Ltd")], "tester")
        .await
        .unwrap();
    assert_eq!(ours.count().await.unwrap(), 2, "a write after the cut");
}

/// A text of every class a store could read specially (tab, backslash, line breaks, quotes, `\.`
/// and `\N`, which mean something to `COPY`) mixed with plain and non-ASCII letters (combining
/// accent, emoji, a right-to-left letter); never NUL, which PostgreSQL cannot store in a text.
fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::string::string_regex(
        "(?s)([a-zA-Z0-9 ,.;é\u{301}\u{1F680}\u{5D0}\\\\\t\n\r\"']|\\\\\\.|\\\\N){1,16}",
    )
    .unwrap()
}

proptest::proptest! {
    // Each case is a fresh PostgreSQL database (about two seconds).
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 10,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// A bulk load on PostgreSQL writes its new rows with a statement of its own
    /// (store/certificates/postgres_load.rs): whatever text a row holds in its entity name,
    /// scope, identifier, source and actor, what is read back is what was imported — record,
    /// history source and actor, and the lookup by identifier.
    #[test]
    fn a_postgres_bulk_load_reads_back_any_text_as_imported(
        texts in proptest::collection::vec((any_text(), any_text(), any_text(), any_text()), 1..8),
        actor in any_text(),
    ) {
        if registry_support::pg_url().is_none() {
            return Ok(());
        }
        let rows: Vec<RowToWrite> = texts
            .iter()
            .enumerate()
            .map(|(n, (name, scope, vat, source))| {
                let mut r = row(&format!("T-{n}"));
                r.record.entity.name = name.clone();
                r.record.scope = scope.clone();
                r.record.entity.identifiers.vat = Some(vat.clone());
                r.source = source.clone().into();
                r
            })
            .collect();
        actix_web::rt::System::new().block_on(async {
            let (_guard, pool) = pg_database().await.unwrap();
            let registry = store(&pool);
            let load = registry.begin_load().await.unwrap().expect("an empty registry");
            let outcomes = registry.load_batch(&rows, &actor, Some(&load)).await.unwrap();
            registry.end_load(load).await.unwrap();
            for (r, outcome) in rows.iter().zip(outcomes) {
                let Ok(UpsertOutcome::Created(id)) = outcome else {
                    panic!("{outcome:?} for {r:?}")
                };
                let found = registry.get(id).await.unwrap().expect("stored");
                assert_eq!(found.certificate, r.record);
                let history = registry.history(id).await.unwrap();
                assert_eq!(history.len(), 1);
                assert_eq!(history[0].actor, actor);
                assert_eq!(history[0].source.as_deref(), Some(r.source.to_string().as_str()));
                assert_eq!((history[0].action.as_str(), &history[0].changes), ("created", &serde_json::json!({})));
                let vat = r.record.entity.identifiers.vat.as_deref().unwrap();
                if !annexa_api::store::certificates::code_key(vat).is_empty() {
                    let by_vat = registry.by_identifier(Some("vat"), vat).await.unwrap();
                    assert!(by_vat.iter().any(|c| c.id == id), "{vat:?} finds {id}");
                }
            }
        });
    }
}

/// A row PostgreSQL cannot store (a NUL in its country) is rejected alone by a bulk load, as by
/// row-by-row writes, and the rows around it are created.
#[actix_web::test]
async fn a_postgres_bulk_load_rejects_only_the_row_it_cannot_store() {
    let Some((_guard, pool)) = pg_database().await else {
        return;
    };
    let mut rows: Vec<RowToWrite> = (0..5).map(|n| row(&format!("N-{n}"))).collect();
    rows[2].record.entity.country = "I\0E".into();
    let registry = store(&pool);
    let load = registry
        .begin_load()
        .await
        .unwrap()
        .expect("an empty registry");
    let outcomes = registry
        .load_batch(&rows, "tester", Some(&load))
        .await
        .unwrap();
    registry.end_load(load).await.unwrap();
    let shape: Vec<&str> = outcomes
        .iter()
        .map(|o| match o {
            Ok(UpsertOutcome::Created(_)) => "created",
            Ok(_) => "other",
            Err(_) => "rejected",
        })
        .collect();
    assert_eq!(
        shape,
        ["created", "created", "rejected", "created", "created"]
    );
    assert_eq!(
        outcomes[2],
        Err("the registry could not store this row".to_string())
    );
    assert_eq!(registry.count().await.unwrap(), 4);
    // Written again (the file imported a second time, its bad row fixed): the four are
    // unchanged, the fifth created.
    rows[2].record.entity.country = "IE".into();
    let again = registry.upsert_batch(&rows, "tester").await.unwrap();
    assert!(matches!(again[2], Ok(UpsertOutcome::Created(_))));
    for (n, outcome) in again.iter().enumerate().filter(|(n, _)| *n != 2) {
        assert_eq!(
            outcome,
            &outcomes[n].clone().map(|o| match o {
                UpsertOutcome::Created(id) => UpsertOutcome::Unchanged(id),
                other => other,
            })
        );
    }
}

#[actix_web::test]
async fn lookups_asked_at_once_answer_as_each_asked_alone() {
    on_both(check_lookups_at_once).await;
}

/// One lookup of the many a registry may be asked at once: by number (and body), by
/// identifier (and kind) or by name (and country), of a certificate that exists or not.
#[derive(Debug, Clone)]
enum Asked {
    Number(String, Option<String>),
    Identifier(Option<&'static str>, String),
    Name(String, Option<String>),
}

impl Asked {
    async fn ids(&self, store: &Registry) -> Result<Vec<i64>, String> {
        let found = match self {
            Asked::Number(number, body) => store.by_number(number, body.as_deref()).await,
            Asked::Identifier(kind, value) => store.by_identifier(*kind, value).await,
            Asked::Name(name, country) => store.by_name(name, country.as_deref()).await,
        };
        found
            .map(|found| found.iter().map(|c| c.id).collect())
            .map_err(|e| e.to_string())
    }
}

/// 40 certificates: numbers shared by two bodies, holders with one to three certificates, VAT
/// numbers shared by a holder's certificates; and lookups of every kind drawn from them, found
/// and not found, each asked several times. Asked all at once (PostgreSQL then sends them
/// together, in shared round trips, see `gather.rs`), each answers what it answers asked alone,
/// in the same best-first order. Asked at once again with every third one dropped after its
/// first step (a client gone away, whether it was sending a round trip or waiting for one),
/// every other one still answers, and in the same way.
async fn check_lookups_at_once(pool: Pool) {
    let store = store(&pool);
    let statuses = [
        CertificateStatus::Active,
        CertificateStatus::Expired,
        CertificateStatus::Suspended,
        CertificateStatus::Active,
    ];
    let rows: Vec<RowToWrite> = (0..40)
        .map(|i| {
            let mut r = row(&format!("AT-ONCE-{}", i / 2));
            r.record.certification_body = format!("Body {} Ltd", i % 2);
            r.record.status = statuses[i % statuses.len()];
            r.record.expiry_date = format!("2029-0{}-1{}", 1 + i % 9, i % 10).parse().unwrap();
            r.record.entity.name = format!("Holder {} Ltd", i / 3);
            r.record.entity.country = ["IE", "FR"][i % 2].into();
            r.record.entity.identifiers.vat = Some(format!("IE{}88047V", i / 3));
            r
        })
        .collect();
    for outcome in store.upsert_batch(&rows, "tester").await.unwrap() {
        assert!(
            matches!(outcome, Ok(UpsertOutcome::Created(_))),
            "{outcome:?}"
        );
    }
    // A small deterministic generator over the lookups' whole space: each kind, with and
    // without its second parameter, keys that exist and keys that do not.
    let mut seed: u64 = 0x5eed;
    let mut next = |below: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % below
    };
    let asked: Vec<Asked> = (0..240)
        .map(|_| {
            let n = next(24);
            match next(6) {
                0 => Asked::Number(format!("AT-ONCE-{n}"), None),
                1 => Asked::Number(
                    format!("at once {n}"),
                    Some(format!("Body {} Ltd", next(3))),
                ),
                2 => Asked::Identifier(Some("vat"), format!("IE{n}88047V")),
                3 => Asked::Identifier(None, format!("ie {n} 88047 v")),
                4 => Asked::Name(format!("Holder {n} Ltd"), None),
                _ => Asked::Name(
                    format!("holder {n}"),
                    Some(["ie", "FR", "DE"][next(3) as usize].into()),
                ),
            }
        })
        .collect();

    let at_once = |dropped_every: Option<usize>| {
        let tasks: Vec<_> = asked
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (store, a) = (store.clone(), a.clone());
                let dropped = dropped_every.is_some_and(|every| i % every == 0);
                actix_web::rt::spawn(async move {
                    let ids = a.ids(&store);
                    match dropped {
                        // Polled once, then dropped.
                        true => tokio::time::timeout(std::time::Duration::ZERO, ids)
                            .await
                            .ok(),
                        false => Some(ids.await),
                    }
                })
            })
            .collect();
        async move {
            let mut answers = Vec::new();
            for task in tasks {
                answers.push(task.await.unwrap());
            }
            answers
        }
    };
    let before = store.kept_stats();
    let first = at_once(None).await;
    let after = store.kept_stats();
    let (lookups, queries) = (after.asked - before.asked, after.queries - before.queries);
    match &pool {
        // Lookups asked while others were under way went together.
        Pool::Postgres(..) => assert!(queries < lookups, "{queries} statements, {lookups} lookups"),
        Pool::Sqlite(..) => assert_eq!(queries, lookups),
    }
    // A write makes the registry forget the answers it kept: what follows asks the database.
    store
        .upsert_batch(&[row("AT-ONCE-OTHER")], "tester")
        .await
        .unwrap();
    let mut alone = Vec::new();
    for a in &asked {
        alone.push(a.ids(&store).await.unwrap());
    }
    assert!(alone.iter().any(Vec::is_empty), "some lookups find nothing");
    assert!(alone.iter().any(|ids| ids.len() > 1), "some find several");
    for ((a, at_once), alone) in asked.iter().zip(&first).zip(&alone) {
        assert_eq!(at_once.as_ref(), Some(&Ok(alone.clone())), "{a:?}");
    }

    store
        .upsert_batch(&[row("AT-ONCE-OTHER-2")], "tester")
        .await
        .unwrap();
    let again = tokio::time::timeout(std::time::Duration::from_secs(60), at_once(Some(3)))
        .await
        .expect("every lookup not dropped answers");
    for (i, ((a, again), alone)) in asked.iter().zip(&again).zip(&alone).enumerate() {
        if i % 3 != 0 {
            assert_eq!(again.as_ref(), Some(&Ok(alone.clone())), "{a:?}");
        }
    }
}
