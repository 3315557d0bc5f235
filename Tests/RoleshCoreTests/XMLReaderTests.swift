@testable import RoleshCore
import Testing

@Suite struct XMLReaderTests {
    @Test func reads_an_sts_answer_with_declaration_namespace_and_comments_into_a_tree() throws {
        let document = try XMLReader.parse(Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the root -->
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/alice</Arn>
                <UserId>AIDAEXAMPLE</UserId><!-- between siblings -->
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>

            """.utf8))
        #expect(document.name == "GetCallerIdentityResponse")
        #expect(document.text(at: "GetCallerIdentityResponse/GetCallerIdentityResult/Arn") == "arn:aws:iam::123456789012:user/alice")
        #expect(document.text(at: "GetCallerIdentityResponse/ResponseMetadata/RequestId") == "01234567-89ab-cdef-0123-456789abcdef")
        #expect(document.element(at: "GetCallerIdentityResponse/GetCallerIdentityResult")?.children.map(\.name) == ["Arn", "UserId", "Account"])
        #expect(document.text(at: "GetCallerIdentityResponse/GetCallerIdentityResult/Missing") == nil)
        #expect(document.text(at: "OtherRoot/GetCallerIdentityResult/Arn") == nil)
    }

    @Test(arguments: [
        ("<a>&amp;&lt;&gt;&quot;&apos;</a>", "&<>\"'"),
        ("<a>&#65;&#x42;&#x1F600;</a>", "AB\u{1F600}"),
        ("<a><![CDATA[<not> &markup;]]></a>", "<not> &markup;"),
        ("<a>one<!-- dropped -->two</a>", "onetwo"),
        ("<a>line\r\nend\rx</a>", "line\nend\nx"),
        ("<a>caf\u{E9} \u{2713}</a>", "caf\u{E9} \u{2713}"),
        ("<p:a xmlns:p=\"urn:x\" b='1 &amp; 2'>v</p:a>", "v"),
        ("\u{FEFF}<a>bom</a>", "bom"),
    ])
    func decodes_entities_references_and_cdata(document: String, text: String) throws {
        let root = try XMLReader.parse(Array(document.utf8))
        #expect(root.name == "a")
        #expect(root.text == text)
    }

    @Test func a_self_closing_element_is_an_empty_child() throws {
        let root = try XMLReader.parse(Array("<r><empty/><e a=\"1\" /></r>".utf8))
        #expect(root.children == [XMLReader.Element(name: "empty"), XMLReader.Element(name: "e")])
    }

    @Test(arguments: [
        ("", "the document has no root element"),
        ("   ", "the document has no root element"),
        ("<a>", "<a> is not closed (truncated document)"),
        ("<a><b>text</b>", "<a> is not closed (truncated document)"),
        ("<a><b>text</b", "'>' after </b expected (truncated document)"),
        ("<a", "the start tag is not closed (truncated document)"),
        ("<a></b>", "</b> closes <a>"),
        ("<a><b></a></b>", "</a> closes <b>"),
        ("<a>&nbsp;</a>", "unknown entity &nbsp;"),
        ("<a>AT&T</a>", "'&' that does not start a reference"),
        ("<a>&#0;</a>", "invalid character reference &#0;"),
        ("<a>&#xD800;</a>", "invalid character reference &#xD800;"),
        ("<a>&#x110000;</a>", "invalid character reference &#x110000;"),
        ("<a>&#X41;</a>", "invalid character reference &#X41;"),
        ("<a>&#-1;</a>", "invalid character reference &#-1;"),
        ("<a>< b</a>", "stray '<'"),
        ("<a>1 < 2</a>", "stray '<'"),
        ("<a>]]></a>", "']]>' in text"),
        ("<a>\u{01}</a>", "control character in text"),
        ("<a b=1></a>", "an attribute value must be quoted"),
        ("<a b=\"1\"c=\"2\"></a>", "malformed attribute"),
        ("<a b=\"<\"></a>", "'<' inside an attribute value"),
        ("<a b=\"&bogus;\"></a>", "unknown entity &bogus;"),
        ("<a><!-- x -- y --></a>", "'--' inside a comment"),
        ("<a><!-- never closed</a>", "the comment is not closed"),
        ("<a><![CDATA[open</a>", "the CDATA section is not closed"),
        ("<a></a><b></b>", "content after the root element"),
        ("<a></a>trailing", "content after the root element"),
        ("text<a></a>", "text before the root element"),
        ("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", "document type declarations are not accepted"),
        ("<?xml version=\"1.0\"?><?pi data?><a/>", "processing instructions are not accepted"),
        ("<?xml version=\"1.0\"", "the XML declaration is not closed"),
        ("<a><?pi?></a>", "unexpected markup inside <a>"),
    ])
    func refuses_malformed_documents(document: String, reason: String) {
        #expect(throws: XMLReaderError.self) { try XMLReader.parse(Array(document.utf8)) }
        do {
            _ = try XMLReader.parse(Array(document.utf8))
        } catch let error as XMLReaderError {
            #expect(error.reason == reason)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func refuses_invalid_utf8_and_absurd_nesting() {
        #expect(throws: XMLReaderError(reason: "the document is not valid UTF-8", offset: 0)) {
            try XMLReader.parse(Array("<a>".utf8) + [0xC3, 0x28] + Array("</a>".utf8))
        }
        let deep = String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65)
        #expect(throws: XMLReaderError.self) { try XMLReader.parse(Array(deep.utf8)) }
        let fine = String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)
        #expect((try? XMLReader.parse(Array(fine.utf8))) != nil)
    }
}
