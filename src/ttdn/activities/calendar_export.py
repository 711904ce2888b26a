"""iCalendar export of media events (RFC 5545, through ``icalendar``)."""

from collections.abc import Iterable

import icalendar

from .models import MediaEvent


def events_ical(events: Iterable[MediaEvent], *, site: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ttdn//activities//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Sự kiện truyền thông TTĐN")
    host = site.split("//")[-1].split("/")[0] or "ttdn"
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", f"media-event-{event.pk}@{host}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("dtstamp", event.updated_at)
        if event.place:
            entry.add("location", event.place)
        description = [event.get_kind_display(), f"Nhiệm vụ {event.task.code}", *event.coverage_urls]
        if event.description:
            description.insert(0, event.description)
        entry.add("description", "\n".join(str(d) for d in description))
        entry.add("categories", [event.kind])
        calendar.add_component(entry)
    return calendar.to_ical()
