import Testing

@testable import APIAuth

struct PercentEncodingTests {
    @Test func rfc3986KeepsOnlyUnreservedCharacters() {
        #expect(PercentEncoding.rfc3986("a*b~c d/é+") == "a%2Ab~c%20d%2F%C3%A9%2B")
        #expect(PercentEncoding.rfc3986("AZaz09-_.~") == "AZaz09-_.~")
    }

    @Test func formDecodingHandlesPlusAndBrokenEscapes() {
        #expect(PercentEncoding.decode(Array("a+b%20c%2Bd".utf8), plusIsSpace: true) == Array("a b c+d".utf8))
        #expect(PercentEncoding.decode(Array("a+b".utf8), plusIsSpace: false) == Array("a+b".utf8))
        #expect(PercentEncoding.decode(Array("100%".utf8), plusIsSpace: true) == Array("100%".utf8))
        #expect(PercentEncoding.decode(Array("%zz%4".utf8), plusIsSpace: true) == Array("%zz%4".utf8))
        #expect(PercentEncoding.decode(Array("%e4%B8%ad".utf8), plusIsSpace: true) == Array("中".utf8))
    }

    @Test func queryParsingKeepsEmptyValuesAndSkipsEmptyPairs() {
        let parsed = QueryParameter.parse("b=2&&a&c=&a=1=x")
        #expect(parsed.map(\.valueText) == ["2", "", "", "1=x"])
        let sorted = QueryParameter.sortedByKeyThenValue(parsed)
        #expect(QueryParameter.canonical(sorted) == "a=&a=1%3Dx&b=2&c=")
    }

    @Test func nonUTF8BytesSurviveCanonicalisation() {
        let parsed = QueryParameter.parse("k=%FF%FE")
        #expect(parsed.first?.value == [0xFF, 0xFE])
        #expect(QueryParameter.canonical(parsed) == "k=%FF%FE")
    }
}
