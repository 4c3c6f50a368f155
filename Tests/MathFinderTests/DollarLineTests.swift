import MathFinder
import Testing

/// A `$` alone on a line opens display math that a `$` alone on a later line closes, or, as posts converted
/// from other engines write it, a `$` that ends the formula's last line (`\end{cases}$`).
struct DollarLineTests {
    @Test func aDollarEndingTheLastLineClosesTheDisplay() {
        let text = "Then\n$\n\\delta_i = \\begin{cases}\n0 & x < 0 \\\\\n1 & x > 0\n\\end{cases}$\n\nand more.\n"
        let spans = findMath(in: text)
        #expect(spans.count == 1)
        #expect(spans.first?.isDisplay == true)
        #expect(spans.first?.tex == "\n\\delta_i = \\begin{cases}\n0 & x < 0 \\\\\n1 & x > 0\n\\end{cases}")
    }

    @Test func aDollarAloneOnALaterLineStillClosesIt() {
        let spans = findMath(in: "$\na = b\n$\n")
        #expect(spans.map(\.tex) == ["\na = b\n"])
    }
}
