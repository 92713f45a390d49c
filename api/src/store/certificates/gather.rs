//! PostgreSQL's point lookups asked at the same time, sent together: one round trip for many.
//!
//! A lookup that is not kept in memory (`kept.rs`) is a round trip to another process: sending
//! the statement, waking the server, running it, answering and waking this process again. On
//! one core that costs more than the rest of a verification, and most of it does not depend on
//! how many certificates the statement looks up (docs/BENCHMARKS.md, "Issue 17, twentieth
//! round"). So lookups of the same kind that are asked while earlier ones are under way wait,
//! and the next round trip takes all of them at once: one statement over arrays of their
//! parameters (`UNNEST … WITH ORDINALITY`, each joined laterally to the lookup's own query, so
//! each still gets its own 20 best in its own order).
//!
//! Nothing waits for company. A lookup asked when no round trip of its kind is under way
//! ([`ROUND_TRIPS_AT_ONCE`]) is sent at once, alone, with the lookup's plain statement. Only
//! under load do lookups queue, and then for at most the round trip ahead of them.
//!
//! [`Gather`] is the waiting and leading, whatever the round trip; [`lookup`] is PostgreSQL's.
//! The lookup that sends a round trip *leads* it. When the answer comes, the leader hands each
//! lookup it took its rows, passes the lead to the first lookup still waiting (which sends the
//! next round trip with everything queued by then), and returns its own rows. A leader that is
//! dropped half-way (its client went away) still passes the lead on, and the lookups it had
//! taken find their answer's channel closed and ask again: none is lost or left waiting.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use sqlx::{PgPool, Row};
use tokio::sync::oneshot;

use super::kept::Kept;
use super::reader::Param;
use super::{StoredCertificate, best_first_order, stored};
use crate::store::held::{Held, fetch_all};
use crate::store::{Result, StoreError};

/// Round trips of one kind under way at once. One: with PostgreSQL on the same core, one round
/// trip at a time answered 18–24 % more verifications than two (larger round trips, fewer
/// wake-ups; docs/BENCHMARKS.md). The price: a round trip slowed by a page read from disk holds
/// up the lookups asked meanwhile, for at most its own time.
pub const ROUND_TRIPS_AT_ONCE: usize = 1;

/// Lookups taken by one round trip at most; the rest wait for the next.
pub const GATHERED_AT_MOST: usize = 64;

/// Lookups (their parameters `P`, their answers `T`) waiting for a round trip of their kind,
/// and the round trips under way. A kind is named by a `&'static str` (its SQL): its address.
pub struct Gather<P, T> {
    kinds: Mutex<Vec<Kind<P, T>>>,
    /// Round trips of one kind under way at most ([`ROUND_TRIPS_AT_ONCE`]).
    at_once: usize,
}

impl<P, T> Default for Gather<P, T> {
    fn default() -> Self {
        Gather::new(ROUND_TRIPS_AT_ONCE)
    }
}

/// The lookups of one kind.
struct Kind<P, T> {
    name: &'static str,
    /// Round trips under way (at most [`Gather::at_once`]).
    leading: usize,
    waiting: VecDeque<Waiter<P, T>>,
}

/// A lookup waiting for a round trip.
struct Waiter<P, T> {
    params: P,
    reply: oneshot::Sender<Reply<T>>,
}

/// What a waiting lookup is told.
enum Reply<T> {
    /// Its answer, or the round trip's error.
    Found(std::result::Result<T, String>),
    /// It leads the next round trip.
    Lead,
}

