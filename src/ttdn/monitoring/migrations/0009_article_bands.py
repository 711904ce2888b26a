"""LSH band index for clustering; bands for the articles still inside the clustering window."""

import datetime

import django.db.models.deletion
from django.utils import timezone
from django.db import migrations, models


def index_recent_articles(apps, schema_editor):
    from ttdn.monitoring.analysis.dedup import band_keys

    Article = apps.get_model("monitoring", "Article")
    ArticleBand = apps.get_model("monitoring", "ArticleBand")
    recent = Article.objects.filter(
        fetched_at__gte=timezone.now() - datetime.timedelta(days=7), rejected_reason=""
    ).only("id", "minhash")
    batch = []
    for article in recent.iterator(chunk_size=500):
        if article.minhash:
            batch += [ArticleBand(article_id=article.pk, key=key) for key in band_keys(article.minhash)]
        if len(batch) >= 5000:
            ArticleBand.objects.bulk_create(batch)
            batch = []
    ArticleBand.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0008_case_classification"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleBand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.BigIntegerField(db_index=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="monitoring.article"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("article", "key"), name="monitoring_band_unique")
                ],
            },
        ),
        migrations.RunPython(index_recent_articles, migrations.RunPython.noop),
    ]
