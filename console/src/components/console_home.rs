//! `/console/`: the console's front door.

use yew::prelude::*;

/// The console's front page.
#[component]
pub fn ConsoleHome() -> Html {
    html! {
        <>
            <header class="masthead">
                <p class="brand"><a href="/console/">{"Annexa"}</a></p>
                <p class="tagline">{"Console"}</p>
            </header>
            <main id="main">
                <h1>{"Annexa console"}</h1>
                <p>{"The pages for site owners and registry operators — leads, widget setup, \
                    funnel and registry import — are not in this version yet. Until then they \
                    are reached through the API and the annexa command (see the documentation)."}</p>
                <p>{"Buyers can already check a supplier's certificate: "}
                    <a href="/verify">{"open the certificate check"}</a>{"."}</p>
                <p><a href="/docs/">{"API documentation"}</a></p>
            </main>
        </>
    }
}
