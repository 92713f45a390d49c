//! Which address a request comes from, for rate limits and the request log.
//!
//! Without proxies (the default) it is the TCP peer: nothing the client writes can change it.
//! Behind `--proxy-hops N` each of the N proxies in front of the server appends the address it
//! received the request from to `X-Forwarded-For`. The client can write any values it likes
//! at the *left* of that header, but the N rightmost values were written by our own proxies, so
//! the client's address is the N-th value from the right. `--trusted-proxies` narrows this
//! further: the TCP peer and every proxy address read on the way must be in those networks,
//! otherwise the walk stops at the first address that is not.
//!
//! Rate limits key IPv6 clients by their network prefix (/64 by default): one subscriber
//! commonly holds a whole /64, so keying by full address would give one client 2^64 buckets.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::HttpRequest;
use ipnet::IpNet;

/// How to find the client behind reverse proxies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyPolicy {
    /// How many proxies in front of the server append to `X-Forwarded-For` (0: none, use the
    /// TCP peer).
    pub hops: usize,
    /// When not empty, only these networks are proxies: a peer or hop outside them is the
    /// client.
    pub trusted: Vec<IpNet>,
    /// IPv6 clients share one rate-limit bucket per prefix of this length (1–128).
    pub ipv6_prefix: u8,
}

impl Default for ProxyPolicy {
    fn default() -> Self {
        ProxyPolicy {
            hops: 0,
            trusted: Vec::new(),
            ipv6_prefix: 64,
        }
    }
}

impl ProxyPolicy {
    fn is_trusted(&self, ip: IpAddr) -> bool {
        self.trusted.is_empty() || self.trusted.iter().any(|net| net.contains(&canonical(ip)))
    }

    /// The client address of a request that came from `peer` with these `X-Forwarded-For`
    /// header values (in header order).
    pub fn client_of<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        let peer = canonical(peer);
        if self.hops == 0 || !self.is_trusted(peer) {
            return peer;
        }
        let chain: Vec<&str> = forwarded_for
            .into_iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        // Walk from the right: the value appended by the proxy nearest to us first.
        let mut client = peer;
        for (taken, value) in chain.iter().rev().enumerate() {
            let Some(ip) = parse_forwarded(value) else {
                // A value our own proxy wrote is never garbage; garbage is the client's: stop
                // at the last proxy address read.
                return client;
            };
            client = ip;
            if taken + 1 == self.hops || !self.is_trusted(ip) {
                return client;
            }
        }
        client
    }

    /// The address rate limits count `ip` under: IPv4 as it is, IPv6 by its prefix.
    pub fn bucket_of(&self, ip: IpAddr) -> IpAddr {
        match canonical(ip) {
            IpAddr::V4(v4) => IpAddr::V4(v4),
            IpAddr::V6(v6) => {
                let prefix = u32::from(self.ipv6_prefix.clamp(1, 128));
                let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
            }
        }
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// One `X-Forwarded-For` value: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or
/// `203.0.113.7:443`.
fn parse_forwarded(value: &str) -> Option<IpAddr> {
    let value = value.trim().trim_matches('"');
    value
        .parse::<IpAddr>()
        .ok()
        .or_else(|| value.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .map(canonical)
}

/// The client address of `req` under `policy`.
pub fn client_ip(req: &HttpRequest, policy: &ProxyPolicy) -> IpAddr {
    let peer = req
        .peer_addr()
        .map_or(IpAddr::from([0, 0, 0, 0]), |addr| addr.ip());
    let values = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok());
    policy.client_of(peer, values)
}

/// Parses `--trusted-proxies` values: `10.0.0.0/8`, `2001:db8::/32` or a single address.
pub fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("'{text}' is not a network (10.0.0.0/8) or an address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    const PROXY: &str = "10.0.0.1";

    #[test]
    fn without_hops_the_peer_is_the_client_whatever_the_header_says() {
        let policy = ProxyPolicy::default();
        assert_eq!(policy.client_of(ip(PROXY), ["203.0.113.9"]), ip(PROXY));
    }

    #[test]
    fn one_hop_takes_the_rightmost_value_not_the_spoofed_leftmost() {
        let policy = ProxyPolicy {
            hops: 1,
            ..ProxyPolicy::default()
        };
        // The client wrote "1.2.3.4"; our proxy appended the address it saw.
        assert_eq!(
            policy.client_of(ip(PROXY), ["1.2.3.4, 198.51.100.7"]),
            ip("198.51.100.7")
        );
        // Split over two header lines: the same order.
        assert_eq!(
            policy.client_of(ip(PROXY), ["1.2.3.4", "198.51.100.7"]),
            ip("198.51.100.7")
        );
        // No header: the peer.
        assert_eq!(policy.client_of(ip(PROXY), []), ip(PROXY));
    }

    #[test]
    fn two_hops_skip_the_inner_proxy() {
        let policy = ProxyPolicy {
            hops: 2,
            ..ProxyPolicy::default()
        };
        assert_eq!(
            policy.client_of(ip(PROXY), ["6.6.6.6, 198.51.100.7, 10.0.0.2"]),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn trusted_networks_stop_the_walk_at_the_first_outsider() {
        let policy = ProxyPolicy {
            hops: 2,
            trusted: vec![parse_network("10.0.0.0/8").unwrap()],
            ipv6_prefix: 64,
        };
        // The hop nearest to us is not a proxy of ours: it is the client.
        assert_eq!(
            policy.client_of(ip(PROXY), ["6.6.6.6, 198.51.100.7"]),
            ip("198.51.100.7")
        );
        // A peer outside the trusted networks connected directly: its header is ignored.
        assert_eq!(
            policy.client_of(ip("192.0.2.1"), ["6.6.6.6"]),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64_and_mapped_v4_is_v4() {
        let policy = ProxyPolicy::default();
        assert_eq!(
            policy.bucket_of(ip("2001:db8:1:2:aaaa::1")),
            policy.bucket_of(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            policy.bucket_of(ip("2001:db8:1:2::1")),
            policy.bucket_of(ip("2001:db8:1:3::1"))
        );
        assert_eq!(policy.bucket_of(ip("::ffff:192.0.2.4")), ip("192.0.2.4"));
        let per_address = ProxyPolicy {
            ipv6_prefix: 128,
            ..ProxyPolicy::default()
        };
        assert_ne!(
            per_address.bucket_of(ip("2001:db8::1")),
            per_address.bucket_of(ip("2001:db8::2"))
        );
    }

    #[test]
    fn networks_parse_with_or_without_a_prefix() {
        assert!(parse_network("10.0.0.0/8").is_ok());
        assert!(parse_network("2001:db8::/32").is_ok());
        assert!(parse_network("192.0.2.1").is_ok());
        assert!(parse_network("ten").is_err());
    }
}
