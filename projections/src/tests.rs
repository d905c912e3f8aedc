//! Database tests (real PostgreSQL, one fresh database each).
