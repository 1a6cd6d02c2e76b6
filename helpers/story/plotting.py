"""Every figure of the report: one function per plot, shared by all notebooks.

A figure is returned as a finished PNG with its alt text (its title and the one-line
finding it shows), so a screen reader can describe it and the page never says "no
description". Titles, axes and legends are in the report's language, numbers in its
conventions, legends beside the data rather than over it, and every random draw a
figure makes (samples, seaborn's bootstrap bands) is seeded, so two runs on the same
input draw the same pictures.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import Image

from helpers.data.columns import MONEY as MONEY_COLUMNS
from helpers.data.currency import RUPIAH
from helpers.story import labels, numbers, phrases
from helpers.story.tables import DECIMAL_COLUMNS, YEAR_COLUMNS

MAX_SCATTER_POINTS = 5_000
# Distributions drawn from this many customers look the same as from millions, at a fraction of the cost.
MAX_DISTRIBUTION_POINTS = 50_000
_PALETTE = sns.color_palette("colorblind", 10)
_ACCENT, _MARK = _PALETTE[0], _PALETTE[3]
# Legends go to the right of the axes, outside the data.
_OUTSIDE = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "frameon": False}


def setup() -> None:
    """House style: seaborn's whitegrid with a font this machine has, crisp inline figures, whole table cells."""
    sns.set_theme(style="whitegrid", context="notebook")
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.bbox"] = "tight"
    # No "1e8" above an axis: every axis gets a formatter of its own.
    matplotlib.rcParams["axes.formatter.useoffset"] = False
    # Tables of definitions and recommendations hold sentences: show them whole, not cut at 50 characters.
    pd.set_option("display.max_colwidth", None)


def finished(fig, alt: str) -> Image:
    """The figure as a PNG carrying its alt text; the figure is closed, so it is shown once."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    png = buffer.getvalue()
    # The width it was drawn at (the PNG header's), so a phone can keep its text readable.
    return Image(data=png, format="png", metadata={"alt": alt, "natural_width": int.from_bytes(png[16:20], "big")})


def persona_colors(persona_names) -> dict[str, tuple]:
    """One colour per persona, by its rank, the same in every notebook."""
    return {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(persona_names)}


def sample_for_plot(frame: pd.DataFrame, random_state: int, max_points: int = MAX_SCATTER_POINTS) -> pd.DataFrame:
    """At most ``max_points`` rows, so scatter plots cost the same at any data size."""
    return frame if len(frame) <= max_points else frame.sample(max_points, random_state=random_state)


def _tick_digits(axis, scale: float) -> int:
    """The fewest decimals that tell the axis's ticks apart: 0 for ticks 5 apart, 1 for 0.5, 2 for 0.25."""
    ticks = np.unique(axis.get_majorticklocs()) / scale
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 1.0
    digits = 0
    while digits < 3 and abs(step * 10**digits - round(step * 10**digits)) > 1e-6:
        digits += 1
    return digits


def _number_axis(axis, lang: str, digits: int | None = None, scale: float = 1.0) -> None:
    """Ticks in the report's language, with ``digits`` decimals or as few as tell them apart."""

    def label(value, _position) -> str:
        shown = _tick_digits(axis, scale) if digits is None else digits
        return numbers.decimal(value / scale, lang, shown)

    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(label))


def _count_axis(axis, lang: str) -> None:
    """Whole things (customers, purchases): ticks only at whole numbers."""
    axis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    _number_axis(axis, lang, 0)


def _money_axis(axis, currency: str, lang: str) -> None:
    """Amounts in millions of rupiah or thousands of plain units (the axis label says which)."""
    _number_axis(axis, lang, scale=numbers.money_scale(currency))


def _money_label(column: str, currency: str, lang: str) -> str:
    unit = labels.chart("money_unit_rupiah" if currency == RUPIAH else "money_unit_plain", lang)
    return f"{labels.column(column, lang)} ({unit})"


def _alt(title: str, finding: str) -> str:
    return f"{title}. {finding}" if finding else title


