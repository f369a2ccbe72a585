"""The file format: the field table, reading, writing, JSON text and its schema.

One job, several modules, each named for what it holds:

* ``_table``: the field table, derived once from the model's attrs fields and
  their rules: which key each field has, what it holds, its default;
* ``_text``: JSON text and the limits on it (size, encoding, depth, numbers,
  duplicate keys), and the checks of arguments;
* ``_read``: the error-collecting reader, which reports every problem with
  its path;
* ``_migrate``: how a file of an older version is upgraded before it is read;
* ``_wire``: the format's objects as msgspec structs, made from the table,
  which the fast reader decodes into and the writer encodes from;
* ``_fast``: the fast reader for valid files (msgspec), which hands any input
  it does not accept whole to the error-collecting reader;
* ``_write``: the canonical writer (msgspec);
* ``_api``: ``dumps``/``loads``/``dump``/``load`` and ``make_converter``;
* ``_schema``: the JSON Schema, imported only when asked for.

It knows the model and the Dossier, never the queries.
"""
