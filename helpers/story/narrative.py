"""The report's sentences, written from computed values so they stay true when the data changes.

Every sentence comes from a phrase in ``phrases`` in the report's language; the
numbers in it are the ones computed in this run. Every name in it that comes from
the input or from a hand-over file (file, column, persona) goes through
``inert.markdown``, so it reads as text and never as Markdown or HTML.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from helpers.campaign.economics import Economics
from helpers.campaign.holdout import AUC_BINS
from helpers.campaign.response_model import MIN_CLASS_CUSTOMERS
from helpers.config import MIN_PERSONA_CUSTOMERS, PROJECT_ROOT
from helpers.data import columns
from helpers.data.cleaning import MISSING_INCOME_WARNING
from helpers.data.quality import OLDEST_PLAUSIBLE_AGE
from helpers.segmentation.stability import READINGS
from helpers.story import inert, labels, phrases
from helpers.story.numbers import amount, count, decimal, money, percent, signed

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


def file_overview(identity, layout, lang: str = "en") -> Markdown:
    """What stage 0 can say of the input (``sources.InputIdentity``) from a quick look, before any row is analysed."""
    return Markdown(
        phrases.text(
            "file_overview",
            lang,
            file=inert.markdown(phrases.input_name(identity.as_record(), lang)),
            size=f"{decimal(identity.size_bytes / 1e6, lang, 1)} MB",
            layout=inert.markdown(phrases.layout_name(layout.name, lang)),
            currency=phrases.word(layout.currency, lang),
        )
    )


def data_overview(identity, rows: int, layout, lang: str = "en", sampled: int | None = None) -> Markdown:
    """How many customers and columns the input (``sources.InputIdentity``) holds, its currency, the columns
    left out of the analysis, and, when the learning sample (of ``sampled`` customers) is not every customer,
    that the rows shown come from it."""
    text = phrases.text(
        "data_overview",
        lang,
        source=inert.markdown(phrases.input_name(identity.as_record(), lang)),
        rows=count(rows, lang),
        columns=len(columns.RAW),
        currency=phrases.word(layout.currency, lang),
    )
    if layout.extra_columns:
        extra = _names(layout.extra_columns)
        text += " " + phrases.text("extra_columns", lang, count=len(layout.extra_columns), names=extra)
    if sampled is not None and sampled < rows:
        text += " " + phrases.text("learning_sample", lang, sampled=count(sampled, lang), rows=count(rows, lang))
    return Markdown(text)


def exclusions(reasons: dict, lang: str = "en", markdown: bool = True) -> str:
    """Why customers left the analysis, reason by reason (a customer can have several), from
    ``CleaningResult.exclusions`` or the ``excluded`` section of summary.json; ``markdown=False``
    gives plain text, for a page that escapes it itself."""
    name = (lambda column: _columns([column], lang)) if markdown else (lambda column: labels.in_sentence(column, lang))
    parts = []
    if reasons["missing_income"]:
        parts.append(phrases.text("excluded_missing_income", lang, count=count(reasons["missing_income"], lang)))
    parts += [
        phrases.text("excluded_fence", lang, count=count(n, lang), column=name(column))
        for column, n in reasons["outside_fences"].items()
        if n
    ]
    return "; ".join(parts)


def _names(names) -> str:
    return ", ".join(inert.markdown(name) for name in names)


def _columns(names, lang: str, in_sentence: bool = True) -> str:
    """Columns as a reader calls them, lower-case within a sentence (a column of the file's own is shown as
    its name, made inert)."""
    label = labels.in_sentence if in_sentence else labels.column
    return _names(label(name, lang) for name in names)


def inside_fences(cleaning, lang: str) -> Markdown:
    """How many of every customer handed to the response model the personas describe (a ``CleaningResult``)."""
    customers, inside = cleaning.rows_read, cleaning.rows_inside_fences
    return Markdown(
        phrases.text(
            "inside_fences",
            lang,
            customers=count(customers, lang),
            inside=count(inside, lang),
            outside=count(customers - inside, lang),
        )
    )


def quality_summary(quality, cleaning, lang: str = "en") -> Markdown:
    """What the assessment found and what cleaning did about it (a ``QualityReport`` and a ``CleaningResult``)."""
    missing = quality.missing[quality.missing > 0]
    kept = cleaning.rows_kept
    lines = [
        phrases.text("quality_missing", lang, total=count(missing.sum(), lang), columns=_columns(missing.index, lang))
        if len(missing)
        else phrases.text("quality_missing_none", lang),
        phrases.text(
            "quality_duplicates",
            lang,
            rows=phrases.text("identical_rows", lang, count=quality.duplicate_rows),
            customers=quality.duplicate_customers,
        ),
        phrases.text(
            "quality_implausible",
            lang,
            birth_years=quality.impossible_birth_years,
            oldest=OLDEST_PLAUSIBLE_AGE,
            zero_visits=phrases.page_text("customer_count", lang, count=quality.zero_web_visits),
        ),
        phrases.text(
            "quality_outliers",
            lang,
            columns=_columns(cleaning.bounds.index, lang),
            removed=cleaning.dropped_outside_bounds,
            kept=count(kept, lang),
            read=count(cleaning.rows_read, lang),
            share=percent(100 * kept / cleaning.rows_read, lang),
            reasons=exclusions(cleaning.exclusions, lang),
        ),
    ]
    if cleaning.incomes_imputed:
        lines.append(phrases.text("incomes_imputed", lang, count=cleaning.incomes_imputed))
    elif cleaning.missing_income_share > MISSING_INCOME_WARNING:
        share = percent(100 * cleaning.missing_income_share, lang)
        lines.append(phrases.text("missing_income_warning", lang, share=share))
    return Markdown("\n".join(lines))


def engine_used(engine: str, workers: int, lang: str = "en") -> Markdown:
    """Which engine ran the whole-table passes of this run, and on how many workers."""
    if engine == "pandas":
        return Markdown(phrases.text("engine_pandas", lang))
    return Markdown(phrases.text("engine_dask", lang, workers=count(workers, lang)))


def is_sampled(sample: dict | None, of: str = "analysed") -> bool:
    """Whether the learning sample (``sample``: summary.json's record) leaves out some of the customers it was drawn
    for: the analysed customers (``of="analysed"``: the segmentation, the exploration) or every customer of the file
    (``of="customers"``: the response model and the plans)."""
    if not sample:
        return False
    if of == "analysed":
        return sample["analysed_sampled"] < sample["analysed"]
    return sample["customers_sampled"] < sample["customers_in_file"]


def learned_from(sample: dict | None, lang: str, of: str = "analysed", key: str | None = None) -> str:
    """The sentence (the phrase ``key``, else the one for ``of``) a page that shows what was learned on the learning
    sample adds when the sample leaves customers out (see ``is_sampled``); nothing otherwise."""
    if not is_sampled(sample, of):
        return ""
    if of == "analysed":
        default, sampled, rows = "learned_from_sample", "analysed_sampled", "analysed"
    else:
        default, sampled, rows = "learned_from_sample_customers", "customers_sampled", "customers_in_file"
    values = {"sampled": count(sample[sampled], lang), "rows": count(sample[rows], lang)}
    return " " + phrases.text(key or default, lang, **values)


def cvr_findings(correlations: pd.Series, lang: str = "en", sample: dict | None = None) -> Markdown:
    """The conversion rate's correlations, strongest first, over the customers of ``sample`` (see ``learned_from``)."""
    ordered = correlations.sort_values(ascending=False)
    lines = [
        phrases.text(
            "cvr_line",
            lang,
            feature=_columns([feature], lang, in_sentence=False),
            value=decimal(value, lang),
            strength=strength(value, lang),
        )
        for feature, value in ordered.items()
    ]
    weakest = ordered.abs().idxmin()
    conclusion = phrases.text(
        "cvr_conclusion",
        lang,
        top=_columns([ordered.index[0]], lang),
        weakest=_columns([weakest], lang),
        value=decimal(correlations[weakest], lang),
    )
    intro = phrases.text("cvr_intro", lang) + learned_from(sample, lang)
    return Markdown(intro + "\n\n" + "\n".join(lines) + "\n\n" + conclusion)


def income_spending_finding(correlation: float, lang: str = "en") -> Markdown:
    meaning = "income_spending_strong" if correlation >= INCOME_EXPLAINS_SPENDING else "income_spending_weak"
    return Markdown(
        phrases.text(
            "income_spending",
            lang,
            strength=strength(correlation, lang),
            value=decimal(correlation, lang),
            meaning=phrases.text(meaning, lang),
        )
    )


def clustering_matrix(
    features: int, customers: int, components: int, lang: str = "en", sample: dict | None = None
) -> Markdown:
    """What the segmentation is fitted on, and whether that is a sample (see ``learned_from``)."""
    text = phrases.text("matrix", lang, features=features, customers=count(customers, lang), components=components)
    return Markdown(text + learned_from(sample, lang))


def explained_variance(ratios: pd.Series, lang: str = "en") -> Markdown:
    """How much of the customers' variation the principal components keep."""
    shares = [percent(100 * ratio, lang) for ratio in ratios]
    return Markdown(
        phrases.text(
            "explained_variance",
            lang,
            components=len(ratios),
            shares=", ".join(shares),
            total=percent(100 * ratios.sum(), lang),
        )
    )


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
            value=decimal(best_silhouette, lang, 3),
            ch=best["calinski_harabasz"],
            db=best["davies_bouldin"],
        ),
        phrases.text("k_chosen", lang, k=chosen_k, value=decimal(silhouette, lang, 3)),
    ]
    if chosen_k == SEED_CLAIMED_K:
        confirmed = best["silhouette"] == SEED_CLAIMED_K and abs(silhouette - SEED_CLAIMED_SILHOUETTE) < 0.01
        verdict = phrases.text("confirms" if confirmed else "does_not_confirm", lang)
        lines.append(
            phrases.text(
                "k_seed",
                lang,
                claimed=decimal(SEED_CLAIMED_SILHOUETTE, lang, 3),
                k=SEED_CLAIMED_K,
                value=decimal(silhouette, lang, 3),
                verdict=verdict,
            )
        )
    return Markdown("\n".join(lines))


