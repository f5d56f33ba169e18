import Testing

@Test func mysqlwirePlaceholderBuilds() {}
