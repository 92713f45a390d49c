//! Several instances on one PostgreSQL database, as behind a load balancer.
//!
//! Two `annexa serve` processes start at the same moment on a fresh database, so both run the
//! migrations at once (the advisory lock must serialise them). Leads and certificate imports go
//! through both, from several threads; one instance is killed with SIGKILL part-way and the
//! work carries on through the survivor. Then:
//!
//! - every lead whose `POST` was answered `201` is stored exactly once;
//! - every import row reported created, updated or unchanged is in the registry, under one
//!   certificate id, and no certificate number is stored twice (overlapping imports run on
//!   both instances at once);
//! - every stored lead's webhook reached the local receiver, always under one
//!   `X-Annexa-Delivery` id, so a receiver that de-duplicates by that id sees each lead exactly
//!   once. A second arrival of the same delivery is accepted only when the first came before the
//!   kill (the killed instance had sent it but could not record the success); two arrivals
//!   while both instances lived, or both after the kill, fail the test.
//!
//! A second test signs in to the console through one instance and uses, then ends, the session
//! through the other.
//!
//! Runs when `ANNEXA_TEST_POSTGRES_URL` names a PostgreSQL server (`scripts/pg.sh start` prints
//! one); the test creates its own database there and drops it when it passes. Without the
//! variable it skips with a note, unless `ANNEXA_REQUIRE_POSTGRES=1` (set by `scripts/test.sh`),
//! which makes a missing server a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use annexa_e2e::block_on;
use annexa_e2e::http_client::Request;
use annexa_e2e::payloads::answers;
use annexa_e2e::server::{ADMIN_KEY, Options, Server, annexa_bin, demo_file};
use annexa_e2e::throwaway_pg::{self, ThrowawayDatabase};
use annexa_shared::Mode;
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};

/// The widget key the leads go through, and its consent text.
const WIDGET_KEY: &str = "wk_multi";
const CONSENT: &str = "Multi Ltd may contact me about ISO/IEC 27001.";
/// Threads submitting leads, each alternating between the two instances.
const LEAD_THREADS: usize = 4;
/// Leads acknowledged before the kill, and again after it.
const LEADS_PER_PHASE: usize = 60;
/// Demo certificates, imported in overlapping chunks: chunk k is rows
/// `k × CHUNK_STEP .. k × CHUNK_STEP + CHUNK_ROWS`, so neighbouring chunks (sent by different
/// threads to different instances) share 100 rows.
const CERTIFICATES: usize = 3_000;
const CHUNK_STEP: usize = 150;
const CHUNK_ROWS: usize = 250;
/// How long the receiver holds each webhook before answering: long enough that the killed
/// instance very likely has a delivery in flight.
const RECEIVER_DELAY: Duration = Duration::from_millis(50);
/// How long each phase, and the outbox drain, may take.
const PHASE_TIMEOUT: Duration = Duration::from_secs(90);
const DRAIN_TIMEOUT: Duration = Duration::from_secs(60);
/// A request the killed instance wrote just before it died may be read a little later.
const KILL_GRACE: Duration = Duration::from_millis(500);

/// The count `sql` (`SELECT count(*) …`) returns in `database`.
fn count(database: &ThrowawayDatabase, sql: &'static str) -> i64 {
    block_on(async {
        let mut conn = PgConnection::connect(&database.url())
            .await
            .expect("connect");
        sqlx::query_scalar(sql)
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    })
}

/// One webhook request as the receiver saw it.
#[derive(Debug, Clone)]
struct Receipt {
    delivery: String,
    lead: String,
    at: Instant,
}

/// A local webhook receiver: plain HTTP/1.1 with keep-alive, records each request's
/// `X-Annexa-Delivery` and the lead id of its body on arrival, answers `200` after
/// [`RECEIVER_DELAY`].
struct WebhookReceiver {
    addr: SocketAddr,
    receipts: Arc<Mutex<Vec<Receipt>>>,
}

