"""Data in: the customer table read from any layout, validated, assessed, cleaned and featured."""
