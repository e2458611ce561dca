"""Tables as CSV or XLSX: the same rows the user sees in a list, with the same filters."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook


def _rows(columns, queryset):
    for obj in queryset:
        yield [column.text(obj) for column in columns]


def export_response(*, columns, queryset, file_stem: str, fmt: str) -> HttpResponse:
    header = [str(column.label) for column in columns]
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=file_stem[:31])
        sheet.append(header)
        for row in _rows(columns, queryset):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{file_stem}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the UTF-8 names in all six languages correctly
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(_rows(columns, queryset))
    return response