impl<P: Clone, T> Gather<P, T> {
    /// The answer to the lookup of kind `kind` with `params`: sent alone when fewer than
    /// [`Gather::at_once`] round trips of its kind are under way, else with the other
    /// lookups waiting when one ends. `round_trip` is called (at most once) when this lookup
    /// leads: with the parameters of every lookup it takes, its own first, and answers each in
    /// the same order.
    pub async fn ask<F, Fut>(&self, kind: &'static str, params: P, round_trip: F) -> Result<T>
    where
        F: FnOnce(Vec<P>) -> Fut,
        Fut: Future<Output = Result<Vec<T>>>,
    {
        loop {
            let receiver = {
                let mut kinds = self.lock();
                let kind = kind_of(&mut kinds, kind);
                if kind.leading < self.at_once {
                    kind.leading += 1;
                    None
                } else {
                    let (reply, receiver) = oneshot::channel();
                    let params = params.clone();
                    kind.waiting.push_back(Waiter { params, reply });
                    Some(receiver)
                }
            };
            if let Some(receiver) = receiver {
                let mut waiting = Waiting {
                    gather: self,
                    kind,
                    receiver: Some(receiver),
                };
                let told = match waiting.receiver.as_mut() {
                    Some(receiver) => receiver.await,
                    None => continue,
                };
                waiting.receiver = None;
                match told {
                    Ok(Reply::Found(found)) => return found.map_err(StoreError::Internal),
                    Ok(Reply::Lead) => {}
                    // The round trip that took this lookup was dropped: ask again.
                    Err(_) => continue,
                }
            }
            let _leading = Leading { gather: self, kind };
            return self.lead(kind, params, round_trip).await;
        }
    }

    /// Sends one round trip: this lookup and those waiting (up to [`GATHERED_AT_MOST`] in all).
    async fn lead<F, Fut>(&self, kind: &'static str, params: P, round_trip: F) -> Result<T>
    where
        F: FnOnce(Vec<P>) -> Fut,
        Fut: Future<Output = Result<Vec<T>>>,
    {
        let (taken, replies): (Vec<P>, Vec<oneshot::Sender<Reply<T>>>) = {
            let mut kinds = self.lock();
            let waiting = &mut kind_of(&mut kinds, kind).waiting;
            let count = waiting.len().min(GATHERED_AT_MOST - 1);
            waiting
                .drain(..count)
                .map(|waiter| (waiter.params, waiter.reply))
                .unzip()
        };
        let all: Vec<P> = std::iter::once(params).chain(taken).collect();
        let asked = all.len();
        match round_trip(all).await {
            Ok(found) if found.len() == asked => {
                let mut found = found.into_iter();
                let own = found.next();
                for (reply, answer) in replies.into_iter().zip(found) {
                    // A lookup no longer waiting (its client went away) needs no answer.
                    let _ = reply.send(Reply::Found(Ok(answer)));
                }
                own.ok_or_else(|| StoreError::Internal("a round trip answered nothing".into()))
            }
            Ok(found) => {
                let error = format!("a round trip of {asked} lookups answered {}", found.len());
                for reply in replies {
                    let _ = reply.send(Reply::Found(Err(error.clone())));
                }
                Err(StoreError::Internal(error))
            }
            Err(error) => {
                for reply in replies {
                    let _ = reply.send(Reply::Found(Err(error.to_string())));
                }
                Err(error)
            }
        }
    }
}

impl<P, T> Gather<P, T> {
    /// At most `at_once` round trips of one kind under way (at least one).
    pub fn new(at_once: usize) -> Self {
        Gather {
            kinds: Mutex::default(),
            at_once: at_once.max(1),
        }
    }

    /// A round trip of kind `kind` has ended (answered, failed or dropped): the first lookup
    /// still waiting leads the next one, or one round trip fewer is under way.
    fn pass_lead(&self, kind: &'static str) {
        let mut kinds = self.lock();
        let kind = kind_of(&mut kinds, kind);
        while let Some(next) = kind.waiting.pop_front() {
            if next.reply.send(Reply::Lead).is_ok() {
                return;
            }
        }
        kind.leading -= 1;
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Kind<P, T>>> {
        // Every change to the state is whole before the lock is let go: a panic elsewhere
        // while holding it leaves nothing half-done.
        self.kinds
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The state of one kind of lookup (a few kinds at most: a short list).
fn kind_of<'k, P, T>(kinds: &'k mut Vec<Kind<P, T>>, name: &'static str) -> &'k mut Kind<P, T> {
    let at = match kinds.iter().position(|kind| std::ptr::eq(kind.name, name)) {
        Some(at) => at,
        None => {
            kinds.push(Kind {
                name,
                leading: 0,
                waiting: VecDeque::new(),
            });
            kinds.len() - 1
        }
    };
    &mut kinds[at]
}

/// Passes the lead on when a round trip ends, however it ends.
struct Leading<'g, P, T> {
    gather: &'g Gather<P, T>,
    kind: &'static str,
}

impl<P, T> Drop for Leading<'_, P, T> {
    fn drop(&mut self) {
        self.gather.pass_lead(self.kind);
    }
}

/// A lookup waiting for its answer. Dropped before it was read (its client went away), it
/// passes on a lead it was given, so that the lookups behind it are not left waiting.
struct Waiting<'g, P, T> {
    gather: &'g Gather<P, T>,
    kind: &'static str,
    receiver: Option<oneshot::Receiver<Reply<T>>>,
}

impl<P, T> Drop for Waiting<'_, P, T> {
    fn drop(&mut self) {
        if let Some(mut receiver) = self.receiver.take() {
            receiver.close();
            if let Ok(Reply::Lead) = receiver.try_recv() {
                self.gather.pass_lead(self.kind);
            }
        }
    }
}

/// One kind of PostgreSQL point lookup (an SQL text), in its two forms.
#[derive(Debug, Clone, Copy)]
pub struct Gathered {
    /// The lookup alone: the plain statement, its parameters bound as they are.
    pub alone: &'static str,
    /// The lookup for many: each parameter bound as an array (`$1` the first parameters of
    /// every lookup, and so on), answering the columns of `alone` after `o`, the lookup's
    /// position in the arrays from 1 (`WITH ORDINALITY`).
    pub many: &'static str,
}

/// PostgreSQL's point lookups, gathered.
pub type Lookups = Gather<Vec<Owned>, Vec<Arc<StoredCertificate>>>;

/// A lookup's parameter, kept while the lookup waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owned {
    Text(Option<String>),
    Int(Option<i64>),
}

