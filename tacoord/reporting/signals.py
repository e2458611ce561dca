"""What reporting tells other apps, so they can react without reporting knowing them (needs derive on submission)."""

from django.dispatch import Signal

# Sent after the transaction that stored a State's submission has committed; arguments: response, submission.
response_submitted = Signal()
