import Testing

@Test func mysqlbinlogPlaceholderBuilds() {}
