import Testing

@Test func apiauthPlaceholderBuilds() {}
