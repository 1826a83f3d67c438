"""The cable store on a PostgreSQL server: the same protocol as the SQLite store
(store/protocol.py), for an archive a team shares. psycopg is imported only here and
below, and only when a `postgresql://` location is opened (store/factory.py)."""
