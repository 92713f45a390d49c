//! The answers of the registry's recent point lookups (by number, identifier, name and id — what
//! every verification does), kept in memory until the registry changes: [`Answers`] and
//! [`Counts`], used by both stores, and [`Kept`], PostgreSQL's.
//!
//! On SQLite each thread's reading connection keeps its own answers and asks the file whether
//! any other connection committed since (`PRAGMA data_version`); if so it forgets them
//! (`reader.rs`). It asks before the next lookup after any write through this process, and
//! otherwise at most once per millisecond: a process reads its own writes at once, and another
//! process's change is seen within a millisecond of its commit, as on PostgreSQL below.
//!
//! On PostgreSQL a lookup is a round trip to another process: the query's own work is small
//! (an index scan of a few pages), but sending it, waking the server, planning, answering and
//! waking this process again cost three times what the whole verification costs on SQLite
//! (docs/BENCHMARKS.md, "Issue 17, sixth round"). Buyers check the same suppliers again and
//! again, so the answers are kept — and forgotten, all at once, whenever the registry changes:
//!
//! - a write through this process forgets them as soon as it commits, before it returns
//!   (so a process always reads its own writes);
//! - every other change — another instance, `annexa certs import`, SQL typed into `psql` —
//!   is announced by the trigger of migration `0102_certificates_changed.sql`, which notifies
//!   the channel [`CHANNEL`] when its transaction commits. A task of each process listens
//!   there and forgets everything on each notice. Another process's write is therefore seen
//!   once its notice arrives: normally within a millisecond of its commit.
//! - Answers are kept only while that task is listening. Until its `LISTEN` is in place, and
//!   from the moment its connection is found lost or failing (notices may be missed), nothing
//!   is kept and every lookup asks the server; the next lookup starts listening again, and
//!   listening again starts from nothing.
//!
//! A lookup that was asked before a change and answers after it cannot keep its (old) answer:
//! each change moves a generation counter, and an answer is kept only under the generation it
//! was asked in. At most [`RECORDS_KEPT`] records are kept; when full, the answers kept longest
//! make room, a few at a time — but only for a lookup asked before, lately ([`Doorkeeper`]).

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use hashlink::LinkedHashMap;
use hashlink::linked_hash_map::RawEntryMut;
use sqlx::postgres::PgListener;
use tokio::sync::oneshot;

use super::StoredCertificate;
use super::reader::Param;

/// The channel the registry's trigger notifies.
pub const CHANNEL: &str = "annexa_registry";

/// Records kept at most by one PostgreSQL pool, or by one thread's SQLite connection (a record
/// takes one to a few kilobytes).
pub const RECORDS_KEPT: usize = 8192;

/// Kept lookup answers, at most [`RECORDS_KEPT`] records; when full, the answers kept longest
/// are forgotten until the new one fits, if the new one's lookup was asked before lately (see
/// [`Doorkeeper`]). (Forgetting all of them at once, as this did before, dropped thousands of
/// records in one go: a stall of tens of milliseconds for every request waiting on the thread,
/// the closed-loop p99 of lookups that are not kept.)
pub struct Answers {
    /// Records kept at most ([`RECORDS_KEPT`]; fewer in tests).
    capacity: usize,
    /// Records in `map`.
    records: usize,
    /// In the order kept, oldest first. The records are shared with the answers given out:
    /// serving one copies pointers, not records.
    map: LinkedHashMap<Key, Vec<Arc<StoredCertificate>>>,
    /// The lookups not kept lately, when full.
    doorkeeper: Doorkeeper,
}

impl Default for Answers {
    fn default() -> Self {
        Answers::with_capacity(RECORDS_KEPT)
    }
}

/// Decides, once a cache is full, which new answers are worth the room of older ones: only
/// those asked before, lately. It remembers (by hash) the answers it turned away, in two
/// generations of at most `window` each: an answer asked again before `window` others were
/// turned away after it is always admitted.
///
/// Without it, every answer not kept pushed out a kept one: a buyer's batch of ten thousand
/// suppliers checked once each, or verifications that each ask another certificate, emptied the
/// cache of the certificates asked again and again; and each such request paid for dropping an
/// old answer and its reading from memory long gone cold (about a sixth of the CPU time of
/// such a verification, docs/BENCHMARKS.md). While a cache has room, everything is kept at
/// once, as before.
#[derive(Debug)]
pub(crate) struct Doorkeeper {
    /// The hashes of the answers turned away lately, at most `window`.
    seen: HashSet<u64>,
    /// Those turned away before `seen` filled up last.
    older: HashSet<u64>,
    window: usize,
}

