//! Where things are in the source text: a 1-based line and column ([`Position`]), and a
//! value paired with the position it starts at ([`Spanned`]).
//!
//! This is the bottom of the crate: the syntax tree, the value tree and diagnostics all
//! point into the source with these, so it depends on nothing. The public path is
//! [`crate::syntax`], which re-exports both types.

/// A 1-based line and column (in characters) in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl Position {
    /// The first character of the text.
    pub const START: Position = Position { line: 1, column: 1 };

    /// A position from 1-based line and column.
    pub fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }
}

/// A value together with where it starts in the source.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it starts.
    pub position: Position,
}

impl<T> Spanned<T> {
    /// Pairs `value` with `position`.
    pub fn new(value: T, position: Position) -> Self {
        Self { value, position }
    }
}
