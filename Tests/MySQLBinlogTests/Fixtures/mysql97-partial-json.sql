-- Fixtures/mysql97-partial-json.bin (make-mysql97-fixture.sh mysql97-partial-json): PARTIAL_UPDATE_ROWS events on MySQL 9.7.4.
CREATE DATABASE IF NOT EXISTS tide_partial;
USE tide_partial;
DROP TABLE IF EXISTS docs;
CREATE TABLE docs (id INT PRIMARY KEY, doc JSON, note VARCHAR(20), extra JSON);
INSERT INTO docs VALUES (1, '{"a": 1, "b": [1, 2, 3], "c": {"d": "x"}}', 'n1', '{"k": "v"}');
SET SESSION binlog_row_value_options = 'PARTIAL_JSON';
UPDATE docs SET doc = JSON_SET(doc, '$.a', 42) WHERE id = 1;
UPDATE docs SET doc = JSON_REPLACE(doc, '$.c.d', 'yy'), note = 'n2' WHERE id = 1;
UPDATE docs SET doc = JSON_REMOVE(doc, '$.b[1]') WHERE id = 1;
UPDATE docs SET doc = JSON_SET(doc, '$.e', JSON_OBJECT('f', true)), extra = JSON_SET(extra, '$.k', 'w') WHERE id = 1;
UPDATE docs SET doc = JSON_ARRAY_INSERT(doc, '$.b[0]', 'first') WHERE id = 1;
UPDATE docs SET doc = '{"whole": "new"}' WHERE id = 1;
SET SESSION binlog_row_image = 'MINIMAL';
UPDATE docs SET doc = JSON_SET(doc, '$.whole', 'again') WHERE id = 1;
UPDATE docs SET extra = JSON_SET(extra, '$.k', 'z') WHERE id = 1;
SET SESSION binlog_row_image = 'FULL';
DROP DATABASE tide_partial;