def sampling(check: dict, lang: str = "en") -> Markdown:
    if not check["sampled"]:
        return Markdown(phrases.text("sampling_none", lang, rows=count(check["rows"], lang)))
    agreement = check["adjusted_rand_index"]
    text = phrases.text(
        "sampling",
        lang,
        rows=count(check["rows"], lang),
        sample=count(check["sample_rows"], lang),
        ari=decimal(agreement, lang, 3),
    )
    if agreement < STABLE_AGREEMENT:
        text += phrases.text("sampling_unstable", lang, threshold=decimal(STABLE_AGREEMENT, lang, 1))
    return Markdown(text)


def _probability(value: float, lang: str) -> str:
    return decimal(value, lang)


def response_model(record: dict, economics: Economics | Mapping, lang: str, sample: dict | None = None) -> Markdown:
    """How the response model was judged and what it achieved, or why there is none; learned on the customers of
    ``sample`` (see ``learned_from``)."""
    costs = Economics.of(economics)
    if record["status"] == "no_outcome":
        return Markdown(phrases.text("response_no_outcome", lang))
    if record["status"] != "fitted":
        return Markdown(
            phrases.text(
                "response_too_few",
                lang,
                responders=count(record["responders"], lang),
                decliners=count(record["customers"] - record["responders"], lang),
                customers=count(record["customers"], lang),
                folds=record["outer_folds"],
                minimum=count(MIN_CLASS_CUSTOMERS, lang),
            )
        )
    low, high = record["cv_auc_ci"]
    lines = [
        phrases.text(
            "response_method",
            lang,
            customers=count(record["evaluated_customers"], lang),
            responders=count(record["evaluated_responders"], lang),
            folds=record["outer_folds"],
            repeats=record["repeats"],
            inner=record["inner_folds"],
        ),
        phrases.text(
            "response_result_no_pay" if costs.no_contact_pays else "response_result",
            lang,
            model=phrases.word(record["model"], lang),
            auc=decimal(record["cv_auc"], lang, 3),
            low=decimal(low, lang, 3),
            high=decimal(high, lang, 3),
            cost=amount(costs.contact_cost, lang),
            revenue=amount(costs.revenue, lang),
            break_even=_probability(costs.break_even_probability, lang),
        ),
    ]
    if record["sampled"]:
        lines.append(
            phrases.text(
                "response_sampled",
                lang,
                rows=count(record["customers"], lang),
                sample=count(record["evaluated_customers"], lang),
                fit=count(record["fit_rows"], lang),
                bound=count(record["fit_bound"], lang),
            )
        )
    else:
        lines.append(phrases.text("response_fit_all", lang, rows=count(record["fit_rows"], lang)))
    lines[0] += learned_from(sample, lang, of="customers")
    return Markdown("\n\n".join(lines))


