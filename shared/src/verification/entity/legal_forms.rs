//! Legal forms at the end of company names ("Ltd", "GmbH", "ApS", "S.p.A." …) and the family
//! each belongs to. Two spellings of one form ("Ltd" / "Limited", "Oy" / "Oyj", "A/S" / "AS")
//! are one family; two families ("ApS" / "Inc.") are two kinds of legal entity, so two names
//! that differ only there name two companies.

/// A kind of legal entity, described in plain words for explanations.
#[derive(Debug, PartialEq, Eq)]
pub struct LegalFamily {
    /// Stable name of the family (`limited`, `inc`, `gmbh` …).
    pub id: &'static str,
    /// The family in plain words, with its usual abbreviation.
    pub description: &'static str,
}

macro_rules! families {
    ($($constant:ident = $id:literal, $description:literal;)*) => {
        $(const $constant: LegalFamily = LegalFamily { id: $id, description: $description };)*
    };
}

families! {
    LIMITED = "limited", "a limited company (Ltd)";
    INC = "inc", "an incorporated company (Inc.)";
    CORP = "corp", "a corporation (Corp.)";
    LLC = "llc", "a limited liability company (LLC)";
    LLP = "llp", "a limited liability partnership (LLP)";
    LP = "lp", "a limited partnership (LP)";
    PLC = "plc", "a public limited company (plc)";
    PTY = "pty", "an Australian or South African proprietary company (Pty Ltd)";
    PRIVATE_LIMITED = "private_limited",
        "a private limited company of the Singapore or Indian kind (Pte Ltd / Pvt Ltd)";
    SDN_BHD = "sdn_bhd", "a Malaysian private limited company (Sdn Bhd)";
    BHD = "bhd", "a Malaysian public company (Bhd)";
    GMBH = "gmbh", "a German, Austrian or Swiss limited liability company (GmbH)";
    GMBH_CO_KG = "gmbh_co_kg", "a limited partnership with a limited company as partner (GmbH & Co. KG)";
    KG = "kg", "a limited partnership (KG)";
    KGAA = "kgaa", "a partnership limited by shares (KGaA)";
    UG = "ug", "a German mini limited company (UG)";
    AG = "ag", "a stock corporation (AG)";
    SE = "se", "a European company (SE)";
    APS = "aps", "a Danish private limited company (ApS)";
    AS = "as", "a Nordic or Baltic limited company (A/S or AS)";
    ASA = "asa", "a Norwegian public limited company (ASA)";
    OY = "oy", "a Finnish limited company (Oy or Oyj)";
    AB = "ab", "a Swedish limited company (AB)";
    SAS = "sas", "a French simplified joint-stock company (SAS or SASU)";
    SA = "sa", "a public limited company (S.A.)";
    SARL = "sarl", "a limited liability company (SARL)";
    SL = "sl", "a Spanish limited company (S.L.)";
    SPA = "spa", "an Italian joint-stock company (S.p.A.)";
    SRL = "srl", "a limited liability company (S.r.l.)";
    LTDA = "ltda", "a Latin American limited company (Ltda.)";
    BV = "bv", "a Dutch or Belgian private limited company (B.V.)";
    NV = "nv", "a Dutch or Belgian public limited company (N.V.)";
    SP_Z_OO = "sp_z_oo", "a Polish limited liability company (Sp. z o.o.)";
    SRO = "sro", "a Czech or Slovak limited company (s.r.o.)";
    DOO = "doo", "a limited liability company of the former Yugoslav states (d.o.o.)";
    KFT = "kft", "a Hungarian limited liability company (Kft.)";
    ZRT = "zrt", "a Hungarian private company limited by shares (Zrt.)";
    UAB = "uab", "a Lithuanian private limited company (UAB)";
    SIA = "sia", "a Latvian limited company (SIA)";
    KK = "kk", "a Japanese stock company (K.K.)";
    DAC = "dac", "an Irish designated activity company (DAC)";
    ULC = "ulc", "an unlimited company (ULC)";
}

