"""MinHash signatures are now made with multiply-add permutations of cheaper shingle hashes (07/12/2026).

Signatures made the earlier way never equal new ones, so a syndicated copy fetched after the upgrade would
not join a cluster started before it. The articles still inside the clustering window get new signatures
and bands from their stored text; older ones are never compared again and keep theirs.
"""

import datetime

from django.db import migrations
from django.utils import timezone


def resign_recent_articles(apps, schema_editor):
    from ttdn.monitoring.analysis.dedup import MinHasher, band_keys

    Article = apps.get_model("monitoring", "Article")
    ArticleBand = apps.get_model("monitoring", "ArticleBand")
    hasher = MinHasher()
    recent = Article.objects.filter(
        fetched_at__gte=timezone.now() - datetime.timedelta(days=7), rejected_reason=""
    ).only("id", "text", "minhash")
    for article in recent.iterator(chunk_size=500):
        if not article.minhash:
            continue
        article.minhash = list(hasher.signature(article.text))
        article.save(update_fields=["minhash"])
        ArticleBand.objects.filter(article_id=article.pk).delete()
        ArticleBand.objects.bulk_create(
            [ArticleBand(article_id=article.pk, key=key) for key in band_keys(article.minhash)]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0009_article_bands"),
    ]

    operations = [
        migrations.RunPython(resign_recent_articles, migrations.RunPython.noop),
    ]
