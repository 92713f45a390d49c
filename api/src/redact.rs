//! Hiding secrets carried in URLs before they reach a log, an error message or a response:
//! the password of `user:password@`, and query values named like secrets (`?password=`,
//! `?token=`, `?secret=`, `?key=`, …). Database URLs and webhook URLs go through [`url`].

/// Query parameters whose values are secrets.
const SECRET_PARAMETERS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "token",
    "access_token",
    "api_key",
    "apikey",
    "key",
    "sig",
    "signature",
    "sslpassword",
];

/// `text` with the password and secret query values of the URL replaced by `***`. Text that is
/// not a URL keeps only what follows its last `@` (where a password would end).
pub fn url(text: &str) -> String {
    match url::Url::parse(text.trim()) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
            }
            if parsed.query().is_some() {
                let pairs: Vec<(String, String)> = parsed
                    .query_pairs()
                    .map(|(name, value)| {
                        let secret = SECRET_PARAMETERS
                            .iter()
                            .any(|s| name.eq_ignore_ascii_case(s));
                        let value = if secret {
                            String::from("***")
                        } else {
                            value.into_owned()
                        };
                        (name.into_owned(), value)
                    })
                    .collect();
                parsed
                    .query_pairs_mut()
                    .clear()
                    .extend_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
            }
            parsed.to_string()
        }
        Err(_) => text.split('@').next_back().unwrap_or(text).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_userinfo_and_query_are_hidden() {
        assert_eq!(
            url("postgres://annexa:s3cret@db:5432/annexa"),
            "postgres://annexa:***@db:5432/annexa"
        );
        let redacted = url("postgres://db/annexa?user=a&password=s3cret&sslmode=require");
        assert!(!redacted.contains("s3cret"), "{redacted}");
        assert!(redacted.contains("sslmode=require"), "{redacted}");
        let hook = url("https://bob:hunter2@hooks.example.com/in?token=abc123&site=1");
        assert!(
            !hook.contains("hunter2") && !hook.contains("abc123"),
            "{hook}"
        );
        assert!(hook.contains("bob") && hook.contains("site=1"), "{hook}");
        assert_eq!(url("not a url with pw@host"), "host");
    }
}
