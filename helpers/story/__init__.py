"""The story a reader sees: sentences from computed values, numbers, phrases in each language, figures."""