impl WebhookReceiver {
    fn start() -> WebhookReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("receiver port");
        let addr = listener.local_addr().expect("receiver address");
        let receipts: Arc<Mutex<Vec<Receipt>>> = Arc::default();
        let shared = Arc::clone(&receipts);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let receipts = Arc::clone(&shared);
                std::thread::spawn(move || serve_webhooks(stream, &receipts));
            }
        });
        WebhookReceiver { addr, receipts }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    fn receipts(&self) -> Vec<Receipt> {
        self.receipts.lock().unwrap().clone()
    }
}

/// Serves the requests of one connection until the sender closes it.
fn serve_webhooks(stream: TcpStream, receipts: &Mutex<Vec<Receipt>>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if !matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
            return;
        }
        let mut delivery = String::new();
        let mut length = 0usize;
        loop {
            line.clear();
            if !matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
                return;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                match name.trim().to_ascii_lowercase().as_str() {
                    "x-annexa-delivery" => delivery = value.trim().to_owned(),
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    _ => {}
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let lead = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|event| event["lead"]["id"].as_str().map(str::to_owned))
            .unwrap_or_default();
        receipts.lock().unwrap().push(Receipt {
            delivery,
            lead,
            at: Instant::now(),
        });
        std::thread::sleep(RECEIVER_DELAY);
        if writer
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            .is_err()
        {
            return;
        }
    }
}

/// `count` demo certificates as JSON Lines, one `Vec<u8>` per line (newline included).
fn demo_lines(dir: &Path, count: usize) -> Vec<Vec<u8>> {
    let path = demo_file(dir, 0, count as u64);
    let body = std::fs::read(&path).expect("demo file");
    let lines: Vec<Vec<u8>> = body
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    assert_eq!(lines.len(), count, "demo file rows");
    lines
}

/// The certificate number of a JSON Lines row.
fn certificate_number(line: &[u8]) -> String {
    let record: Value = serde_json::from_slice(line).expect("demo row is JSON");
    record["certificate_number"]
        .as_str()
        .expect("certificate_number")
        .to_owned()
}

/// A lead whose `POST` was answered `201`.
#[derive(Debug, Clone)]
struct AckedLead {
    id: String,
    email: String,
    instance: usize,
}

/// An import row reported created, updated or unchanged.
#[derive(Debug, Clone)]
struct AckedRow {
    number: String,
    id: i64,
    after_kill: bool,
}

/// What the worker threads share.
#[derive(Default)]
struct Run {
    instances: Vec<SocketAddr>,
    /// Set just before the victim is killed: no new request goes to it.
    killed: AtomicBool,
    stop: AtomicBool,
    leads: Mutex<Vec<AckedLead>>,
    /// Lead requests cut by the kill (their lead may or may not be stored).
    leads_cut: Mutex<usize>,
    rows: Mutex<Vec<AckedRow>>,
    /// Completed imports per instance.
    imports: Mutex<[usize; 2]>,
    imports_cut: Mutex<usize>,
    /// Every certificate number sent in any import, acknowledged or not.
    numbers_sent: Mutex<BTreeSet<String>>,
    /// Anything that should not happen: a refused request, a request to the survivor that
    /// failed, a rejected import row.
    failures: Mutex<Vec<String>>,
}

/// Index of the instance that survives, and of the one killed.
const SURVIVOR: usize = 0;
const VICTIM: usize = 1;

impl Run {
    fn target(&self, wanted: usize) -> usize {
        if self.killed.load(Ordering::SeqCst) {
            SURVIVOR
        } else {
            wanted
        }
    }

    /// A request to `instance` failed at the transport level: expected only for the victim
    /// once it is being killed.
    fn transport_error(&self, instance: usize, what: &str, error: std::io::Error) -> bool {
        if instance == VICTIM && self.killed.load(Ordering::SeqCst) {
            true
        } else {
            self.failures
                .lock()
                .unwrap()
                .push(format!("{what} via instance {instance}: {error}"));
            false
        }
    }

    fn fail(&self, message: String) {
        self.failures.lock().unwrap().push(message);
    }