def economics(values: Economics | Mapping, lang: str) -> Markdown:
    """What a contact costs and an acceptance earns, and where each figure came from."""
    costs = Economics.of(values)
    return Markdown(
        phrases.text(
            "economics_no_pay" if costs.no_contact_pays else "economics",
            lang,
            cost=amount(costs.contact_cost, lang),
            cost_source=phrases.word(f"contact_cost_{costs.contact_cost_source}", lang),
            revenue=amount(costs.revenue, lang),
            revenue_source=phrases.word(f"revenue_{costs.revenue_source}", lang),
            break_even=_probability(costs.break_even_probability, lang),
        )
    )


def plans(targeting, persona_table: pd.DataFrame, lang: str) -> Markdown:
    """The response model's plan against contacting everyone, the best persona plan and perfect targeting, over
    every customer of the file, and where their probabilities come from when the model learned on a sample."""
    if targeting is None:
        return Markdown(phrases.text("no_targeting", lang))
    table = targeting.plans
    plan = table.loc["response_model"]
    finding = phrases.text(
        "plans_finding",
        lang,
        population=phrases.text("plans_population", lang, customers=count(targeting.customers, lang)),
        contacted=count(plan["customers"], lang),
        share=percent(plan["share_percent"], lang),
        reached=count(plan["responders"], lang),
        responders=count(targeting.responders, lang),
        reached_share=percent(plan["responders_reached_percent"], lang),
        profit=signed(plan["expected_profit"], lang),
        low=signed(plan["profit_low"], lang),
        high=signed(plan["profit_high"], lang),
        everyone=signed(table.at["everyone", "expected_profit"], lang),
        persona=signed(table.at["best_persona_plan", "expected_profit"], lang),
        perfect=signed(table.at["perfect", "expected_profit"], lang),
        perfect_is=phrases.text("perfect_loses" if targeting.economics.no_contact_pays else "perfect_ceiling", lang),
    )
    names = _names(persona_table.loc[targeting.persona_plan_ids, "persona"])
    note = (
        phrases.text("persona_plan_note", lang, personas=names)
        if targeting.persona_plan_ids
        else phrases.text("persona_plan_none", lang)
    )
    if targeting.budget is not None:
        finding += "\n\n" + _budget_plan(targeting, lang)
    intro = phrases.text(
        "plans_intro",
        lang,
        within_budget="" if targeting.budget is None else phrases.text("plans_intro_budget", lang),
    )
    if targeting.scored_beyond_sample:
        intro += phrases.text(
            "plans_scored_beyond_sample",
            lang,
            sampled=count(targeting.fitting_sample, lang),
            others=count(targeting.customers - targeting.fitting_sample, lang),
        )
    return Markdown(f"{intro}\n\n{finding}\n\n{note}")


