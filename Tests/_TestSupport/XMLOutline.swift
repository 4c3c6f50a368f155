import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The element structure of an XML text: whether it is well formed, each element's path from
/// the root (`testsuites/testsuite/testcase`), and the root's attributes.
public final class XMLOutline: NSObject, XMLParserDelegate {
    /// Whether the text parsed as XML.
    public private(set) var isWellFormed = false
    /// Each element's path from the root, in document order.
    public private(set) var paths: [String] = []
    /// The root element's attributes.
    public private(set) var rootAttributes: [String: String] = [:]
    private var stack: [String] = []

    /// The outline of `text`.
    public init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        isWellFormed = parser.parse()
        parser.delegate = nil
    }

    /// The root element's name.
    public var rootName: String? { paths.first }

    /// How many elements have exactly this path.
    public func count(_ path: String) -> Int { paths.filter { $0 == path }.count }

    public func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if stack.isEmpty { rootAttributes = attributes }
        stack.append(elementName)
        paths.append(stack.joined(separator: "/"))
    }

    public func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}
