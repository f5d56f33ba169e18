/// A table with one column of every `ColumnType.Kind` and rows of edge values, shared by the reader and sink
/// tests (mysql-binlog-connector-java style: one row per edge, read back and compared byte by byte).
enum EveryTypeFixture {
    static func createSQL(_ database: String) -> String {
        """
        CREATE TABLE `\(database)`.`every` (
          id bigint unsigned NOT NULL PRIMARY KEY,
          ti tinyint(1), si smallint, mi mediumint unsigned, i int, bi bigint unsigned,
          de decimal(65,30), fl float, db double, b64 bit(64), b12 bit(12),
          d date, t time(3), dt datetime(6), ts timestamp(6) NULL, y year,
          c char(10), vc varchar(300), tx text, mt mediumtext,
          bn binary(4), vb varbinary(16), bl blob, lb longblob,
          e enum('a','b''c','z'), s set('r','g','b'),
          j json, g geometry, p point
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """
    }

    static func insertSQL(_ database: String) -> String {
        """
        INSERT INTO `\(database)`.`every` VALUES
        (18446744073709551615, 1, -32768, 16777215, -2147483648, 18446744073709551615,
         '-12345678901234567890123456789012345.123456789012345678901234567890', 3.1415927, 2.2250738585072014e-308,
         b'1111111111111111111111111111111111111111111111111111111111111111', b'101010101010',
         '0000-00-00', '-838:59:59.000', '0000-00-00 00:00:00.000000', '2038-01-19 03:14:07.999999', 2155,
         'ab', '𝄞😀中文 \\' \\\\ \\n', 'line1\\r\\nline2\\0end', REPEAT('x', 70000),
         X'00FF00FF', X'00', X'FF00', X'',
         'b''c', 'r,b', '{"a": [1, "x", null], "k": "ü"}', ST_GeomFromText('POINT(1 2)'), POINT(-1.5, 2.25)),
        (1, 0, 32767, 0, 2147483647, 0, '0.000000000000000000000000000001', -1e38, -1.7976931348623157e308,
         b'0', b'0', '9999-12-31', '838:59:59.999', '9999-12-31 23:59:59.999999', '1970-01-01 00:00:01', 1901,
         '', '', '', '', X'00000000', X'', X'', X'00',
         'a', '', '[]', ST_GeomFromText('LINESTRING(0 0, 1 1)'), POINT(0, 0)),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
        """
    }

    /// Expected interchange bytes of row id 18446744073709551615 for the listed columns (by name).
    static let edgeRow: [String: [UInt8]] = [
        "id": bytes("18446744073709551615"),
        "ti": bytes("1"), "si": bytes("-32768"), "mi": bytes("16777215"), "i": bytes("-2147483648"),
        "bi": bytes("18446744073709551615"),
        "de": bytes("-12345678901234567890123456789012345.123456789012345678901234567890"),
        "fl": bytes("3.1415927410125732"), "db": bytes("2.2250738585072014e-308"),
        "b64": hexBytes("FFFFFFFFFFFFFFFF"), "b12": hexBytes("0AAA"),
        "d": bytes("0000-00-00"), "t": bytes("-838:59:59.000"), "dt": bytes("0000-00-00 00:00:00.000000"),
        "ts": bytes("2038-01-19 03:14:07.999999"), "y": bytes("2155"),
        "c": bytes("ab"), "vc": bytes("𝄞😀中文 ' \\ \n"), "tx": bytes("line1\r\nline2") + [0] + bytes("end"),
        "bn": hexBytes("00FF00FF"), "vb": [0], "bl": [0xFF, 0], "lb": [],
        "e": bytes("b'c"), "s": bytes("r,b"), "j": bytes("{\"a\": [1, \"x\", null], \"k\": \"ü\"}"),
        "g": hexBytes("000000000101000000000000000000F03F0000000000000040"),
        "p": hexBytes("000000000101000000000000000000F8BF0000000000000240"),
    ]
}
