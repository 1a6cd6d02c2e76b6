"""The report's sentences, written from computed values so they stay true when the data changes."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import language
from helpers.cleaning import CleaningResult, QualityReport
from helpers.formatting import count, money, percent

# Seed claim quoted by the modeling notebook: silhouette 0.535 at k = 4, "the highest".
SEED_CLAIMED_K = 4
SEED_CLAIMED_SILHOUETTE = 0.535


def strength(correlation: float) -> str:
    """A plain-words label for a correlation coefficient."""
    size = abs(correlation)
    label = "very weak" if size < 0.2 else "weak" if size < 0.4 else "moderate" if size < 0.6 else "strong"
    return f"{label} {'positive' if correlation >= 0 else 'negative'}"


def data_overview(source: str, rows: int, columns: int, currency: str) -> Markdown:
    return Markdown(
        f"The table **{source}** holds **{count(rows)} customers** and **{columns} columns**; "
        f"money amounts are in **{currency}**."
    )


def layout_table(layout) -> pd.DataFrame:
    return pd.DataFrame({"value": pd.Series(layout.as_dict())}).rename_axis("layout")


def quality_summary(quality: QualityReport, cleaning: CleaningResult) -> Markdown:
    missing = int(quality.missing.sum())
    kept = len(cleaning.customers)
    lines = [
        f"- **Missing values:** {count(missing)} in total"
        + (f", all in {', '.join(quality.missing[quality.missing > 0].index)}." if missing else "."),
        f"- **Duplicates:** {count(quality.duplicate_rows)} identical rows; {count(quality.duplicate_customers)} "
        "customers appear again under another ID"
        + (" and were removed." if cleaning.dropped_duplicates else " and are kept, as in the published analysis."),
        f"- **Implausible values:** {count(quality.impossible_birth_years)} birth years imply an age over 100; "
        f"{count(quality.zero_web_visits)} customers had no web visit last month (their conversion rate is set to 0).",
        f"- **Outliers:** the IQR fences on {', '.join(cleaning.bounds.index)} remove "
        f"**{count(cleaning.dropped_outside_bounds)} customers** (a missing income counts as outside), "
        f"leaving **{count(kept)} of {count(cleaning.rows_read)}** ({percent(100 * kept / cleaning.rows_read)}).",
    ]
    return Markdown("\n".join(lines))


def cvr_findings(correlations: pd.Series) -> Markdown:
    ordered = correlations.sort_values(ascending=False)
    lines = [f"- **{feature}**: r = {value:.2f} ({strength(value)})" for feature, value in ordered.items()]
    top = ordered.index[0]
    weakest = ordered.abs().idxmin()
    return Markdown(
        "Correlation of the conversion rate with:\n\n"
        + "\n".join(lines)
        + f"\n\nThe conversion rate moves most with **{top}**; **{weakest}** matters least "
        f"(r = {correlations[weakest]:.2f})."
    )


def income_spending_finding(correlation: float) -> Markdown:
    return Markdown(
        f"Income and total spending have a **{strength(correlation)}** relationship (r = {correlation:.2f}): "
        + ("customers who earn more spend more." if correlation >= 0.4 else "income alone says little about spending.")
    )


def k_choice(scores: pd.DataFrame, chosen_k: int, elbow_k: int | None, best: dict[str, int]) -> Markdown:
    silhouette = scores.loc[chosen_k, "silhouette"]
    lines = [
        f"- The distortion elbow (yellowbrick) suggests **k = {elbow_k}**." if elbow_k else "- The distortion curve shows no clear elbow.",
        f"- Silhouette is highest at **k = {best['silhouette']}** ({scores.loc[best['silhouette'], 'silhouette']:.3f}); "
        f"Calinski-Harabasz prefers k = {best['calinski_harabasz']}, Davies-Bouldin k = {best['davies_bouldin']}.",
        f"- This run uses **k = {chosen_k}** (silhouette {silhouette:.3f} in this k search).",
    ]
    if chosen_k == SEED_CLAIMED_K:
        verdict = (
            "confirms" if best["silhouette"] == SEED_CLAIMED_K and abs(silhouette - SEED_CLAIMED_SILHOUETTE) < 0.01 else "does not confirm"
        )
        lines.append(
            f"- The published analysis reported a silhouette of {SEED_CLAIMED_SILHOUETTE} at k = {SEED_CLAIMED_K}, the highest "
            f"of its table, because it scored the PCA coordinates with the cluster labels appended as a third column. "
            f"Scored on the PCA coordinates alone, this data gives {silhouette:.3f} at k = {SEED_CLAIMED_K}, which {verdict} that claim."
        )
    return Markdown("\n".join(lines))


# Adjusted Rand index below which a sample-based and a full K-Means fit disagree enough to say so.
STABLE_AGREEMENT = 0.8


def sampling(check: dict) -> Markdown:
    if not check["sampled"]:
        return Markdown(f"All {count(check['rows'])} customers were used for the k search and the silhouettes; nothing was sampled.")
    return Markdown(
        f"With {count(check['rows'])} customers, the k search, the elbow and the silhouettes used a random sample of "
        f"**{count(check['sample_rows'])}** customers; the final K-Means was fitted on every customer. Stability check: "
        f"K-Means fitted on the sample and applied to every customer agrees with the full fit at an adjusted Rand index "
        f"of **{check['adjusted_rand_index']:.3f}** (1 is identical)."
        + (
            ""
            if check["adjusted_rand_index"] >= STABLE_AGREEMENT
            else f" **Below {STABLE_AGREEMENT}: the sample and the full fit draw noticeably different borders between "
            "segments**, so the segments are not stable at this k; compare a neighbouring k before acting on who sits "
            "near a border. The silhouette reported for the run is that of the final model's segments on the sample."
        )
    )


def persona_overview(personas: pd.DataFrame, lang: str = "en") -> Markdown:
    lines = [f"- **{row.persona}** — {row.description}" for row in personas.itertuples()]
    largest = personas.loc[personas["share_percent"].idxmax()]
    return Markdown(
        language.text("overview", lang, count=len(personas))
        + "\n\n"
        + "\n".join(lines)
        + "\n\n"
        + language.text("largest", lang, name=largest["persona"], share=percent(largest["share_percent"]))
    )


def heading(key: str, lang: str, level: int = 2) -> Markdown:
    """A section heading in the report's language."""
    return Markdown(f"{'#' * level} {language.text(f'heading_{key}', lang)}")