def held_out(found, model_record: dict, lang: str) -> Markdown | None:
    """The response model on the customers it never saw (``found``: ``holdout.Holdout``), beside its
    cross-validated AUC (``model_record``: summary.json's ``response_model``); nothing when there are none."""
    if found is None:
        return None
    if found.auc is None:
        auc = phrases.text("held_out_auc_none", lang)
    else:
        auc = phrases.text(
            "held_out_auc",
            lang,
            auc=decimal(found.auc, lang, 3),
            cv_auc=decimal(model_record["cv_auc"], lang, 3),
            bins=count(AUC_BINS, lang),
        )
    return Markdown(
        phrases.text(
            "held_out",
            lang,
            customers=found.customers,
            auc=auc,
            contacted=count(found.contacted, lang),
            reached=count(found.responders, lang),
            profit=signed(found.profit, lang),
        )
    )


def _budget_plan(targeting, lang: str) -> str:
    """The plan within the run's budget against the plan without a limit."""
    budget, plans = targeting.budget, targeting.plans
    within, unconstrained = plans.loc["within_budget"], plans.loc["response_model"]
    if budget.amount is None:
        limit = phrases.text("budget_most", lang, most=budget.max_contacts)
    elif budget.max_contacts is None:
        cost = amount(targeting.economics.contact_cost, lang)
        limit = phrases.text(
            "budget_amount", lang, amount=amount(budget.amount, lang), allowed=budget.allowed, cost=cost
        )
    else:
        limit = phrases.text(
            "budget_amount_and_most",
            lang,
            amount=amount(budget.amount, lang),
            most=phrases.text("budget_most", lang, most=budget.max_contacts),
            allowed=phrases.text("contact_count", lang, count=budget.allowed),
        )
    binding = "" if within["customers"] < unconstrained["customers"] else phrases.text("budget_not_binding", lang)
    return phrases.text(
        "budget_plan",
        lang,
        limit=limit,
        contacted=within["customers"],
        reached=count(within["responders"], lang),
        responders=count(targeting.responders, lang),
        reached_share=percent(within["responders_reached_percent"], lang),
        profit=signed(within["expected_profit"], lang),
        low=signed(within["profit_low"], lang),
        high=signed(within["profit_high"], lang),
        unconstrained=signed(unconstrained["expected_profit"], lang),
        binding=binding,
    )