impl Doorkeeper {
    /// One that remembers at least the last `window` answers turned away.
    pub(crate) fn new(window: usize) -> Doorkeeper {
        Doorkeeper {
            seen: HashSet::new(),
            older: HashSet::new(),
            window,
        }
    }

    /// Whether the answer whose key hashes to `hash` may push older ones out of a full cache:
    /// only if it was turned away lately. One turned away now is remembered.
    pub(crate) fn admits(&mut self, hash: u64) -> bool {
        if self.seen.remove(&hash) || self.older.remove(&hash) {
            return true;
        }
        if self.seen.len() >= self.window {
            std::mem::swap(&mut self.seen, &mut self.older);
            self.seen.clear();
        }
        self.seen.insert(hash);
        false
    }

    /// Forgets every answer turned away.
    pub(crate) fn forget(&mut self) {
        self.seen.clear();
        self.older.clear();
    }
}

impl Answers {
    /// An empty cache of at most `capacity` records.
    fn with_capacity(capacity: usize) -> Answers {
        Answers {
            capacity,
            records: 0,
            map: LinkedHashMap::new(),
            doorkeeper: Doorkeeper::new(capacity),
        }
    }

    /// The kept answer of this lookup (found without building its key: no allocation).
    pub fn get(
        &self,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> Option<Vec<Arc<StoredCertificate>>> {
        let asked = Asked { sql, params };
        let hash = self.map.hasher().hash_one(&asked);
        self.map
            .raw_entry()
            .from_hash(hash, |key| key.is(&asked))
            .map(|(_, found)| found.clone())
    }

    /// Keeps the answer `found` of this lookup, counted in `counts` — when full, only if the
    /// [`Doorkeeper`] admits it.
    pub fn keep(
        &mut self,
        sql: &'static str,
        params: &[Param<'_>],
        found: &[Arc<StoredCertificate>],
        counts: &Counts,
    ) {
        if found.len() > self.capacity {
            return;
        }
        let asked = Asked { sql, params };
        let hash = self.map.hasher().hash_one(&asked);
        if let RawEntryMut::Occupied(entry) = self
            .map
            .raw_entry_mut()
            .from_hash(hash, |key| key.is(&asked))
        {
            let old = entry.remove();
            self.forgotten(old.len(), counts);
        }
        if self.records + found.len() > self.capacity && !self.doorkeeper.admits(hash) {
            return;
        }
        let key = Key::new(sql, params);
        while self.records + found.len() > self.capacity {
            match self.map.pop_front() {
                Some((_, oldest)) => self.forgotten(oldest.len(), counts),
                None => break,
            }
        }
        self.records += found.len();
        counts.records.fetch_add(found.len(), Ordering::Relaxed);
        self.map.insert(key, found.to_vec());
    }

    fn forgotten(&mut self, records: usize, counts: &Counts) {
        self.records -= records;
        counts.records.fetch_sub(records, Ordering::Relaxed);
    }

    /// Forgets every answer (and every answer turned away).
    pub fn forget(&mut self, counts: &Counts) {
        counts.records.fetch_sub(self.records, Ordering::Relaxed);
        self.map.clear();
        self.records = 0;
        self.doorkeeper.forget();
    }
}

/// How a pool's lookups were answered, for `/metrics`.
#[derive(Debug, Default)]
pub struct Counts {
    /// Lookups answered from memory since the pool was opened.
    served: AtomicU64,
    /// Lookups asked of the database since the pool was opened.
    asked: AtomicU64,
    /// Statements sent for them: on PostgreSQL fewer, when lookups asked at the same time
    /// went together (`gather.rs`).
    queries: AtomicU64,
    /// Records kept now (on SQLite, by every thread together).
    records: AtomicUsize,
}

impl Counts {
    /// A lookup answered from memory.
    pub fn served(&self) {
        self.served.fetch_add(1, Ordering::Relaxed);
    }

    /// A lookup asked of the database.
    pub fn asked(&self) {
        self.asked.fetch_add(1, Ordering::Relaxed);
    }

    /// A statement sent to the database for one or more lookups.
    pub fn queried(&self) {
        self.queries.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts, and whether answers are being kept now.
    pub fn stats(&self, live: bool) -> KeptStats {
        KeptStats {
            live,
            records: self.records.load(Ordering::Relaxed),
            served: self.served.load(Ordering::Relaxed),
            asked: self.asked.load(Ordering::Relaxed),
            queries: self.queries.load(Ordering::Relaxed),
        }
    }
}

/// The kept answers of one PostgreSQL pool (shared by its clones).
#[derive(Default)]
pub struct Kept {
    state: Mutex<State>,
    counts: Counts,
    /// The lookups not kept, gathered into shared round trips while others are under way.
    pub(super) gather: super::gather::Lookups,
}

#[derive(Default)]
struct State {
    /// Answers are kept and served only while this is true (the listener is in place).
    live: bool,
    /// Moves with every change; an answer is kept only under the generation it was asked in.
    generation: u64,
    answers: Answers,
    /// The running listener's stop signal: dropped with the pool, it ends the listener. `None`
    /// when no listener runs.
    listener: Option<oneshot::Sender<()>>,
}

/// What `/metrics` shows of the kept answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeptStats {
    /// Whether answers are being kept now (the listener is in place).
    pub live: bool,
    /// Records kept now.
    pub records: usize,
    /// Lookups answered from memory since the pool was opened.
    pub served: u64,
    /// Lookups asked of the database since the pool was opened.
    pub asked: u64,
    /// Statements sent to the database for those lookups: one each on SQLite; on PostgreSQL
    /// fewer when lookups asked at the same time shared one.
    pub queries: u64,
}

/// A lookup: its SQL (a `&'static str`, so its address names it) and its parameters. Hashed
/// as the [`Asked`] it was made from, so that a lookup is found without building its key.
#[derive(Debug, PartialEq, Eq)]
struct Key {
    sql: usize,
    params: Vec<Owned>,
}

#[derive(Debug, PartialEq, Eq)]
enum Owned {
    Text(Option<String>),
    Int(Option<i64>),
}

impl Owned {
    fn param(&self) -> Param<'_> {
        match self {
            Owned::Text(text) => Param::Text(text.as_deref()),
            Owned::Int(int) => Param::Int(*int),
        }
    }
}

impl Key {
    fn new(sql: &'static str, params: &[Param<'_>]) -> Key {
        Key {
            sql: sql.as_ptr() as usize,
            params: params
                .iter()
                .map(|param| match *param {
                    Param::Text(text) => Owned::Text(text.map(str::to_owned)),
                    Param::Int(int) => Owned::Int(int),
                })
                .collect(),
        }
    }

