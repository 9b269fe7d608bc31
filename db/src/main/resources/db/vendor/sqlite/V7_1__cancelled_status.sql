-- A question can be cancelled by its owner. (The same change for PostgreSQL is in db/vendor/postgresql.)
-- SQLite cannot alter a CHECK constraint. Rebuilding the table is the usual way, but it needs foreign keys
-- off, which cannot change inside the transaction Flyway runs this in; SQLite's documented alternative for
-- loosening a constraint that every existing row still satisfies is to edit the table's definition in the
-- schema table (https://www.sqlite.org/lang_altertable.html, "making other kinds of table schema changes").
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql,
                     'CHECK (status IN (''queued'', ''running'', ''completed'', ''failed'', ''rejected''))',
                     'CHECK (status IN (''queued'', ''running'', ''completed'', ''failed'', ''rejected'', ''cancelled''))')
 WHERE type = 'table' AND name = 'questions';
PRAGMA writable_schema = RESET;
-- Any real DDL bumps the schema cookie, so that every other open connection (the pool's, the other process's)
-- reloads the schema, with the new constraint, before its next statement.
CREATE TABLE v7_1_schema_bump (unused INTEGER);
DROP TABLE v7_1_schema_bump;

-- Fails the migration (and rolls it back) unless the definition above was found and changed.
CREATE TEMPORARY TABLE v7_1_check (changed INTEGER CHECK (changed = 1));
INSERT INTO v7_1_check
SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'questions' AND sql LIKE '%''cancelled''%';
DROP TABLE v7_1_check;