def contact_list(contact_list, written: list, lang: str, targeting=None) -> Markdown:
    """Where the contact list is (``written``: its files), what it holds and how it relates to the plan
    (``targeting``, whose counts it repeats) and to scoring with the saved model; why there is none without a
    plan."""
    if contact_list is None or targeting is None:
        return Markdown(phrases.text("contact_list_none", lang))
    spreadsheet = phrases.text("contact_list_spreadsheet", lang, name=written[1].name) if len(written) > 1 else ""
    yes, plans = phrases.word("yes", lang), targeting.plans
    figures = {
        "name": written[0].name,
        "spreadsheet": spreadsheet,
        "customers": count(targeting.customers, lang),
        "contacted": count(plans.at["response_model", "customers"], lang),
        "yes": yes,
    }
    if targeting.scored_beyond_sample:
        text = phrases.text(
            "contact_list_counted",
            lang,
            sampled=count(targeting.fitting_sample, lang),
            others=count(targeting.customers - targeting.fitting_sample, lang),
            **figures,
        )
    else:
        text = phrases.text("contact_list", lang, **figures)
    if targeting.budget is not None:
        within = count(plans.at["within_budget", "customers"], lang)
        text += phrases.text("contact_list_budget", lang, within=within, yes=yes)
    return Markdown(text)


def calibration(targeting, lang: str) -> Markdown | None:
    """How far the observed response rate strays from the predicted probability."""
    if targeting is None:
        return None
    frame = targeting.calibration
    gap = 100 * (frame["observed"] - frame["predicted"]).abs().max()
    return Markdown(phrases.text("calibration_finding", lang, bins=len(frame), gap=decimal(gap, lang, 1)))


def _outside_range(outside: int, lang: str) -> str:
    """How many of a persona's customers of the file lie outside the IQR fences its analysed customers lie in;
    nothing when none do."""
    return phrases.text("outside_range", lang, count=count(outside, lang)) if outside else ""


def targeting_by_persona(targeting, lang: str) -> Markdown | None:
    """Per persona: how many the plan contacts, the responders it reaches, what it earns; and whom it favours; over
    every customer of the file."""
    if targeting is None:
        return None
    table = targeting.by_persona
    lines = [
        phrases.text(
            "by_persona_line",
            lang,
            persona=inert.markdown(row.persona),
            contacted=count(row.contacted, lang),
            customers=row.customers,
            outside=_outside_range(row.outside_fences, lang),
            share=percent(row.contacted_percent, lang),
            reached=count(row.responders_reached, lang),
            responders=count(row.responders, lang),
            profit=signed(row.expected_profit, lang),
        )
        for row in table.itertuples()
    ]
    ordered = table.dropna(subset=["contacted_percent"]).sort_values("contacted_percent", kind="stable")
    shares = ordered["contacted_percent"]
    if (shares == 100).all() or (shares == 0).all():  # one word for all: every customer, or no one
        summary = phrases.text("by_persona_summary_every" if (shares == 100).all() else "by_persona_summary_none", lang)
    else:
        summary = phrases.text(
            "by_persona_summary",
            lang,
            most=_share_of(shares.iloc[-1], ordered["persona"].iloc[-1], lang),
            least=_share_of(shares.iloc[0], ordered["persona"].iloc[0], lang),
        )
    return Markdown("\n".join(lines) + "\n\n" + summary)


