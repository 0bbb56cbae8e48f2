//! Irregular word forms that a Snowball stemmer cannot join to their base word
//! (`took` → `take`), by language: the stemmer strips endings, and these forms have
//! none to strip. Each form is read as its base word before stemming, so a page that
//! says "took on too much" is found by "take on" and the other way round. Only forms
//! that are rarely anything else are listed (`saw`, `found`, `lay` are not).

/// English past tenses and past participles, sorted by form: (form, base word).
const ENGLISH: &[(&str, &str)] = &[
    ("ate", "eat"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bent", "bend"),
    ("bought", "buy"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("dealt", "deal"),
    ("drawn", "draw"),
    ("drew", "draw"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("eaten", "eat"),
    ("fallen", "fall"),
    ("fed", "feed"),
    ("felt", "feel"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("fought", "fight"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("given", "give"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("heard", "hear"),
    ("held", "hold"),
    ("hidden", "hide"),
    ("hung", "hang"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("learnt", "learn"),
    ("led", "lead"),
    ("lent", "lend"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("mistaken", "mistake"),
    ("mistook", "mistake"),
    ("overtaken", "overtake"),
    ("overtook", "overtake"),
    ("paid", "pay"),
    ("ran", "run"),
    ("risen", "rise"),
    ("said", "say"),
    ("sat", "sit"),
    ("seen", "see"),
    ("sent", "send"),
    ("shaken", "shake"),
    ("shook", "shake"),
    ("shown", "show"),
    ("slept", "sleep"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spent", "spend"),
    ("spoken", "speak"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stood", "stand"),
    ("stuck", "stick"),
    ("taken", "take"),
    ("taught", "teach"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("understood", "understand"),
    ("undertaken", "undertake"),
    ("undertook", "undertake"),
    ("went", "go"),
    ("withdrawn", "withdraw"),
    ("withdrew", "withdraw"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("won", "win"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The irregular forms of the language `code` (a primary subtag), sorted by form.
pub(super) fn of(code: &str) -> &'static [(&'static str, &'static str)] {
    match code {
        "en" => ENGLISH,
        _ => &[],
    }
}

/// The base word of `lower` if it is one of the irregular `forms`, else `lower` itself.
pub(super) fn base<'a>(forms: &[(&'a str, &'a str)], lower: &'a str) -> &'a str {
    match forms.binary_search_by(|(form, _)| (*form).cmp(lower)) {
        Ok(i) => forms[i].1,
        Err(_) => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_sorted_once_and_not_their_own_base() {
        let forms: Vec<&str> = ENGLISH.iter().map(|(f, _)| *f).collect();
        let mut sorted = forms.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, forms);
        assert!(ENGLISH.iter().all(|(f, b)| f != b));
        assert!(of("fr").is_empty());
        assert_eq!(base(of("en"), "took"), "take");
        assert_eq!(base(of("en"), "taking"), "taking");
    }
}
