//! Hostile text from the site owner's configuration (owner name, consent text — anyone holding
//! an admin key sets them, and a widget key may be shared between sites) renders as inert text
//! inside the widget in headless Chromium: no element is created from it and no script runs.

use std::time::Duration;

use annexa_e2e::browser_host::{embedded_widget, widget_server};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);
const OWNER: &str = r#"<img src=x onerror="window.__annexaPwned = 1">Evil <b>Corp</b>"#;

#[test]
fn html_in_the_owner_name_is_shown_as_text_and_never_runs() {
    let Some((_site, _server, browser)) = embedded_widget(
        |site| {
            widget_server(
                &[],
                &json!({"key": "hostile", "owner_name": OWNER,
                "allowed_origins": [site.origin()], "lead_capture": true,
                "consent_text": "<script>window.__annexaPwned = 2</script>I agree"}),
            )
        },
        r#"<annexa-readiness id="w" data-key="hostile" data-lead-capture="on"></annexa-readiness>"#,
    ) else {
        return;
    };
    let shown = browser.wait_for(
        "the owner name",
        "const r = document.getElementById('w').shadowRoot;
         const o = r && r.querySelector('.owner');
         return o ? o.textContent : null;",
        WAIT,
    );
    assert_eq!(
        shown,
        Value::from(OWNER),
        "the owner name is shown verbatim"
    );
    let elements = browser.execute(
        "const r = document.getElementById('w').shadowRoot;
         return r.querySelectorAll('.owner *, img[src=x], script').length;",
        json!([]),
    );
    assert_eq!(
        elements,
        json!(0),
        "no element was made from the owner name"
    );
    // Give an image error handler time to fire, had one been created.
    std::thread::sleep(Duration::from_millis(300));
    let pwned = browser.execute("return window.__annexaPwned || 0;", json!([]));
    assert_eq!(pwned, json!(0), "script from the configuration ran");
}
