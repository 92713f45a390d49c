//! The readiness report written as JSON directly, byte for byte what `serde_json::to_vec` gives
//! for [`Report`] (the widget's and the golden fixtures' bytes), in a fraction of the time.
//!
//! Profiled on the full questionnaire, serialising with serde_json spent 60 % of its
//! instructions escaping strings one byte at a time — the field names and the report's
//! catalog texts, none of which has anything to escape. Here field names are written as
//! constants, a text is copied as it is once a check of eight bytes at a time finds nothing to
//! escape (a text that has something to escape still goes through serde_json), enum names are
//! their types' codes, and floats are written with the digits serde_json uses.
//! The tests compare the bytes with serde_json's for every golden fixture and for reports
//! that use every branch (escapes, `null` scores, the quick mode's note).
//!
//! Every report lists all eleven sections and all thirty attribute values of the built-in
//! catalog, in the same order and with the same texts; only their counts and scores change.
//! Each one's opening — its object up to `"score":`, three or four texts and their names — is
//! written once per process ([`openings`]) and copied whole when the report's entry at that
//! place is the catalog's ([`Opening::fits`]).

use std::sync::OnceLock;

use annexa_shared::{AttributeScore, Blocker, Gap, Report, SectionScore};

use crate::json_out::{code, float, float_or_null, list, number, text};

