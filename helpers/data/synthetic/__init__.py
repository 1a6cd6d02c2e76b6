"""Synthetic customers that behave like the real ones, and how close they come."""
