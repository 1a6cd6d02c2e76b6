"""Every figure of the report: one function per plot, shared by all notebooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from helpers.config import K_RANGE
from helpers.data.currency import RUPIAH
from helpers.story.numbers import money_axis_label

if TYPE_CHECKING:
    from yellowbrick.cluster import KElbowVisualizer, SilhouetteVisualizer

MAX_SCATTER_POINTS = 5_000
# Distributions drawn from this many customers look the same as from millions, at a fraction of the cost.
MAX_DISTRIBUTION_POINTS = 50_000
_PALETTE = sns.color_palette("colorblind", 10)


def setup() -> None:
    """House style: seaborn's whitegrid with a font this machine has, crisp inline figures, whole table cells."""
    sns.set_theme(style="whitegrid", context="notebook")
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.bbox"] = "tight"
    # Tables of definitions and recommendations hold sentences: show them whole, not cut at 50 characters.
    pd.set_option("display.max_colwidth", None)


def persona_colors(persona_names) -> dict[str, tuple]:
    """One colour per persona, by its rank, the same in every notebook."""
    return {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(persona_names)}


def sample_for_plot(frame: pd.DataFrame, random_state: int, max_points: int = MAX_SCATTER_POINTS) -> pd.DataFrame:
    """At most ``max_points`` rows, so scatter plots cost the same at any data size."""
    return frame if len(frame) <= max_points else frame.sample(max_points, random_state=random_state)


def _money_formatter(currency: str):
    scale, suffix = (1e6, " M") if currency == RUPIAH else (1e3, " k")
    # One decimal, so that ticks half a million apart do not print the same label.
    return matplotlib.ticker.FuncFormatter(lambda value, _: f"{value / scale:,.1f}".removesuffix(".0") + suffix)


def missing_values(missing: pd.Series):
    fig, ax = plt.subplots(figsize=(8, 3))
    counts = missing[missing > 0].sort_values(ascending=False)
    if counts.empty:
        ax.text(0.5, 0.5, "No missing values", ha="center", va="center", transform=ax.transAxes)
    else:
        counts.plot.bar(ax=ax, color=_PALETTE[0])
    ax.set(title="Missing values per column", xlabel="column", ylabel="missing values (customers)")
    return fig


def iqr_boxplots(customers: pd.DataFrame, bounds: pd.DataFrame, random_state: int = 0):
    """One box plot per filtered column, with the IQR fences (computed on every customer) drawn in."""
    customers = sample_for_plot(customers, random_state, MAX_DISTRIBUTION_POINTS)
    fig, axes = plt.subplots(1, len(bounds), figsize=(3 * len(bounds), 3.5))
    for ax, (column, fence) in zip(axes, bounds.iterrows()):
        sns.boxplot(y=customers[column], ax=ax, color=_PALETTE[0])
        for value in fence:
            ax.axhline(value, color=_PALETTE[3], linestyle="--", linewidth=1)
        ax.set(title=column, ylabel="value (dashed: IQR fences)")
    fig.suptitle("Outliers by IQR on the filtered columns")
    fig.tight_layout()
    return fig


def cvr_relationships(prepared: pd.DataFrame, correlations: pd.Series, currency: str, random_state: int):
    """Conversion rate against income, total spending and age (the overview's first insight), titled with the
    ``correlations`` the exploration computed on every customer."""
    points = sample_for_plot(prepared, random_state)
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5), sharey=True)
    for ax, (column, label) in zip(
        axes,
        [
            ("Income", money_axis_label("Income per year", currency)),
            ("Total_Spending", money_axis_label("Total spending, two years", currency)),
            ("Age", "Age (years)"),
        ],
    ):
        sns.regplot(
            data=points, x=column, y="CVR", ax=ax, scatter_kws={"s": 8, "alpha": 0.4}, line_kws={"color": _PALETTE[3]}
        )
        ax.set(
            title=f"CVR vs {column} (r = {correlations[column]:.2f})",
            xlabel=label,
            ylabel="Conversion rate (transactions per web visit)",
        )
        if column != "Age":
            ax.xaxis.set_major_formatter(_money_formatter(currency))
    fig.tight_layout()
    return fig


