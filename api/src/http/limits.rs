//! Rate limits for public routes: per client IP (middleware [`per_ip`]) and per widget key
//! ([`RateLimits::check_widget_key`], called by the widget handlers once the key is known).
//!
//! GCRA limiters from `governor`, keyed in memory: limits are per process, which is what a single
//! `annexa serve` needs. A refusal is a 429 problem with `Retry-After`.

use std::fmt;
use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::AppState;
use crate::error::Error;

/// Above this many tracked keys, stale ones are dropped.
const MAX_TRACKED_KEYS: usize = 50_000;

/// The limiters of one server.
pub struct RateLimits {
    per_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    per_widget_key: Option<DefaultKeyedRateLimiter<String>>,
}

impl fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimits")
            .field("per_ip", &self.per_ip.is_some())
            .field("per_widget_key", &self.per_widget_key.is_some())
            .finish()
    }
}

fn limiter<K: std::hash::Hash + Eq + Clone>(per_minute: u32) -> Option<DefaultKeyedRateLimiter<K>> {
    NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

fn check<K: std::hash::Hash + Eq + Clone>(
    limiter: Option<&DefaultKeyedRateLimiter<K>>,
    key: &K,
) -> Result<(), Error> {
    let Some(limiter) = limiter else {
        return Ok(());
    };
    if limiter.len() > MAX_TRACKED_KEYS {
        limiter.retain_recent();
    }
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        Error::RateLimited {
            retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
        }
    })
}

impl RateLimits {
    /// Limiters allowing `ip_per_minute` and `widget_key_per_minute` requests per minute
    /// (bursts up to the same number); 0 disables a limit.
    pub fn new(ip_per_minute: u32, widget_key_per_minute: u32) -> Self {
        RateLimits {
            per_ip: limiter(ip_per_minute),
            per_widget_key: limiter(widget_key_per_minute),
        }
    }

    /// One request from `ip`.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Error> {
        check(self.per_ip.as_ref(), &ip)
    }

    /// One request for widget key `key`.
    pub fn check_widget_key(&self, key: &str) -> Result<(), Error> {
        check(self.per_widget_key.as_ref(), &key.to_owned())
    }
}

/// The client's IP: the TCP peer, or the proxy's `Forwarded`/`X-Forwarded-For` value when
/// `trust_proxy` is set.
pub fn client_ip(req: &actix_web::HttpRequest, trust_proxy: bool) -> IpAddr {
    let unspecified = IpAddr::from([0, 0, 0, 0]);
    if trust_proxy
        && let Some(ip) = req.connection_info().realip_remote_addr().and_then(|addr| {
            addr.parse::<IpAddr>()
                .ok()
                .or_else(|| addr.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        })
    {
        return ip;
    }
    req.peer_addr().map_or(unspecified, |addr| addr.ip())
}

/// Middleware for public scopes: refuses a client IP over its rate with 429.
pub async fn per_ip(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<AppState>>() {
        let ip = client_ip(req.request(), state.config.trust_proxy);
        if let Err(error) = state.limits.check_ip(ip) {
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
}
