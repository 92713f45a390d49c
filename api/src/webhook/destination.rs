//! Where a webhook may be delivered: the destination policy and the connector that enforces it.
//!
//! A webhook URL is chosen by whoever holds an admin key, and the server POSTs to it from inside
//! the operator's network. Without a policy that is server-side request forgery: a webhook to
//! `http://169.254.169.254/…` reads cloud credentials, one to `http://10.0.0.5:9200/…` writes to
//! an internal service. So:
//!
//! - the URL must be `https://` (plain `http://` only with `--allow-http-webhooks`, for local
//!   testing);
//! - every address the host name resolves to must be a global unicast address: loopback,
//!   private (RFC 1918), link-local (with the 169.254.169.254 metadata service), CGNAT
//!   (100.64.0.0/10), unique-local IPv6 (with fd00:ec2::254), documentation, multicast and
//!   reserved ranges are refused, unless `--allow-private-webhooks`;
//! - the check runs when the URL is set ([`check_destination`]) *and* on every connection:
//!   [`GuardedConnector`] resolves the name itself, checks each address and dials only checked
//!   addresses, so a name that resolved to a public address at creation and to a private one
//!   later (DNS rebinding) is refused at delivery;
//! - redirects are never followed (a 3xx is a failed attempt).
//!
//! The name resolution ([`Resolve`]) and the dialling ([`Dial`]) are injectable, so tests can map
//! a name to 10.0.0.5 or 169.254.169.254 and prove that no connection is even attempted.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::Uri;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// A boxed future, for the injectable resolver and dialer.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What webhook destinations this server accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WebhookPolicy {
    /// Accept `http://` URLs (`--allow-http-webhooks`, for local testing only).
    pub allow_http: bool,
    /// Accept loopback, private and other non-global addresses (`--allow-private-webhooks`).
    pub allow_private: bool,
}

/// Why a destination is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    /// Not a URL, or no host.
    #[error("'{0}' is not an https:// URL with a host")]
    NotAUrl(String),
    /// `http://` without `--allow-http-webhooks`.
    #[error(
        "webhooks must use https:// (plain http:// is accepted only when the server runs with --allow-http-webhooks)"
    )]
    PlainHttp,
    /// Another scheme.
    #[error("webhooks must use https://, not {0}://")]
    Scheme(String),
    /// The host is, or resolves to, a non-global address.
    #[error(
        "the webhook host {host} is a loopback, private, link-local or otherwise internal address ({address}); such destinations are accepted only when the server runs with --allow-private-webhooks"
    )]
    InternalAddress {
        /// The host as written in the URL.
        host: String,
        /// The refused address.
        address: IpAddr,
    },
    /// The name does not resolve.
    #[error("the webhook host {host} cannot be resolved: {reason}")]
    Unresolvable {
        /// The host.
        host: String,
        /// The resolver's answer.
        reason: String,
    },
    /// Every checked address refused the connection.
    #[error("cannot connect to the webhook host {host}: {reason}")]
    Connect {
        /// The host.
        host: String,
        /// The last failure.
        reason: String,
    },
}

/// Resolves a host name to socket addresses.
pub trait Resolve: Send + Sync + fmt::Debug {
    /// The addresses of `host` with `port`.
    fn resolve<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> BoxFuture<'a, io::Result<Vec<SocketAddr>>>;
}

/// The operating system's resolver.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl Resolve for SystemResolver {
    fn resolve<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> BoxFuture<'a, io::Result<Vec<SocketAddr>>> {
        Box::pin(async move { Ok(tokio::net::lookup_host((host, port)).await?.collect()) })
    }
}

/// Opens a TCP connection to one checked address.
pub trait Dial: Send + Sync + fmt::Debug {
    /// Connects to `address`.
    fn dial(&self, address: SocketAddr) -> BoxFuture<'_, io::Result<TcpStream>>;
}

/// Plain TCP connections.
#[derive(Debug, Clone, Copy, Default)]
pub struct TcpDialer;