    fn lead_count(&self) -> usize {
        self.leads.lock().unwrap().len()
    }
}

fn submit_leads(run: &Run, worker: usize, template: &Value) {
    let mut submission = template.clone();
    for n in 0usize.. {
        if run.stop.load(Ordering::SeqCst) {
            return;
        }
        let instance = run.target((worker + n) % 2);
        let email = format!("w{worker}-{n}@multi.example");
        submission["contact"]["email"] = email.clone().into();
        let sent = Request::new("POST", "/api/v1/leads")
            .json(&submission)
            .send(run.instances[instance]);
        match sent {
            Ok(response) if response.status == 201 => {
                let id = response.json()["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                run.leads.lock().unwrap().push(AckedLead {
                    id,
                    email,
                    instance,
                });
            }
            Ok(response) => run.fail(format!(
                "lead {email} via instance {instance}: {} {}",
                response.status,
                response.text()
            )),
            Err(error) => {
                if run.transport_error(instance, &format!("lead {email}"), error) {
                    *run.leads_cut.lock().unwrap() += 1;
                }
            }
        }
    }
}

/// Thread `worker` (0 or 1) imports chunks `worker, worker + 2, …` over and over (later rounds
/// are unchanged rows), thread 0 through the survivor, thread 1 through the victim until it is
/// killed.
fn import_chunks(run: &Run, worker: usize, lines: &[Vec<u8>]) {
    let chunks: Vec<&[Vec<u8>]> = (0..lines.len())
        .step_by(CHUNK_STEP)
        .map(|start| &lines[start..(start + CHUNK_ROWS).min(lines.len())])
        .collect();
    loop {
        for chunk in chunks.iter().skip(worker).step_by(2) {
            if run.stop.load(Ordering::SeqCst) {
                return;
            }
            let instance = run.target(if worker == 0 { SURVIVOR } else { VICTIM });
            let after_kill = run.killed.load(Ordering::SeqCst);
            run.numbers_sent
                .lock()
                .unwrap()
                .extend(chunk.iter().map(|line| certificate_number(line)));
            let body: Vec<u8> = chunk.concat();
            let sent = Request::new("POST", "/api/v1/certificates/import")
                .bearer(ADMIN_KEY)
                .body("application/x-ndjson", body)
                .send(run.instances[instance]);
            let response = match sent {
                Ok(response) => response,
                Err(error) => {
                    if run.transport_error(instance, "import", error) {
                        *run.imports_cut.lock().unwrap() += 1;
                    }
                    continue;
                }
            };
            if response.status != 200 {
                run.fail(format!(
                    "import via instance {instance}: {} {}",
                    response.status,
                    response.text()
                ));
                continue;
            }
            let report = response.json();
            let rows = report["rows"].as_array().cloned().unwrap_or_default();
            if rows.len() != chunk.len() {
                run.fail(format!(
                    "import via instance {instance}: {} row reports for {} rows: {}",
                    rows.len(),
                    chunk.len(),
                    report["summary"]
                ));
            }
            let mut acked = Vec::new();
            for row in rows {
                let status = row["status"].as_str().unwrap_or_default();
                match (
                    status,
                    row["certificate_number"].as_str(),
                    row["id"].as_i64(),
                ) {
                    ("created" | "updated" | "unchanged", Some(number), Some(id)) => {
                        acked.push(AckedRow {
                            number: number.to_owned(),
                            id,
                            after_kill,
                        })
                    }
                    _ => run.fail(format!("import via instance {instance}: row {row}")),
                }
            }
            run.rows.lock().unwrap().extend(acked);
            run.imports.lock().unwrap()[instance] += 1;
        }
    }
}

