// A small strict XML reader for STS's answers (DESIGN §8: neither full Foundation's
// XMLParser nor libxml2). It reads elements, character data, the five predefined entities,
// numeric character references, CDATA sections, comments and the XML declaration into a
// tree, and refuses everything else: a document it half understands must fail loudly rather
// than yield credentials read from the wrong place. Attributes are checked and dropped, and
// namespace prefixes are dropped from names, since STS only uses them for `xmlns`.

/// Reads an XML document into a tree of `XMLReader.Element`s.
package enum XMLReader {
    /// One element: its local name (any `prefix:` dropped), the character data directly
    /// inside it, and its child elements in document order.
    package struct Element: Equatable, Sendable {
        var name: String
        var text: String
        var children: [Element]

        init(name: String, text: String = "", children: [Element] = []) {
            self.name = name
            self.text = text
            self.children = children
        }

        /// The first child element called `name`.
        func child(named name: String) -> Element? {
            children.first { $0.name == name }
        }

        /// The element at `path`, e.g. `AssumeRoleResponse/AssumeRoleResult/Credentials`:
        /// the first component names this element, each next one a child of the previous.
        func element(at path: String) -> Element? {
            let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard components.first == name else { return nil }
            var current = self
            for component in components.dropFirst() {
                guard let next = current.child(named: component) else { return nil }
                current = next
            }
            return current
        }

        /// The character data of the element at `path` (see `element(at:)`).
        func text(at path: String) -> String? {
            element(at: path)?.text
        }
    }

    /// Parses a whole document and returns its root element.
    package static func parse(_ bytes: [UInt8]) throws -> Element {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }
}

/// Why a document was refused, and where.
struct XMLReaderError: Error, Equatable, Sendable, CustomStringConvertible {
    var reason: String
    /// Byte offset into the document.
    var offset: Int

    init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    var description: String { "malformed XML at byte \(offset): \(reason)" }
}