def missing_values(missing: pd.Series, lang: str) -> Image:
    fig, ax = plt.subplots(figsize=(8, 3))
    counts = missing[missing > 0].sort_values(ascending=False)
    title = labels.chart("missing_title", lang)
    if counts.empty:
        ax.text(0.5, 0.5, labels.chart("missing_none", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        finding = labels.chart("missing_none", lang)
    else:
        ax.bar([labels.column(c, lang) for c in counts.index], counts.to_numpy(), color=_ACCENT)
        finding = "; ".join(f"{labels.column(c, lang)}: {numbers.count(n, lang)}" for c, n in counts.items())
    _count_axis(ax.yaxis, lang)
    ax.set(title=title, ylabel=labels.chart("missing_axis", lang))
    return finished(fig, _alt(title, finding))


def iqr_boxplots(customers: pd.DataFrame, bounds: pd.DataFrame, currency: str, lang: str, random_state: int) -> Image:
    """One box plot per filtered column, with the IQR fences (computed on every customer) drawn in."""
    customers = sample_for_plot(customers, random_state, MAX_DISTRIBUTION_POINTS)
    fig, axes = plt.subplots(1, len(bounds), figsize=(3 * len(bounds), 3.8))
    for ax, (column, fence) in zip(np.atleast_1d(axes), bounds.iterrows()):
        sns.boxplot(y=customers[column], ax=ax, color=_ACCENT)
        for value in fence:
            ax.axhline(value, color=_MARK, linestyle="--", linewidth=1)
        if column in MONEY_COLUMNS:
            _money_axis(ax.yaxis, currency, lang)
        elif column in YEAR_COLUMNS:
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: numbers.year(value, lang)))
        else:
            _count_axis(ax.yaxis, lang)
        title = _money_label(column, currency, lang) if column in MONEY_COLUMNS else labels.column(column, lang)
        ax.set_title(textwrap.fill(title, 24), fontsize=10)
        ax.set(ylabel=labels.chart("fences_axis", lang) if ax is np.atleast_1d(axes)[0] else "")
    title = labels.chart("fences_title", lang)
    fig.suptitle(title)
    fig.tight_layout()
    return finished(fig, _alt(title, ", ".join(labels.column(c, lang) for c in bounds.index)))


def cvr_relationships(
    prepared: pd.DataFrame, correlations: pd.Series, currency: str, lang: str, random_state: int
) -> Image:
    """Conversion rate against income, total spending and age (the overview's first insight), titled with the
    ``correlations`` the exploration computed on every customer."""
    points = sample_for_plot(prepared, random_state)
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.8), sharey=True)
    for ax, column in zip(axes, ("Income", "Total_Spending", "Age")):
        # seed: the confidence band is a bootstrap, and the same input must draw the same band.
        sns.regplot(
            data=points,
            x=column,
            y="CVR",
            ax=ax,
            seed=random_state,
            scatter_kws={"s": 8, "alpha": 0.4},
            line_kws={"color": _MARK},
        )
        r = numbers.decimal(correlations[column], lang)
        ax.set_title(labels.chart("cvr_title", lang, feature=labels.column(column, lang), r=r), fontsize=11)
        if column == "Age":
            ax.set_xlabel(labels.column(column, lang))
            _number_axis(ax.xaxis, lang)
        else:
            ax.set_xlabel(_money_label(column, currency, lang))
            _money_axis(ax.xaxis, currency, lang)
        ax.set_ylabel(labels.column("CVR", lang) if column == "Income" else "")
        # A conversion rate is never negative, though the fitted line may dip below zero.
        ax.set_ylim(bottom=0)
        _number_axis(ax.yaxis, lang)
    title = labels.chart("cvr_suptitle", lang)
    fig.suptitle(title)
    fig.tight_layout()
    finding = "; ".join(
        f"{labels.column(c, lang)} r = {numbers.decimal(correlations[c], lang)}"
        for c in ("Income", "Total_Spending", "Age")
    )
    return finished(fig, _alt(title, finding))


