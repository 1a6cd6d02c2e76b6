"""The report's sentences, written from computed values so they stay true when the data changes.

Every sentence comes from a phrase in ``phrases`` in the report's language; the
numbers in it are the ones computed in this run.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers.data.quality import OLDEST_PLAUSIBLE_AGE
from helpers.story import phrases
from helpers.story.numbers import count, money, percent, signed

# Seed claim quoted by the modeling notebook: silhouette 0.535 at k = 4, "the highest".
SEED_CLAIMED_K = 4
SEED_CLAIMED_SILHOUETTE = 0.535
# Adjusted Rand index below which a sample-based and a full K-Means fit disagree enough to say so.
STABLE_AGREEMENT = 0.8
# Correlations from this size on mean that income explains spending.
INCOME_EXPLAINS_SPENDING = 0.4


def strength(correlation: float, lang: str = "en") -> str:
    """A plain-words label for a correlation coefficient."""
    size = abs(correlation)
    label = "very weak" if size < 0.2 else "weak" if size < 0.4 else "moderate" if size < 0.6 else "strong"
    direction = "positive" if correlation >= 0 else "negative"
    return phrases.text("strength", lang, size=phrases.word(label, lang), direction=phrases.word(direction, lang))


def file_overview(file_name: str, size_bytes: int, layout, lang: str = "en") -> Markdown:
    """What stage 0 can say of the input from a quick look, before any row is analysed."""
    return Markdown(
        phrases.text(
            "file_overview",
            lang,
            file=file_name,
            size=f"{size_bytes / 1e6:,.1f} MB",
            layout=layout.name,
            currency=phrases.word(layout.currency, lang),
        )
    )


def data_overview(source: str, rows: int, columns: int, currency: str, lang: str = "en") -> Markdown:
    return Markdown(
        phrases.text(
            "data_overview",
            lang,
            source=source,
            rows=count(rows),
            columns=columns,
            currency=phrases.word(currency, lang),
        )
    )


def quality_summary(quality, cleaning, lang: str = "en") -> Markdown:
    """What the assessment found and what cleaning did about it (a ``QualityReport`` and a ``CleaningResult``)."""
    missing = quality.missing[quality.missing > 0]
    kept = len(cleaning.customers)
    duplicates = "duplicates_removed" if cleaning.dropped_duplicates else "duplicates_kept"
    lines = [
        phrases.text("quality_missing", lang, total=count(missing.sum()), columns=", ".join(missing.index))
        if len(missing)
        else phrases.text("quality_missing_none", lang),
        phrases.text(
            "quality_duplicates", lang, rows=count(quality.duplicate_rows), customers=count(quality.duplicate_customers)
        )
        + phrases.text(duplicates, lang),
        phrases.text(
            "quality_implausible",
            lang,
            birth_years=count(quality.impossible_birth_years),
            oldest=OLDEST_PLAUSIBLE_AGE,
            zero_visits=count(quality.zero_web_visits),
        ),
        phrases.text(
            "quality_outliers",
            lang,
            columns=", ".join(cleaning.bounds.index),
            removed=count(cleaning.dropped_outside_bounds),
            kept=count(kept),
            read=count(cleaning.rows_read),
            share=percent(100 * kept / cleaning.rows_read),
        ),
    ]
    return Markdown("\n".join(lines))


def cvr_findings(correlations: pd.Series, lang: str = "en") -> Markdown:
    ordered = correlations.sort_values(ascending=False)
    lines = [
        phrases.text("cvr_line", lang, feature=feature, value=f"{value:.2f}", strength=strength(value, lang))
        for feature, value in ordered.items()
    ]
    weakest = ordered.abs().idxmin()
    conclusion = phrases.text(
        "cvr_conclusion", lang, top=ordered.index[0], weakest=weakest, value=f"{correlations[weakest]:.2f}"
    )
    return Markdown(phrases.text("cvr_intro", lang) + "\n\n" + "\n".join(lines) + "\n\n" + conclusion)


def income_spending_finding(correlation: float, lang: str = "en") -> Markdown:
    meaning = "income_spending_strong" if correlation >= INCOME_EXPLAINS_SPENDING else "income_spending_weak"
    return Markdown(
        phrases.text(
            "income_spending",
            lang,
            strength=strength(correlation, lang),
            value=f"{correlation:.2f}",
            meaning=phrases.text(meaning, lang),
        )
    )


def clustering_matrix(features: int, customers: int, components: int, lang: str = "en") -> Markdown:
    return Markdown(phrases.text("matrix", lang, features=features, customers=count(customers), components=components))


def k_choice(
    scores: pd.DataFrame, chosen_k: int, elbow_k: int | None, best: dict[str, int], lang: str = "en"
) -> Markdown:
    silhouette = scores.loc[chosen_k, "silhouette"]
    best_silhouette = scores.loc[best["silhouette"], "silhouette"]
    lines = [
        phrases.text("k_elbow", lang, k=elbow_k) if elbow_k else phrases.text("k_no_elbow", lang),
        phrases.text(
            "k_scores",
            lang,
            k=best["silhouette"],
            value=f"{best_silhouette:.3f}",
            ch=best["calinski_harabasz"],
            db=best["davies_bouldin"],
        ),
        phrases.text("k_chosen", lang, k=chosen_k, value=f"{silhouette:.3f}"),
    ]
    if chosen_k == SEED_CLAIMED_K:
        confirmed = best["silhouette"] == SEED_CLAIMED_K and abs(silhouette - SEED_CLAIMED_SILHOUETTE) < 0.01
        verdict = phrases.text("confirms" if confirmed else "does_not_confirm", lang)
        lines.append(
            phrases.text(
                "k_seed",
                lang,
                claimed=SEED_CLAIMED_SILHOUETTE,
                k=SEED_CLAIMED_K,
                value=f"{silhouette:.3f}",
                verdict=verdict,
            )
        )
    return Markdown("\n".join(lines))


def sampling(check: dict, lang: str = "en") -> Markdown:
    if not check["sampled"]:
        return Markdown(phrases.text("sampling_none", lang, rows=count(check["rows"])))
    agreement = check["adjusted_rand_index"]
    text = phrases.text(
        "sampling", lang, rows=count(check["rows"]), sample=count(check["sample_rows"]), ari=f"{agreement:.3f}"
    )
    if agreement < STABLE_AGREEMENT:
        text += phrases.text("sampling_unstable", lang, threshold=STABLE_AGREEMENT)
    return Markdown(text)


def _probability(value: float) -> str:
    return f"{value:.2f}"


def _amount(value: float) -> str:
    """A cost or revenue in the case study's units: 3, 11, 2.5."""
    return f"{value:g}"