def income_vs_spending(prepared: pd.DataFrame, currency: str, random_state: int, hue=None, colors=None):
    points = sample_for_plot(prepared, random_state)
    fig, ax = plt.subplots(figsize=(7, 5))
    # Legend in persona order and opaque points, so each colour matches the other persona plots.
    hue_order = list(colors) if colors else None
    sns.scatterplot(
        data=points,
        x="Income",
        y="Total_Spending",
        hue=hue,
        hue_order=hue_order,
        palette=colors,
        s=12,
        alpha=0.8 if hue else 0.5,
        ax=ax,
    )
    ax.set(
        title="Income and total spending" + (" by persona" if hue else ""),
        xlabel=money_axis_label("Income per year", currency),
        ylabel=money_axis_label("Total spending, two years", currency),
    )
    ax.xaxis.set_major_formatter(_money_formatter(currency))
    ax.yaxis.set_major_formatter(_money_formatter(currency))
    return fig


def income_vs_spending_by_persona(
    customers: pd.DataFrame, persona_names: pd.Series, currency: str, colors, random_state
):
    """Income against spending, each customer in their persona's colour."""
    points = customers.assign(Persona=persona_names.to_numpy())
    return income_vs_spending(points, currency, random_state, hue="Persona", colors=colors)


def _clustering_tools():
    """yellowbrick's visualizers and the project's K-Means, imported by the one stage that draws them.

    They bring in scikit-learn and yellowbrick, a second of start-up that the
    other stages need not pay. Importing yellowbrick applies its own style
    (Arial first, a font most machines lack), so the house style is set again.
    """
    from yellowbrick.cluster import KElbowVisualizer, SilhouetteVisualizer

    from helpers.segmentation.pipeline import kmeans

    setup()
    return KElbowVisualizer, SilhouetteVisualizer, kmeans


def elbow(coordinates: pd.DataFrame, random_state: int) -> KElbowVisualizer:
    """yellowbrick's distortion elbow; ``elbow_value_`` is its suggested k."""
    KElbowVisualizer, _, kmeans = _clustering_tools()
    fig, ax = plt.subplots(figsize=(7, 4))
    # timings=False: fit times change on every run and would make reports differ.
    visualizer = KElbowVisualizer(kmeans(2, random_state), k=(K_RANGE.start, K_RANGE.stop), timings=False, ax=ax)
    visualizer.fit(coordinates.to_numpy())
    visualizer.finalize()
    ax.set(xlabel="number of clusters k", ylabel="distortion (sum of squared distances)")
    return visualizer


def silhouette_diagram(coordinates: pd.DataFrame, n_clusters: int, random_state: int) -> SilhouetteVisualizer:
    _, SilhouetteVisualizer, kmeans = _clustering_tools()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    visualizer = SilhouetteVisualizer(kmeans(n_clusters, random_state), colors="yellowbrick", ax=ax)
    visualizer.fit(coordinates.to_numpy())
    visualizer.finalize()
    ax.set(xlabel="silhouette coefficient", ylabel="customers, grouped by cluster")
    return visualizer


def k_scores(scores: pd.DataFrame, chosen_k: int):
    """Silhouette, Calinski-Harabasz and Davies-Bouldin over k, the chosen k marked."""
    fig, axes = plt.subplots(1, 3, figsize=(15, 3.8))
    for ax, (column, title) in zip(
        axes,
        [
            ("silhouette", "Silhouette (higher is better)"),
            ("calinski_harabasz", "Calinski-Harabasz (higher is better)"),
            ("davies_bouldin", "Davies-Bouldin (lower is better)"),
        ],
    ):
        ax.plot(scores.index, scores[column], marker="o", color=_PALETTE[0])
        ax.axvline(chosen_k, color=_PALETTE[3], linestyle="--", linewidth=1, label=f"chosen k = {chosen_k}")
        ax.set(title=title, xlabel="number of clusters k", ylabel="score")
        ax.legend()
    fig.tight_layout()
    return fig


def pca_scatter(coordinates: pd.DataFrame, persona: pd.Series, colors: dict, random_state: int):
    points = sample_for_plot(coordinates.assign(Persona=persona.to_numpy()), random_state)
    fig, ax = plt.subplots(figsize=(7, 5))
    sns.scatterplot(data=points, x="PC1", y="PC2", hue="Persona", hue_order=list(colors), palette=colors, s=12, ax=ax)
    ax.set(
        title="Customers on the two principal components, by persona",
        xlabel="PC1 (standardised units)",
        ylabel="PC2 (standardised units)",
    )
    return fig