def income_vs_spending(
    prepared: pd.DataFrame,
    currency: str,
    lang: str,
    random_state: int,
    correlation: float | None = None,
    persona_names: pd.Series | None = None,
    colors: dict | None = None,
) -> Image:
    """Income against total spending; with ``persona_names``, each customer in their persona's colour."""
    frame = prepared if persona_names is None else prepared.assign(Persona=persona_names.to_numpy())
    points = sample_for_plot(frame, random_state)
    fig, ax = plt.subplots(figsize=(9 if colors else 7, 5))
    by_persona = persona_names is not None
    sns.scatterplot(
        data=points,
        x="Income",
        y="Total_Spending",
        hue="Persona" if by_persona else None,
        hue_order=list(colors) if by_persona else None,
        palette=colors if by_persona else None,
        s=12,
        alpha=0.8 if by_persona else 0.5,
        color=None if by_persona else _ACCENT,
        ax=ax,
    )
    title = labels.chart("income_spending_by_persona" if by_persona else "income_spending_title", lang)
    ax.set(
        title=title,
        xlabel=_money_label("Income", currency, lang),
        ylabel=_money_label("Total_Spending", currency, lang),
    )
    _money_axis(ax.xaxis, currency, lang)
    _money_axis(ax.yaxis, currency, lang)
    if by_persona:
        ax.legend(title=labels.chart("persona", lang), **_OUTSIDE)
    finding = f"r = {numbers.decimal(correlation, lang)}" if correlation is not None else ""
    return finished(fig, _alt(title, finding))


def elbow(scores: pd.DataFrame, elbow_k: int | None, lang: str) -> Image:
    """The distortion over k (yellowbrick's measure and elbow, computed once in the k search)."""
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(scores.index, scores["distortion"], marker="D", color=_ACCENT)
    title = labels.chart("elbow_title", lang)
    finding = ""
    if elbow_k is not None:
        score = numbers.decimal(scores.loc[elbow_k, "distortion"], lang, 1)
        finding = labels.chart("elbow_marker", lang, k=elbow_k, score=score)
        ax.axvline(elbow_k, color=_MARK, linestyle="--", label=finding)
        ax.legend(**_OUTSIDE)
    ax.set(title=title, xlabel=labels.chart("k_axis", lang), ylabel=labels.chart("elbow_axis", lang))
    ax.set_xticks(list(scores.index))
    _number_axis(ax.yaxis, lang)
    return finished(fig, _alt(title, finding))


def k_scores(scores: pd.DataFrame, chosen_k: int, lang: str) -> Image:
    """Silhouette, Calinski-Harabasz and Davies-Bouldin over k, the chosen k marked."""
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    keys = (("silhouette", "silhouette_score"), ("calinski_harabasz", "calinski_harabasz"))
    keys += (("davies_bouldin", "davies_bouldin"),)
    for ax, (column, key) in zip(axes, keys):
        ax.plot(scores.index, scores[column], marker="o", color=_ACCENT)
        ax.axvline(chosen_k, color=_MARK, linestyle="--", linewidth=1, label=labels.chart("chosen_k", lang, k=chosen_k))
        ax.set(title=labels.chart(key, lang), xlabel=labels.chart("k_axis", lang), ylabel=labels.chart("score", lang))
        ax.set_xticks(list(scores.index))
        _number_axis(ax.yaxis, lang)
    axes[-1].legend(**_OUTSIDE)
    fig.tight_layout()
    title = " · ".join(labels.chart(key, lang) for _, key in keys)
    finding = labels.chart("chosen_k", lang, k=chosen_k)
    return finished(fig, _alt(title, finding))


def silhouette_diagram(coordinates: pd.DataFrame, clustering, segment_names: dict, colors: dict, lang: str) -> Image:
    """yellowbrick's silhouette diagram of the fitted K-Means (``clustering``, fitted on the PCA coordinates),
    each persona in its colour, named in a legend beside the plot rather than by cluster number."""
    from yellowbrick.cluster import SilhouetteVisualizer

    setup()  # importing yellowbrick applies its own style (Arial first, a font most machines lack)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    segments = range(clustering.n_clusters)
    visualizer = SilhouetteVisualizer(
        clustering, is_fitted=True, colors=[colors[segment_names[s]] for s in segments], ax=ax
    )
    visualizer.fit(coordinates.to_numpy())
    visualizer.finalize()
    for text in list(ax.texts):  # the cluster numbers yellowbrick writes beside each band
        text.remove()
    mean = numbers.decimal(visualizer.silhouette_score_, lang)
    title = labels.chart("silhouette_title", lang)
    # yellowbrick stacks the clusters from the bottom by label: the legend reads top down in the same order.
    stacked = [segment_names[s] for s in reversed(segments)]
    handles = [matplotlib.patches.Patch(color=colors[name], label=name) for name in stacked]
    handles.append(
        matplotlib.lines.Line2D(
            [], [], color="red", linestyle="--", label=labels.chart("silhouette_mean", lang, value=mean)
        )
    )
    ax.legend(handles=handles, **_OUTSIDE)
    ax.set(title=title, xlabel=labels.chart("silhouette_axis", lang), ylabel=labels.chart("silhouette_customers", lang))
    ax.set_yticks([])
    _number_axis(ax.xaxis, lang, 1)
    return finished(fig, _alt(title, labels.chart("silhouette_mean", lang, value=mean)))