def response_model(record: dict, economics: dict, lang: str = "en") -> Markdown:
    """How the response model was judged and what it achieved, or why there is none."""
    if record["status"] == "no_outcome":
        return Markdown(phrases.text("response_no_outcome", lang))
    if record["status"] != "fitted":
        return Markdown(
            phrases.text(
                "response_too_few",
                lang,
                responders=count(record["responders"]),
                customers=count(record["customers"]),
                folds=record["outer_folds"],
            )
        )
    low, high = record["cv_auc_ci"]
    lines = [
        phrases.text(
            "response_method",
            lang,
            customers=count(record["evaluated_customers"]),
            responders=count(record["evaluated_responders"]),
            folds=record["outer_folds"],
            repeats=record["repeats"],
            inner=record["inner_folds"],
        ),
        phrases.text(
            "response_result",
            lang,
            model=phrases.word(record["model"], lang),
            auc=f"{record['cv_auc']:.3f}",
            low=f"{low:.3f}",
            high=f"{high:.3f}",
            cost=_amount(economics["contact_cost"]),
            revenue=_amount(economics["revenue"]),
            break_even=_probability(economics["contact_cost"] / economics["revenue"]),
        ),
    ]
    if record["sampled"]:
        lines.append(
            phrases.text(
                "response_sampled",
                lang,
                rows=count(record["customers"]),
                sample=count(record["evaluated_customers"]),
                fit=count(record["fit_rows"]),
                bound=count(record["fit_bound"]),
            )
        )
    else:
        lines.append(phrases.text("response_fit_all", lang, rows=count(record["fit_rows"])))
    return Markdown("\n\n".join(lines))


