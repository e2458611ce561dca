"""Writing many rows fast: by COPY on PostgreSQL (several times faster than the INSERT of `bulk_create`), by
`bulk_create` elsewhere; and a new activity's parts written out as COPY data and change-log JSON where the file is
read (see `services._read_file`), so that the import only joins bytes. No model instances: rows are dicts
{attribute: value} with every column."""

from __future__ import annotations

import datetime
import functools
import json
from decimal import Decimal

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import JSONField
from psycopg._copy_base import format_row_text
from psycopg.adapt import Transformer

from tacoord.activities.services import PART_MODELS
from tacoord.iati.importer import Prepared

TEXT_TYPES = {Decimal, datetime.date}
_ENCODER = DjangoJSONEncoder()
# psycopg's own writing of a COPY row (in C with psycopg-binary, six times faster than doing it here): not part of its
# documented interface, so the tests compare what is stored through it with rows written by `insert_values`. Its
# `Transformer` made without a connection converts values by the default adapters (text in UTF-8).
_TRANSFORMER = Transformer()


def as_text(prepared: Prepared) -> None:
    """Amounts, shares and dates of the parts as the text the database and the change log take them in (what
    `DjangoJSONEncoder` writes): passed between processes, text costs a third of what decimals and dates do."""
    for rows in prepared.children.values():
        for row in rows:
            for key, value in row.items():
                if type(value) in TEXT_TYPES:
                    row[key] = str(value)
    for row in prepared.tags:
        row["confidence"] = str(row["confidence"])


# The parts written out by the reader: all but the participating organisations, which are linked to tacoord's
# organisations by the import, as it makes those it does not know.
RENDERED_PARTS = [part for part in PART_MODELS if part != "participating_organisations"]


def write_out(prepared: Prepared) -> None:
    """Write out a new activity's parts as COPY data (text format, lines without the activity's key, which the import
    gives) and as the rows its change-log entry holds (JSON), and drop them as structures: done where the file is
    read, this leaves the import only joining bytes, and bytes cost least to pass between processes. Amounts and
    dates are written as `DjangoJSONEncoder` and the database take them, so `as_text` need not see these rows."""
    for part in RENDERED_PARTS:
        defaults, names, json_positions = part_layout(part)
        rows = [{**defaults, **values} for values in prepared.children.pop(part, [])]
        data = bytearray()
        for row in rows:
            values = [row[name] for name in names]
            for position in json_positions:
                if values[position] is not None:
                    values[position] = encode_json(values[position])
            format_row_text(values, _TRANSFORMER, data)
        prepared.rendered[part] = (bytes(data), orjson.dumps(rows, default=_json_default,
                                                             option=orjson.OPT_PASSTHROUGH_DATETIME))


def with_key(data: bytes, activity_id: int) -> bytes:
    """COPY data written out by `write_out` with the activity's key put first on each line (a line end within a
    value is escaped, so each real one ends a row)."""
    if not data:
        return data
    prefix = b"%d\t" % activity_id
    return prefix + data[:-1].replace(b"\n", b"\n" + prefix) + b"\n"


@functools.cache
def part_layout(part: str) -> tuple[dict, list[str], list[int]]:
    """A part's {attribute: default}, its COPY columns after the activity's key, and which of those hold JSON."""
    model = PART_MODELS[part]
    fields = [field for field in model._meta.concrete_fields
              if not field.primary_key and field.attname != "activity_id"]
    return column_defaults(model), [field.attname for field in fields], \
        [index for index, field in enumerate(fields) if isinstance(field, JSONField)]


def _copy(model, names: list[str]):
    """A COPY into `model`'s table of the columns of these attributes; database errors come out as Django's."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in names)
    cursor = connection.cursor()
    return cursor, f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"


def insert_lines(model, data: list[bytes]) -> None:
    """COPY data written out by `write_out`, each with the activity's key first (`with_key`), into a part's table."""
    if not data:
        return
    cursor, copy_sql = _copy(model, ["activity_id", *part_layout(_PART_NAMES[model])[1]])
    with cursor, connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
        copy.write(b"".join(data))


_PART_NAMES = {model: part for part, model in PART_MODELS.items()}


def insert_values(model, rows: list[dict], activity_ids: list[int] | None = None, with_key: bool = False) -> None:
    """Insert rows given as {attribute: value} with every column, without making model instances: by COPY on
    PostgreSQL (several times faster than the INSERT of `bulk_create`, whose array parameters psycopg quotes one
    string at a time), else by `bulk_create`. With `activity_ids`, the rows leave out `activity_id` and these give
    it, one a row; with `with_key`, the rows give their primary keys."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if with_key or not field.primary_key]
    json_fields = {field.attname for field in fields if isinstance(field, JSONField)}
    if connection.vendor != "postgresql":
        # A JSON round trip gives what PostgreSQL would store: dates and decimals as strings.
        if activity_ids is not None:
            rows = [{**row, "activity_id": pk} for row, pk in zip(rows, activity_ids, strict=True)]
        model.objects.bulk_create([model(**{name: _json(value) if name in json_fields and value is not None
                                            else value for name, value in row.items()}) for row in rows],
                                  batch_size=2000)
        return
    names = [field.attname for field in fields if activity_ids is None or field.attname != "activity_id"]
    json_positions = [index for index, name in enumerate(names) if name in json_fields]
    cursor, copy_sql = _copy(model, names if activity_ids is None else ["activity_id", *names])
    encode = encode_json
    with cursor, connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
        for index, row in enumerate(rows):
            values = [row[name] for name in names]
            for position in json_positions:
                if values[position] is not None:
                    values[position] = encode(values[position])
            copy.write_row(values if activity_ids is None else [activity_ids[index], *values])




def _json_default(value):
    """`DjangoJSONEncoder.default`, its two commonest cases first: a big import has hundreds of thousands of
    amounts and dates, and it tests for date-times, times and durations before them."""
    kind = value.__class__
    if kind is datetime.date:
        return value.isoformat()
    if kind is Decimal:
        return str(value)
    return _ENCODER.default(value)


def encode_json(value) -> str:
    """JSON as `DjangoJSONEncoder` writes it (dates, times and decimals through its `default`), by orjson."""
    return orjson.dumps(value, default=_json_default, option=orjson.OPT_PASSTHROUGH_DATETIME).decode()


def column_defaults(model) -> dict:
    """{attribute: default} of a part model's columns other than the key and the activity, as the change log and
    `insert_values` need every column."""
    return {field.attname: field.get_default() for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in getattr(model, "changelog_exclude", ())}


def _json(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
