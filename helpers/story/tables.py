"""The tables a reader sees: formatted values under headers in the report's language.

No raw column name and no unformatted float reaches a reader: columns are named by
``labels``, amounts in the data's currency, counts and shares in the language's
conventions. Tables too wide for a page are the analyst's and stay in the analyst view.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers.data.columns import MONEY as MONEY_COLUMNS
from helpers.data.quality import OLDEST_PLAUSIBLE_AGE
from helpers.story import labels, numbers, phrases
from helpers.story.numbers import count, decimal, money, percent, share, signed

# Columns measured with decimals; years are written without grouping; every other one counts whole things.
DECIMAL_COLUMNS = frozenset({"CVR", "Response"})
YEAR_COLUMNS = frozenset({"Year_Birth"})


def _headed(columns: dict, lang: str, index=None) -> pd.DataFrame:
    """A table from {header key: values}, its headers in ``lang``; without an index of its own, the first
    column becomes the index, so that no row numbers are shown."""
    table = pd.DataFrame({phrases.header(key, lang): values for key, values in columns.items()}, index=index)
    return table if index is not None else _corner(table.set_index(table.columns[0]))


def _corner(table: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """The index's header moved to the top-left corner of the one header row (pandas gives it a row of its own)."""
    return table.rename_axis(index=None, columns=name or table.index.name)


def value(column: str, number: float, currency: str, lang: str) -> str:
    """One value of ``column`` as a reader reads it."""
    if pd.isna(number):
        return "–"
    if column in MONEY_COLUMNS:
        return money(number, currency, lang)
    if column in DECIMAL_COLUMNS:
        return decimal(number, lang)
    if column in YEAR_COLUMNS:
        return numbers.year(number, lang)
    return count(number, lang) if float(number).is_integer() else decimal(number, lang, 1)


def quality_findings(quality, lang: str = "en") -> pd.DataFrame:
    """One line per check of a ``QualityReport``, as the seed's Table 1."""
    missing = quality.missing[quality.missing > 0]
    missing_text = "; ".join(f"{labels.column(c, lang)}: {count(n, lang)}" for c, n in missing.items())
    rows = {
        "missing": missing_text or phrases.finding("none", lang),
        "duplicate_rows": count(quality.duplicate_rows, lang),
        "duplicate_customers": count(quality.duplicate_customers, lang),
        "impossible_birth_years": count(quality.impossible_birth_years, lang),
        "zero_web_visits": count(quality.zero_web_visits, lang),
        "outliers": phrases.finding(
            "outliers_value",
            lang,
            values=phrases.finding("value_count", lang, count=quality.outliers["outliers"].sum()),
            columns=phrases.finding("column_count", lang, count=int((quality.outliers["outliers"] > 0).sum())),
        ),
    }
    checks = [phrases.finding(key, lang, oldest=OLDEST_PLAUSIBLE_AGE) for key in rows]
    return _headed({"check": checks, "finding": list(rows.values())}, lang)


def fences(quality, currency: str, lang: str = "en") -> pd.DataFrame:
    """The IQR fences of each filtered column and how many customers lie beyond them."""
    outliers = quality.outliers
    return _headed(
        {
            "column": [labels.column(c, lang) for c in outliers.index],
            "lower fence": [value(c, v, currency, lang) for c, v in outliers["lower"].items()],
            "upper fence": [value(c, v, currency, lang) for c, v in outliers["upper"].items()],
            "beyond the fences": [count(n, lang) for n in outliers["outliers"]],
        },
        lang,
    )


