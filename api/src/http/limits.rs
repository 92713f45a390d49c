//! Rate limits for public routes: per client address (middleware [`per_ip`]) and per widget key
//! ([`RateLimits::check_widget_key`], called by the lead handler once the key is known to
//! exist).
//!
//! Each limit is a GCRA ("generic cell rate algorithm") limiter kept in memory: per key it
//! stores one instant, the theoretical arrival time of the next request. Limits are per
//! process, which is what a single `annexa serve` needs. A refusal is a 429 problem with
//! `Retry-After`.
//!
//! Memory is bounded whatever clients send: a limiter tracks at most [`MAX_TRACKED_KEYS`] keys.
//! Past that it first forgets keys whose state is the same as a fresh key's (their bucket has
//! refilled); if it is still full, new keys share one overflow bucket until old ones refill.
//! Callers also keep unbounded strings out: widget keys are only charged after they were found
//! in the database, and addresses are fixed-size.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

use super::AppState;
use super::client_addr;
use crate::error::Error;

/// The most keys one limiter tracks.
pub const MAX_TRACKED_KEYS: usize = 50_000;

/// A keyed GCRA limiter: `burst` requests at once, then one every `interval`.
pub struct KeyedLimiter<K> {
    interval: Duration,
    burst: u32,
    capacity: usize,
    state: Mutex<LimiterState<K>>,
}

struct LimiterState<K> {
    next_free: HashMap<K, Instant>,
    overflow: Option<Instant>,
}

impl<K> fmt::Debug for KeyedLimiter<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyedLimiter")
            .field("interval", &self.interval)
            .field("burst", &self.burst)
            .finish()
    }
}

impl<K: Hash + Eq + Clone> KeyedLimiter<K> {
    /// `per_minute` requests per minute with bursts up to the same number; `None` for 0.
    pub fn per_minute(per_minute: u32) -> Option<Self> {
        Self::with_capacity(per_minute, MAX_TRACKED_KEYS)
    }

    /// Like [`KeyedLimiter::per_minute`], tracking at most `capacity` keys.
    pub fn with_capacity(per_minute: u32, capacity: usize) -> Option<Self> {
        (per_minute > 0).then(|| KeyedLimiter {
            interval: Duration::from_secs(60) / per_minute,
            burst: per_minute,
            capacity: capacity.max(1),
            state: Mutex::new(LimiterState {
                next_free: HashMap::new(),
                overflow: None,
            }),
        })
    }

    /// Keys tracked now.
    pub fn len(&self) -> usize {
        self.state.lock().map_or(0, |s| s.next_free.len())
    }

    /// Whether no key is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One request for `key` at `now`: `Err(wait)` when it is over its rate.
    pub fn check_at(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let Ok(mut state) = self.state.lock() else {
            return Ok(());
        };
        let state = &mut *state;
        if !state.next_free.contains_key(key) && state.next_free.len() >= self.capacity {
            // A refilled bucket is the same as no bucket: forget those first.
            state.next_free.retain(|_, at| *at > now);
        }
        let slot = if state.next_free.contains_key(key) || state.next_free.len() < self.capacity {
            state.next_free.entry(key.clone()).or_insert(now)
        } else {
            state.overflow.get_or_insert(now)
        };
        // GCRA: the request conforms when the next free instant is at most burst-1 intervals
        // ahead of now.
        let start = (*slot).max(now);
        let allowance = self.interval * (self.burst - 1);
        if start > now + allowance {
            return Err(start - (now + allowance));
        }
        *slot = start + self.interval;
        Ok(())
    }

    /// One request for `key` now.
    pub fn check(&self, key: &K) -> Result<(), Error> {
        self.check_at(key, Instant::now())
            .map_err(|wait| Error::RateLimited {
                retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
            })
    }
}

/// The limiters of one server.
#[derive(Debug)]
pub struct RateLimits {
    per_ip: Option<KeyedLimiter<IpAddr>>,
    per_widget_key: Option<KeyedLimiter<String>>,
}

