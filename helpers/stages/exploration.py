"""Stage 2, exploratory analysis: how the conversion rate and spending relate to the customer profile."""

from __future__ import annotations

import pandas as pd

CVR_DRIVERS = ("Income", "Total_Spending", "Total_Transaction", "Age")


def cvr_correlations(prepared: pd.DataFrame) -> pd.Series:
    """Pearson correlation of the conversion rate with each driver (the overview's figures)."""
    return prepared.loc[:, list(CVR_DRIVERS)].corrwith(prepared["CVR"]).rename("correlation with CVR")


def income_spending_correlation(prepared: pd.DataFrame) -> float:
    """Pearson correlation of income and total spending."""
    return float(prepared["Income"].corr(prepared["Total_Spending"]))


def summary(cvr: pd.Series, income_spending: float) -> dict:
    """What the stage records in summary.json."""
    return {"cvr_correlations": cvr.to_dict(), "income_spending_correlation": income_spending}