impl Dial for TcpDialer {
    fn dial(&self, address: SocketAddr) -> BoxFuture<'_, io::Result<TcpStream>> {
        Box::pin(TcpStream::connect(address))
    }
}

/// Whether `ip` is an address a webhook must not reach: anything but global unicast.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal_v4(v4);
            }
            let bits = u128::from(v6);
            let in_net = |net: Ipv6Addr, len: u32| {
                let mask = u128::MAX << (128 - len);
                bits & mask == u128::from(net) & mask
            };
            // Only 2000::/3 is global unicast; inside it, refuse the special-purpose blocks:
            // documentation, Teredo and 6to4 (which embed IPv4 addresses of any kind), and
            // NAT64 is outside 2000::/3 already (64:ff9b::/96).
            !in_net(Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0), 3)
                || in_net(Ipv6Addr::new(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0), 32)
                || in_net(Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 32)
                || in_net(Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16)
                || in_net(Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20)
        }
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    a == 0                                  // "this network"
        || a == 10                          // private
        || a == 127                         // loopback
        || (a == 100 && (64..128).contains(&b)) // CGNAT, 100.64.0.0/10
        || (a == 169 && b == 254)           // link-local, with the metadata service
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0)   // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)   // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay
        || (a == 192 && b == 168)           // private
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224 // multicast, reserved, broadcast
}

/// A parsed webhook URL: its host (brackets removed) and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The URL.
    pub url: url::Url,
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
}

/// Checks what can be checked without the network: the scheme and a literal address.
pub fn check_url(url: &str, policy: WebhookPolicy) -> Result<Destination, DestinationError> {
    let parsed = url::Url::parse(url.trim())
        .map_err(|_| DestinationError::NotAUrl(crate::redact::url(url)))?;
    match parsed.scheme() {
        "https" => {}
        "http" if policy.allow_http => {}
        "http" => return Err(DestinationError::PlainHttp),
        other => return Err(DestinationError::Scheme(other.to_owned())),
    }
    let host = match parsed.host() {
        Some(url::Host::Domain(name)) => name.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => return Err(DestinationError::NotAUrl(crate::redact::url(url))),
    };
    let port = parsed.port_or_known_default().unwrap_or(443);
    if let Ok(ip) = host.parse::<IpAddr>()
        && !policy.allow_private
        && is_internal(ip)
    {
        return Err(DestinationError::InternalAddress { host, address: ip });
    }
    Ok(Destination {
        url: parsed,
        host,
        port,
    })
}

/// The addresses a delivery to `host:port` may connect to: every resolved address, all of them
/// global unless the policy allows internal ones. One internal address refuses the whole name,
/// so a mixed answer cannot be used to reach an internal service.
pub async fn allowed_addresses(
    host: &str,
    port: u16,
    resolver: &dyn Resolve,
    policy: WebhookPolicy,
) -> Result<Vec<SocketAddr>, DestinationError> {
    let addresses = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => {
            resolver
                .resolve(host, port)
                .await
                .map_err(|e| DestinationError::Unresolvable {
                    host: host.to_owned(),
                    reason: e.to_string(),
                })?
        }
    };
    if addresses.is_empty() {
        return Err(DestinationError::Unresolvable {
            host: host.to_owned(),
            reason: "no address".into(),
        });
    }
    if !policy.allow_private
        && let Some(bad) = addresses.iter().find(|a| is_internal(a.ip()))
    {
        return Err(DestinationError::InternalAddress {
            host: host.to_owned(),
            address: bad.ip(),
        });
    }
    Ok(addresses)
}

/// The whole check of a webhook URL when it is set: the scheme, then the addresses the host
/// resolves to now. A host that does not resolve is accepted (its DNS may not be set up yet);
/// the connector checks it again at every delivery.
pub async fn check_destination(
    url: &str,
    policy: WebhookPolicy,
    resolver: &dyn Resolve,
) -> Result<(), DestinationError> {
    let destination = check_url(url, policy)?;
    match allowed_addresses(&destination.host, destination.port, resolver, policy).await {
        // A name that does not resolve yet may be set up later; every delivery checks again.
        Ok(_) | Err(DestinationError::Unresolvable { .. }) => Ok(()),
        Err(error) => Err(error),
    }
}