impl From<&Param<'_>> for Owned {
    fn from(param: &Param<'_>) -> Self {
        match param {
            Param::Text(text) => Owned::Text(text.map(str::to_owned)),
            Param::Int(int) => Owned::Int(*int),
        }
    }
}

impl Owned {
    fn param(&self) -> Param<'_> {
        match self {
            Owned::Text(text) => Param::Text(text.as_deref()),
            Owned::Int(int) => Param::Int(*int),
        }
    }
}

/// The certificates `lookup` finds with `params` on PostgreSQL, asked alone or with the other
/// lookups of its kind waiting at the same time.
pub async fn lookup(
    kept: &Kept,
    pool: &PgPool,
    held: &Held,
    lookup: Gathered,
    params: &[Param<'_>],
) -> Result<Vec<Arc<StoredCertificate>>> {
    let params = params.iter().map(Owned::from).collect();
    kept.gather
        .ask(lookup.many, params, |all| {
            kept.counts().queried();
            round_trip(pool, held, lookup, all)
        })
        .await
}

/// The certificates one lookup finds on PostgreSQL: its plain statement, `params` bound as they
/// are. For a lookup not gathered too (by id). Over one of `held`'s connections, as a round
/// trip for many.
pub async fn alone(
    pool: &PgPool,
    held: &Held,
    sql: &'static str,
    params: &[Param<'_>],
) -> Result<Vec<Arc<StoredCertificate>>> {
    let query = params
        .iter()
        .fold(sqlx::query(sql), |query, param| param.bind(query));
    fetch_all(pool, Some(held), query)
        .await?
        .iter()
        .map(|row| stored(row).map(Arc::new))
        .collect()
}

/// One round trip for `all` lookups: the plain statement for one, else the one for many.
async fn round_trip(
    pool: &PgPool,
    held: &Held,
    lookup: Gathered,
    all: Vec<Vec<Owned>>,
) -> Result<Vec<Vec<Arc<StoredCertificate>>>> {
    if let [params] = all.as_slice() {
        let params: Vec<Param<'_>> = params.iter().map(Owned::param).collect();
        return Ok(vec![alone(pool, held, lookup.alone, &params).await?]);
    }
    let positions = all.first().map_or(0, Vec::len);
    let mut query = sqlx::query(lookup.many);
    for position in 0..positions {
        let column = all.iter().map(|params| params.get(position));
        query = match all[0].get(position) {
            Some(Owned::Int(_)) => query.bind(
                column
                    .map(|param| match param {
                        Some(Owned::Int(int)) => *int,
                        _ => None,
                    })
                    .collect::<Vec<Option<i64>>>(),
            ),
            _ => query.bind(
                column
                    .map(|param| match param {
                        Some(Owned::Text(text)) => text.clone(),
                        _ => None,
                    })
                    .collect::<Vec<Option<String>>>(),
            ),
        };
    }
    let mut found: Vec<Vec<Arc<StoredCertificate>>> = vec![Vec::new(); all.len()];
    for row in fetch_all(pool, Some(held), query).await? {
        let at: i64 = row.try_get("o")?;
        let rows = usize::try_from(at - 1)
            .ok()
            .and_then(|at| found.get_mut(at))
            .ok_or_else(|| StoreError::Internal(format!("a lookup answered for position {at}")))?;
        rows.push(Arc::new(stored(&row)?));
    }
    for rows in &mut found {
        rows.sort_by(|a, b| best_first_order(a, b));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    //! The waiting and leading, driven step by step: each lookup's future is polled by hand,
    //! and each round trip is answered (or failed) by the test when it chooses.

    use std::cell::RefCell;
    use std::pin::Pin;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    use super::*;

    const KIND: &str = "certificates by number";

    type Answer = Result<Vec<u32>>;
    type Trip = Pin<Box<dyn Future<Output = Answer>>>;

    /// A round trip asked: what it took, and how to answer it (until answered).
    type Asked = (Vec<u32>, Option<oneshot::Sender<Answer>>);

    /// The round trips asked so far.
    #[derive(Default, Clone)]
    struct Trips(Rc<RefCell<Vec<Asked>>>);

    impl Trips {
        /// A round trip that records what it takes and waits for the test's answer.
        fn round_trip(&self) -> impl FnOnce(Vec<u32>) -> Trip + use<> {
            let trips = self.clone();
            move |all| {
                let (answer, answered) = oneshot::channel();
                trips.0.borrow_mut().push((all, Some(answer)));
                Box::pin(async move {
                    answered
                        .await
                        .unwrap_or_else(|_| Err(StoreError::Internal("not answered".into())))
                })
            }
        }

        /// What each round trip took, in order.
        fn taken(&self) -> Vec<Vec<u32>> {
            self.0.borrow().iter().map(|(all, _)| all.clone()).collect()
        }

        /// Answers round trip `trip`: ten times each parameter.
        fn answer(&self, trip: usize) {
            let mut trips = self.0.borrow_mut();
            let (all, answer) = &mut trips[trip];
            let found = all.iter().map(|p| p * 10).collect();
            let _ = answer.take().unwrap().send(Ok(found));
        }

        fn fail(&self, trip: usize) {
            let answer = self.0.borrow_mut()[trip].1.take().unwrap();
            let _ = answer.send(Err(StoreError::Internal("connection lost".into())));
        }
    }

    fn poll<F: Future + ?Sized>(future: Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(Waker::noop()))
    }

    fn ask<'g>(gather: &'g Gather<u32, u32>, trips: &Trips, p: u32) -> Lookup<'g> {
        Box::pin(gather.ask(KIND, p, trips.round_trip()))
    }

    type Lookup<'g> = Pin<Box<dyn Future<Output = Result<u32>> + 'g>>;

    /// `N` lookups asked in turn (parameters 1 to `N`), each polled once: none answered yet.
    fn asked<'g, const N: usize>(gather: &'g Gather<u32, u32>, trips: &Trips) -> [Lookup<'g>; N] {
        std::array::from_fn(|i| {
            let mut lookup = ask(gather, trips, i as u32 + 1);
            assert_eq!(answered(poll(lookup.as_mut())), None);
            lookup
        })
    }

    fn answered(poll: Poll<Result<u32>>) -> Option<u32> {
        match poll {
            Poll::Ready(Ok(found)) => Some(found),
            Poll::Ready(Err(error)) => panic!("{error}"),
            Poll::Pending => None,
        }
    }

    #[test]
    fn one_at_a_time_the_lookups_asked_meanwhile_go_together_next() {
        let (gather, trips) = (Gather::new(1), Trips::default());
        let [mut a, mut b, mut c] = asked(&gather, &trips);
        assert_eq!(trips.taken(), [vec![1]]);
        trips.answer(0);
        assert_eq!(answered(poll(a.as_mut())), Some(10));
        assert_eq!(answered(poll(b.as_mut())), None);
        assert_eq!(trips.taken()[1], [2, 3]);
        trips.answer(1);
        // `c`'s answer is handed over by `b`, the lookup that sent the round trip.
        assert_eq!(answered(poll(c.as_mut())), None);
        assert_eq!(answered(poll(b.as_mut())), Some(20));
        assert_eq!(answered(poll(c.as_mut())), Some(30));
        assert_eq!(gather.lock()[0].leading, 0);
    }

    // The tests below allow two round trips at once: the counting of those under way is
    // then tested too.

    #[test]
    fn lookups_wait_only_while_two_round_trips_are_under_way_then_go_together() {
        let (gather, trips) = (Gather::new(2), Trips::default());
        let [mut a, mut b, mut c, mut d, mut e] = asked(&gather, &trips);
        assert_eq!(
            trips.taken(),
            [vec![1], vec![2]],
            "the first two go alone, at once"
        );
        trips.answer(0);
        assert_eq!(answered(poll(a.as_mut())), Some(10));
        assert_eq!(answered(poll(c.as_mut())), None);
        assert_eq!(
            trips.taken()[2],
            [3, 4, 5],
            "the next takes every one waiting"
        );
        assert_eq!(answered(poll(d.as_mut())), None);
        trips.answer(2);
        assert_eq!(answered(poll(c.as_mut())), Some(30));
        assert_eq!(answered(poll(d.as_mut())), Some(40));
        assert_eq!(answered(poll(e.as_mut())), Some(50));
        trips.answer(1);
        assert_eq!(answered(poll(b.as_mut())), Some(20));
        // Nothing under way: the next lookup goes at once, alone.
        let mut f = ask(&gather, &trips, 6);
        assert_eq!(answered(poll(f.as_mut())), None);
        assert_eq!(trips.taken()[3], [6]);
        trips.answer(3);
        assert_eq!(answered(poll(f.as_mut())), Some(60));
    }

    #[test]
    fn a_lookup_dropped_when_given_the_lead_passes_it_on() {
        let (gather, trips) = (Gather::new(2), Trips::default());
        let [mut a, _b, c, mut d] = asked(&gather, &trips);
        trips.answer(0);
        assert_eq!(answered(poll(a.as_mut())), Some(10));
        // `c` was given the lead but its client went away before it could take it.
        drop(c);
        assert_eq!(answered(poll(d.as_mut())), None);
        assert_eq!(
            trips.taken()[2],
            [4],
            "the lead went on to the next one waiting"
        );
        trips.answer(2);
        assert_eq!(answered(poll(d.as_mut())), Some(40));
    }

    #[test]
    fn a_round_trip_dropped_half_way_leaves_nobody_waiting() {
        let (gather, trips) = (Gather::new(2), Trips::default());
        let [mut a, mut b, mut c, mut d, mut e] = asked(&gather, &trips);
        trips.answer(0);
        assert_eq!(answered(poll(a.as_mut())), Some(10));
        assert_eq!(answered(poll(c.as_mut())), None);
        assert_eq!(trips.taken()[2], [3, 4, 5]);
        // `c` leads a round trip for `d` and `e` too, and is dropped before its answer.
        drop(c);
        // Both ask again: `d` goes beside `b`'s round trip, `e` waits for one of them.
        assert_eq!(answered(poll(d.as_mut())), None);
        assert_eq!(answered(poll(e.as_mut())), None);
        assert_eq!(trips.taken()[3..], [vec![4]]);
        trips.answer(3);
        assert_eq!(answered(poll(d.as_mut())), Some(40));
        assert_eq!(answered(poll(e.as_mut())), None);
        assert_eq!(trips.taken()[4..], [vec![5]]);
        trips.answer(4);
        assert_eq!(answered(poll(e.as_mut())), Some(50));
        trips.answer(1);
        assert_eq!(answered(poll(b.as_mut())), Some(20));
        assert_eq!(
            gather.lock()[0].leading,
            0,
            "no round trip counted as under way"
        );
    }

    #[test]
    fn a_failed_round_trip_fails_every_lookup_it_took_and_only_those() {
        let (gather, trips) = (Gather::new(2), Trips::default());
        let [mut a, mut b, mut c, mut d] = asked(&gather, &trips);
        trips.fail(0);
        let Poll::Ready(Err(error)) = poll(a.as_mut()) else {
            panic!("the leader's lookup fails")
        };
        assert!(error.to_string().contains("connection lost"), "{error}");
        assert_eq!(answered(poll(c.as_mut())), None);
        assert_eq!(trips.taken()[2], [3, 4]);
        trips.fail(2);
        assert!(matches!(poll(c.as_mut()), Poll::Ready(Err(_))));
        let Poll::Ready(Err(error)) = poll(d.as_mut()) else {
            panic!("a lookup taken by a failed round trip fails")
        };
        assert!(error.to_string().contains("connection lost"), "{error}");
        trips.answer(1);
        assert_eq!(answered(poll(b.as_mut())), Some(20));
    }
}