def persona_brief(persona: pd.Series, plays: pd.DataFrame, economics: pd.Series, currency: str, lang: str = "en") -> str:
    """Who, how many, what they are worth, what to do, what it should earn: one persona's section."""
    evidence = language.text("evidence", lang)
    actions = "\n".join(f"  - {row.action} *{evidence}: {row.evidence}.*" for row in plays.itertuples())
    profit = economics["expected_profit"]
    earn = language.text(
        "earn",
        lang,
        customers=count(economics["customers"]),
        verb=language.text("earn_verb" if profit >= 0 else "lose_verb", lang),
        profit=f"{abs(profit):,.0f}",
        low=f"{economics['profit_low']:,.0f}",
        high=f"{economics['profit_high']:,.0f}",
        cost=f"{economics['contact_cost']:g}",
        revenue=f"{economics['revenue']:g}",
    )
    worth = language.text(
        "worth",
        lang,
        spending=money(persona["median_Total_Spending"], currency),
        response=percent(100 * economics["response_rate"]),
        lift=f"{economics['lift']:.2f}",
    )
    return (
        f"### {persona['persona']}\n\n"
        f"- **{language.text('who', lang)}:** {persona['description']}\n"
        f"- **{language.text('worth_label', lang)}:** {worth}.\n"
        f"- **{language.text('do_label', lang)}:**\n{actions or '  - ' + language.text('no_play', lang)}\n"
        f"- **{language.text('earn_label', lang)}:** {earn}"
    )


def recommendation_briefs(
    personas: pd.DataFrame, plays: pd.DataFrame, economics: pd.DataFrame, currency: str, lang: str = "en"
) -> Markdown:
    """One brief per persona, in persona order."""
    briefs = [
        persona_brief(persona, plays[plays["persona_id"] == persona_id], economics.loc[persona_id], currency, lang)
        for persona_id, persona in personas.iterrows()
    ]
    return Markdown("\n\n".join(briefs))


def targeting(plan: dict, personas: pd.DataFrame, lang: str = "en") -> Markdown:
    if not plan["persona_ids"]:
        return Markdown(language.text("plan_none", lang))
    return Markdown(
        language.text(
            "plan",
            lang,
            personas=", ".join(personas.loc[plan["persona_ids"], "persona"]),
            customers=percent(100 * plan["customers_share"]),
            responders=percent(100 * plan["responders_share"]),
            profit=f"{plan['expected_profit']:,.0f}",
            everyone=f"{plan['everyone_profit']:,.0f}",
        )
    )


def model_link(model_path, lang: str = "en") -> Markdown:
    """Where the saved model is, and the command that scores new customers with it (run from the report folder)."""
    return Markdown(
        language.text("model", lang, model=model_path.name)
        + f"\n\n```\npython -m helpers score --model artifacts/{model_path.name} --data new_customers.csv --out personas.csv\n```"
    )



def rules(table: pd.DataFrame, sentence: str) -> Markdown:
    return Markdown("\n".join(f"- {rule}" for rule in table["rule"]) + f"\n\n{sentence}")