    /// Whether this is the key of `asked`.
    fn is(&self, asked: &Asked<'_, '_>) -> bool {
        self.sql == asked.sql.as_ptr() as usize
            && self.params.len() == asked.params.len()
            && self
                .params
                .iter()
                .zip(asked.params)
                .all(|(owned, param)| owned.param() == *param)
    }
}

/// A lookup as asked, borrowing its parameters.
struct Asked<'s, 'p> {
    sql: &'static str,
    params: &'s [Param<'p>],
}

/// The one hash of a lookup, whether it is held as a [`Key`] or as an [`Asked`].
fn hash_lookup<'p, H: Hasher>(
    state: &mut H,
    sql: usize,
    params: impl ExactSizeIterator<Item = Param<'p>>,
) {
    state.write_usize(sql);
    state.write_usize(params.len());
    for param in params {
        match param {
            Param::Text(text) => {
                state.write_u8(0);
                text.hash(state);
            }
            Param::Int(int) => {
                state.write_u8(1);
                int.hash(state);
            }
        }
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_lookup(state, self.sql, self.params.iter().map(Owned::param));
    }
}

impl Hash for Asked<'_, '_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_lookup(
            state,
            self.sql.as_ptr() as usize,
            self.params.iter().copied(),
        );
    }
}

/// What [`Kept::get`] found.
#[derive(Debug)]
pub enum Found {
    /// The kept answer.
    Kept(Vec<Arc<StoredCertificate>>),
    /// Nothing kept: ask the server, then [`Kept::keep`] the answer under this ticket.
    Ask(Ticket),
}

