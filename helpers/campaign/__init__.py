"""Campaigns: what to do with each persona and what contacting it earns."""
