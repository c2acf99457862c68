-- Files uploaded on the import page, between their preview and their import: the file itself,
-- what each row would do (one letter a row: c create, u update, = unchanged, e error), its
-- problems (one "field<TAB>message" a line), and once run, what it did.
CREATE TABLE imports (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    filename TEXT NOT NULL,
    format TEXT NOT NULL,
    content BLOB NOT NULL,
    row_count BIGINT NOT NULL,
    actions TEXT NOT NULL,
    problems TEXT NOT NULL,
    state TEXT NOT NULL,
    created BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    message TEXT,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX imports_created_at ON imports (created_at);