def _share_of(share: float, persona: str, lang: str) -> str:
    """'12.5% of the X', or 'every customer of the X' and 'none of the X' where a percentage would read 100.0%
    or 0.0%."""
    if share == 100:
        return phrases.text("share_of_every", lang, persona=inert.markdown(persona))
    if share == 0:
        return phrases.text("share_of_none", lang, persona=inert.markdown(persona))
    return phrases.text("share_of", lang, share=percent(share, lang), persona=inert.markdown(persona))


def drivers(record: dict, lang: str) -> Markdown | None:
    """The features that drive response, in words, with the direction of their link to the probability."""
    if record["status"] != "fitted":
        return None
    lines = [
        phrases.text(
            "driver_line",
            lang,
            label=labels.column(driver["feature"], lang),
            direction=phrases.text("more_accept" if driver["direction"] >= 0 else "less_accept", lang),
            drop=decimal(driver["importance"], lang, 3),
        )
        for driver in record["drivers"]
    ]
    return Markdown(phrases.text("drivers_intro", lang) + "\n\n" + "\n".join(lines))


def persona_overview(personas: pd.DataFrame, lang: str = "en", sample: dict | None = None) -> Markdown:
    """The personas with their descriptions, the largest, those too small to act on, and, when the learning sample
    leaves analysed customers out (``sample``: summary.json's record), that their sizes count everyone and their
    profiles come from the sample."""
    lines = [
        f"- **{inert.markdown(row.persona)}** — {inert.markdown(row.description)}" for row in personas.itertuples()
    ]
    largest = personas.loc[personas["share_percent"].idxmax()]
    text = (
        phrases.text("overview", lang, count=len(personas))
        + "\n\n"
        + "\n".join(lines)
        + "\n\n"
        + phrases.text(
            "largest", lang, name=inert.markdown(largest["persona"]), share=percent(largest["share_percent"], lang)
        )
    )
    text += learned_from(sample, lang, key="profiles_from_sample")
    return Markdown(text + _too_small("too_small_personas", personas["persona"][personas["too_small"]], lang))


def stability(trust, personas: pd.DataFrame, lang: str) -> Markdown:
    """How far to trust each persona (``trust``: ``stability.Stability`` by persona id), in words a manager reads:
    what was refitted, Hennig's reading with its thresholds, the least stable persona, and the seeds' agreement."""
    high, stable, pattern = (decimal(lowest, lang, 2) for lowest, _ in READINGS)
    least = trust.jaccard.idxmin()
    at_least_stable = int((trust.jaccard > READINGS[1][0]).sum())
    values = {"name": inert.markdown(personas.at[least, "persona"]), "value": decimal(trust.jaccard[least], lang, 2)}
    if at_least_stable == len(trust.jaccard):
        verdict = phrases.text("stability_all", lang, **values)
    else:
        reading = phrases.word(trust.readings()[least], lang)
        verdict = phrases.text(
            "stability_some", lang, stable=count(at_least_stable, lang), personas=count(len(trust.jaccard), lang),
            reading=reading, **values,
        )  # fmt: skip
    return Markdown(
        phrases.text(
            "stability",
            lang,
            resamples=count(trust.resamples, lang),
            customers=count(trust.customers, lang),
            high=high,
            stable=stable,
            pattern=pattern,
            verdict=verdict,
            seeds=count(trust.seeds, lang),
            # A lower bound read "at least": rounded down, so that 0.9987 never shows as 1.00.
            ari=decimal(math.floor(100 * trust.seed_agreement_ari_min) / 100, lang, 2),
        )
    )


def _too_small(key: str, names: pd.Series, lang: str) -> str:
    """A paragraph naming the personas too small to act on, with the rule's minimum; nothing when there are none."""
    if names.empty:
        return ""
    minimum = count(MIN_PERSONA_CUSTOMERS, lang)
    return "\n\n" + phrases.text(key, lang, names=f"**{_names(names)}**", minimum=minimum)