/// `report` as compact JSON, appended to `out`: the same bytes as `serde_json::to_writer`.
pub fn write_report(out: &mut Vec<u8>, report: &Report) {
    // Destructured in full, so a field added to the report does not compile until it is
    // written here too (in the report's field order, which is the JSON order).
    let Report {
        scoring_version,
        questionnaire_version,
        mode,
        progress,
        overall,
        sections,
        attributes,
        stage1_blockers,
        stage2_blockers,
        gaps,
        band,
        not_assessed,
        not_assessed_note,
    } = report;
    out.extend_from_slice(br#"{"scoring_version":"#);
    text(out, scoring_version);
    out.extend_from_slice(br#","questionnaire_version":"#);
    text(out, questionnaire_version);
    out.extend_from_slice(br#","mode":"#);
    code(out, mode.as_str());
    out.extend_from_slice(br#","progress":"#);
    float(out, *progress);
    out.extend_from_slice(br#","overall":"#);
    float(out, *overall);
    let openings = openings();
    out.extend_from_slice(br#","sections":"#);
    list_with_openings(
        out,
        sections,
        &openings.sections,
        section_opening,
        |out, s| counts(out, s.score, s.answered, s.total),
    );
    out.extend_from_slice(br#","attributes":"#);
    list_with_openings(
        out,
        attributes,
        &openings.attributes,
        attribute_opening,
        |out, a| counts(out, a.score, a.answered, a.total),
    );
    out.extend_from_slice(br#","stage1_blockers":"#);
    list(out, stage1_blockers, blocker);
    out.extend_from_slice(br#","stage2_blockers":"#);
    list(out, stage2_blockers, blocker);
    out.extend_from_slice(br#","gaps":"#);
    list(out, gaps, gap);
    out.extend_from_slice(br#","band":"#);
    code(out, band.code());
    out.extend_from_slice(br#","not_assessed":"#);
    list(out, not_assessed, |out, id| text(out, id));
    out.extend_from_slice(br#","not_assessed_note":"#);
    match not_assessed_note {
        Some(note) => text(out, note),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

/// The openings of the built-in catalog's sections and attribute values, in report order.
#[derive(Default)]
struct Openings {
    sections: Vec<Opening<SectionScore>>,
    attributes: Vec<Opening<AttributeScore>>,
}

/// An entry of every report (a section, an attribute value) and its opening as
/// [`section_opening`] or [`attribute_opening`] writes it.
struct Opening<T> {
    entry: T,
    bytes: Box<[u8]>,
}

/// An entry whose opening can be told from its texts' places in memory.
trait Opens {
    /// True when `self` opens with the same bytes as `other`: the same kind, and each text the
    /// very same string (its address and length — equal places hold equal bytes, so no text is
    /// compared or checked for escapes). A text with the same words kept elsewhere does not
    /// fit and is written the ordinary way, to the same bytes.
    fn opens_as(&self, other: &Self) -> bool;
}

impl Opens for SectionScore {
    fn opens_as(&self, other: &Self) -> bool {
        same(&self.id, &other.id) && same(&self.title, &other.title) && self.kind == other.kind
    }
}

impl Opens for AttributeScore {
    fn opens_as(&self, other: &Self) -> bool {
        self.attribute == other.attribute
            && same(&self.value, &other.value)
            && same(&self.label, &other.label)
    }
}

impl<T: Opens> Opening<T> {
    fn new(entry: T, write: fn(&mut Vec<u8>, &T)) -> Self {
        let mut bytes = Vec::new();
        write(&mut bytes, &entry);
        Opening {
            entry,
            bytes: bytes.into_boxed_slice(),
        }
    }

    /// This opening's bytes when `entry` opens as the catalog's entry does.
    fn fits(&self, entry: &T) -> Option<&[u8]> {
        entry.opens_as(&self.entry).then_some(&*self.bytes)
    }
}

/// The same string in the same place.
fn same(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b)
}

/// The openings, written on first use from the report of an empty document: scoring borrows
/// every section's and attribute value's texts from the catalog, which lives as long as the
/// process, so each report's entries at those places are the very same strings.
fn openings() -> &'static Openings {
    static OPENINGS: OnceLock<Openings> = OnceLock::new();
    OPENINGS.get_or_init(|| {
        use annexa_shared::{AnswersDocument, Mode, QUESTIONNAIRE_VERSION, score};
        let empty = AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode: Mode::Full,
            profile: Default::default(),
            answers: Default::default(),
        };
        // An empty document always scores; were it not to, every entry is written in full.
        let Ok(report) = score(&empty) else {
            return Openings::default();
        };
        Openings {
            sections: (report.sections.into_iter())
                .map(|s| Opening::new(s, section_opening))
                .collect(),
            attributes: (report.attributes.into_iter())
                .map(|a| Opening::new(a, attribute_opening))
                .collect(),
        }
    })
}

/// `[item,item,…]`, each item's opening copied when the opening at its place fits it, else
/// written by `opening`; then `rest` writes the remainder of the item.
fn list_with_openings<T: Opens>(
    out: &mut Vec<u8>,
    items: &[T],
    openings: &[Opening<T>],
    opening: fn(&mut Vec<u8>, &T),
    rest: impl Fn(&mut Vec<u8>, &T),
) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match openings.get(i).and_then(|o| o.fits(item)) {
            Some(bytes) => out.extend_from_slice(bytes),
            None => opening(out, item),
        }
        rest(out, item);
    }
    out.push(b']');
}

/// A section's object up to its score: `{"id":…,"title":…,"kind":…,"score":`.
fn section_opening(out: &mut Vec<u8>, section: &SectionScore) {
    // Destructured in full, so a field added to the section does not compile until it is
    // written here or in `counts`.
    let SectionScore {
        id,
        title,
        kind,
        score: _,
        answered: _,
        total: _,
    } = section;
    out.extend_from_slice(br#"{"id":"#);
    text(out, id);
    out.extend_from_slice(br#","title":"#);
    text(out, title);
    out.extend_from_slice(br#","kind":"#);
    code(out, kind.code());
    out.extend_from_slice(br#","score":"#);
}

/// An attribute value's object up to its score: `{"attribute":…,"value":…,"label":…,"score":`.
fn attribute_opening(out: &mut Vec<u8>, attribute: &AttributeScore) {
    let AttributeScore {
        attribute,
        value,
        label,
        score: _,
        answered: _,
        total: _,
    } = attribute;
    out.extend_from_slice(br#"{"attribute":"#);
    text(out, attribute.as_str());
    out.extend_from_slice(br#","value":"#);
    text(out, value);
    out.extend_from_slice(br#","label":"#);
    text(out, label);
    out.extend_from_slice(br#","score":"#);
}

/// The rest of a section's or attribute value's object: `…,"answered":…,"total":…}`.
fn counts(out: &mut Vec<u8>, score: Option<f64>, answered: u32, total: u32) {
    float_or_null(out, score);
    out.extend_from_slice(br#","answered":"#);
    number(out, answered);
    out.extend_from_slice(br#","total":"#);
    number(out, total);
    out.push(b'}');
}

fn blocker(out: &mut Vec<u8>, blocker: &Blocker) {
    let Blocker {
        requirement_id,
        title,
        reason,
    } = blocker;
    finding_opening(out, requirement_id, title);
    out.extend_from_slice(br#""reason":"#);
    text(out, reason);
    out.push(b'}');
}

fn gap(out: &mut Vec<u8>, gap: &Gap) {
    let Gap {
        requirement_id,
        title,
        severity,
        answer,
        recommendation,
    } = gap;
    let requirement = finding_opening(out, requirement_id, title);
    out.extend_from_slice(br#""severity":"#);
    code(out, severity.code());
    out.extend_from_slice(br#","answer":"#);
    code(out, answer.code());
    out.extend_from_slice(br#","recommendation":"#);
    match requirement.and_then(|r| r.recommendation.as_ref()) {
        Some((catalogs, bytes)) if same(recommendation, catalogs) => out.extend_from_slice(bytes),
        _ => text(out, recommendation),
    }
    out.push(b'}');
}

/// A gap's or blocker's object up to its third field, `{"requirement_id":…,"title":…,`: copied
/// whole when its id and title are the catalog's own strings, else written; with the
/// requirement's openings when they fit.
fn finding_opening(
    out: &mut Vec<u8>,
    requirement_id: &str,
    title: &str,
) -> Option<&'static RequirementOpening> {
    let requirement = RequirementOpening::of(requirement_id).filter(|r| same(title, r.title));
    match requirement {
        Some(requirement) => out.extend_from_slice(&requirement.opening),
        None => {
            out.extend_from_slice(br#"{"requirement_id":"#);
            text(out, requirement_id);
            out.extend_from_slice(br#","title":"#);
            text(out, title);
            out.push(b',');
        }
    }
    requirement
}

/// A catalog requirement's part of every gap and blocker about it, written once per process:
/// gaps and blockers borrow their ids, titles and recommendations from the catalog, so a
/// report's are the very same strings (see [`Opens`]). Their texts were checked for escapes
/// and copied piece by piece on every request: 4,600 of the report's 26,000 instructions.
struct RequirementOpening {
    id: &'static str,
    title: &'static str,
    /// `{"requirement_id":…,"title":…,`.
    opening: Box<[u8]>,
    /// The recommendation the catalog gives, and it as a JSON string.
    recommendation: Option<(&'static str, Box<[u8]>)>,
}

impl RequirementOpening {
    /// The openings of the requirement whose id is the catalog's string `id` (its very place).
    fn of(id: &str) -> Option<&'static RequirementOpening> {
        static BY_PLACE: OnceLock<Vec<RequirementOpening>> = OnceLock::new();
        let by_place = BY_PLACE.get_or_init(|| {
            let mut all: Vec<RequirementOpening> = (annexa_shared::catalog().requirements())
                .map(|r| RequirementOpening::new(r.id, r.title))
                .collect();
            all.sort_by_key(|r| r.id.as_ptr());
            all
        });
        let at = by_place
            .binary_search_by_key(&id.as_ptr(), |r| r.id.as_ptr())
            .ok()?;
        Some(&by_place[at]).filter(|r| same(id, r.id))
    }

    fn new(id: &'static str, title: &'static str) -> RequirementOpening {
        let mut opening = Vec::new();
        opening.extend_from_slice(br#"{"requirement_id":"#);
        text(&mut opening, id);
        opening.extend_from_slice(br#","title":"#);
        text(&mut opening, title);
        opening.push(b',');
        let recommendation = annexa_shared::guidance::recommendation(id).map(|r| {
            let mut bytes = Vec::new();
            text(&mut bytes, r);
            (r, bytes.into_boxed_slice())
        });
        RequirementOpening {
            id,
            title,
            opening: opening.into_boxed_slice(),
            recommendation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::{AnswersDocument, Text, score};

    fn written(report: &Report) -> String {
        let mut out = Vec::new();
        write_report(&mut out, report);
        String::from_utf8(out).expect("UTF-8")
    }

    fn scored(answers: &str) -> Report {
        let doc: AnswersDocument = serde_json::from_str(answers).expect("answers");
        score(&doc).expect("scores")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// For any assessment — either mode, any mix of answers and unanswered questions, a
        /// control excluded with any justification text — the bytes are serde_json's.
        #[test]
        fn any_report_is_written_as_serde_json_writes_it(
            full in proptest::bool::ANY,
            picks in proptest::collection::vec(0..6_u8, 130),
            // Never blank: a blank justification is refused before scoring.
            justification in "[a-zA-Zé][a-zA-Z \"\\\\\n\t\u{1}é✓]{0,39}",
        ) {
            use annexa_shared::{Answer, AnswerValue, Mode, QUESTIONNAIRE_VERSION, questionnaire};
            let mode = if full { Mode::Full } else { Mode::Quick };
            let mut doc = AnswersDocument {
                questionnaire_version: QUESTIONNAIRE_VERSION.into(),
                mode,
                profile: Default::default(),
                answers: Default::default(),
            };
            for (question, pick) in questionnaire(mode).questions.iter().zip(&picks) {
                let value = match pick {
                    0 => continue,
                    1 => AnswerValue::Yes,
                    2 => AnswerValue::Partial,
                    3 => AnswerValue::No,
                    4 => AnswerValue::Unsure,
                    _ if question.allows_not_applicable => AnswerValue::NotApplicable,
                    _ => AnswerValue::No,
                };
                let justification = (value == AnswerValue::NotApplicable)
                    .then(|| justification.clone());
                doc.answers.insert(question.id.clone(), Answer { value, justification });
            }
            let report = score(&doc).expect("a valid document scores");
            proptest::prop_assert_eq!(
                written(&report),
                serde_json::to_string(&report).expect("JSON")
            );
        }
    }

    /// One change to one section or attribute value of a report: which entry, which field,
    /// and what replaces it.
    #[derive(Debug, Clone)]
    struct Edit {
        attribute: bool,
        entry: usize,
        field: u8,
        replacement: u8,
    }

    impl Edit {
        /// The replacing text: the same words kept elsewhere, another entry's catalog text (the
        /// same kind of string, another place), or words that need escapes.
        fn text(&self, current: &Text, other: &Text) -> Text {
            match self.replacement {
                0 => Text::from(current.as_str().to_owned()),
                1 => other.clone(),
                _ => Text::from(format!("{current} \"quoted\" \\ \u{1}")),
            }
        }

        fn apply(&self, report: &mut Report) {
            use annexa_shared::{AttributeKind, SectionKind};
            if self.attribute {
                let n = report.attributes.len();
                let other = report.attributes[(self.entry + 1) % n].clone();
                let a = &mut report.attributes[self.entry % n];
                match self.field {
                    0 => {
                        a.attribute = match a.attribute {
                            AttributeKind::ControlType => AttributeKind::SecurityDomains,
                            _ => AttributeKind::ControlType,
                        }
                    }
                    1 => a.value = self.text(&a.value, &other.value),
                    _ => a.label = self.text(&a.label, &other.label),
                }
            } else {
                let n = report.sections.len();
                let other = report.sections[(self.entry + 1) % n].clone();
                let s = &mut report.sections[self.entry % n];
                match self.field {
                    0 => {
                        s.kind = match s.kind {
                            SectionKind::Clause => SectionKind::Theme,
                            SectionKind::Theme => SectionKind::Clause,
                        }
                    }
                    1 => s.id = self.text(&s.id, &other.id),
                    _ => s.title = self.text(&s.title, &other.title),
                }
            }
        }
    }

    fn edits() -> impl proptest::strategy::Strategy<Value = Edit> {
        use proptest::prelude::*;
        (any::<bool>(), 0..64_usize, 0..3_u8, 0..3_u8).prop_map(
            |(attribute, entry, field, replacement)| Edit {
                attribute,
                entry,
                field,
                replacement,
            },
        )
    }

    proptest::proptest! {
        /// A section or attribute value that is not the catalog's at its place — its kind
        /// changed, a text replaced by the same words kept elsewhere, by another entry's
        /// catalog text, or by words that need escapes, or the entries in another order — is
        /// written as serde_json writes it: the openings written once fit only the catalog's
        /// own entries.
        #[test]
        fn entries_that_are_not_the_catalogs_are_written_as_serde_json_writes_them(
            full in proptest::bool::ANY,
            edit in edits(),
            rotate in 0..3_usize,
        ) {
            let answers = if full {
                include_str!("../../../shared/tests/fixtures/full_mixed.answers.json")
            } else {
                include_str!("../../../shared/tests/fixtures/quick_mixed.answers.json")
            };
            let mut report = scored(answers);
            edit.apply(&mut report);
            report.sections.rotate_left(rotate);
            report.attributes.rotate_right(rotate);
            proptest::prop_assert_eq!(
                written(&report),
                serde_json::to_string(&report).expect("JSON")
            );
        }
    }

    /// Every section and attribute value of a scored report, either mode, is the catalog's
    /// at its place: the openings are copied, not written again.
    #[test]
    fn every_scored_entry_fits_its_opening() {
        let openings = openings();
        assert_eq!(openings.sections.len(), 11);
        assert_eq!(openings.attributes.len(), 30);
        for answers in [
            include_str!("../../../shared/tests/fixtures/full_mixed.answers.json"),
            include_str!("../../../shared/tests/fixtures/quick_mixed.answers.json"),
        ] {
            let report = scored(answers);
            assert_eq!(report.sections.len(), openings.sections.len());
            assert_eq!(report.attributes.len(), openings.attributes.len());
            for (section, opening) in report.sections.iter().zip(&openings.sections) {
                assert!(opening.fits(section).is_some(), "{}", section.id);
            }
            for (attribute, opening) in report.attributes.iter().zip(&openings.attributes) {
                assert!(opening.fits(attribute).is_some(), "{}", attribute.value);
            }
        }
    }

    /// Every gap and blocker of the fixtures is written from its requirement's openings: its
    /// id and title (and a gap's recommendation, when the catalog has one) are the catalog's.
    #[test]
    fn every_finding_fits_its_requirements_openings() {
        let mut findings = 0;
        for answers in [
            include_str!("../../../shared/tests/fixtures/full_mixed.answers.json"),
            include_str!("../../../shared/tests/fixtures/full_all_no.answers.json"),
            include_str!("../../../shared/tests/fixtures/quick_mixed.answers.json"),
        ] {
            let report = scored(answers);
            let blockers = report.stage1_blockers.iter().chain(&report.stage2_blockers);
            for (id, title) in blockers
                .map(|b| (&b.requirement_id, &b.title))
                .chain(report.gaps.iter().map(|g| (&g.requirement_id, &g.title)))
            {
                let opening = RequirementOpening::of(id).expect("the catalog's id");
                assert!(same(title, opening.title), "{id}");
                findings += 1;
            }
            for gap in &report.gaps {
                let opening = RequirementOpening::of(&gap.requirement_id).expect("catalog's");
                if let Some((recommendation, _)) = &opening.recommendation {
                    assert!(
                        same(&gap.recommendation, recommendation),
                        "{}",
                        gap.requirement_id
                    );
                }
            }
        }
        assert!(findings > 100, "{findings}");
    }

    /// A gap or blocker whose id, title or recommendation is not the catalog's string — the
    /// same words kept elsewhere, another requirement's text, words that need escapes — is
    /// written as serde_json writes it.
    #[test]
    fn findings_that_are_not_the_catalogs_are_written_as_serde_json_writes_them() {
        let report = scored(include_str!(
            "../../../shared/tests/fixtures/full_all_no.answers.json"
        ));
        assert!(report.gaps.len() > 2 && report.stage1_blockers.len() > 2);
        let edits: [fn(&Text, &Text) -> Text; 3] = [
            |current, _| Text::from(current.as_str().to_owned()),
            |_, other| other.clone(),
            |current, _| Text::from(format!("{current} \"quoted\" \\ \u{1}")),
        ];
        for edit in edits {
            for field in 0..3 {
                let mut changed = report.clone();
                let n = changed.gaps.len();
                for i in 0..n {
                    let other = report.gaps[(i + 1) % n].clone();
                    let gap = &mut changed.gaps[i];
                    match field {
                        0 => gap.requirement_id = edit(&gap.requirement_id, &other.requirement_id),
                        1 => gap.title = edit(&gap.title, &other.title),
                        _ => gap.recommendation = edit(&gap.recommendation, &other.recommendation),
                    }
                }
                let n = changed.stage1_blockers.len();
                for i in 0..n {
                    let other = report.stage1_blockers[(i + 1) % n].clone();
                    let blocker = &mut changed.stage1_blockers[i];
                    match field {
                        0 => {
                            blocker.requirement_id =
                                edit(&blocker.requirement_id, &other.requirement_id)
                        }
                        _ => blocker.title = edit(&blocker.title, &other.title),
                    }
                }
                assert_eq!(
                    written(&changed),
                    serde_json::to_string(&changed).expect("JSON"),
                    "field {field}"
                );
            }
        }
    }

    #[test]
    fn every_golden_fixture_is_written_to_its_golden_bytes() {
        let fixtures = [
            (
                include_str!("../../../shared/tests/fixtures/full_all_yes.answers.json"),
                include_str!("../../../shared/tests/fixtures/full_all_yes.report.json"),
            ),
            (
                include_str!("../../../shared/tests/fixtures/full_all_no.answers.json"),
                include_str!("../../../shared/tests/fixtures/full_all_no.report.json"),
            ),
            (
                include_str!("../../../shared/tests/fixtures/full_mixed.answers.json"),
                include_str!("../../../shared/tests/fixtures/full_mixed.report.json"),
            ),
            (
                include_str!("../../../shared/tests/fixtures/quick_mixed.answers.json"),
                include_str!("../../../shared/tests/fixtures/quick_mixed.report.json"),
            ),
        ];
        for (answers, golden) in fixtures {
            assert_eq!(written(&scored(answers)), golden);
        }
    }

    #[test]
    fn escapes_nulls_and_numbers_are_written_as_serde_json_writes_them() {
        // Nothing answered: every score null, no gaps.
        let mut report = scored(r#"{"questionnaire_version":"2026.2","mode":"quick"}"#);
        assert_eq!(
            written(&report),
            serde_json::to_string(&report).expect("JSON")
        );
        // Texts with every kind of escape, non-ASCII text, extreme counts and floats.
        report.not_assessed_note =
            Some("quote \" backslash \\ tab \t newline \n bell \u{7} delete \u{7f} é ✓".into());
        report.not_assessed.push(Text::from("A.\"5\"".to_owned()));
        report.sections[0].total = u32::MAX;
        report.sections[0].answered = 0;
        report.sections[1].score = Some(0.1 + 0.2);
        report.attributes[0].score = Some(f64::NAN);
        report.progress = 1e-7;
        report.overall = 1e21;
        report.gaps.push(annexa_shared::Gap {
            requirement_id: Text::from("9.2.2"),
            title: Text::from("Internal audit \"programme\""),
            severity: annexa_shared::Severity::Critical,
            answer: annexa_shared::AnswerValue::Unsure,
            recommendation: Text::from("Plan it.\r\nThen do it.".to_owned()),
        });
        report.stage1_blockers.push(annexa_shared::Blocker {
            requirement_id: Text::from("7.5.1"),
            title: Text::from("Documented information"),
            reason: "Answered \"no\".\u{1f}".into(),
        });
        assert_eq!(
            written(&report),
            serde_json::to_string(&report).expect("JSON")
        );
    }
}
