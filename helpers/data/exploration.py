"""Exploratory statistics: how the conversion rate and spending relate to the customer profile."""

from __future__ import annotations

import pandas as pd

CVR_DRIVERS = ("Income", "Total_Spending", "Total_Transaction", "Age")


def cvr_correlations(prepared: pd.DataFrame) -> pd.Series:
    """Pearson correlation of the conversion rate with each driver (the overview's figures)."""
    return prepared.loc[:, list(CVR_DRIVERS)].corrwith(prepared["CVR"]).rename("correlation with CVR")


def income_spending_correlation(prepared: pd.DataFrame) -> float:
    return float(prepared["Income"].corr(prepared["Total_Spending"]))
