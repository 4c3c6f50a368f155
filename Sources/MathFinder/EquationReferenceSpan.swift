/// How a reference to a numbered equation is written.
public enum EquationReferenceKind: Sendable, Equatable {
    /// `\eqref{LABEL}`: shows the number in parentheses, `(3)`.
    case eqref
    /// `\ref{LABEL}`: shows the bare number, `3`.
    case ref
    /// `@eq:NAME` (pandoc-crossref's form): shows `Eq. (3)`.
    case crossref
}

/// A reference to an equation's label found in a post's prose (outside math and code).
public struct EquationReferenceSpan: Sendable, Equatable {
    /// How the reference is written.
    public var kind: EquationReferenceKind
    /// The label it names (`eq:dLdz`; for ``EquationReferenceKind/crossref`` the `eq:` is part of it).
    public var label: String
    /// The whole reference (`\eqref{eq:dLdz}`, `@eq:dLdz`) as UTF-8 offsets into the input.
    public var utf8Range: Range<Int>

    /// The reference as it is written (`\\eqref{eq:x}`, `\\ref{eq:x}` or `@eq:x`).
    public var sourceText: String {
        switch kind {
        case .eqref: "\\eqref{\(label)}"
        case .ref: "\\ref{\(label)}"
        case .crossref: "@" + label
        }
    }

    /// Creates a reference.
    public init(kind: EquationReferenceKind, label: String, utf8Range: Range<Int>) {
        self.kind = kind
        self.label = label
        self.utf8Range = utf8Range
    }
}

/// A `{#eq:NAME}` written right after a display's closing delimiter, on the same line (the
/// pandoc-crossref and Quarto form): it labels the whole display.
public struct AttachedEquationLabel: Sendable, Equatable {
    /// The label, `eq:` included.
    public var label: String
    /// The UTF-8 offset of the `{` in the input.
    public var utf8Offset: Int

    /// Creates an attached label.
    public init(label: String, utf8Offset: Int) {
        self.label = label
        self.utf8Offset = utf8Offset
    }
}

/// The characters of an equation label: `[A-Za-z0-9:_.-]`.
/// - Parameter byte: one UTF-8 byte.
/// - Returns: whether it may stand in a label.
public func isEquationLabelByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        true
    case UInt8(ascii: ":"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"): true
    default: false
    }
}

/// Finds the equation references in a Markdown text's prose, in order: `\eqref{…}`, `\ref{…}` and `@eq:…`
/// outside math, code spans, code blocks, HTML comments and raw `<script>`, `<style>`, `<pre>` and
/// `<textarea>` elements.
///
/// `@eq:` counts only at the start of a word (after the start of a line, a space, or one of `([{*_~"'>,;`),
/// so `me@eq:x` is not a reference; a label taken from `@eq:` loses its trailing `.`, `:` and `-`, which end
/// the sentence rather than the label.
/// - Parameter text: a whole Markdown document (front matter already removed).
/// - Returns: the references found, ordered by position.
public func findEquationReferences(in text: String) -> [EquationReferenceSpan] {
    var scanner = MathScanner(Array(text.utf8))
    scanner.scan()
    return scanner.references
}