/// When a lookup was asked: the generation, if answers are being kept at all.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(Option<u64>);

impl fmt::Debug for Kept {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        formatter
            .debug_struct("Kept")
            .field("live", &state.live)
            .field("generation", &state.generation)
            .field("records", &state.answers.records)
            .finish()
    }
}

impl Kept {
    /// The kept answer of this lookup, or a ticket to keep the server's answer under. Starts
    /// the listener on first use (on the current Tokio runtime; without one nothing is kept).
    pub fn get(
        self: &Arc<Self>,
        pool: &sqlx::PgPool,
        sql: &'static str,
        params: &[Param<'_>],
    ) -> Found {
        let mut state = self.lock();
        if state.listener.is_none()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            let (stop, stopped) = oneshot::channel();
            state.listener = Some(stop);
            runtime.spawn(listen(Arc::downgrade(self), pool.clone(), stopped));
        }
        let found = match state.live {
            true => state.answers.get(sql, params),
            false => None,
        };
        match found {
            Some(found) => {
                self.counts.served();
                Found::Kept(found)
            }
            None => {
                self.counts.asked();
                Found::Ask(Ticket(state.live.then_some(state.generation)))
            }
        }
    }

    /// Keeps the server's answer to a lookup asked under `ticket`, unless the registry changed
    /// since (or answers are not being kept).
    pub fn keep(
        &self,
        ticket: Ticket,
        sql: &'static str,
        params: &[Param<'_>],
        found: &[Arc<StoredCertificate>],
    ) {
        let mut state = self.lock();
        if !state.live || ticket.0 != Some(state.generation) {
            return;
        }
        state.answers.keep(sql, params, found, &self.counts);
    }

    /// Forgets every kept answer: the registry changed.
    pub fn forget(&self) {
        self.lock().forget(&self.counts);
    }

    /// Whether answers are being kept (the listener is in place).
    pub fn live(&self) -> bool {
        self.lock().live
    }

    /// Counts for `/metrics`.
    pub fn stats(&self) -> KeptStats {
        self.counts.stats(self.live())
    }

    /// The counts this pool's lookups are counted in.
    pub(super) fn counts(&self) -> &Counts {
        &self.counts
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves a state that is still whole: keep using it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn forget(&mut self, counts: &Counts) {
        self.generation = self.generation.wrapping_add(1);
        self.answers.forget(counts);
    }
}

/// Marks the listener stopped when its task ends, however it ends: nothing is kept any more,
/// and the next lookup starts a new listener.
struct Stopped(Weak<Kept>);

impl Drop for Stopped {
    fn drop(&mut self) {
        if let Some(kept) = self.0.upgrade() {
            let mut state = kept.lock();
            state.live = false;
            state.listener = None;
            state.forget(&kept.counts);
        }
    }
}

/// Listens for the registry's change notices until the pool's [`Kept`] is dropped (`stopped`)
/// or the connection cannot be had again.
async fn listen(kept: Weak<Kept>, pool: sqlx::PgPool, mut stopped: oneshot::Receiver<()>) {
    let _stopped = Stopped(kept.clone());
    let mut listener = match PgListener::connect_with(&pool).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "registry lookups are not kept in memory: no connection to listen on");
            return;
        }
    };
    // A lost connection is reported at once (not after reconnecting), so nothing is kept while
    // notices could be missed.
    listener.eager_reconnect(false);
    if let Err(error) = listener.listen(CHANNEL).await {
        tracing::warn!(%error, "registry lookups are not kept in memory: LISTEN failed");
        return;
    }
    // Listening from here on: every later commit that changes the registry will be heard.
    match kept.upgrade() {
        Some(kept) => {
            let mut state = kept.lock();
            state.forget(&kept.counts);
            state.live = true;
        }
        None => return,
    }
    loop {
        let notice = tokio::select! {
            notice = listener.try_recv() => notice,
            _ = &mut stopped => return,
        };
        let Some(kept) = kept.upgrade() else { return };
        match notice {
            // A change was committed.
            Ok(Some(_)) => kept.forget(),
            // The connection was lost: changes from now on would be missed. Stop keeping (the
            // next lookup starts listening again).
            Ok(None) => {
                tracing::warn!(
                    "registry lookups are not kept in memory until the listening connection is back"
                );
                return;
            }
            Err(error) => {
                tracing::warn!(%error, "registry lookups are no longer kept in memory: the listening connection failed");
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use proptest::prelude::*;

    use super::*;

    const SQL: &str = "SELECT a kept lookup";

    fn stored(id: i64) -> Arc<StoredCertificate> {
        Arc::new(StoredCertificate {
            id,
            certificate: crate::registry::demo::record(id as u64),
            created_at: String::new(),
            updated_at: format!("version {id}"),
        })
    }

    /// A lookup's parameters, of few values so that lookups meet: texts and integers, present
    /// or NULL.
    fn any_params() -> impl Strategy<Value = Vec<(u8, Option<u8>)>> {
        prop::collection::vec((0u8..2, proptest::option::of(0u8..3)), 0..3)
    }

    fn texts(params: &[(u8, Option<u8>)]) -> Vec<Option<String>> {
        params
            .iter()
            .map(|(_, v)| v.map(|v| format!("v{v}")))
            .collect()
    }

    fn as_params<'a>(params: &[(u8, Option<u8>)], texts: &'a [Option<String>]) -> Vec<Param<'a>> {
        params
            .iter()
            .zip(texts)
            .map(|((kind, value), text)| match kind {
                0 => Param::Text(text.as_deref()),
                _ => Param::Int(value.map(i64::from)),
            })
            .collect()
    }

    /// What a user relies on: certificates asked again and again stay kept through any number
    /// of lookups asked once each (a batch of one-off checks), and a lookup asked a second time
    /// while fewer than `capacity` others were turned away is kept from then on.
    #[test]
    fn lookups_asked_once_do_not_push_out_those_asked_again() {
        let capacity = 64;
        let mut answers = Answers::with_capacity(capacity);
        let counts = Counts::default();
        let keep = |answers: &mut Answers, n: i64| {
            let text = n.to_string();
            answers.keep(SQL, &[Param::Text(Some(&text))], &[stored(n)], &counts);
        };
        let kept = |answers: &Answers, n: i64| {
            let text = n.to_string();
            answers.get(SQL, &[Param::Text(Some(&text))]).is_some()
        };
        for n in 0..capacity as i64 {
            keep(&mut answers, n);
        }
        for n in 1_000..11_000 {
            keep(&mut answers, n);
            assert!(
                !kept(&answers, n),
                "a one-off lookup pushed a kept one out: {n}"
            );
        }
        assert!((0..capacity as i64).all(|n| kept(&answers, n)));
        // Asked twice, with fewer than `capacity` others turned away between: kept at the
        // second asking, wherever the doorkeeper's generations stood.
        keep(&mut answers, 20_000);
        for n in 30_000..30_000 + capacity as i64 - 1 {
            keep(&mut answers, n);
        }
        assert!(!kept(&answers, 20_000));
        keep(&mut answers, 20_000);
        assert!(kept(&answers, 20_000));
        assert_eq!(answers.records, capacity);
    }

    proptest! {
        /// A lookup is found without building its key: for any lookups kept and any asked
        /// (two SQL texts, texts and integers, NULLs), the answer served is the one kept under
        /// the equal key (`Key::new`, compared whole), and a key hashes as the lookup it came
        /// from.
        #[test]
        fn a_lookup_is_found_as_its_key_would_find_it(
            kept in prop::collection::vec((any::<bool>(), any_params()), 0..12),
            asked in prop::collection::vec((any::<bool>(), any_params()), 1..12),
        ) {
            const OTHER: &str = "SELECT another kept lookup";
            let sql = |first: bool| if first { SQL } else { OTHER };
            let mut answers = Answers::default();
            let counts = Counts::default();
            let mut model: Vec<(Key, i64)> = Vec::new();
            for (n, (first, params)) in kept.iter().enumerate() {
                let texts = texts(params);
                let params = as_params(params, &texts);
                answers.keep(sql(*first), &params, &[stored(n as i64)], &counts);
                let key = Key::new(sql(*first), &params);
                let asked = Asked { sql: sql(*first), params: &params };
                prop_assert!(key.is(&asked));
                let hasher = answers.map.hasher();
                prop_assert_eq!(hasher.hash_one(&key), hasher.hash_one(&asked));
                model.retain(|(k, _)| *k != key);
                model.push((key, n as i64));
            }
            for (first, params) in &asked {
                let texts = texts(params);
                let params = as_params(params, &texts);
                let key = Key::new(sql(*first), &params);
                let expected = model.iter().find(|(k, _)| *k == key).map(|(_, id)| *id);
                let served = answers
                    .get(sql(*first), &params)
                    .map(|found| found.iter().map(|c| c.id).collect::<Vec<_>>());
                prop_assert_eq!(served, expected.map(|id| vec![id]));
                for (other, _) in &model {
                    prop_assert_eq!(other.is(&Asked { sql: sql(*first), params: &params }), *other == key);
                }
            }
        }

        /// Whatever is kept and asked, in any order: the records kept never pass the capacity
        /// and are what the counts say; the answer kept last is served as kept; an answer is
        /// served only as it was kept last, and only while its newer neighbours have not pushed
        /// it out — the answers kept longest go first; and once full, a new answer pushes older
        /// ones out only if its lookup was turned away lately (the doorkeeper's two generations
        /// of `capacity`); checked against a plain queue and two plain lists.
        #[test]
        fn answers_stay_within_capacity_and_go_oldest_first(
            steps in prop::collection::vec((0u8..12, 0usize..10, any::<bool>()), 1..200),
        ) {
            let capacity = 8;
            let mut answers = Answers::with_capacity(capacity);
            let counts = Counts::default();
            // The model: (key, records) in the order kept, oldest first; the keys turned away.
            let mut model: VecDeque<(u8, usize)> = VecDeque::new();
            let mut turned_away: Vec<u8> = Vec::new();
            let mut turned_away_before: Vec<u8> = Vec::new();
            for (step, (key, size, ask)) in steps.into_iter().enumerate() {
                let key_text = key.to_string();
                let params = [Param::Text(Some(key_text.as_str()))];
                if ask {
                    let served = answers.get(SQL, &params).map(|found| found.len());
                    let expected = model.iter().find(|(k, _)| *k == key).map(|(_, n)| *n);
                    prop_assert_eq!(served, expected, "step {}", step);
                    continue;
                }
                let found: Vec<_> = (0..size).map(|i| stored(step as i64 * 10 + i as i64)).collect();
                answers.keep(SQL, &params, &found, &counts);
                if size <= capacity {
                    model.retain(|(k, _)| *k != key);
                    let full = model.iter().map(|(_, n)| n).sum::<usize>() + size > capacity;
                    let admitted = !full || {
                        let before = turned_away.len() + turned_away_before.len();
                        turned_away.retain(|k| *k != key);
                        turned_away_before.retain(|k| *k != key);
                        let seen = turned_away.len() + turned_away_before.len() < before;
                        if !seen {
                            if turned_away.len() >= capacity {
                                turned_away_before = std::mem::take(&mut turned_away);
                            }
                            turned_away.push(key);
                        }
                        seen
                    };
                    if admitted {
                        while model.iter().map(|(_, n)| n).sum::<usize>() + size > capacity {
                            model.pop_front();
                        }
                        model.push_back((key, size));
                        let served = answers.get(SQL, &params).unwrap();
                        prop_assert_eq!(served.iter().map(|c| c.id).collect::<Vec<_>>(),
                            found.iter().map(|c| c.id).collect::<Vec<_>>());
                    } else {
                        prop_assert!(answers.get(SQL, &params).is_none(), "step {}", step);
                    }
                }
                let kept: usize = model.iter().map(|(_, n)| n).sum();
                prop_assert!(answers.records <= capacity);
                prop_assert_eq!(answers.records, kept);
                prop_assert_eq!(counts.stats(true).records, kept);
            }
        }
    }
}
