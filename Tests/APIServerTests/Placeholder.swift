import Testing

@Test func apiserverPlaceholderBuilds() {}