def pca_scatter(coordinates: pd.DataFrame, persona: pd.Series, colors: dict, lang: str, random_state: int) -> Image:
    points = sample_for_plot(coordinates.assign(Persona=persona.to_numpy()), random_state)
    fig, ax = plt.subplots(figsize=(9, 5))
    sns.scatterplot(data=points, x="PC1", y="PC2", hue="Persona", hue_order=list(colors), palette=colors, s=12, ax=ax)
    title = labels.chart("pca_title", lang)
    unit = labels.chart("standardised_units", lang)
    ax.set(
        title=title, xlabel=f"{labels.column('PC1', lang)} ({unit})", ylabel=f"{labels.column('PC2', lang)} ({unit})"
    )
    _number_axis(ax.xaxis, lang)
    _number_axis(ax.yaxis, lang)
    ax.legend(title=labels.chart("persona", lang), **_OUTSIDE)
    return finished(fig, _alt(title, ", ".join(colors)))


def persona_distributions(
    customers: pd.DataFrame, persona: pd.Series, features, colors: dict, currency: str, lang: str, random_state: int
) -> Image:
    """Boxen plot of each feature by persona (the seed's distribution figure)."""
    frame = sample_for_plot(customers.assign(Persona=persona.to_numpy()), random_state, MAX_DISTRIBUTION_POINTS)
    columns = 3
    rows = -(-len(features) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(15, 4.3 * rows), squeeze=False)
    for ax, feature in zip(axes.flat, features):
        sns.boxenplot(
            data=frame,
            x="Persona",
            y=feature,
            hue="Persona",
            order=list(colors),
            hue_order=list(colors),
            palette=colors,
            legend=False,
            ax=ax,
        )
        if feature in MONEY_COLUMNS:
            ax.set_title(_money_label(feature, currency, lang), fontsize=11)
            _money_axis(ax.yaxis, currency, lang)
        else:
            ax.set_title(labels.column(feature, lang), fontsize=11)
            # Visits, purchases, campaigns, days and years are whole things; a rate is not.
            (_number_axis if feature in DECIMAL_COLUMNS else _count_axis)(ax.yaxis, lang)
        ax.set(xlabel="", ylabel="")
        ax.set_xticks(range(len(colors)))
        # Narrow enough that four names side by side do not run into each other.
        # Whole words on each line: "Berpenghasilan" is never cut in two.
        ax.set_xticklabels([textwrap.fill(name, 12, break_long_words=False) for name in colors], fontsize=9)
    for ax in axes.flat[len(features) :]:
        ax.set_visible(False)
    fig.tight_layout()
    return finished(fig, ", ".join(labels.column(f, lang) for f in features))


def persona_shares(personas: pd.DataFrame, colors: dict, lang: str) -> Image:
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(personas) + 1.5))
    ax.barh(personas["persona"], personas["share_percent"], color=[colors[name] for name in personas["persona"]])
    for y, share in enumerate(personas["share_percent"]):
        ax.text(share + 0.5, y, numbers.percent(share, lang), va="center")
    ax.invert_yaxis()
    ax.set_xlim(0, max(personas["share_percent"]) * 1.15)
    _number_axis(ax.xaxis, lang)
    title = labels.chart("shares_title", lang)
    ax.set(title=title, xlabel=labels.chart("shares_axis", lang), ylabel="")
    finding = "; ".join(
        f"{n}: {numbers.percent(s, lang)}" for n, s in zip(personas["persona"], personas["share_percent"])
    )
    return finished(fig, _alt(title, finding))