def layout_facts(layout: dict, lang: str = "en") -> dict[str, str]:
    """How the input file was laid out, in words: header in ``lang`` -> value (from ``Layout.as_dict()``
    or the ``data`` section of summary.json)."""
    word = phrases.word
    readable_date = layout.get("date_format", "")
    for code, shown in {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%b": "Mon"}.items():
        readable_date = readable_date.replace(code, shown)
    facts = {
        "layout_name": phrases.layout_name(layout["name"], lang),
        "file_format": layout["file_format"],
        "separator": word(layout["separator"], lang) if layout.get("separator") else "–",
        "index_column": word("yes" if layout.get("index_column") else "no", lang),
        "date_format": word("date cells", lang) if readable_date == "date cells" else readable_date or "–",
        "currency": word(layout["currency"], lang),
        "labels": word(layout["labels"], lang),
        "extra_columns": ", ".join(layout.get("extra_columns", ())) or phrases.finding("none", lang),
    }
    return {phrases.header(key, lang): fact for key, fact in facts.items()}


def layout(layout, lang: str = "en") -> pd.DataFrame:
    """How the input file was laid out, as a table (``layout`` is a ``loading.Layout``)."""
    facts = layout_facts(layout.as_dict(), lang)
    return _headed({"value": list(facts.values())}, lang, index=list(facts)).pipe(
        _corner, phrases.header("layout", lang)
    )


def column_types(types: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``stages.preparation.column_types`` under headers in ``lang`` (an analyst's table)."""
    return types.rename(columns=lambda column: phrases.header(column, lang))


def feature_definitions(lang: str = "en") -> pd.DataFrame:
    """The engineered features and how each is computed (the seed's Table 2), in words."""
    return _headed(
        {
            "feature": [labels.column(feature, lang) for feature in labels.DEFINITIONS],
            "computed as": [labels.definition(feature, lang) for feature in labels.DEFINITIONS],
        },
        lang,
    )


def feature_summary(stats: pd.DataFrame, currency: str, lang: str = "en") -> pd.DataFrame:
    """Median, mean and range of each engineered feature over the customers analysed (``stats``: one row per
    column, as ``stages.preparation.feature_statistics`` computes them)."""
    features = [f for f in labels.DEFINITIONS if f in stats.index]
    return _headed(
        {
            "feature": [labels.column(f, lang) for f in features],
            **{key: [value(f, stats.at[f, key], currency, lang) for f in features] for key in ("median", "mean")},
            "smallest": [value(f, stats.at[f, "min"], currency, lang) for f in features],
            "largest": [value(f, stats.at[f, "max"], currency, lang) for f in features],
        },
        lang,
    )


def k_scores(scores: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Distortion and the separation scores of every k the search tried."""
    digits = {"distortion": 1, "silhouette": 3, "calinski_harabasz": 1, "davies_bouldin": 3}
    return _headed(
        {
            "k": [str(k) for k in scores.index],
            **{column: [decimal(v, lang, places) for v in scores[column]] for column, places in digits.items()},
        },
        lang,
    )


def stability(trust, personas: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each persona's stability (``trust``: ``stability.Stability`` by persona id) and its reading in words."""
    return _headed(
        {
            "persona": personas["persona"],
            "stability jaccard": trust.jaccard.map(lambda v: decimal(v, lang, 2)),
            "reading": trust.readings().map(lambda key: phrases.word(key, lang)),
        },
        lang,
    )


def personas(personas: pd.DataFrame, currency: str, lang: str = "en") -> pd.DataFrame:
    """The personas as a reader sees them: size and formatted medians."""
    return _headed(
        {
            "persona": personas["persona"],
            "customers": personas["customers"].map(lambda v: count(v, lang)),
            "share": personas["share_percent"].map(lambda v: percent(v, lang)),
            "median income": personas["median_Income"].map(lambda v: money(v, currency, lang)),
            "median spending": personas["median_Total_Spending"].map(lambda v: money(v, currency, lang)),
            "median transactions": personas["median_Total_Transaction"].map(lambda v: count(v, lang)),
            "median conversion rate": personas["median_CVR"].map(lambda v: decimal(v, lang)),
        },
        lang,
    )


def persona_profiles(medians: pd.DataFrame, means: pd.DataFrame, currency: str, lang: str = "en") -> pd.DataFrame:
    """Each persona's median of every profile feature, one column per persona: narrow enough for a page.

    ``medians`` and ``means`` have one row per persona (named) and one column per feature. A 0/1
    column has no telling median: the share of customers with a 1 is shown instead.
    """
    shown = {}
    for name in medians.index:
        shown[name] = [
            share(means.at[name, f], lang) if f == "Response" else value(f, medians.at[name, f], currency, lang)
            for f in medians.columns
        ]
    index = [labels.column(f, lang) + (" (%)" if f == "Response" else "") for f in medians.columns]
    return _corner(pd.DataFrame(shown, index=index), phrases.header("median", lang))


def campaign_economics(economics: pd.DataFrame | None, personas: pd.DataFrame, lang: str = "en"):
    """Campaign economics per persona as a reader sees them; without a campaign outcome, a sentence saying so."""
    if economics is None:
        return Markdown(phrases.text("no_outcome", lang))
    intervals = [
        phrases.text(key, lang, low=signed(low, lang), high=signed(high, lang))
        for low, high, key in zip(
            economics["profit_low"],
            economics["profit_high"],
            economics["too_small"].map({True: "interval_unreliable", False: "interval"}),
        )
    ]
    columns = {
        "persona": personas["persona"],
        "analysed customers": economics["customers"].map(lambda v: count(v, lang)),
        "response rate": economics["response_rate"].map(lambda v: share(v, lang)),
        "lift": economics["lift"].map(lambda v: decimal(v, lang) + "×"),
        "earlier campaigns, acceptance": economics["earlier_campaign_rate"].map(lambda v: share(v, lang)),
        "profit of contacting all": economics["expected_profit"].map(lambda v: signed(v, lang)),
        "95% interval": intervals,
        "profit per contact": economics["profit_per_customer"].map(lambda v: signed(v, lang, 2)),
    }
    if economics["lift"].isna().all():  # no one accepted: a multiple of nothing means nothing
        del columns["lift"]
    return _headed(columns, lang)


def _interval(low: float, high: float, lang: str) -> str:
    return phrases.text("interval", lang, low=signed(low, lang), high=signed(high, lang))


def response_candidates(record: dict, lang: str) -> pd.DataFrame | None:
    """Both candidates of the response model, judged on the same held-out customers."""
    if record["status"] != "fitted":
        return None
    candidates = pd.DataFrame(record["candidates"])
    return _headed(
        {
            "model": candidates["model"].map(lambda name: phrases.word(name, lang)),
            "held-out AUC": candidates["cv_auc"].map(lambda v: decimal(v, lang, 3)),
            "log loss": candidates["cv_log_loss"].map(lambda v: decimal(v, lang, 3)),
            "plan profit": candidates["cv_profit"].map(lambda v: signed(v, lang)),
            "chosen in folds": candidates["chosen_in_folds"].map(lambda v: count(v, lang)),
        },
        lang,
    )


def plans(targeting, lang: str) -> pd.DataFrame | None:
    """The four plans side by side, all on the same customers."""
    if targeting is None:
        return None
    table = targeting.plans
    return _headed(
        {
            "plan": [phrases.word(plan, lang) for plan in table.index],
            "customers contacted": table["customers"].map(lambda v: count(v, lang)),
            "share": table["share_percent"].map(lambda v: percent(v, lang)),
            "responders reached": [
                f"{count(n, lang)} ({percent(p, lang)})"
                for n, p in zip(table["responders"], table["responders_reached_percent"])
            ],
            "expected profit": table["expected_profit"].map(lambda v: signed(v, lang)),
            "95% interval": [
                _interval(low, high, lang) for low, high in zip(table["profit_low"], table["profit_high"])
            ],
            "profit per contact": table["profit_per_contact"].map(lambda v: "–" if pd.isna(v) else signed(v, lang, 2)),
        },
        lang,
    )