def economics(values: dict, lang: str = "en") -> Markdown:
    """What a contact costs and an acceptance earns, and where each figure came from."""
    return Markdown(
        phrases.text(
            "economics",
            lang,
            cost=_amount(values["contact_cost"]),
            cost_source=phrases.word(f"contact_cost_{values['contact_cost_source']}", lang),
            revenue=_amount(values["revenue"]),
            revenue_source=phrases.word(f"revenue_{values['revenue_source']}", lang),
            break_even=_probability(values["contact_cost"] / values["revenue"]),
        )
    )


def plans(targeting, persona_table: pd.DataFrame, lang: str = "en") -> Markdown:
    """The response model's plan against contacting everyone, the best persona plan and perfect targeting."""
    if targeting is None:
        return Markdown(phrases.text("no_targeting", lang))
    table = targeting.plans
    plan = table.loc["response_model"]
    finding = phrases.text(
        "plans_finding",
        lang,
        customers=count(targeting.customers),
        contacted=count(plan["customers"]),
        share=percent(plan["share_percent"]),
        reached=count(plan["responders"]),
        responders=count(targeting.responders),
        reached_share=percent(plan["responders_reached_percent"]),
        profit=signed(plan["expected_profit"]),
        low=signed(plan["profit_low"]),
        high=signed(plan["profit_high"]),
        everyone=signed(table.at["everyone", "expected_profit"]),
        persona=signed(table.at["best_persona_plan", "expected_profit"]),
        perfect=signed(table.at["perfect", "expected_profit"]),
    )
    names = ", ".join(f"**{name}**" for name in persona_table.loc[targeting.persona_plan_ids, "persona"])
    note = (
        phrases.text("persona_plan_note", lang, personas=names)
        if targeting.persona_plan_ids
        else phrases.text("persona_plan_none", lang)
    )
    return Markdown(f"{finding}\n\n{note}")


def calibration(targeting, lang: str = "en") -> Markdown | None:
    """How far the observed response rate strays from the predicted probability."""
    if targeting is None:
        return None
    frame = targeting.calibration
    gap = 100 * (frame["observed"] - frame["predicted"]).abs().max()
    return Markdown(phrases.text("calibration_finding", lang, bins=len(frame), gap=f"{gap:.1f}"))


def targeting_by_persona(targeting, lang: str = "en") -> Markdown | None:
    """Per persona: how many the plan contacts, the responders it reaches, what it earns; and whom it favours."""
    if targeting is None:
        return None
    table = targeting.by_persona
    lines = [
        phrases.text(
            "by_persona_line",
            lang,
            persona=row.persona,
            contacted=count(row.contacted),
            customers=count(row.customers),
            share=percent(row.contacted_percent),
            reached=count(row.responders_reached),
            responders=count(row.responders),
            profit=signed(row.expected_profit),
        )
        for row in table.itertuples()
    ]
    ordered = table.dropna(subset=["contacted_percent"]).sort_values("contacted_percent", kind="stable")
    summary = phrases.text(
        "by_persona_summary",
        lang,
        most=ordered["persona"].iloc[-1],
        most_share=percent(ordered["contacted_percent"].iloc[-1]),
        least=ordered["persona"].iloc[0],
        least_share=percent(ordered["contacted_percent"].iloc[0]),
    )
    return Markdown("\n".join(lines) + "\n\n" + summary)


def drivers(record: dict, lang: str = "en") -> Markdown | None:
    """The features that drive response, in words, with the direction of their link to the probability."""
    if record["status"] != "fitted":
        return None
    lines = [
        phrases.text(
            "driver_line",
            lang,
            label=phrases.feature_label(driver["feature"], lang),
            feature=driver["feature"],
            direction=phrases.text("more_accept" if driver["direction"] >= 0 else "less_accept", lang),
            drop=f"{driver['importance']:.3f}",
        )
        for driver in record["drivers"]
    ]
    return Markdown(phrases.text("drivers_intro", lang) + "\n\n" + "\n".join(lines))


def persona_overview(personas: pd.DataFrame, lang: str = "en") -> Markdown:
    lines = [f"- **{row.persona}** — {row.description}" for row in personas.itertuples()]
    largest = personas.loc[personas["share_percent"].idxmax()]
    return Markdown(
        phrases.text("overview", lang, count=len(personas))
        + "\n\n"
        + "\n".join(lines)
        + "\n\n"
        + phrases.text("largest", lang, name=largest["persona"], share=percent(largest["share_percent"]))
    )


def rules(table: pd.DataFrame, sentence: str) -> Markdown:
    return Markdown("\n".join(f"- {rule}" for rule in table["rule"]) + f"\n\n{sentence}")