def centroid_heatmap(z_scores: pd.DataFrame, lang: str) -> Image:
    """Persona means as z-scores against all customers: what sets each apart."""
    fig, ax = plt.subplots(figsize=(12, 0.7 * len(z_scores) + 3))
    shown = z_scores.rename(columns=lambda c: labels.column(c, lang))
    annotations = shown.map(lambda value: numbers.decimal(value, lang))
    sns.heatmap(
        shown,
        annot=annotations,
        fmt="",
        cmap="vlag",
        center=0,
        ax=ax,
        cbar_kws={"label": labels.chart("heatmap_scale", lang)},
    )
    title = labels.chart("heatmap_title", lang)
    ax.set(title=title, xlabel="", ylabel="")
    ax.set_xticklabels(ax.get_xticklabels(), rotation=30, ha="right")
    _number_axis(ax.collections[0].colorbar.ax.yaxis, lang, 1)
    top = {name: labels.column(row.abs().idxmax(), lang) for name, row in z_scores.iterrows()}
    return finished(fig, _alt(title, "; ".join(f"{name}: {feature}" for name, feature in top.items())))


def campaign_profit(economics: pd.DataFrame | None, colors: dict, lang: str) -> Image | None:
    """Profit of contacting every customer of each persona, with its 95% bootstrap interval (none without outcome)."""
    if economics is None:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(economics) + 1.8))
    errors = [
        economics["expected_profit"] - economics["profit_low"],
        economics["profit_high"] - economics["expected_profit"],
    ]
    ax.barh(list(colors), economics["expected_profit"], xerr=errors, capsize=4, color=list(colors.values()))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    _number_axis(ax.xaxis, lang)
    title = labels.chart("profit_title", lang)
    ax.set(title=title, xlabel=labels.chart("profit_axis", lang), ylabel="")
    finding = "; ".join(f"{n}: {numbers.signed(p, lang)}" for n, p in zip(colors, economics["expected_profit"]))
    return finished(fig, _alt(title, finding))


def cumulative_gain(curve: pd.DataFrame | None, plan: dict | None, lang: str) -> Image | None:
    """Responders and profit as personas are contacted best first, against random targeting and contacting everyone;
    nothing without a responder, where no share of them can be reached."""
    if curve is None or not (curve["responders_share"] > 0).any():
        return None
    fig, (gain, profit) = plt.subplots(1, 2, figsize=(15, 4.8))
    x = 100 * curve["customers_share"]
    best_first, random = labels.chart("personas_best_first", lang), labels.chart("random_targeting", lang)
    gain.plot(x, 100 * curve["responders_share"], marker="o", color=_ACCENT, label=best_first)
    gain.plot([0, 100], [0, 100], linestyle="--", color="grey", label=random)
    profit.plot(x, curve["profit"], marker="o", color=_ACCENT, label=best_first)
    profit.plot([0, 100], [0, curve["profit"].iloc[-1]], linestyle="--", color="grey", label=random)
    profit.scatter(
        [100], [curve["profit"].iloc[-1]], color=_MARK, zorder=3, label=labels.chart("contact_all_analysed", lang)
    )
    if plan["persona_ids"]:
        for ax in (gain, profit):
            ax.axvline(
                100 * plan["customers_share"],
                color=_PALETTE[2],
                linewidth=1,
                label=labels.chart("recommended_plan", lang),
            )
    contacted = labels.chart("contacted_axis", lang)
    gain.set(title=labels.chart("gain_title", lang), xlabel=contacted, ylabel=labels.chart("responders_axis", lang))
    profit.set(
        title=labels.chart("gain_profit_title", lang), xlabel=contacted, ylabel=labels.chart("profit_axis", lang)
    )
    for ax in (gain, profit):
        _number_axis(ax.xaxis, lang)
        _number_axis(ax.yaxis, lang)
    profit.legend(**_OUTSIDE)
    fig.tight_layout()
    title = labels.chart("gain_title", lang)
    return finished(
        fig,
        _alt(title, labels.chart("contact_all_analysed", lang) + f": {numbers.signed(curve['profit'].iloc[-1], lang)}"),
    )


def tree_importances(importances: pd.Series, lang: str) -> Image:
    fig, ax = plt.subplots(figsize=(8, 3.8))
    shown = importances.sort_values().rename(index=lambda c: labels.column(c, lang))
    ax.barh(shown.index, shown.to_numpy(), color=_ACCENT)
    _number_axis(ax.xaxis, lang, 1)
    title = labels.chart("importance_title", lang)
    ax.set(title=title, xlabel=labels.chart("importance_axis", lang), ylabel="")
    top = ", ".join(labels.column(c, lang) for c in importances.sort_values(ascending=False).index[:3])
    return finished(fig, _alt(title, top))


