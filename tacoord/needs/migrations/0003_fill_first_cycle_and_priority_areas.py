"""Existing data: the cycle that first raised each derived need, and the articles' priority areas.

- A derived need's first cycle is that of the response named in its 'created' change-log entry (the response it was
  first derived from); without that entry, the cycle of its current source response.
- Articles already loaded get their priority area from the default reading (`tacoord.needs.defaults`), the mapping
  derivation used before it became data. On a fresh database there are no articles yet: `install_derivation_rules`
  (or the first derivation) fills the mapping in.
"""

from django.db import migrations

from tacoord.needs import defaults


def forwards(apps, schema_editor):
    Need = apps.get_model("needs", "Need")
    ObjectChange = apps.get_model("core", "ObjectChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    QuestionnaireResponse = apps.get_model("reporting", "QuestionnaireResponse")
    Article = apps.get_model("reference", "Article")
    PriorityArea = apps.get_model("reference", "PriorityArea")
    ArticlePriorityArea = apps.get_model("needs", "ArticlePriorityArea")

    cycles = dict(QuestionnaireResponse.objects.values_list("pk", "cycle_id"))
    content_type = ContentType.objects.filter(app_label="needs", model="need").first()
    first_response = {}
    if content_type is not None:
        for object_id, data in ObjectChange.objects.filter(
                changed_object_type=content_type, action="create").values_list("changed_object_id", "postchange_data"):
            if isinstance(data, dict) and data.get("source_response_id"):
                first_response[int(object_id)] = data["source_response_id"]
    for need in Need.objects.filter(first_cycle__isnull=True, source_response__isnull=False).only(
            "pk", "source_response_id"):
        cycle_id = cycles.get(first_response.get(need.pk)) or cycles.get(need.source_response_id)
        Need.objects.filter(pk=need.pk).update(first_cycle_id=cycle_id)

    areas = dict(PriorityArea.objects.values_list("number", "pk"))
    mapped = set(ArticlePriorityArea.objects.values_list("article_id", flat=True))
    ArticlePriorityArea.objects.bulk_create([
        ArticlePriorityArea(article=article, priority_area_id=areas.get(defaults.priority_area_number(
            instrument_code=article.instrument.code, article_number=article.number,
            cluster_code=article.cluster.code if article.cluster_id else None)))
        for article in Article.objects.exclude(pk__in=mapped).select_related("instrument", "cluster")])


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0002_first_cycle_article_priority_area"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
