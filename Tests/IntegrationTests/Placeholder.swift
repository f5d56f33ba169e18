import Testing

@Test func integrationPlaceholderBuilds() {}
