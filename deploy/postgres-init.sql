-- Temporal keeps its own databases on the same PostgreSQL server, under its own role.
CREATE ROLE temporal WITH LOGIN PASSWORD 'temporal' CREATEDB;