def rules(table: pd.DataFrame, sentence: str) -> Markdown:
    """The decision tree's rules as a list; their names are made inert where they are written (``explain.rules``)."""
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
    spending = money(persona["median_Total_Spending"], currency, lang)
    if economics is None:
        worth = phrases.text("worth_no_outcome", lang, spending=spending)
        earn = phrases.text("earn_no_outcome", lang)
    else:
        profit = economics["expected_profit"]
        earn = phrases.text(
            "earn",
            lang,
            customers=count(economics["customers"], lang),
            verb=phrases.text("earn_verb" if profit >= 0 else "lose_verb", lang),
            profit=count(abs(profit), lang),
            low=signed(economics["profit_low"], lang),
            high=signed(economics["profit_high"], lang),
            cost=amount(economics["contact_cost"], lang),
            revenue=amount(economics["revenue"], lang),
        )
        if economics["too_small"]:
            earn += phrases.text("earn_too_small", lang, minimum=count(MIN_PERSONA_CUSTOMERS, lang))
        elif economics["profit_low"] < 0 < economics["profit_high"]:
            earn += phrases.text("earn_uncertain", lang)
        worth = phrases.text(
            "worth" if pd.notna(economics["lift"]) else "worth_none_accepted",
            lang,
            spending=spending,
            response=percent(100 * economics["response_rate"], lang),
            lift=decimal(economics["lift"], lang) if pd.notna(economics["lift"]) else "",
        )
    brief = (
        f"### {inert.markdown(persona['persona'])}\n\n"
        f"- **{phrases.text('who', lang)}:** {inert.markdown(persona['description'])}\n"
        f"- **{phrases.text('worth_label', lang)}:** {worth}.\n"
        f"- **{phrases.text('do_label', lang)}:**\n{actions or '  - ' + phrases.text('no_play', lang)}\n"
        f"- **{phrases.text('earn_label', lang)}:** {earn}"
    )
    if targeted is not None:
        target = phrases.text(
            "target",
            lang,
            contacted=count(targeted["contacted"], lang),
            customers=targeted["customers"],
            outside=_outside_range(targeted["outside_fences"], lang),
            share=percent(targeted["contacted_percent"], lang),
            reached=count(targeted["responders_reached"], lang),
            responders=count(targeted["responders"], lang),
            profit=signed(targeted["expected_profit"], lang),
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
    too_small = _too_small("too_small_economics", personas.loc[plan["too_small_ids"], "persona"], lang)
    if not plan["persona_ids"]:
        return Markdown(phrases.text("plan_none_acting" if too_small else "plan_none", lang) + too_small)
    return Markdown(
        phrases.text(
            "plan",
            lang,
            personas=_names(personas.loc[plan["persona_ids"], "persona"]),
            analysed=count(plan["customers"], lang),
            customers=percent(100 * plan["customers_share"], lang),
            responders=percent(100 * plan["responders_share"], lang),
            profit=signed(plan["expected_profit"], lang),
            everyone=signed(plan["everyone_profit"], lang),
        )
        + too_small
    )


def _from_project_root(path: Path) -> str:
    """``path`` as a command typed at the project root would name it."""
    path = Path(path).absolute()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def model_link(model_path: Path, response: dict | None, lang: str, sample: dict | None = None) -> Markdown:
    """Where the saved model is, what it holds, what it learned from when the learning sample leaves customers out
    (``sample``: summary.json's record), and the command that scores new customers with it, typed at the project
    root."""
    python, model = _from_project_root(Path(sys.executable)), _from_project_root(model_path)
    command = f"{python} -m helpers score --model {model} --data new_customers.csv --out personas.csv"
    if lang != "en":  # the scorer names personas in English unless asked otherwise, as this report's reader reads
        command += f" --lang {lang}"
    if response is None:
        holds = phrases.text("model_no_response", lang)
    else:
        holds = phrases.text(
            "model_response",
            lang,
            model=phrases.word(response["model"], lang),
            revenue=amount(response["revenue"], lang),
            cost=amount(response["contact_cost"], lang),
        )
    holds += learned_from(sample, lang, of="customers", key="model_from_sample")
    return Markdown(phrases.text("model", lang, model=model_path.name, holds=holds) + f"\n\n```\n{command}\n```")
