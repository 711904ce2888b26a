"""Reading outlets politely: feed parsing and an HTTP fetcher. Pure stdlib, no Django."""

from .feeds import FeedError, FeedItem, parse_feed
from .fetcher import FetchResult, PoliteFetcher
from .listing import parse_listing
from .sitemaps import parse_sitemap

__all__ = [
    "FeedError",
    "FeedItem",
    "FetchResult",
    "PoliteFetcher",
    "parse_feed",
    "parse_listing",
    "parse_sitemap",
]
