"""Writes of the outreach app; see the modules for subscribers, campaigns and dispatch."""
