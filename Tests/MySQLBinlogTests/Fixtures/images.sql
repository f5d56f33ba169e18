-- Partial row images: binlog_row_image=MINIMAL and NOBLOB (session settings), updates with before/after.
DROP DATABASE IF EXISTS fx_images;
CREATE DATABASE fx_images;
USE fx_images;
CREATE TABLE m (id INT PRIMARY KEY, a INT, b TEXT, c VARCHAR(5));
SET SESSION binlog_row_image = MINIMAL;
INSERT INTO m (id, a) VALUES (1, 10);
UPDATE m SET a = 11 WHERE id = 1;
DELETE FROM m WHERE id = 1;
SET SESSION binlog_row_image = NOBLOB;
INSERT INTO m VALUES (2, 20, 'blob2', 'y');
UPDATE m SET a = 21 WHERE id = 2;
UPDATE m SET b = 'blob3' WHERE id = 2;
DELETE FROM m WHERE id = 2;
SET SESSION binlog_row_image = FULL;
