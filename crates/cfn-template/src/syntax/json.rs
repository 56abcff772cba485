//! JSON (RFC 8259) to [`Node`]s, with positions, number text kept as written, a nesting
//! limit, and duplicate keys resolved the way CloudFormation does (the last one wins).

use std::collections::HashMap;

use super::{
    Entry, MAX_DEPTH, Node, NodeKind, Position, duplicate_key, insert_entry, join_path, too_deep,
};
use crate::diagnostic::Diagnostic;

/// Parses JSON text into a tree. Returns the syntax error if the text is not JSON.
pub(super) fn parse(source: &str) -> Result<(Node, Vec<Diagnostic>), Diagnostic> {
    let mut reader = Reader {
        bytes: source.as_bytes(),
        index: 0,
        line: 1,
        column: 1,
        path: Vec::new(),
        warnings: Vec::new(),
    };
    reader.skip_whitespace();
    let root = reader.value(0)?;
    reader.skip_whitespace();
    if reader.peek().is_some() {
        return Err(reader.error("unexpected text after the end of the JSON document"));
    }
    Ok((root, reader.warnings))
}

struct Reader<'a> {
    bytes: &'a [u8],
    index: usize,
    line: u32,
    column: u32,
    path: Vec<String>,
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn value(&mut self, depth: usize) -> Result<Node, Diagnostic> {
        let position = self.position();
        let kind = match self.peek() {
            Some(b'{') => self.object(depth, position)?,
            Some(b'[') => self.array(depth, position)?,
            Some(b'"') => NodeKind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => NodeKind::Number(self.number()?),
            Some(b't') => self.literal("true", NodeKind::Bool(true))?,
            Some(b'f') => self.literal("false", NodeKind::Bool(false))?,
            Some(b'n') => self.literal("null", NodeKind::Null)?,
            Some(_) => return Err(self.error("expected a JSON value")),
            None => return Err(self.error("unexpected end of the JSON text")),
        };
        Ok(Node { position, kind })
    }

    fn object(&mut self, depth: usize, position: Position) -> Result<NodeKind, Diagnostic> {
        if depth >= MAX_DEPTH {
            return Err(too_deep(self.path_text(), position));
        }
        self.advance();
        let mut entries: Vec<Entry> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.advance();
            return Ok(NodeKind::Mapping(entries));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key in the JSON object"));
            }
            let key_position = self.position();
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after the key"));
            }
            self.advance();
            self.skip_whitespace();
            self.path.push(key.clone());
            let value = self.value(depth + 1)?;
            self.path.pop();
            let entry = Entry {
                key,
                key_position,
                value,
            };
            if let Some(earlier) = insert_entry(&mut entries, &mut index, entry) {
                let mut segments = self.path.clone();
                segments.push(earlier.key.clone());
                let path = join_path(segments.iter().map(String::as_str));
                self.warnings.push(duplicate_key(
                    &earlier.key,
                    earlier.key_position,
                    path,
                    key_position,
                ));
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.advance(),
                Some(b'}') => {
                    self.advance();
                    return Ok(NodeKind::Mapping(entries));
                }
                _ => return Err(self.error("expected `,` or `}` after the object member")),
            }
        }
    }

    fn array(&mut self, depth: usize, position: Position) -> Result<NodeKind, Diagnostic> {
        if depth >= MAX_DEPTH {
            return Err(too_deep(self.path_text(), position));
        }
        self.advance();
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.advance();
            return Ok(NodeKind::Sequence(items));
        }
        loop {
            self.skip_whitespace();
            self.path.push(items.len().to_string());
            items.push(self.value(depth + 1)?);
            self.path.pop();
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.advance(),
                Some(b']') => {
                    self.advance();
                    return Ok(NodeKind::Sequence(items));
                }
                _ => return Err(self.error("expected `,` or `]` after the array element")),
            }
        }
    }

    fn string(&mut self) -> Result<String, Diagnostic> {
        self.advance();
        let mut text = String::new();
        loop {
            let start = self.index;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.advance();
            }
            // Runs between ASCII delimiters of a &str are valid UTF-8.
            text.push_str(&String::from_utf8_lossy(&self.bytes[start..self.index]));
            match self.peek() {
                Some(b'"') => {
                    self.advance();
                    return Ok(text);
                }
                Some(b'\\') => {
                    self.advance();
                    text.push(self.escape()?);
                }
                Some(_) => {
                    return Err(self.error(
                        "control characters must be escaped in JSON strings (write \\n, \\t, ...)",
                    ));
                }
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, Diagnostic> {
        let Some(byte) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.advance();
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if self.peek() != Some(b'\\') {
                        return Err(self.error("unpaired UTF-16 surrogate in \\u escape"));
                    }
                    self.advance();
                    if self.peek() != Some(b'u') {
                        return Err(self.error("unpaired UTF-16 surrogate in \\u escape"));
                    }
                    self.advance();
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("unpaired UTF-16 surrogate in \\u escape"));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?
                } else {
                    char::from_u32(high)
                        .ok_or_else(|| self.error("unpaired UTF-16 surrogate in \\u escape"))?
                }
            }
            _ => return Err(self.error("invalid escape sequence in string")),
        })
    }

    fn hex4(&mut self) -> Result<u32, Diagnostic> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|byte| char::from(byte).to_digit(16))
                .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
            self.advance();
            code = code * 16 + digit;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<String, Diagnostic> {
        let start = self.index;
        if self.peek() == Some(b'-') {
            self.advance();
        }
        match self.peek() {
            Some(b'0') => self.advance(),
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.advance();
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.advance();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.advance();
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        Ok(String::from_utf8_lossy(&self.bytes[start..self.index]).into_owned())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.advance();
        }
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<NodeKind, Diagnostic> {
        if self.bytes[self.index..].starts_with(word.as_bytes()) {
            for _ in 0..word.len() {
                self.advance();
            }
            Ok(kind)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.advance();
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.index).copied()
    }

    fn advance(&mut self) {
        if let Some(&byte) = self.bytes.get(self.index) {
            self.index += 1;
            if byte == b'\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
            } else if byte & 0xC0 != 0x80 {
                // Count characters, not bytes: UTF-8 continuation bytes add nothing.
                self.column = self.column.saturating_add(1);
            }
        }
    }

    fn position(&self) -> Position {
        Position::new(self.line, self.column)
    }

    fn path_text(&self) -> String {
        join_path(self.path.iter().map(String::as_str))
    }

    fn error(&self, message: &str) -> Diagnostic {
        Diagnostic::error(
            format!("invalid JSON: {message}"),
            self.path_text(),
            self.position(),
        )
    }
}
