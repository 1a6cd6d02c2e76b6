"""The report's sentences, written from computed values so they stay true when the data changes."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

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
        f"- This run uses **k = {chosen_k}** (silhouette {silhouette:.3f}).",
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


def persona_overview(personas: pd.DataFrame) -> Markdown:
    lines = [f"- **{row.persona}** — {row.description}" for row in personas.itertuples()]
    largest = personas.loc[personas["share_percent"].idxmax()]
    return Markdown(
        f"{len(personas)} personas, from the highest spending to the lowest:\n\n"
        + "\n".join(lines)
        + f"\n\nThe largest group is **{largest['persona']}** with {percent(largest['share_percent'])} of customers."
    )


def persona_brief(persona: pd.Series, plays: pd.DataFrame, economics: pd.Series, currency: str) -> Markdown:
    actions = "\n".join(f"  - {row.action} *Evidence: {row.evidence}.*" for row in plays.itertuples()) or "  - No play applies."
    profit = economics["expected_profit"]
    return Markdown(
        f"### {persona['persona']}\n\n"
        f"- **Who:** {persona['description']}\n"
        f"- **Worth:** median spending {money(persona['median_Total_Spending'], currency)} over two years; "
        f"{percent(100 * economics['response_rate'])} accepted the last campaign "
        f"({economics['lift']:.2f}× the average).\n"
        f"- **What to do:**\n{actions}\n"
        f"- **What it should earn:** contacting all {count(economics['customers'])} would "
        f"{'earn' if profit >= 0 else 'lose'} {abs(profit):,.0f} (case-study units: cost {economics['contact_cost']:g} per contact, revenue {economics['revenue']:g} per acceptance)."
    )


def recommendation_briefs(personas: pd.DataFrame, plays: pd.DataFrame, economics: pd.DataFrame, currency: str) -> Markdown:
    """One brief per persona, in persona order."""
    briefs = [
        persona_brief(persona, plays[plays["persona_id"] == persona_id], economics.loc[persona_id], currency).data
        for persona_id, persona in personas.iterrows()
    ]
    return Markdown("\n\n".join(briefs))


def model_link(model_path) -> Markdown:
    return Markdown(
        f"The model is saved as [`{model_path.name}`](../artifacts/{model_path.name}) with its card "
        f"[`model.json`](../artifacts/model.json). Assign new customers with:\n\n"
        f"```\npython -m helpers score --model {model_path} --data new_customers.csv --out personas.csv\n```"
    )