/// Legal-form suffixes as folded words (dots removed, so "S.A." is `sa`, "Sp. z o.o." is
/// `sp z oo`, and "A/S" is `a s`), longest first so that "Pty Ltd" is read before "Ltd". `None`
/// marks words that end company names without making a legal form ("& Co.").
const LEGAL_FORMS: &[(&[&str], Option<&LegalFamily>)] = &[
    (&["limited", "liability", "partnership"], Some(&LLP)),
    (&["limited", "liability", "company"], Some(&LLC)),
    (&["public", "limited", "company"], Some(&PLC)),
    (&["gmbh", "and", "co", "kg"], Some(&GMBH_CO_KG)),
    (&["gmbh", "und", "co", "kg"], Some(&GMBH_CO_KG)),
    (&["sp", "z", "o", "o"], Some(&SP_Z_OO)),
    (&["sp", "z", "oo"], Some(&SP_Z_OO)),
    (&["pty", "ltd"], Some(&PTY)),
    (&["pty", "limited"], Some(&PTY)),
    (&["pvt", "ltd"], Some(&PRIVATE_LIMITED)),
    (&["pvt", "limited"], Some(&PRIVATE_LIMITED)),
    (&["private", "limited"], Some(&PRIVATE_LIMITED)),
    (&["pte", "ltd"], Some(&PRIVATE_LIMITED)),
    (&["pte", "limited"], Some(&PRIVATE_LIMITED)),
    (&["sdn", "bhd"], Some(&SDN_BHD)),
    (&["co", "ltd"], Some(&LIMITED)),
    (&["company", "limited"], Some(&LIMITED)),
    (&["and", "co", "kg"], Some(&KG)),
    (&["sa", "de", "cv"], Some(&SA)),
    (&["sa", "rl"], Some(&SARL)),
    (&["ab", "publ"], Some(&AB)),
    (&["a", "s"], Some(&AS)),
    (&["limited"], Some(&LIMITED)),
    (&["ltd"], Some(&LIMITED)),
    (&["inc"], Some(&INC)),
    (&["incorporated"], Some(&INC)),
    (&["corp"], Some(&CORP)),
    (&["corporation"], Some(&CORP)),
    (&["llc"], Some(&LLC)),
    (&["llp"], Some(&LLP)),
    (&["lp"], Some(&LP)),
    (&["plc"], Some(&PLC)),
    (&["gmbh"], Some(&GMBH)),
    (&["gesmbh"], Some(&GMBH)),
    (&["ag"], Some(&AG)),
    (&["kg"], Some(&KG)),
    (&["kgaa"], Some(&KGAA)),
    (&["ug"], Some(&UG)),
    (&["se"], Some(&SE)),
    (&["sa"], Some(&SA)),
    (&["sas"], Some(&SAS)),
    (&["sasu"], Some(&SAS)),
    (&["sarl"], Some(&SARL)),
    (&["sl"], Some(&SL)),
    (&["slu"], Some(&SL)),
    (&["srl"], Some(&SRL)),
    (&["spa"], Some(&SPA)),
    (&["bv"], Some(&BV)),
    (&["nv"], Some(&NV)),
    (&["oy"], Some(&OY)),
    (&["oyj"], Some(&OY)),
    (&["ab"], Some(&AB)),
    (&["as"], Some(&AS)),
    (&["asa"], Some(&ASA)),
    (&["aps"], Some(&APS)),
    (&["kk"], Some(&KK)),
    (&["ltda"], Some(&LTDA)),
    (&["sro"], Some(&SRO)),
    (&["doo"], Some(&DOO)),
    (&["kft"], Some(&KFT)),
    (&["zrt"], Some(&ZRT)),
    (&["uab"], Some(&UAB)),
    (&["sia"], Some(&SIA)),
    (&["bhd"], Some(&BHD)),
    (&["pty"], Some(&PTY)),
    (&["dac"], Some(&DAC)),
    (&["ulc"], Some(&ULC)),
    (&["co"], None),
    (&["company"], None),
];

/// A company name read apart: the name without its legal forms, and the family of its legal
/// form when it has one.
#[derive(Debug, PartialEq, Eq)]
pub struct ReadName {
    /// The comparable name (see [`super::normalize_entity_name`]).
    pub base: String,
    /// The family of the outermost legal form ("Acme Pty Ltd" → Pty Ltd), if any.
    pub family: Option<&'static LegalFamily>,
}

