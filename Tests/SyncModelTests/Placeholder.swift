import Testing

@Test func syncmodelPlaceholderBuilds() {}