private struct Parser {
    /// Deeper nesting than any STS answer needs; bounds the recursion on hostile input.
    static let maximumDepth = 64

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws -> XMLReader.Element {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw failure("the document is not valid UTF-8") }
        if starts(with: "\u{FEFF}") { index += 3 }
        if starts(with: "<?xml"), index + 5 < bytes.count, bytes[index + 5].isXMLWhitespace || bytes[index + 5] == .questionMark {
            try declaration()
        }
        try skipMisc()
        guard index < bytes.count else { throw failure("the document has no root element") }
        guard bytes[index] == .lessThan else { throw failure("text before the root element") }
        let root = try element(depth: 1)
        try skipMisc()
        guard index == bytes.count else { throw failure("content after the root element") }
        return root
    }

    // MARK: Markup outside elements

    mutating func declaration() throws {
        guard let end = find("?>") else { throw failure("the XML declaration is not closed") }
        guard !bytes[index + 2..<end].contains(.lessThan) else { throw failure("'<' inside the XML declaration") }
        index = end + 2
    }

    /// Skips whitespace and comments between the prolog, the root element and the end.
    mutating func skipMisc() throws {
        while true {
            while index < bytes.count, bytes[index].isXMLWhitespace { index += 1 }
            if starts(with: "<!--") {
                try comment()
            } else if starts(with: "<?") {
                throw failure("processing instructions are not accepted")
            } else if starts(with: "<!") {
                throw failure("document type declarations are not accepted")
            } else {
                return
            }
        }
    }

    mutating func comment() throws {
        let start = index
        index += 4
        guard let end = find("--") else { throw failure("the comment is not closed", at: start) }
        guard end + 2 < bytes.count, bytes[end + 2] == .greaterThan else { throw failure("'--' inside a comment", at: end) }
        index = end + 3
    }

    // MARK: Elements

    mutating func element(depth: Int) throws -> XMLReader.Element {
        let start = index
        guard depth <= Self.maximumDepth else { throw failure("elements nested deeper than \(Self.maximumDepth)") }
        index += 1
        guard index < bytes.count, bytes[index].isNameStart else { throw failure("stray '<'", at: start) }
        let qualifiedName = try name()
        try attributes()
        if starts(with: "/>") {
            index += 2
            return XMLReader.Element(name: localName(qualifiedName))
        }
        index += 1
        var text: [UInt8] = []
        var children: [XMLReader.Element] = []
        while true {
            guard index < bytes.count else { throw failure("<\(qualifiedName)> is not closed (truncated document)", at: start) }
            switch bytes[index] {
            case .lessThan where starts(with: "</"):
                index += 2
                let endName = try name()
                while index < bytes.count, bytes[index].isXMLWhitespace { index += 1 }
                try expect(.greaterThan, "'>' after </\(endName)")
                guard endName == qualifiedName else { throw failure("</\(endName)> closes <\(qualifiedName)>") }
                return XMLReader.Element(name: localName(qualifiedName), text: String(decoding: text, as: UTF8.self), children: children)
            case .lessThan where starts(with: "<!--"):
                try comment()
            case .lessThan where starts(with: "<![CDATA["):
                text += try cdata()
            case .lessThan where starts(with: "<?") || starts(with: "<!"):
                throw failure("unexpected markup inside <\(qualifiedName)>")
            case .lessThan:
                children.append(try element(depth: depth + 1))
            case .ampersand:
                text += try reference()
            default:
                text += try characterRun()
            }
        }
    }

    /// Skips the attributes of a start tag, checking their syntax, and stops at `>` or `/>`.
    mutating func attributes() throws {
        while true {
            let hadWhitespace = index < bytes.count && bytes[index].isXMLWhitespace
            while index < bytes.count, bytes[index].isXMLWhitespace { index += 1 }
            guard index < bytes.count else { throw failure("the start tag is not closed (truncated document)") }
            if bytes[index] == .greaterThan || starts(with: "/>") { return }
            guard hadWhitespace, bytes[index].isNameStart else { throw failure("malformed attribute") }
            _ = try name()
            while index < bytes.count, bytes[index].isXMLWhitespace { index += 1 }
            try expect(.equals, "'=' after an attribute name")
            while index < bytes.count, bytes[index].isXMLWhitespace { index += 1 }
            guard index < bytes.count, bytes[index] == .quote || bytes[index] == .apostrophe else {
                throw failure("an attribute value must be quoted")
            }
            let quote = bytes[index]
            index += 1
            while true {
                guard index < bytes.count else { throw failure("the attribute value is not closed (truncated document)") }
                if bytes[index] == quote { break }
                if bytes[index] == .lessThan { throw failure("'<' inside an attribute value") }
                if bytes[index] == .ampersand { _ = try reference() } else { index += 1 }
            }
            index += 1
        }
    }

    mutating func name() throws -> String {
        let start = index
        guard index < bytes.count, bytes[index].isNameStart else { throw failure("a name was expected") }
        index += 1
        while index < bytes.count, bytes[index].isNameCharacter { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    func localName(_ qualifiedName: String) -> String {
        qualifiedName.split(separator: ":").last.map(String.init) ?? qualifiedName
    }

    // MARK: Character data

    /// Plain characters up to the next `<` or `&`, with line ends normalised to `\n`.
    mutating func characterRun() throws -> [UInt8] {
        var run: [UInt8] = []
        while index < bytes.count, bytes[index] != .lessThan, bytes[index] != .ampersand {
            let byte = bytes[index]
            if byte < 0x20, !byte.isXMLWhitespace { throw failure("control character in text") }
            if starts(with: "]]>") { throw failure("']]>' in text") }
            if byte == .carriageReturn {
                run.append(.lineFeed)
                if index + 1 < bytes.count, bytes[index + 1] == .lineFeed { index += 1 }
            } else {
                run.append(byte)
            }
            index += 1
        }
        return run
    }

    mutating func cdata() throws -> [UInt8] {
        let start = index
        index += 9
        guard let end = find("]]>") else { throw failure("the CDATA section is not closed", at: start) }
        let content = Array(bytes[index..<end])
        index = end + 3
        return content
    }

    /// Decodes `&name;`, `&#N;` or `&#xH;` and returns the UTF-8 of the character.
    mutating func reference() throws -> [UInt8] {
        let start = index
        index += 1
        guard let semicolon = bytes[index...].prefix(12).firstIndex(of: .semicolon) else {
            throw failure("'&' that does not start a reference", at: start)
        }
        let body = String(decoding: bytes[index..<semicolon], as: UTF8.self)
        index = semicolon + 1
        let scalarValue: UInt32?
        switch body {
        case "amp": scalarValue = 0x26
        case "lt": scalarValue = 0x3C
        case "gt": scalarValue = 0x3E
        case "quot": scalarValue = 0x22
        case "apos": scalarValue = 0x27
        case _ where body.hasPrefix("#x"): scalarValue = UInt32(body.dropFirst(2), radix: 16)
        case _ where body.hasPrefix("#"): scalarValue = UInt32(body.dropFirst(), radix: 10)
        default: throw failure("unknown entity &\(body);", at: start)
        }
        guard let scalarValue, !body.contains("+"), !body.contains("-"), scalarValue.isXMLCharacter,
              let scalar = Unicode.Scalar(scalarValue)
        else { throw failure("invalid character reference &\(body);", at: start) }
        return Array(String(Character(scalar)).utf8)
    }

    // MARK: Scanning

    func starts(with literal: String) -> Bool {
        let utf8 = literal.utf8
        guard bytes.count - index >= utf8.count else { return false }
        return bytes[index..<index + utf8.count].elementsEqual(utf8)
    }

    /// Where `literal` next occurs at or after the current position.
    func find(_ literal: String) -> Int? {
        let pattern = Array(literal.utf8)
        guard bytes.count >= pattern.count else { return nil }
        var candidate = index
        while candidate + pattern.count <= bytes.count {
            if bytes[candidate] == pattern[0], bytes[candidate..<candidate + pattern.count].elementsEqual(pattern) { return candidate }
            candidate += 1
        }
        return nil
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard index < bytes.count else { throw failure("\(what) expected (truncated document)") }
        guard bytes[index] == byte else { throw failure("\(what) expected") }
        index += 1
    }

    func failure(_ reason: String, at offset: Int? = nil) -> XMLReaderError {
        XMLReaderError(reason: reason, offset: offset ?? index)
    }
}

private extension UInt8 {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let ampersand = UInt8(ascii: "&")
    static let semicolon = UInt8(ascii: ";")
    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let questionMark = UInt8(ascii: "?")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    var isXMLWhitespace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D
    }

    /// ASCII letters, `_`, `:`, and any byte of a multi-byte UTF-8 character.
    var isNameStart: Bool {
        (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || self == 0x5F || self == 0x3A || self >= 0x80
    }

    var isNameCharacter: Bool {
        isNameStart || (self >= 0x30 && self <= 0x39) || self == 0x2D || self == 0x2E
    }
}

private extension UInt32 {
    /// XML 1.0's `Char` production: what a character reference may name.
    var isXMLCharacter: Bool {
        self == 0x9 || self == 0xA || self == 0xD || (0x20...0xD7FF).contains(self)
            || (0xE000...0xFFFD).contains(self) || (0x10000...0x10FFFF).contains(self)
    }
}
