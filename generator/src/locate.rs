//! Locations: spec text in, a map from JSON pointer to line and column out.
//!
//! Built only when something must be reported, so a successful run never pays for it. YAML is
//! a superset of JSON, so one YAML event walk serves both input formats.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser};

/// Where a node of the spec starts: 1-based line and column, and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// JSON pointer → position of the key (for mapping entries) or of the node.
#[derive(Debug, Default)]
pub struct LocationIndex {
    positions: HashMap<String, Position>,
}

enum Frame {
    Map {
        pointer: String,
        key: Option<String>,
    },
    Seq {
        pointer: String,
        next: usize,
    },
}

impl LocationIndex {
    /// Walks the YAML (or JSON) events of `text`. Stops quietly at a syntax error: the loader
    /// reports those, and everything before the error is still indexed.
    pub fn build(text: &str) -> Self {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let position = Position {
                line: span.start.line(),
                column: span.start.col() + 1,
                offset: span
                    .start
                    .byte_offset()
                    .unwrap_or_else(|| char_to_byte(text, span.start.index())),
            };
            let opens = match &event {
                Event::MappingStart(..) => Some(true),
                Event::SequenceStart(..) => Some(false),
                Event::Scalar(..) | Event::Alias(..) => None,
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    continue;
                }
                _ => continue,
            };
            // A scalar in key position names the next entry of the enclosing mapping.
            if let (Some(Frame::Map { pointer, key }), Event::Scalar(value, ..)) =
                (stack.last_mut(), &event)
                && key.is_none()
            {
                let child = format!("{pointer}/{}", escape(value));
                positions.entry(child).or_insert(position);
                *key = Some(value.to_string());
                continue;
            }
            let pointer = match stack.last_mut() {
                None => String::new(),
                Some(Frame::Map { pointer, key }) => {
                    let key = key.take().unwrap_or_default();
                    format!("{pointer}/{}", escape(&key))
                }
                Some(Frame::Seq { pointer, next }) => {
                    *next += 1;
                    format!("{pointer}/{}", *next - 1)
                }
            };
            positions.entry(pointer.clone()).or_insert(position);
            match opens {
                Some(true) => stack.push(Frame::Map { pointer, key: None }),
                Some(false) => stack.push(Frame::Seq { pointer, next: 0 }),
                None => {}
            }
        }
        Self { positions }
    }

    /// Position of `pointer` (without the leading `#`), or of its nearest indexed ancestor.
    pub fn find(&self, pointer: &str) -> Option<Position> {
        let mut pointer = pointer.trim_start_matches('#');
        loop {
            if let Some(position) = self.positions.get(pointer) {
                return Some(*position);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer token read back: `~1` is `/`, `~0` is `~`.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_items_and_ancestors() {
        let text = "a:\n  b/c: 1\n  list:\n    - x\n    - {y: 2}\n";
        let index = LocationIndex::build(text);
        assert_eq!(
            index.find("#/a/b~1c").map(|p| (p.line, p.column)),
            Some((2, 3))
        );
        assert_eq!(
            index.find("/a/list/1/y").map(|p| (p.line, p.column)),
            Some((5, 8))
        );
        assert_eq!(
            index.find("/a/list/0").map(|p| (p.line, p.column)),
            Some((4, 7))
        );
        // Unknown child: falls back to the closest ancestor that exists.
        assert_eq!(index.find("/a/list/9/z").map(|p| p.line), Some(3));
    }

    #[test]
    fn indexes_json_too() {
        let text = "{\n  \"paths\": {\n    \"/x\": {}\n  }\n}";
        let index = LocationIndex::build(text);
        assert_eq!(
            index.find("/paths/~1x").map(|p| (p.line, p.column)),
            Some((3, 5))
        );
    }
}
