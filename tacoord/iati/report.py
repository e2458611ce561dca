"""An import run's report as text, for the command line."""

from tacoord.iati.choices import IssueKind
from tacoord.iati.models import ImportRun


def format_report(run: ImportRun, *, warnings: bool = False) -> str:
    lines = [f"IATI import {run.pk}: {run.get_status_display()}"
             + (" (every activity read again)" if run.read_again else "")]
    for item in run.files:
        if item.get("refused"):
            lines.append(f"  {item['name']}: REFUSED: {item['refused']}")
        else:
            same = " (the same file as imported before: not read again)" if item.get("same_file") else ""
            lines.append(f"  {item['name']}: {item['activities']} activities: {item['added']} added, "
                         f"{item['updated']} updated, {item['unchanged']} unchanged, {item['rejected']} rejected"
                         f"{same}")
    lines.append(f"Total: {run.added} added, {run.updated} updated, {run.unchanged} unchanged, {run.rejected} "
                 f"rejected, {run.warnings} warnings, {run.refused_files} files refused")
    kinds = [IssueKind.FILE_REFUSED, IssueKind.REJECTED] + ([IssueKind.WARNING] if warnings else [])
    for issue in run.issues.filter(kind__in=kinds):
        where = f"{issue.file}:{issue.line}" if issue.line else issue.file
        lines.append(f"  {issue.get_kind_display()}: {where} {issue.identifier} {issue.message}".rstrip())
    return "\n".join(lines)
