//! Where an inline type appears: what it is named after, and what its docs say when the spec
//! has no description.

/// Where a type appears, from a root (a component schema or an operation) down through the
/// roles of each inline schema: the `owner` property of `Pet`, an item of it, …
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    parts: Vec<HintPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintPart {
    /// A component schema, or an operation (by its `operationId`).
    Root(String),
    Property(String),
    /// The type of the properties an object does not list.
    AdditionalProperty,
    /// The items of an array.
    Item,
    /// The values of a map.
    Value,
    /// A union's branch: its discriminator tag, or its place (from 1).
    Branch(Option<String>, usize),
    /// An operation's request body.
    Request,
    /// An operation's response: `None` for the success response, else the status as written.
    Response(Option<String>),
    /// An operation's response header.
    Header(String),
    /// An item of a streamed success response (an event's data, a JSON line).
    Streamed,
    /// An operation's parameter.
    Param(String),
}

impl Hint {
    pub fn root(name: &str) -> Hint {
        Hint {
            parts: vec![HintPart::Root(name.to_string())],
        }
    }

    /// The hint of a schema inside this one, in role `part`.
    pub fn child(&self, part: HintPart) -> Hint {
        let mut parts = self.parts.clone();
        parts.push(part);
        Hint { parts }
    }

    /// The name it suggests, its parts joined by `_` (`Pet_owner_item`); `names` cases it.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for part in &self.parts {
            let piece = match part {
                HintPart::Root(name) => name.clone(),
                HintPart::Property(name) | HintPart::Param(name) => format!("_{name}"),
                HintPart::AdditionalProperty => "_additional_property".into(),
                HintPart::Item => "_item".into(),
                HintPart::Value => "_value".into(),
                HintPart::Branch(Some(tag), _) => format!("_{tag}"),
                HintPart::Branch(None, place) => format!("_option_{place}"),
                HintPart::Request => "_request".into(),
                HintPart::Response(None) => "_response".into(),
                HintPart::Response(Some(status)) => format!("_{status}_response"),
                HintPart::Header(name) => format!("_{name}_header"),
                HintPart::Streamed => "_streamed_item".into(),
            };
            text.push_str(&piece);
        }
        text
    }

    /// What the type is, as a sentence for its docs: "The `owner` property of `Pet`."
    pub fn describe(&self) -> String {
        let subject = Self::subject(&self.parts);
        let mut chars = subject.chars();
        match chars.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
            None => String::new(),
        }
    }

    fn subject(parts: &[HintPart]) -> String {
        let Some((last, parent)) = parts.split_last() else {
            return String::new();
        };
        let of = || Self::subject(parent);
        match last {
            HintPart::Root(name) => format!("`{name}`"),
            HintPart::Property(name) => format!("the `{name}` property of {}", of()),
            HintPart::AdditionalProperty => format!("an unlisted property of {}", of()),
            HintPart::Item => format!("an item of {}", of()),
            HintPart::Value => format!("a value of {}", of()),
            HintPart::Branch(Some(tag), _) => format!("the `{tag}` branch of {}", of()),
            HintPart::Branch(None, place) => format!("branch {place} of {}", of()),
            HintPart::Request => format!("the request body of {}", of()),
            HintPart::Response(None) => format!("the success response of {}", of()),
            HintPart::Response(Some(status)) => format!("the `{status}` response of {}", of()),
            HintPart::Header(name) => format!("the `{name}` response header of {}", of()),
            HintPart::Streamed => format!("an item streamed by the success response of {}", of()),
            HintPart::Param(name) => format!("the `{name}` parameter of {}", of()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_and_describe_where_a_type_appears() {
        let tags = Hint::root("Pet")
            .child(HintPart::Property("tags".into()))
            .child(HintPart::Item);
        assert_eq!(tags.text(), "Pet_tags_item");
        assert_eq!(tags.describe(), "An item of the `tags` property of `Pet`.");
        let error = Hint::root("getPet").child(HintPart::Response(Some("404".into())));
        assert_eq!(error.text(), "getPet_404_response");
        assert_eq!(error.describe(), "The `404` response of `getPet`.");
        let branch = Hint::root("Shape").child(HintPart::Branch(None, 2));
        assert_eq!(
            (branch.text().as_str(), branch.describe().as_str()),
            ("Shape_option_2", "Branch 2 of `Shape`.")
        );
    }
}
