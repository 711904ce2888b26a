"""Press monitoring: the outlets polled, the articles read from them, and near-duplicate clusters."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttdn.core.classification import ClassifiedModel
from ttdn.core.models import TimeStampedModel


class Source(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        HTML_LISTING = "html_listing", _("HTML listing page")
        SITEMAP = "sitemap", _("News sitemap (or sitemap index)")
        YOUTUBE = "youtube", _("YouTube channel feed")
        SOCIAL = "social", _("Social-listening exports (imported files)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RSS)
    url = models.URLField(_("address"), max_length=1000, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    min_delay_seconds = models.PositiveIntegerField(_("minimum delay between requests (s)"), default=5)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set when the sweep queues the source's poll, cleared when the poll records its outcome: a worker
    # killed mid-poll leaves the source to the first sweep after this time.
    poll_claimed_until = models.DateTimeField(null=True, blank=True)
    items_seen = models.PositiveIntegerField(default=0)
    items_new = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("press source")
        verbose_name_plural = _("press sources")

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """Copies of one story (syndication, rewrites): keyed by the first article's URL hash."""

    key = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=500, blank=True)
    first_seen = models.DateTimeField()
    size = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-first_seen"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1), name="monitoring_cluster_size_positive")
        ]

    def __str__(self) -> str:
        return self.title or self.key


class Article(models.Model):
    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("positive")
        NEUTRAL = "neutral", _("neutral")
        NEGATIVE = "negative", _("negative")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    url = models.URLField(max_length=1000)  # normalised
    url_hash = models.CharField(max_length=32, unique=True)
    canonical_url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField()
    relevance_score = models.FloatField(default=0.0)
    relevant = models.BooleanField(default=False)
    matched = models.JSONField(default=list, blank=True)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    # Who decided the tone: "rules" (lexicon baseline), "model v3" (learned classifier), "analyst".
    tone_by = models.CharField(max_length=20, blank=True, default="rules")
    topics = models.JSONField(default=list, blank=True)
    minhash = models.JSONField(default=list, blank=True)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    raw_html_gz = models.BinaryField(blank=True, default=b"")
    rejected_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-fetched_at"]
        indexes = [
            models.Index(fields=["relevant", "-published_at"], name="monitoring_stream_idx"),
            models.Index(fields=["-published_at"], name="monitoring_published_idx"),
            models.Index(fields=["fetched_at"], name="monitoring_fetched_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(relevance_score__gte=0) & Q(relevance_score__lte=1),
                name="monitoring_article_score_range",
            ),
            models.CheckConstraint(
                condition=Q(sentiment__in=["positive", "neutral", "negative"]),
                name="monitoring_article_sentiment_valid",
            ),
            models.CheckConstraint(
                condition=Q(rejected_reason="") | Q(relevant=False),
                name="monitoring_article_rejected_not_relevant",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleBand(models.Model):
    """One LSH band of an article's MinHash signature, kept while the article can still be clustered.

    Articles sharing a band are the only candidates a new article is compared with, so clustering costs
    one indexed lookup per article instead of a scan of the whole window. Rows older than the clustering
    window are pruned; the signature itself stays on the article.
    """

    # No index of its own on article: the unique (article, key) constraint's index serves the lookups by
    # article (pruning, cascades), and each index costs 42 insertions a page.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="monitoring_band_unique")]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"


class ToneLabel(TimeStampedModel):
    """An analyst's correction of an article's tone: the training data of the tone classifier."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="tone_label")
    label = models.CharField(_("tone"), max_length=10, choices=Article.Sentiment.choices)
    previous = models.CharField(max_length=10, blank=True)  # what the system had said
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tone correction")
        verbose_name_plural = _("tone corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(label__in=["positive", "neutral", "negative"]), name="monitoring_tonelabel_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.label}"


class ModelVersion(models.Model):
    """One trained classifier, pickled in the data directory; the newest active one is used. Each kind of
    classifier has its own table (``services.model_store`` versions them alike)."""

    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField()
    path = models.CharField(max_length=500)  # relative to TTDN_DATA_DIR
    n_examples = models.PositiveIntegerField()
    n_corrections = models.PositiveIntegerField()
    last_label_at = models.DateTimeField(null=True, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)

    # Declared so that code handed either subclass (``type[ModelVersion]``) type-checks its queries.
    objects = models.Manager()

    class Meta:
        abstract = True
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class ToneModelVersion(ModelVersion):
    """One trained tone classifier."""


class TopicLabel(TimeStampedModel):
    """An analyst's correction of an article's topics: the training data of the topic classifier."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="topic_label")
    topics = models.JSONField(_("topics"), default=list, blank=True)
    previous = models.JSONField(default=list, blank=True)  # what the system had said
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("topic correction")
        verbose_name_plural = _("topic corrections")

    def __str__(self) -> str:
        return f"{self.article_id}: {', '.join(self.topics)}"


class TopicModelVersion(ModelVersion):
    """One trained topic classifier."""


class Case(ClassifiedModel, TimeStampedModel):
    """A false or misleading story being checked and, if false, rebutted with an official statement."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        INVESTIGATING = "investigating", _("investigating")
        VERIFIED = "verified", _("verified (the story holds)")
        REBUTTED = "rebutted", _("rebutted")
        CLOSED = "closed", _("closed")

    class Verdict(models.TextChoices):
        NONE = "", _("not decided")
        FAKE = "tin_gia", "Tin giả"
        UNTRUE = "tin_sai_su_that", "Tin sai sự thật"
        AUTHENTIC = "tin_xac_thuc", "Tin xác thực"

    title = models.CharField(_("title"), max_length=300)
    claim = models.TextField(_("claim being checked"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    verdict = models.CharField(_("label"), max_length=20, choices=Verdict.choices, blank=True, default="")
    articles = models.ManyToManyField(Article, blank=True, related_name="cases")
    clusters = models.ManyToManyField(Cluster, blank=True, related_name="cases")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_cases",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("unit in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # The portal is another app: only the published statement's address is kept here.
    statement_url = models.URLField(_("official statement (address)"), max_length=1000, blank=True)
    ministry_notified_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rebuttal case")
        verbose_name_plural = _("rebuttal cases")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rebutted") | Q(verdict__in=["tin_gia", "tin_sai_su_that"]),
                name="monitoring_case_rebutted_is_false",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verdict="tin_xac_thuc"),
                name="monitoring_case_verified_is_authentic",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CaseEvidence(ClassifiedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        SOURCE = "source", _("source or document")
        ARGUMENT = "argument", _("argument")
        DRAFT = "draft", _("draft response")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SOURCE)
    text = models.TextField(_("content"))
    url = models.URLField(_("address"), max_length=1000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class CaseEvent(models.Model):
    """The case's timeline (also in the audit log): who did what, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"


class DigestSubscription(TimeStampedModel):
    """A staff member who receives the press digest by e-mail, daily or weekly."""

    class Span(models.TextChoices):
        DAY = "day", _("daily")
        WEEK = "week", _("weekly")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="press_digests")
    span = models.CharField(_("how often"), max_length=10, choices=Span.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "span"], name="monitoring_digest_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.span})"


class DigestDelivery(models.Model):
    """One digest for one subscriber and period. The unique row is claimed before the e-mail goes out, so
    two workers sweeping at once send it once."""

    subscription = models.ForeignKey(DigestSubscription, on_delete=models.CASCADE, related_name="deliveries")
    first = models.DateField()
    last = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "first"], name="monitoring_digest_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.subscription} {self.first}"
