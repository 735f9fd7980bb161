//! How a name from the spec becomes an identifier: case conversion, keywords escaped, symbols
//! spelled out, and ASCII only (Latin letters lose their marks, other scripts are spelled by
//! code point).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Spells out operator symbols so that values such as `>=` get a readable name
/// (`GreaterThanEqual`) instead of an empty one.
pub(super) fn spell_symbols(value: &str) -> String {
    let mut spelled = String::with_capacity(value.len());
    for (index, c) in value.chars().enumerate() {
        let word = match c {
            // A sign, not a separator: `-1`.
            '-' if index == 0 && value[1..].starts_with(|c: char| c.is_ascii_digit()) => "minus",
            '>' => "greater than",
            '<' => "less than",
            '=' => "equal",
            '!' => "not",
            '+' => "plus",
            '*' => "star",
            '%' => "percent",
            '&' => "and",
            '|' => "or",
            '@' => "at",
            '#' => "hash",
            '$' => "dollar",
            '~' => "tilde",
            '^' => "caret",
            '?' => "question",
            _ => {
                spelled.push(c);
                continue;
            }
        };
        spelled.push(' ');
        spelled.push_str(word);
        spelled.push(' ');
    }
    spelled
}

/// Spells out the symbols before a name's first letter or digit (`@type` → `at type`, `-1` →
/// `minus 1`), which case conversion would drop; the rest keeps its separators.
pub(super) fn spell_leading(name: &str) -> String {
    let start = name
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(name.len());
    let (lead, rest) = name.split_at(start);
    if lead.is_empty() {
        return name.to_string();
    }
    let mut spelled = spell_symbols(&format!("{lead}{}", &rest[..rest.len().min(1)]));
    spelled.push_str(rest.get(1..).unwrap_or_default());
    spelled
}

/// Latin letters with marks and ligatures, and the ASCII they are written as.
pub(super) const FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăą", "a"),
    ("ÀÁÂÃÄÅĀĂĄ", "A"),
    ("çćĉċč", "c"),
    ("ÇĆĈĊČ", "C"),
    ("ďđð", "d"),
    ("ĎĐÐ", "D"),
    ("èéêëēĕėęě", "e"),
    ("ÈÉÊËĒĔĖĘĚ", "E"),
    ("ĝğġģ", "g"),
    ("ĜĞĠĢ", "G"),
    ("ĥħ", "h"),
    ("ĤĦ", "H"),
    ("ìíîïĩīĭįı", "i"),
    ("ÌÍÎÏĨĪĬĮİ", "I"),
    ("ĵ", "j"),
    ("Ĵ", "J"),
    ("ķ", "k"),
    ("Ķ", "K"),
    ("ĺļľŀł", "l"),
    ("ĹĻĽĿŁ", "L"),
    ("ñńņňŉ", "n"),
    ("ÑŃŅŇ", "N"),
    ("òóôõöøōŏő", "o"),
    ("ÒÓÔÕÖØŌŎŐ", "O"),
    ("ŕŗř", "r"),
    ("ŔŖŘ", "R"),
    ("śŝşš", "s"),
    ("ŚŜŞŠ", "S"),
    ("ţťŧ", "t"),
    ("ŢŤŦ", "T"),
    ("ùúûüũūŭůűų", "u"),
    ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
    ("ŵ", "w"),
    ("Ŵ", "W"),
    ("ýÿŷ", "y"),
    ("ÝŶŸ", "Y"),
    ("źżž", "z"),
    ("ŹŻŽ", "Z"),
    ("æ", "ae"),
    ("Æ", "AE"),
    ("œ", "oe"),
    ("Œ", "OE"),
    ("ß", "ss"),
    ("þ", "th"),
    ("Þ", "TH"),
];

/// A name in ASCII, for identifiers, file names and cargo features (a module file cannot have
/// a non-ASCII name, and mixed scripts trip rustc's confusable lints): Latin letters lose
/// their marks (`Ünïcödé` → `Unicode`), combining marks go, other letters and digits are
/// spelled by code point (`日本` → `u65e5 u672c`, distinct names stay distinct), and anything
/// else non-ASCII (emoji, symbols) separates words.
pub fn ascii(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() {
        return name.into();
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some((_, base)) = FOLDS.iter().find(|(from, _)| from.contains(c)) {
            out.push_str(base);
        } else if ('\u{300}'..='\u{36f}').contains(&c) {
            // A combining mark: the letter before it stands alone.
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    out.into()
}

/// An identifier without its keyword escape (`r#type` → `type`, `self_` → `self`), to build
/// other names from.
pub(super) fn bare_ident(ident: &str) -> &str {
    if let Some(raw) = ident.strip_prefix("r#") {
        return raw;
    }
    match ident.strip_suffix('_') {
        Some(keyword) if !keyword.is_empty() && self::ident(keyword) != keyword => keyword,
        _ => ident,
    }
}

/// `snake_case`, made a valid identifier.
pub fn snake(name: &str) -> String {
    let snake = ascii(name).to_snake_case();
    let snake = if snake.is_empty() {
        "value".to_string()
    } else {
        snake
    };
    ident(&prefix_digit(&snake, "n"))
}

/// `SCREAMING_SNAKE_CASE`, made a valid identifier (a constant's name).
pub fn screaming(name: &str) -> String {
    let screaming = heck::ToShoutySnakeCase::to_shouty_snake_case(&*ascii(name));
    if screaming.is_empty() {
        return "VALUE".to_string();
    }
    ident(&prefix_digit(&screaming, "N"))
}

/// `kebab-case` (a cargo feature's name).
pub(super) fn kebab(name: &str) -> String {
    heck::ToKebabCase::to_kebab_case(&*ascii(name))
}

/// `UpperCamelCase`, made a valid identifier; `fallback` when nothing alphanumeric is left.
pub fn camel(name: &str, fallback: &str) -> String {
    let camel = ascii(name).to_upper_camel_case();
    let camel = if camel.is_empty() {
        fallback.to_string()
    } else {
        camel
    };
    ident(&prefix_digit(&camel, fallback))
}

pub(super) fn prefix_digit(name: &str, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name.to_string()
    }
}

/// Escapes keywords: `r#type` where a raw identifier is allowed, `self_` where it is not.
pub fn ident(name: &str) -> String {
    // `gen` is reserved from edition 2024 on, which the emitted crate uses.
    if syn::parse_str::<syn::Ident>(name).is_ok() && name != "gen" {
        return name.to_string();
    }
    let raw = format!("r#{name}");
    if syn::parse_str::<syn::Ident>(&raw).is_ok() {
        raw
    } else {
        format!("{name}_")
    }
}