/// A hyper connector that resolves, checks and dials every connection itself (see the module
/// documentation). TLS is layered on top by `hyper-rustls`.
#[derive(Clone)]
pub struct GuardedConnector {
    resolver: Arc<dyn Resolve>,
    dialer: Arc<dyn Dial>,
    policy: WebhookPolicy,
    connect_timeout: Duration,
}

impl fmt::Debug for GuardedConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardedConnector")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl GuardedConnector {
    /// A connector with this policy, resolver and dialer.
    pub fn new(
        policy: WebhookPolicy,
        resolver: Arc<dyn Resolve>,
        dialer: Arc<dyn Dial>,
        connect_timeout: Duration,
    ) -> Self {
        GuardedConnector {
            resolver,
            dialer,
            policy,
            connect_timeout,
        }
    }

    async fn connect(self, uri: Uri) -> Result<TokioIo<TcpStream>, DestinationError> {
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if self.policy.allow_http => {}
            Some("http") => return Err(DestinationError::PlainHttp),
            other => return Err(DestinationError::Scheme(other.unwrap_or("").to_owned())),
        }
        let host = uri
            .host()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_owned())
            .ok_or_else(|| DestinationError::NotAUrl(String::from("(no host)")))?;
        let port = uri
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("http") {
                80
            } else {
                443
            });
        let addresses = allowed_addresses(&host, port, self.resolver.as_ref(), self.policy).await?;
        let mut reason = String::from("no address");
        for address in addresses {
            match tokio::time::timeout(self.connect_timeout, self.dialer.dial(address)).await {
                Ok(Ok(stream)) => {
                    let _ = stream.set_nodelay(true);
                    return Ok(TokioIo::new(stream));
                }
                Ok(Err(error)) => reason = error.to_string(),
                Err(_) => reason = String::from("connection timed out"),
            }
        }
        Err(DestinationError::Connect { host, reason })
    }
}

impl tower_service::Service<Uri> for GuardedConnector {
    type Response = TokioIo<TcpStream>;
    type Error = DestinationError;
    type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        Box::pin(self.clone().connect(uri))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn internal_ranges_are_refused_and_global_ones_accepted() {
        for internal in [
            "127.0.0.1",
            "10.0.0.5",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00:ec2::254",
            "fc00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:10.0.0.5",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:5",
            "2001:db8::1",
        ] {
            assert!(is_internal(ip(internal)), "{internal} must be refused");
        }
        for global in ["93.184.215.14", "100.128.0.1", "8.8.8.8", "2606:4700::1111"] {
            assert!(!is_internal(ip(global)), "{global} must be accepted");
        }
    }

    #[test]
    fn urls_need_https_unless_allowed_and_literal_internal_hosts_are_refused() {
        let strict = WebhookPolicy::default();
        assert!(check_url("https://hooks.example.com/x", strict).is_ok());
        assert_eq!(
            check_url("http://hooks.example.com/x", strict),
            Err(DestinationError::PlainHttp)
        );
        assert!(matches!(
            check_url("ftp://hooks.example.com/x", strict),
            Err(DestinationError::Scheme(_))
        ));
        for url in [
            "https://127.0.0.1/x",
            "https://10.0.0.5:9200/x",
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/x",
            "https://[fd00:ec2::254]/x",
        ] {
            assert!(
                matches!(
                    check_url(url, strict),
                    Err(DestinationError::InternalAddress { .. })
                ),
                "{url}"
            );
        }
        let local = WebhookPolicy {
            allow_http: true,
            allow_private: true,
        };
        assert!(check_url("http://127.0.0.1:9/x", local).is_ok());
    }
}
