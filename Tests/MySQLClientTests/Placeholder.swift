import Testing

@Test func mysqlclientPlaceholderBuilds() {}
