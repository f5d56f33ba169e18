// MySQLClient: see docs/ARCHITECTURE.md
