"""Endpoints, one router per area. Each fetches through the plans ``access_*`` selectors and writes through
the plans services, so the API grants exactly what the pages grant."""
