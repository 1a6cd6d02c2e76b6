"""Scoring new customers with a report's saved model, never refitting it: their persona, its first play and,
with a response part, whom to contact. One engine per module, the same output from both: ``pandas_engine``
in this process chunk by chunk, ``dask_engine`` partition by partition on a Dask cluster."""
