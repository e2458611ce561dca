"""Needs react to what other apps report: a submitted questionnaire response is queued for derivation."""

from django.dispatch import receiver

from tacoord.reporting.signals import response_submitted


@receiver(response_submitted)
def queue_derivation(sender, response, **kwargs):
    from tacoord.needs.tasks import derive_needs

    derive_needs.enqueue(response.pk)
