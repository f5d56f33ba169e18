import Testing

@Test func metadatastorePlaceholderBuilds() {}
