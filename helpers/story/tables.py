"""The tables a reader sees: formatted values under headers in the report's language."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers.data.features import DEFINITIONS
from helpers.data.quality import OLDEST_PLAUSIBLE_AGE
from helpers.story import phrases
from helpers.story.numbers import count, money, percent, signed


def _headed(columns: dict, lang: str, index=None) -> pd.DataFrame:
    """A table from {header key: values}, its headers in ``lang``."""
    return pd.DataFrame({phrases.header(key, lang): values for key, values in columns.items()}, index=index)


def quality_findings(quality, lang: str = "en") -> pd.DataFrame:
    """One line per check of a ``QualityReport``, as the seed's Table 1."""
    missing = quality.missing[quality.missing > 0]
    missing_text = ", ".join(f"{c}: {count(n)}" for c, n in missing.items()) or phrases.finding("none", lang)
    rows = {
        "missing": missing_text,
        "duplicate_rows": count(quality.duplicate_rows),
        "duplicate_customers": count(quality.duplicate_customers),
        "impossible_birth_years": count(quality.impossible_birth_years),
        "zero_web_visits": count(quality.zero_web_visits),
        "outliers": phrases.finding(
            "outliers_value", lang, values=count(quality.outliers["outliers"].sum()), columns=len(quality.outliers)
        ),
    }
    checks = [phrases.finding(key, lang, oldest=OLDEST_PLAUSIBLE_AGE) for key in rows]
    return _headed({"check": checks, "finding": list(rows.values())}, lang)


def layout(layout, lang: str = "en") -> pd.DataFrame:
    """How the input file was laid out."""
    facts = pd.Series(layout.as_dict())
    return _headed({"value": facts}, lang, index=facts.index).rename_axis(phrases.header("layout", lang))


def column_types(types: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``quality.column_types`` under headers in ``lang``."""
    return types.rename(columns=lambda column: phrases.header(column, lang))


def feature_definitions(lang: str = "en") -> pd.DataFrame:
    """The engineered features and how each is computed (the seed's Table 2)."""
    return _headed({"feature": list(DEFINITIONS), "computed as": list(DEFINITIONS.values())}, lang)


def personas(personas: pd.DataFrame, currency: str, lang: str = "en") -> pd.DataFrame:
    """The personas as a reader sees them: size and formatted medians."""
    return _headed(
        {
            "persona": personas["persona"],
            "customers": personas["customers"].map(count),
            "share": personas["share_percent"].map(percent),
            "median income": personas["median_Income"].map(lambda v: money(v, currency)),
            "median spending": personas["median_Total_Spending"].map(lambda v: money(v, currency)),
            "median transactions": personas["median_Total_Transaction"].map("{:.0f}".format),
            "median conversion rate": personas["median_CVR"].map("{:.2f}".format),
        },
        lang,
    )


def campaign_economics(economics: pd.DataFrame | None, personas: pd.DataFrame, lang: str = "en"):
    """Campaign economics per persona as a reader sees them; without a campaign outcome, a sentence saying so."""
    if economics is None:
        return Markdown(phrases.text("no_outcome", lang))
    intervals = [
        phrases.text("interval", lang, low=count(low), high=count(high))
        for low, high in zip(economics["profit_low"], economics["profit_high"])
    ]
    return _headed(
        {
            "persona": personas["persona"],
            "customers": economics["customers"].map(count),
            "response rate": economics["response_rate"].map(lambda v: percent(100 * v)),
            "lift": economics["lift"].map("{:.2f}x".format),
            "earlier campaigns, acceptance": economics["earlier_campaign_rate"].map(lambda v: percent(100 * v)),
            "profit of contacting all": economics["expected_profit"].map(count),
            "95% interval": intervals,
            "profit per contact": economics["profit_per_customer"].map("{:.2f}".format),
        },
        lang,
    )


def _interval(low: float, high: float, lang: str) -> str:
    return phrases.text("interval", lang, low=signed(low), high=signed(high))


def response_candidates(record: dict, lang: str = "en") -> pd.DataFrame | None:
    """Both candidates of the response model, judged on the same held-out customers."""
    if record["status"] != "fitted":
        return None
    candidates = pd.DataFrame(record["candidates"])
    return _headed(
        {
            "model": candidates["model"].map(lambda name: phrases.word(name, lang)),
            "held-out AUC": candidates["cv_auc"].map("{:.3f}".format),
            "log loss": candidates["cv_log_loss"].map("{:.3f}".format),
            "plan profit": candidates["cv_profit"].map(signed),
            "chosen in folds": candidates["chosen_in_folds"].map(str),
        },
        lang,
    )


def plans(targeting, lang: str = "en") -> pd.DataFrame | None:
    """The four plans side by side, all on the same customers."""
    if targeting is None:
        return None
    table = targeting.plans
    return _headed(
        {
            "plan": [phrases.word(plan, lang) for plan in table.index],
            "customers contacted": table["customers"].map(count),
            "share": table["share_percent"].map(percent),
            "responders reached": [
                f"{count(n)} ({percent(p)})" for n, p in zip(table["responders"], table["responders_reached_percent"])
            ],
            "expected profit": table["expected_profit"].map(signed),
            "95% interval": [
                _interval(low, high, lang) for low, high in zip(table["profit_low"], table["profit_high"])
            ],
            "profit per contact": table["profit_per_contact"].map(lambda v: "–" if pd.isna(v) else signed(v, 2)),
        },
        lang,
    ).set_index(phrases.header("plan", lang))


def targeting_by_persona(targeting, lang: str = "en") -> pd.DataFrame | None:
    """Per persona: customers, how many the plan contacts, the responders it reaches, what it earns."""
    if targeting is None:
        return None
    table = targeting.by_persona
    return _headed(
        {
            "persona": table["persona"],
            "customers": table["customers"].map(count),
            "contacted": [f"{count(n)} ({percent(p)})" for n, p in zip(table["contacted"], table["contacted_percent"])],
            "responders reached": [
                f"{count(n)} / {count(m)}" for n, m in zip(table["responders_reached"], table["responders"])
            ],
            "expected profit": table["expected_profit"].map(signed),
        },
        lang,
    )