# The plans' bars in shades no persona takes, so that only a persona's own plan wears its colour.
_PLAN_SHADES = {
    "everyone": "#8c8c8c",
    "best_persona_plan": "#5f6b77",
    "response_model": "#2f3e4e",
    "within_budget": "#4a6b8a",
    "perfect": "#b4bcc4",
}


def plan_profits(targeting, colors: dict, lang: str) -> Image | None:
    """The four plans' profit on the same customers, with their 95% intervals; the best persona plan in its
    persona's colour when it contacts one persona."""
    if targeting is None:
        return None
    table = targeting.plans
    fig, ax = plt.subplots(figsize=(9, 3.6))
    errors = [table["expected_profit"] - table["profit_low"], table["profit_high"] - table["expected_profit"]]
    shades = dict(_PLAN_SHADES)
    if len(targeting.persona_plan_ids) == 1:
        shades["best_persona_plan"] = colors[targeting.by_persona.at[targeting.persona_plan_ids[0], "persona"]]
    names = [phrases.word(plan, lang) for plan in table.index]
    ax.barh(names, table["expected_profit"], xerr=errors, capsize=4, color=[shades[plan] for plan in table.index])
    # Each label beyond its error bar, on the side the bar grows to, so that no line crosses it.
    for y, row in enumerate(table.itertuples()):
        gain = row.expected_profit >= 0
        ax.annotate(
            numbers.signed(row.expected_profit, lang),
            (row.profit_high if gain else row.profit_low, y),
            xytext=(5 if gain else -5, 0),
            textcoords="offset points",
            ha="left" if gain else "right",
            va="center",
            fontsize=9,
        )
    low, high = table["profit_low"].min(), table["profit_high"].max()
    room = 0.15 * (max(high, 0) - min(low, 0))
    ax.set_xlim(min(low, 0) - (room if low < 0 else 0), max(high, 0) + (room if high > 0 else 0))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    _number_axis(ax.xaxis, lang)
    title = labels.chart("plans_title", lang, customers=numbers.count(targeting.customers, lang))
    ax.set(title=title, xlabel=labels.chart("profit_axis", lang), ylabel="")
    finding = "; ".join(f"{n}: {numbers.signed(p, lang)}" for n, p in zip(names, table["expected_profit"]))
    return finished(fig, _alt(title, finding))


def targeting_curves(targeting, lang: str) -> Image | None:
    """Cumulative gain (model, persona order, random, perfect) and the profit curve with its band and the plan."""
    if targeting is None:
        return None
    curve, plan = targeting.curve, targeting.plans.loc["response_model"]
    fig, (gain, profit) = plt.subplots(1, 2, figsize=(15, 4.8))
    model = labels.chart("response_model_line", lang)
    gain.plot(curve["share_percent"], curve["responders_percent"], color=_PALETTE[0], label=model)
    personas = targeting.persona_gain
    gain.plot(
        100 * personas["customers_share"],
        100 * personas["responders_share"],
        marker="o",
        color=_PALETTE[1],
        label=labels.chart("personas_best_first", lang),
    )
    gain.plot([0, 100], [0, 100], linestyle="--", color="grey", label=labels.chart("random_targeting", lang))
    responders_share = 100 * targeting.responders / targeting.customers
    gain.plot(
        [0, responders_share, 100], [0, 100, 100], linestyle=":", color=_PALETTE[2],
        label=labels.chart("perfect_targeting", lang),
    )  # fmt: skip
    gain.scatter([plan["share_percent"]], [plan["responders_reached_percent"]], color=_PALETTE[3], zorder=3)
    gain.set(
        title=labels.chart("gain_title", lang),
        xlabel=labels.chart("likeliest_first_axis", lang),
        ylabel=labels.chart("responders_axis", lang),
    )
    profit.plot(curve["share_percent"], curve["profit"], color=_PALETTE[0], label=model)
    profit.fill_between(
        curve["share_percent"], curve["profit_low"], curve["profit_high"], color=_PALETTE[0], alpha=0.2,
        label=labels.chart("interval_band", lang),
    )  # fmt: skip
    break_even = numbers.decimal(targeting.break_even_probability, lang)
    profit.scatter(
        [plan["share_percent"]],
        [plan["expected_profit"]],
        color=_PALETTE[3],
        zorder=3,
        label=labels.chart("the_plan_no_one", lang)
        if targeting.economics.no_contact_pays
        else labels.chart("the_plan", lang, break_even=break_even),
    )
    if targeting.budget is not None:  # the budget: where the plan within it stops on the curve
        within = targeting.plans.loc["within_budget"]
        profit.axvline(within["share_percent"], color=_PALETTE[4], linestyle=":", linewidth=1)
        profit.scatter(
            [within["share_percent"]], [within["expected_profit"]], color=_PALETTE[4], marker="D", zorder=3,
            label=labels.chart("within_budget_point", lang, contacts=within["customers"]),
        )  # fmt: skip
    everyone = targeting.plans.at["everyone", "expected_profit"]
    profit.scatter([100], [everyone], color="grey", zorder=3, label=labels.chart("contact_everyone", lang))
    profit.axhline(0, color="black", linewidth=0.8)
    profit.set(
        title=labels.chart("profit_by_share_title", lang),
        xlabel=labels.chart("contacted_axis", lang),
        ylabel=labels.chart("profit_axis", lang),
    )
    for ax in (gain, profit):
        _number_axis(ax.xaxis, lang)
        _number_axis(ax.yaxis, lang)
    # One legend for both panels, beside them: inside, it would cover the curves.
    shown = {}
    for ax in (gain, profit):
        for handle, label in zip(*ax.get_legend_handles_labels()):
            shown.setdefault(label, handle)
    profit.legend(list(shown.values()), list(shown), **_OUTSIDE)
    fig.tight_layout()
    title = labels.chart("gain_title", lang)
    finding = labels.chart(
        "plan_point",
        lang,
        share=numbers.percent(plan["share_percent"], lang),
        reached=numbers.percent(plan["responders_reached_percent"], lang),
        profit=numbers.signed(plan["expected_profit"], lang),
    )
    return finished(fig, _alt(title, finding))


