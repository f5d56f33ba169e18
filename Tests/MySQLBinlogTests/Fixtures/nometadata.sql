-- TABLE_MAP without optional metadata (binlog_row_metadata=NO_LOG), for decoding with a live schema.
SET GLOBAL binlog_row_metadata = NO_LOG;
DROP DATABASE IF EXISTS fx_nometa;
CREATE DATABASE fx_nometa;
USE fx_nometa;
CREATE TABLE t (id INT UNSIGNED PRIMARY KEY, e ENUM('red','green'), name VARCHAR(10), raw VARBINARY(4));
INSERT INTO t VALUES (4294967295, 'green', 'zoë', 0x00FF);
SET GLOBAL binlog_row_metadata = FULL;
