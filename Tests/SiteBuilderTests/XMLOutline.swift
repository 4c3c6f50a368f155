import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The element structure of an XML text: whether it is well formed, each element's path from
/// the root (`testsuites/testsuite/testcase`), and the root's attributes.
final class XMLOutline: NSObject, XMLParserDelegate {
    private(set) var isWellFormed = false
    private(set) var paths: [String] = []
    private(set) var rootAttributes: [String: String] = [:]
    private var stack: [String] = []

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        isWellFormed = parser.parse()
        parser.delegate = nil
    }

    var rootName: String? { paths.first }

    /// How many elements have exactly this path.
    func count(_ path: String) -> Int { paths.filter { $0 == path }.count }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if stack.isEmpty { rootAttributes = attributes }
        stack.append(elementName)
        paths.append(stack.joined(separator: "/"))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}