def calibration(targeting, lang: str) -> Image | None:
    """Observed response rate against the held-out predicted probability, in equal groups of customers."""
    if targeting is None:
        return None
    frame = targeting.calibration
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label=labels.chart("perfectly_calibrated", lang))
    ax.plot(
        frame["predicted"], frame["observed"], marker="o", color=_PALETTE[0],
        label=labels.chart("response_model", lang),
    )  # fmt: skip
    if not targeting.economics.no_contact_pays:  # a break-even above 1 is no probability: nothing to mark
        ax.axvline(
            targeting.break_even_probability,
            color=_PALETTE[3],
            linestyle=":",
            label=labels.chart("break_even", lang, value=numbers.decimal(targeting.break_even_probability, lang)),
        )
    title = labels.chart("calibration_title", lang)
    ax.set(
        title=title,
        xlabel=labels.chart("predicted_axis", lang),
        ylabel=labels.chart("observed_axis", lang),
        xlim=(0, 1),
        ylim=(0, 1),
    )
    _number_axis(ax.xaxis, lang, 1)
    _number_axis(ax.yaxis, lang, 1)
    # The points climb the diagonal: the lower right is empty.
    ax.legend(loc="lower right")
    gap = numbers.decimal(100 * (frame["observed"] - frame["predicted"]).abs().max(), lang, 1)
    return finished(fig, _alt(title, labels.chart("calibration_gap", lang, gap=gap)))


def contacts_by_persona(targeting, colors: dict, lang: str) -> Image | None:
    """The share of each persona the response model's plan contacts, in the personas' colours."""
    if targeting is None:
        return None
    table = targeting.by_persona
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(table) + 1.8))
    ax.barh(table["persona"], table["contacted_percent"], color=[colors[name] for name in table["persona"]])
    for y, (share, contacted, customers) in enumerate(
        zip(table["contacted_percent"], table["contacted"], table["customers"])
    ):
        text = labels.chart(
            "contacted_of",
            lang,
            share=numbers.percent(share, lang),
            contacted=numbers.count(contacted, lang),
            customers=numbers.count(customers, lang),
        )
        ax.text(share + 0.5, y, text, va="center")
    ax.invert_yaxis()
    _number_axis(ax.xaxis, lang)
    title = labels.chart("contacts_title", lang)
    ax.set(title=title, xlabel=labels.chart("contacted_axis", lang), ylabel="", xlim=(0, 115))
    finding = "; ".join(
        f"{name}: {numbers.percent(share, lang)}" for name, share in zip(table["persona"], table["contacted_percent"])
    )
    return finished(fig, _alt(title, finding))