def persona_brief(
    persona: pd.Series,
    plays: pd.DataFrame,
    economics: pd.Series | None,
    currency: str,
    lang: str = "en",
    targeted: pd.Series | None = None,
) -> str:
    """Who, how many, what they are worth, what to do, what it should earn, and whom the response model
    contacts: one persona's section (without a campaign outcome, only what needs none)."""
    evidence = phrases.text("evidence", lang)
    actions = "\n".join(f"  - {row.action} *{evidence}: {row.evidence}.*" for row in plays.itertuples())
    spending = money(persona["median_Total_Spending"], currency)
    if economics is None:
        worth = phrases.text("worth_no_outcome", lang, spending=spending)
        earn = phrases.text("earn_no_outcome", lang)
    else:
        profit = economics["expected_profit"]
        earn = phrases.text(
            "earn",
            lang,
            customers=count(economics["customers"]),
            verb=phrases.text("earn_verb" if profit >= 0 else "lose_verb", lang),
            profit=count(abs(profit)),
            low=count(economics["profit_low"]),
            high=count(economics["profit_high"]),
            cost=_amount(economics["contact_cost"]),
            revenue=_amount(economics["revenue"]),
        )
        worth = phrases.text(
            "worth",
            lang,
            spending=spending,
            response=percent(100 * economics["response_rate"]),
            lift=f"{economics['lift']:.2f}",
        )
    brief = (
        f"### {persona['persona']}\n\n"
        f"- **{phrases.text('who', lang)}:** {persona['description']}\n"
        f"- **{phrases.text('worth_label', lang)}:** {worth}.\n"
        f"- **{phrases.text('do_label', lang)}:**\n{actions or '  - ' + phrases.text('no_play', lang)}\n"
        f"- **{phrases.text('earn_label', lang)}:** {earn}"
    )
    if targeted is not None:
        target = phrases.text(
            "target",
            lang,
            contacted=count(targeted["contacted"]),
            customers=count(targeted["customers"]),
            share=percent(targeted["contacted_percent"]),
            reached=count(targeted["responders_reached"]),
            responders=count(targeted["responders"]),
            profit=signed(targeted["expected_profit"]),
        )
        brief += f"\n- **{phrases.text('target_label', lang)}:** {target}"
    return brief


def recommendation_briefs(
    personas: pd.DataFrame,
    plays: pd.DataFrame,
    economics: pd.DataFrame | None,
    currency: str,
    lang: str = "en",
    targeting=None,
) -> Markdown:
    """One brief per persona, in persona order."""
    briefs = [
        persona_brief(
            persona,
            plays[plays["persona_id"] == persona_id],
            None if economics is None else economics.loc[persona_id],
            currency,
            lang,
            None if targeting is None else targeting.by_persona.loc[persona_id],
        )
        for persona_id, persona in personas.iterrows()
    ]
    return Markdown("\n\n".join(briefs))


def targeting(plan: dict | None, personas: pd.DataFrame, lang: str = "en") -> Markdown:
    if plan is None:
        return Markdown(phrases.text("no_outcome", lang))
    if not plan["persona_ids"]:
        return Markdown(phrases.text("plan_none", lang))
    return Markdown(
        phrases.text(
            "plan",
            lang,
            personas=", ".join(personas.loc[plan["persona_ids"], "persona"]),
            customers=percent(100 * plan["customers_share"]),
            responders=percent(100 * plan["responders_share"]),
            profit=count(plan["expected_profit"]),
            everyone=count(plan["everyone_profit"]),
        )
    )


def model_link(model_path, response: dict | None = None, lang: str = "en") -> Markdown:
    """Where the saved model is, what it holds, and the command that scores new customers with it (run from the
    report folder)."""
    command = f"python -m helpers score --model artifacts/{model_path.name} --data new_customers.csv --out personas.csv"
    if response is None:
        holds = phrases.text("model_no_response", lang)
    else:
        holds = phrases.text(
            "model_response",
            lang,
            model=phrases.word(response["model"], lang),
            revenue=_amount(response["revenue"]),
            cost=_amount(response["contact_cost"]),
        )
    return Markdown(phrases.text("model", lang, model=model_path.name, holds=holds) + f"\n\n```\n{command}\n```")