/// Waits until `done`; an error after [`PHASE_TIMEOUT`] or as soon as a request failed.
fn wait_for(what: &str, run: &Run, done: impl Fn() -> bool) -> Result<(), String> {
    let started = Instant::now();
    while !done() {
        let failures = run.failures.lock().unwrap().clone();
        if !failures.is_empty() {
            return Err(format!("while waiting for {what}: {failures:#?}"));
        }
        if started.elapsed() > PHASE_TIMEOUT {
            return Err(format!(
                "{what}: not reached within {PHASE_TIMEOUT:?} ({} leads acknowledged, \
                 imports {:?})",
                run.lead_count(),
                run.imports.lock().unwrap()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// Every lead of the widget key, through the admin list: `(id, email)` in list order.
fn list_leads(addr: SocketAddr) -> Vec<(String, String)> {
    let mut leads = Vec::new();
    for page in 1.. {
        let response = Request::new(
            "GET",
            format!("/api/v1/leads?widget_key={WIDGET_KEY}&per_page=200&page={page}"),
        )
        .bearer(ADMIN_KEY)
        .send(addr)
        .expect("GET /api/v1/leads");
        assert_eq!(response.status, 200, "lead list: {}", response.text());
        let body = response.json();
        let items = body["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        for item in items {
            leads.push((
                item["id"].as_str().unwrap_or_default().to_owned(),
                item["contact"]["email"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ));
        }
        if leads.len() as u64 >= body["total"].as_u64().unwrap_or(0) {
            break;
        }
    }
    leads
}

/// For each number: the ids the registry finds for it (`GET /certificates?number=`).
fn registry_ids(addr: SocketAddr, numbers: &BTreeSet<String>) -> BTreeMap<String, Vec<i64>> {
    let numbers: Vec<&String> = numbers.iter().collect();
    let found = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for part in numbers.chunks(numbers.len().div_ceil(4).max(1)) {
            let found = &found;
            scope.spawn(move || {
                for number in part {
                    let response =
                        Request::new("GET", format!("/api/v1/certificates?number={number}"))
                            .send(addr)
                            .expect("GET /api/v1/certificates");
                    assert_eq!(response.status, 200, "{number}: {}", response.text());
                    let ids: Vec<i64> = response.json()["items"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .iter()
                        .filter(|item| item["certificate"]["certificate_number"] == **number)
                        .filter_map(|item| item["id"].as_i64())
                        .collect();
                    found.lock().unwrap().insert((*number).clone(), ids);
                }
            });
        }
    });
    found.into_inner().unwrap()
}

#[test]
fn two_instances_on_one_postgres_keep_every_acknowledged_write_and_deliver_each_webhook_once() {
    let Some(server_url) = throwaway_pg::server_url() else {
        return;
    };
    annexa_bin(); // built (if need be) before the clock starts
    let test_started = Instant::now();
    let database = block_on(ThrowawayDatabase::create(&server_url, "annexa_e2e_multi"));
    let receiver = WebhookReceiver::start();
    let options = Options {
        // The webhook receiver is a plain-HTTP listener on loopback: allowed for this test only.
        args: [
            "--rate-limit-ip",
            "0",
            "--rate-limit-widget-key",
            "0",
            "--allow-http-webhooks",
            "--allow-private-webhooks",
        ]
        .map(String::from)
        .to_vec(),
        database_url: Some(database.url()),
        ..Options::default()
    };

    // Both instances at the same moment, on an empty database: both migrate at once.
    let barrier = Barrier::new(2);
    let mut servers: Vec<Server> = std::thread::scope(|scope| {
        let starts: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    Server::start_with(options.clone())
                })
            })
            .collect();
        starts
            .into_iter()
            .map(|start| start.join().expect("an instance did not start"))
            .collect()
    });
    let started_in = test_started.elapsed();
    let logs = |servers: &[Server]| {
        servers
            .iter()
            .enumerate()
            .map(|(i, s)| format!("--- instance {i} log ---\n{}", s.log_text()))
            .collect::<Vec<_>>()
            .join("\n")
    };

    // The widget key, created through one instance, is known to the other at once.
    let created = Request::new("POST", "/api/v1/widget-keys")
        .bearer(ADMIN_KEY)
        .json(&json!({
            "key": WIDGET_KEY,
            "owner_name": "Multi Ltd",
            "allowed_origins": ["https://shop.example"],
            "consent_text": CONSENT,
            "webhook_url": receiver.url(),
        }))
        .send(servers[SURVIVOR].addr())
        .expect("POST /api/v1/widget-keys");
    assert_eq!(created.status, 201, "widget key: {}", created.text());
    let config = Request::new("GET", format!("/api/v1/widget-config/{WIDGET_KEY}"))
        .send(servers[VICTIM].addr())
        .expect("GET widget-config");
    assert_eq!(
        config.status,
        200,
        "the other instance does not see the widget key: {}",
        config.text()
    );

    let template = json!({
        "widget_key": WIDGET_KEY,
        "contact": { "name": "Ana Multi", "email": "", "company": "Multi Ltd" },
        "consent": { "text": CONSENT, "agreed_at": "2026-11-29T18:30:00Z" },
        "answers": answers(Mode::Quick, "partial"),
    });
    let lines = demo_lines(servers[SURVIVOR].dir(), CERTIFICATES);
    let run = Run {
        instances: servers.iter().map(Server::addr).collect(),
        ..Run::default()
    };

    let kill_at = std::thread::scope(|scope| {
        for worker in 0..LEAD_THREADS {
            let (run, template) = (&run, &template);
            scope.spawn(move || submit_leads(run, worker, template));
        }
        for worker in 0..2 {
            let (run, lines) = (&run, &lines);
            scope.spawn(move || import_chunks(run, worker, lines));
        }
        let stop_on_panic = StopOnDrop(&run.stop);

        // Phase 1: both instances take leads and imports.
        let phase = wait_for("leads and imports through both instances", &run, || {
            let leads = run.leads.lock().unwrap();
            let imports = *run.imports.lock().unwrap();
            leads.len() >= LEADS_PER_PHASE
                && leads.iter().any(|l| l.instance == VICTIM)
                && imports[SURVIVOR] >= 1
                && imports[VICTIM] >= 1
        });
        if let Err(error) = phase {
            panic!("{error}\n{}", logs(&servers));
        }
        // SIGKILL, mid-request: the lead threads keep ~2 requests in flight on it, an import
        // thread usually one, and its webhook worker a delivery.
        run.killed.store(true, Ordering::SeqCst);
        servers[VICTIM].kill();
        let kill_at = Instant::now();

        // Phase 2: the survivor alone.
        let before = run.lead_count();
        let imports_before = run.imports.lock().unwrap()[SURVIVOR];
        let phase = wait_for("leads and imports through the survivor", &run, || {
            run.lead_count() >= before + LEADS_PER_PHASE
                && run.imports.lock().unwrap()[SURVIVOR] >= imports_before + 2
        });
        if let Err(error) = phase {
            panic!("{error}\n{}", logs(&servers));
        }
        drop(stop_on_panic);
        kill_at
    });
    let failures = run.failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "requests failed: {failures:#?}\n{}",
        logs(&servers)
    );
    let survivor = servers[SURVIVOR].addr();
    servers[SURVIVOR].assert_alive("the other instance was killed");

    // Leads: every acknowledged one stored exactly once.
    let acked = run.leads.lock().unwrap().clone();
    let listed = list_leads(survivor);
    let mut by_id: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_email: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, email) in &listed {
        *by_id.entry(id).or_default() += 1;
        *by_email.entry(email).or_default() += 1;
    }
    let twice: Vec<_> = by_id.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "leads listed twice: {twice:?}");
    for lead in &acked {
        assert_eq!(
            by_id.get(lead.id.as_str()),
            Some(&1),
            "acknowledged lead {} ({}, via instance {}) is not stored",
            lead.id,
            lead.email,
            lead.instance
        );
        assert_eq!(
            by_email.get(lead.email.as_str()),
            Some(&1),
            "lead {} stored more than once",
            lead.email
        );
    }
    let stored_unacked = listed.len() - acked.len();
    let leads_cut = *run.leads_cut.lock().unwrap();
    assert!(
        stored_unacked <= leads_cut,
        "{stored_unacked} leads stored that no request was cut for ({leads_cut} cut)"
    );
    assert_eq!(
        count(&database, "SELECT count(*) FROM leads"),
        listed.len() as i64,
        "leads in the database vs the list"
    );

    // Webhooks: wait for the outbox to drain, then every stored lead delivered under one id.
    let stored: BTreeSet<&str> = by_id.keys().copied().collect();
    let drain_started = Instant::now();
    loop {
        let received: BTreeSet<String> = receiver.receipts().into_iter().map(|r| r.lead).collect();
        let pending = count(&database, "SELECT count(*) FROM webhook_deliveries");
        if pending == 0 && stored.iter().all(|id| received.contains(*id)) {
            break;
        }
        assert!(
            drain_started.elapsed() < DRAIN_TIMEOUT,
            "webhooks not drained after {DRAIN_TIMEOUT:?}: {pending} queued, {} of {} leads \
             received\n{}",
            stored.iter().filter(|id| received.contains(**id)).count(),
            stored.len(),
            logs(&servers)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let drained_in = drain_started.elapsed();
    // Anything still in flight at the survivor arrives now, or never.
    std::thread::sleep(Duration::from_secs(1));
    let receipts = receiver.receipts();
    let mut deliveries: BTreeMap<&str, Vec<&Receipt>> = BTreeMap::new();
    let mut ids_per_lead: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for receipt in &receipts {
        assert!(
            !receipt.delivery.is_empty(),
            "a webhook without X-Annexa-Delivery: {receipt:?}"
        );
        assert!(
            stored.contains(receipt.lead.as_str()),
            "a webhook for a lead that is not stored: {receipt:?}"
        );
        deliveries
            .entry(&receipt.delivery)
            .or_default()
            .push(receipt);
        ids_per_lead
            .entry(&receipt.lead)
            .or_default()
            .insert(&receipt.delivery);
    }
    for id in &stored {
        let ids = ids_per_lead.get(id).map(BTreeSet::len).unwrap_or(0);
        assert_eq!(ids, 1, "lead {id}: {ids} delivery ids");
    }
    let mut redelivered = 0;
    for (delivery, arrivals) in &deliveries {
        if arrivals.len() > 1 {
            let first = arrivals.iter().map(|r| r.at).min().expect("an arrival");
            assert!(
                arrivals.len() == 2 && first <= kill_at + KILL_GRACE,
                "delivery {delivery} arrived {} times, the first {:?} after the kill: \
                 only a delivery the killed instance had in flight may come twice",
                arrivals.len(),
                first.saturating_duration_since(kill_at)
            );
            redelivered += 1;
        }
    }

    // Imports: every acknowledged row under one id, every number stored at most once.
    let rows = run.rows.lock().unwrap().clone();
    let mut acked_ids: BTreeMap<&str, BTreeSet<i64>> = BTreeMap::new();
    for row in &rows {
        acked_ids.entry(&row.number).or_default().insert(row.id);
    }
    let split: Vec<_> = acked_ids.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(
        split.is_empty(),
        "one certificate number reported under several ids: {split:?}"
    );
    let sent = run.numbers_sent.lock().unwrap().clone();
    let found = registry_ids(survivor, &sent);
    for (number, ids) in &found {
        assert!(
            ids.len() <= 1,
            "{number} stored {} times: {ids:?}",
            ids.len()
        );
        if let Some(acked) = acked_ids.get(number.as_str()) {
            assert_eq!(
                ids.first(),
                acked.first(),
                "acknowledged certificate {number} (id {acked:?}) is not in the registry"
            );
        }
    }
    let certificates = count(&database, "SELECT count(*) FROM certificates");
    // Every stored certificate is whole: it has its history.
    let without_history = count(
        &database,
        "SELECT count(*) FROM certificates c WHERE NOT EXISTS \
         (SELECT 1 FROM certificate_history h WHERE h.certificate_id = c.id)",
    );
    assert_eq!(without_history, 0, "certificates without history");
    assert!(
        certificates as usize >= acked_ids.len() && certificates as usize <= sent.len(),
        "{certificates} certificates stored, {} acknowledged, {} sent",
        acked_ids.len(),
        sent.len()
    );

    let imports = *run.imports.lock().unwrap();
    eprintln!(
        "multi_instance: both instances ready in {started_in:.1?}; leads: {} acknowledged \
         ({} via the killed instance), {leads_cut} cut by the kill, {stored_unacked} of those \
         stored anyway; webhooks: {} received for {} leads, {redelivered} delivered again after \
         the kill (same delivery id), outbox drained in {drained_in:.1?}; imports: {} through \
         the survivor, {} through the killed one, {} cut, {} rows acknowledged ({} after the \
         kill), {certificates} certificates, none twice; {:.1?} in all",
        acked.len(),
        acked.iter().filter(|l| l.instance == VICTIM).count(),
        receipts.len(),
        stored.len(),
        imports[SURVIVOR],
        imports[VICTIM],
        *run.imports_cut.lock().unwrap(),
        rows.len(),
        rows.iter().filter(|r| r.after_kill).count(),
        test_started.elapsed()
    );
    drop(servers);
}

/// Sets the flag when dropped, so that a panicking wait also stops the worker threads (else
/// the scope would wait for them forever).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A console session lives in the database, not in an instance: signed in through one
/// instance, it reads and (with the console header) changes through the other, and a sign-out
/// through either ends it on both — as behind a load balancer that sends each request anywhere.
#[test]
fn a_console_session_from_one_instance_works_and_ends_on_the_other() {
    let Some(server_url) = throwaway_pg::server_url() else {
        return;
    };
    let database = block_on(ThrowawayDatabase::create(
        &server_url,
        "annexa_e2e_sessions",
    ));
    let options = Options {
        database_url: Some(database.url()),
        ..Options::default()
    };
    let first = Server::start_with(options.clone());
    let second = Server::start_with(options);

    let signed_in = Request::new("POST", "/api/v1/session")
        .json(&json!({"key": ADMIN_KEY}))
        .send(first.addr())
        .expect("POST /api/v1/session");
    assert_eq!(signed_in.status, 201, "{}", signed_in.text());
    let cookie = signed_in
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("the session cookie")
        .to_owned();
    let as_console = |method: &str, path: &str, header: bool| {
        let request = Request::new(method, path).header("Cookie", &cookie);
        match header {
            true => request.header("X-Annexa-Console", "1"),
            false => request,
        }
    };

    let leads = as_console("GET", "/api/v1/leads", false)
        .send(second.addr())
        .expect("GET /api/v1/leads");
    assert_eq!(
        leads.status,
        200,
        "the other instance refuses the session: {}",
        leads.text()
    );
    let key = json!({"key": "both-instances", "owner_name": "Fictitious Two Ltd",
        "allowed_origins": ["https://shop.example"]});
    let forged = as_console("POST", "/api/v1/widget-keys", false)
        .json(&key)
        .send(second.addr())
        .expect("POST /api/v1/widget-keys");
    assert_eq!(
        forged.status,
        403,
        "a change without the console header: {}",
        forged.text()
    );
    let created = as_console("POST", "/api/v1/widget-keys", true)
        .json(&key)
        .send(second.addr())
        .expect("POST /api/v1/widget-keys");
    assert_eq!(created.status, 201, "{}", created.text());

    let signed_out = as_console("DELETE", "/api/v1/session", true)
        .send(second.addr())
        .expect("DELETE /api/v1/session");
    assert_eq!(signed_out.status, 204, "{}", signed_out.text());
    for server in [&first, &second] {
        let after = as_console("GET", "/api/v1/leads", false)
            .send(server.addr())
            .expect("GET /api/v1/leads");
        assert_eq!(
            after.status,
            401,
            "the session outlived its sign-out: {}",
            after.text()
        );
    }
    drop((first, second));
}