def persona_distributions(
    customers: pd.DataFrame, persona: pd.Series, features: dict[str, str], colors: dict, random_state: int = 0
):
    """Boxen plot of each feature by persona (the seed's distribution figure)."""
    frame = sample_for_plot(customers.assign(Persona=persona.to_numpy()), random_state, MAX_DISTRIBUTION_POINTS)
    columns = 3
    rows = -(-len(features) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(15, 4 * rows), squeeze=False)
    for ax, (feature, label) in zip(axes.flat, features.items()):
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
        ax.set(title=f"{feature} by persona", xlabel="", ylabel=label)
        ax.tick_params(axis="x", labelrotation=20)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
    for ax in axes.flat[len(features) :]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def persona_shares(personas: pd.DataFrame, colors: dict):
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(personas) + 1.5))
    ax.barh(personas["persona"], personas["share_percent"], color=[colors[name] for name in personas["persona"]])
    for y, share in enumerate(personas["share_percent"]):
        ax.text(share + 0.5, y, f"{share:.1f}%", va="center")
    ax.invert_yaxis()
    ax.set(title="Share of customers by persona", xlabel="share of customers (%)", ylabel="")
    return fig


def centroid_heatmap(z_scores: pd.DataFrame):
    """Persona means as z-scores against all customers: what sets each apart."""
    fig, ax = plt.subplots(figsize=(11, 0.6 * len(z_scores) + 2))
    sns.heatmap(
        z_scores,
        annot=True,
        fmt=".2f",
        cmap="vlag",
        center=0,
        ax=ax,
        cbar_kws={"label": "standard deviations from all customers"},
    )
    ax.set(title="What sets each persona apart (mean, in standard deviations)", xlabel="feature", ylabel="")
    return fig


def campaign_profit(economics: pd.DataFrame | None, colors: dict):
    """Profit of contacting every customer of each persona, with its 95% bootstrap interval (none without outcome)."""
    if economics is None:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(economics) + 1.8))
    errors = [
        economics["expected_profit"] - economics["profit_low"],
        economics["profit_high"] - economics["expected_profit"],
    ]
    ax.barh(list(colors), economics["expected_profit"], xerr=errors, capsize=4, color=list(colors.values()))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set(
        title="Profit of contacting every customer of a persona (last campaign, 95% interval)",
        xlabel="expected profit (case-study monetary units)",
        ylabel="",
    )
    return fig


def cumulative_gain(curve: pd.DataFrame | None, plan: dict | None):
    """Responders and profit as personas are contacted best first, against random targeting and contacting everyone."""
    if curve is None:
        return None
    fig, (gain, profit) = plt.subplots(1, 2, figsize=(13, 4.5))
    x = 100 * curve["customers_share"]
    gain.plot(x, 100 * curve["responders_share"], marker="o", color=_PALETTE[0], label="personas, best first")
    gain.plot([0, 100], [0, 100], linestyle="--", color="grey", label="random targeting")
    profit.plot(x, curve["profit"], marker="o", color=_PALETTE[0], label="personas, best first")
    profit.plot([0, 100], [0, curve["profit"].iloc[-1]], linestyle="--", color="grey", label="random targeting")
    profit.scatter([100], [curve["profit"].iloc[-1]], color=_PALETTE[3], zorder=3, label="contact everyone")
    if plan["persona_ids"]:
        for ax in (gain, profit):
            ax.axvline(100 * plan["customers_share"], color=_PALETTE[2], linewidth=1, label="recommended plan")
    gain.set(title="Cumulative gain", xlabel="customers contacted (%)", ylabel="last campaign's responders reached (%)")
    profit.set(
        title="Cumulative expected profit",
        xlabel="customers contacted (%)",
        ylabel="profit (case-study monetary units)",
    )
    gain.legend()
    profit.legend()
    fig.tight_layout()
    return fig


def tree_importances(importances: pd.Series):
    fig, ax = plt.subplots(figsize=(7, 3.5))
    importances.sort_values().plot.barh(ax=ax, color=_PALETTE[0])
    ax.set(
        title="What separates the personas (decision-tree importance)",
        xlabel="share of the tree's separating power",
        ylabel="",
    )
    return fig


PLAN_LABELS = {
    "everyone": "contact everyone",
    "best_persona_plan": "best persona plan",
    "response_model": "response model",
    "perfect": "perfect targeting",
}
PROFIT_AXIS = "profit (case-study monetary units)"