impl RateLimits {
    /// Limiters allowing `ip_per_minute` and `widget_key_per_minute` requests per minute
    /// (bursts up to the same number); 0 disables a limit.
    pub fn new(ip_per_minute: u32, widget_key_per_minute: u32) -> Self {
        RateLimits {
            per_ip: KeyedLimiter::per_minute(ip_per_minute),
            per_widget_key: KeyedLimiter::per_minute(widget_key_per_minute),
        }
    }

    /// One request from the client bucket `ip` (see [`client_addr::ProxyPolicy::bucket_of`]).
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Error> {
        self.check_ip_units(ip, 1)
    }

    /// `units` requests' worth from `ip` at once (a batch of rows counts one per row).
    pub fn check_ip_units(&self, ip: IpAddr, units: usize) -> Result<(), Error> {
        let Some(limiter) = &self.per_ip else {
            return Ok(());
        };
        for _ in 0..units {
            limiter.check(&ip)?;
        }
        Ok(())
    }

    /// One request for widget key `key`. Call it only with a key that exists, so that the
    /// limiter never holds strings a client made up.
    pub fn check_widget_key(&self, key: &str) -> Result<(), Error> {
        match &self.per_widget_key {
            Some(limiter) => limiter.check(&key.to_owned()),
            None => Ok(()),
        }
    }

    /// Keys tracked by the per-address and per-widget-key limiters.
    pub fn tracked(&self) -> (usize, usize) {
        (
            self.per_ip.as_ref().map_or(0, KeyedLimiter::len),
            self.per_widget_key.as_ref().map_or(0, KeyedLimiter::len),
        )
    }
}

/// The rate-limit bucket of `req`'s client.
pub fn client_bucket(req: &actix_web::HttpRequest, state: &AppState) -> IpAddr {
    let policy = &state.config.proxy;
    policy.bucket_of(client_addr::client_ip(req, policy))
}

/// Middleware for public scopes: refuses a client over its rate with 429.
pub async fn per_ip(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<AppState>>() {
        let bucket = client_bucket(req.request(), state);
        if let Err(error) = state.limits.check_ip(bucket) {
            return Ok(req.into_response(error.error_response()));
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_the_quota_with_a_retry_delay() {
        let limits = RateLimits::new(2, 0);
        let ip = IpAddr::from([10, 0, 0, 1]);
        assert!(limits.check_ip(ip).is_ok());
        assert!(limits.check_ip(ip).is_ok());
        match limits.check_ip(ip) {
            Err(Error::RateLimited { retry_after_secs }) => {
                assert!((1..=30).contains(&retry_after_secs))
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(limits.check_ip(IpAddr::from([10, 0, 0, 2])).is_ok());
        assert!(
            limits.check_widget_key("demo").is_ok(),
            "0 disables the limit"
        );
    }

    #[test]
    fn a_bucket_refills_one_request_per_interval() {
        let limiter = KeyedLimiter::<u8>::per_minute(60).unwrap();
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.check_at(&1, start).is_ok());
        }
        assert!(limiter.check_at(&1, start).is_err());
        assert!(limiter.check_at(&1, start + Duration::from_secs(1)).is_ok());
        assert!(
            limiter
                .check_at(&1, start + Duration::from_secs(1))
                .is_err()
        );
    }

    #[test]
    fn memory_stays_bounded_and_new_keys_share_the_overflow_bucket() {
        let limiter = KeyedLimiter::<u32>::with_capacity(2, 100).unwrap();
        let now = Instant::now();
        for key in 0..10_000 {
            let _ = limiter.check_at(&key, now);
        }
        assert_eq!(limiter.len(), 100);
        // Keys past the capacity share one bucket of 2: the third is refused.
        assert!(limiter.check_at(&20_000, now).is_err());
        // Once the tracked buckets have refilled they are forgotten and new keys are tracked.
        let later = now + Duration::from_secs(120);
        assert!(limiter.check_at(&30_000, later).is_ok());
        assert_eq!(limiter.len(), 1);
    }
}
