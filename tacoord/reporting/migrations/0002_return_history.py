# The history of returns: every return with its comment, who and when, instead of one comment field that the next
# return overwrote. Existing comments become the first entry of their response's history.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def comments_to_history(apps, schema_editor):
    QuestionnaireResponse = apps.get_model("reporting", "QuestionnaireResponse")
    ResponseReturn = apps.get_model("reporting", "ResponseReturn")
    for response in QuestionnaireResponse.objects.exclude(return_comment=""):
        submission = response.submissions.order_by("-number").first()
        ResponseReturn.objects.create(response=response, submission=submission, comment=response.return_comment,
                                      returned_at=response.last_updated)


def history_to_comments(apps, schema_editor):
    ResponseReturn = apps.get_model("reporting", "ResponseReturn")
    for entry in ResponseReturn.objects.order_by("returned_at", "pk"):
        type(entry.response).objects.filter(pk=entry.response_id).update(return_comment=entry.comment)


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ResponseReturn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('comment', models.TextField(verbose_name='comment')),
                ('returned_at', models.DateTimeField(db_index=True, verbose_name='returned at')),
                ('response', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='returns', to='reporting.questionnaireresponse', verbose_name='response')),
                ('returned_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='returned by')),
                ('submission', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='returns', to='reporting.submission', verbose_name='submission')),
            ],
            options={
                'verbose_name': 'return to the State',
                'verbose_name_plural': 'returns to the State',
                'ordering': ['response', 'returned_at', 'pk'],
            },
        ),
        migrations.RunPython(comments_to_history, history_to_comments),
        migrations.RemoveField(
            model_name='questionnaireresponse',
            name='return_comment',
        ),
    ]
