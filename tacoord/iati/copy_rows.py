"""Writing many rows fast: by COPY on PostgreSQL (several times faster than the INSERT of `bulk_create`), by
`bulk_create` elsewhere; and a new activity's parts written out as COPY text and change-log JSON where the file is
read (see `services._read_file`), so that the import only joins text. No model instances: rows are dicts
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

from tacoord.activities.services import PART_MODELS
from tacoord.iati.importer import Prepared

TEXT_TYPES = {Decimal, datetime.date}


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
    """Write out a new activity's parts as COPY lines (text format, without the activity's key, which the import
    gives) and as the rows its change-log entry holds, and drop them as structures: done where the file is read,
    this leaves the import only joining text, and text costs least to pass between processes."""
    for part in RENDERED_PARTS:
        defaults, columns = part_layout(part)
        rows = [{**defaults, **values} for values in prepared.children.pop(part, [])]
        prepared.rendered[part] = ([_copy_line(row, columns) for row in rows], encode_json(rows).encode())


@functools.cache
def part_layout(part: str) -> tuple[dict, list[tuple[str, bool]]]:
    """A part's {attribute: default} and its COPY columns after the activity's key: (attribute, is JSON)."""
    model = PART_MODELS[part]
    columns = [(field.attname, isinstance(field, JSONField)) for field in model._meta.concrete_fields
               if not field.primary_key and field.attname != "activity_id"]
    return column_defaults(model), columns


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_line(row: dict, columns: list[tuple[str, bool]]) -> str:
    """A row as a line of PostgreSQL's COPY text format: NULL as \\N; backslash, tab, newline and return escaped.
    (Values are text, numbers, flags or JSON by then; most need no escape, which one look at them all tells.)"""
    texts = []
    for name, is_json in columns:
        value = row[name]
        if value is None:
            texts.append(None)
        elif is_json:
            texts.append(encode_json(value))
        elif value.__class__ is str:
            texts.append(value)
        elif value is True or value is False:
            texts.append("t" if value else "f")
        else:
            texts.append(str(value))
    joined = "".join([text for text in texts if text is not None])
    if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
        texts = [text.translate(_COPY_ESCAPES) if text is not None else None for text in texts]
    return "\t".join(["\\N" if text is None else text for text in texts])


def _copy(model, names: list[str]):
    """A COPY into `model`'s table of the columns of these attributes; database errors come out as Django's."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in names)
    cursor = connection.cursor()
    return cursor, f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"


def insert_lines(model, lines: list[str]) -> None:
    """COPY lines written by `write_out` (the activity's key, then the part's other columns) into a part's table."""
    if not lines:
        return
    names = ["activity_id", *(name for name, _is_json in part_layout(_PART_NAMES[model])[1])]
    cursor, copy_sql = _copy(model, names)
    with cursor, connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
        for start in range(0, len(lines), 1000):
            copy.write("\n".join(lines[start:start + 1000]) + "\n")


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


_ENCODER = DjangoJSONEncoder()


def encode_json(value) -> str:
    """JSON as `DjangoJSONEncoder` writes it (dates, times and decimals through its `default`), by orjson."""
    return orjson.dumps(value, default=_ENCODER.default, option=orjson.OPT_PASSTHROUGH_DATETIME).decode()


def column_defaults(model) -> dict:
    """{attribute: default} of a part model's columns other than the key and the activity, as the change log and
    `insert_values` need every column."""
    return {field.attname: field.get_default() for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in getattr(model, "changelog_exclude", ())}


def _json(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
