//! Writes every OSCAL document Annexa can emit for the golden fixtures into a directory, for
//! schema validation (`tests/oscal/validate.sh`) or for importing into another tool:
//!
//! ```sh
//! cargo run -p annexa-shared --example oscal_export -- OUTDIR
//! ```
//!
//! Files: the catalog and profile under their `href` names, then `<fixture>.ssp.json` and
//! `<fixture>.assessment-results.json` for the all-yes, all-no, mixed (with exclusions) and quick
//! fixtures.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annexa_shared::AnswersDocument;
use annexa_shared::oscal::{self, CATALOG_HREF, PROFILE_HREF};

/// A fixed timestamp, so two runs write the same bytes.
const GENERATED_AT: &str = "2026-11-29T12:00:00Z";

const FIXTURES: [(&str, &str); 4] = [
    (
        "full_all_yes",
        include_str!("../tests/fixtures/full_all_yes.answers.json"),
    ),
    (
        "full_all_no",
        include_str!("../tests/fixtures/full_all_no.answers.json"),
    ),
    (
        "full_mixed",
        include_str!("../tests/fixtures/full_mixed.answers.json"),
    ),
    (
        "quick_mixed",
        include_str!("../tests/fixtures/quick_mixed.answers.json"),
    ),
];

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: oscal_export OUTDIR");
        return ExitCode::from(2);
    };
    match export(&dir) {
        Ok(count) => {
            println!("wrote {count} OSCAL documents to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("oscal_export: {message}");
            ExitCode::FAILURE
        }
    }
}

fn export(dir: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut count = 0;
    let mut write = |name: &str, json: Result<String, serde_json::Error>| {
        let path = dir.join(name);
        let json = json.map_err(|e| format!("{name}: {e}"))?;
        std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
        count += 1;
        Ok::<(), String>(())
    };
    write(
        CATALOG_HREF,
        serde_json::to_string_pretty(&oscal::catalog()),
    )?;
    write(
        PROFILE_HREF,
        serde_json::to_string_pretty(&oscal::profile()),
    )?;
    for (name, answers) in FIXTURES {
        let doc: AnswersDocument =
            serde_json::from_str(answers).map_err(|e| format!("fixture {name}: {e}"))?;
        let ssp = oscal::system_security_plan(&doc, GENERATED_AT)
            .map_err(|e| format!("fixture {name}: {e}"))?;
        write(
            &format!("{name}.ssp.json"),
            serde_json::to_string_pretty(&ssp),
        )?;
        let results = oscal::assessment_results(&doc, GENERATED_AT)
            .map_err(|e| format!("fixture {name}: {e}"))?;
        write(
            &format!("{name}.assessment-results.json"),
            serde_json::to_string_pretty(&results),
        )?;
    }
    Ok(count)
}
