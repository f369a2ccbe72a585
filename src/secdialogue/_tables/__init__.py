"""Tables: a dossier as Arrow tables and Parquet files, and the canonical questions in SQL.

One job, several modules, each named for what it holds:

* ``_layout``: which tables and columns a dossier becomes, derived once from
  the format's field table, as data (no pyarrow: the docs' table reference and
  the SQL's checks read it without);
* ``_arrow``: rows of entities into Arrow record batches and tables, and
  tables back into a Dossier (pyarrow);
* ``_parquet``: the batch writer and a directory of Parquet files (pyarrow);
* ``_ask``: the canonical questions, shipped as SQL in ``secdialogue/sql``,
  run on DuckDB over a Parquet directory.

It knows the model, the dossier and the format; nothing below imports it.
The public face is :mod:`secdialogue.arrow`.
"""