def plan_profits(targeting):
    """The four plans' profit on the same customers, with their 95% intervals."""
    if targeting is None:
        return None
    table = targeting.plans
    fig, ax = plt.subplots(figsize=(8, 3.4))
    errors = [table["expected_profit"] - table["profit_low"], table["profit_high"] - table["expected_profit"]]
    colors = ["grey", _PALETTE[1], _PALETTE[0], _PALETTE[2]]
    ax.barh([PLAN_LABELS[plan] for plan in table.index], table["expected_profit"], xerr=errors, capsize=4, color=colors)
    for y, profit in enumerate(table["expected_profit"]):
        ax.annotate(f"{profit:,.0f}", (profit, y), xytext=(4, 6), textcoords="offset points", fontsize=9)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set(
        title=f"Profit of each plan on the same {targeting.customers:,} customers (held-out, 95% interval)",
        xlabel=PROFIT_AXIS,
        ylabel="",
    )
    return fig


def targeting_curves(targeting):
    """Cumulative gain (model, persona order, random, perfect) and the profit curve with its band and the plan."""
    if targeting is None:
        return None
    curve, plan = targeting.curve, targeting.plans.loc["response_model"]
    fig, (gain, profit) = plt.subplots(1, 2, figsize=(13, 4.8))
    gain.plot(curve["share_percent"], curve["responders_percent"], color=_PALETTE[0], label="response model")
    personas = targeting.persona_gain
    gain.plot(
        100 * personas["customers_share"],
        100 * personas["responders_share"],
        marker="o",
        color=_PALETTE[1],
        label="personas, best first",
    )
    gain.plot([0, 100], [0, 100], linestyle="--", color="grey", label="random targeting")
    responders_share = 100 * targeting.responders / targeting.customers
    gain.plot([0, responders_share, 100], [0, 100, 100], linestyle=":", color=_PALETTE[2], label="perfect targeting")
    gain.scatter([plan["share_percent"]], [plan["responders_reached_percent"]], color=_PALETTE[3], zorder=3)
    gain.set(
        title="Cumulative gain",
        xlabel="customers contacted, likeliest first (%)",
        ylabel="last campaign's responders reached (%)",
    )
    profit.plot(curve["share_percent"], curve["profit"], color=_PALETTE[0], label="response model, likeliest first")
    profit.fill_between(
        curve["share_percent"], curve["profit_low"], curve["profit_high"], color=_PALETTE[0], alpha=0.2,
        label="95% interval",
    )  # fmt: skip
    profit.scatter(
        [plan["share_percent"]],
        [plan["expected_profit"]],
        color=_PALETTE[3],
        zorder=3,
        label=f"the plan: probability > {targeting.break_even_probability:.2f}",
    )
    everyone = targeting.plans.at["everyone", "expected_profit"]
    profit.scatter([100], [everyone], color="grey", zorder=3, label="contact everyone")
    profit.axhline(0, color="black", linewidth=0.8)
    profit.set(title="Profit against the share contacted", xlabel="customers contacted (%)", ylabel=PROFIT_AXIS)
    gain.legend()
    profit.legend()
    fig.tight_layout()
    return fig


def calibration(targeting):
    """Observed response rate against the held-out predicted probability, in equal groups of customers."""
    if targeting is None:
        return None
    frame = targeting.calibration
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    ax.plot(frame["predicted"], frame["observed"], marker="o", color=_PALETTE[0], label="response model")
    ax.axvline(
        targeting.break_even_probability,
        color=_PALETTE[3],
        linestyle=":",
        label=f"break-even {targeting.break_even_probability:.2f}",
    )
    ax.set(
        title="Calibration: predicted against observed",
        xlabel="predicted probability of accepting (held-out)",
        ylabel="share who accepted",
        xlim=(0, 1),
        ylim=(0, 1),
    )
    ax.legend()
    return fig


def contacts_by_persona(targeting, colors: dict):
    """The share of each persona the response model's plan contacts, in the personas' colours."""
    if targeting is None:
        return None
    table = targeting.by_persona
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(table) + 1.8))
    ax.barh(table["persona"], table["contacted_percent"], color=[colors[name] for name in table["persona"]])
    for y, (share, contacted, customers) in enumerate(
        zip(table["contacted_percent"], table["contacted"], table["customers"])
    ):
        ax.text(share + 0.5, y, f"{share:.1f}% ({contacted:,} of {customers:,})", va="center")
    ax.invert_yaxis()
    ax.set(
        title="Share of each persona the response model contacts (every customer of the file)",
        xlabel="customers contacted (%)",
        ylabel="",
        xlim=(0, 115),
    )
    return fig
