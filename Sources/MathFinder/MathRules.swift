/// How a Markdown engine finds math: which delimiters count, and where.
///
/// The default (``native``) is pandoc's: `$…$` may not have a space inside its dollars, and `$$…$$` is always
/// display math. Posts written for another engine were read by that engine's rules, and are read by them here
/// too (the profiles of the `Compatibility` module choose them).
public struct MathRules: Sendable, Hashable {
    /// kramdown's rule: `$$…$$` is display math only when it is a paragraph of its own (it opens a paragraph and
    /// its closer ends it); anywhere else it is inline math.
    public var doubleDollarIsDisplayOnlyAsParagraph = false
    /// Whether `$ x $`, with spaces inside the dollars, is math (MathJax's `$` delimiters allow it).
    public var allowsSpacesInsideDollars = false
    /// Whether `\*` in an environment's name stands for `*` (`\begin{align\*}`, written so that Markdown leaves
    /// the star alone).
    public var allowsEscapedStarInEnvironmentNames = false
    /// Whether `\\$` is an escaped dollar, as it was for an engine that ran Markdown first: Markdown made it
    /// `\$`, which MathJax read as a dollar sign. (A run of backslashes escapes the `$` when Markdown leaves an odd
    /// number of them, or when the run is odd, as TeX reads it.)
    public var doubledBackslashEscapesDollar = false
    /// The engine's template syntax found in the prose (outside code and math), if any: Liquid tags, Hugo
    /// shortcodes, kramdown attribute lists.
    public var engineSyntax: Set<EngineTag.Syntax> = []

    /// Rules with every option off.
    public init() {}

    /// The native rules.
    public static let native = MathRules()
}