/// Reads `name` apart: lower case without accents, `&`/`+` read as "and", punctuation removed
/// (dots joined, so "S.A." = "SA"; other marks separate words), a leading "The" and the trailing
/// legal forms removed.
pub fn read_name(name: &str) -> ReadName {
    let mut cleaned = String::with_capacity(name.len());
    for c in super::super::text::fold(name).chars() {
        match c {
            '&' | '+' => cleaned.push_str(" and "),
            '.' => {}
            c if c.is_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    let mut family = None;
    loop {
        let before = words.len();
        for (form, form_family) in LEGAL_FORMS {
            if words.len() > form.len() && words.ends_with(form) {
                words.truncate(words.len() - form.len());
                if family.is_none() {
                    family = *form_family;
                }
                break;
            }
        }
        while words.len() > 1 && words.last() == Some(&"and") {
            words.pop();
        }
        if words.len() == before {
            break;
        }
    }
    ReadName {
        base: words.join(" "),
        family,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(name: &str) -> Option<&'static str> {
        read_name(name).family.map(|f| f.id)
    }

    #[test]
    fn spellings_of_one_form_are_one_family() {
        let families = [
            (
                &[
                    "Acme Ltd",
                    "Acme Limited",
                    "Acme Co., Ltd.",
                    "Acme Company Limited",
                ][..],
                "limited",
            ),
            (&["Acme Inc.", "Acme, Inc", "Acme Incorporated"], "inc"),
            (&["Acme Corp.", "Acme Corporation"], "corp"),
            (&["Acme GmbH", "Acme Ges.m.b.H."], "gmbh"),
            (&["Acme AG"], "ag"),
            (&["Fjord Travel ApS", "Fjord Travel APS"], "aps"),
            (
                &["Fjord Travel A/S", "Fjord Travel AS", "Fjord Travel A.S."],
                "as",
            ),
            (&["Aurora Oy", "Aurora Oyj"], "oy"),
            (&["Norrsken AB", "Norrsken AB (publ)"], "ab"),
            (&["Zeta SAS", "Zeta S.A.S.", "Zeta SASU"], "sas"),
            (&["Zeta SA", "Zeta S.A.", "Zeta S.A. de C.V."], "sa"),
            (&["Zeta SARL", "Zeta S.à r.l.", "Zeta S.a.r.l."], "sarl"),
            (&["Rossi S.p.A.", "Rossi SpA"], "spa"),
            (&["Rossi S.r.l.", "Rossi SRL"], "srl"),
            (&["Van Dijk B.V.", "Van Dijk BV"], "bv"),
            (&["Van Dijk N.V."], "nv"),
            (
                &["Smith plc", "Smith PLC", "Smith Public Limited Company"],
                "plc",
            ),
            (
                &[
                    "Data Works LLC",
                    "Data Works, L.L.C.",
                    "Data Works Limited Liability Company",
                ],
                "llc",
            ),
            (
                &["Partners LLP", "Partners Limited Liability Partnership"],
                "llp",
            ),
            (&["Kangaroo Pty Ltd", "Kangaroo Pty. Limited"], "pty"),
            (
                &["Lion Pte. Ltd.", "Lion Private Limited", "Tiger Pvt Ltd"],
                "private_limited",
            ),
            (&["Wisla Sp. z o.o.", "Wisla sp. z o. o."], "sp_z_oo"),
            (
                &["Müller GmbH & Co. KG", "Müller GmbH und Co KG"],
                "gmbh_co_kg",
            ),
        ];
        for (names, id) in families {
            for name in names {
                assert_eq!(family(name), Some(id), "{name}");
            }
        }
    }

    #[test]
    fn a_name_without_a_legal_form_has_no_family() {
        assert_eq!(family("Fjord Travel"), None);
        assert_eq!(family("Smith & Co."), None);
        assert_eq!(read_name("Smith & Co.").base, "smith");
        // A name that is only a legal form keeps it rather than becoming empty.
        assert_eq!(read_name("Limited").base, "limited");
        assert_eq!(family("Limited"), None);
    }
}
