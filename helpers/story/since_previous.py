"""What changed since the earlier report, in words and tables a marketing reader follows.

Shown only when the run was given ``--previous``: every function here returns
None without an earlier report, so the stage pages are unchanged without one.
The section headings are written here, and the landing page links to them by the
anchor nbconvert gives a heading (its text, spaces as hyphens).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers.campaign.payoff import verdict
from helpers.data import columns, drift
from helpers.segmentation.continuity import LEFT, NEW, SAME_PERSONAS_ARI, TRACKED_MEDIANS, movement
from helpers.story import inert, labels, persona_words, phrases
from helpers.story.numbers import count, decimal, money, percent, signed
from helpers.story.translation import N_, Nn_, translated

HEADINGS = {
    "personas": N_("Since the previous report"),
    "payoff": N_("Did the previous plan pay off?"),
}

TEXT = {
    "continuity": N_(
        "Compared with the report in **{folder}** ({date}). Its saved model assigned this file's {customers} "
        "analysed customers to its own personas, without refitting anything; against this run's refit the two "
        "agree with an adjusted Rand index of **{ari}** (1 is the same grouping, 0 is chance). **Regrouped by the "
        "refit: {changed}** of these customers, whom the refit places in another persona than the saved model "
        "does."
    ),
    "keep": N_(
        "**Recommendation: keep the previous personas.** The refit finds the same groups (index at least {threshold}), "
        "so each persona keeps its previous name and the comparisons below follow the same groups."
    ),
    "adopt": N_(
        "**Recommendation: adopt the new personas.** The refit groups the customers differently (index below "
        "{threshold}), and the customer base has moved ({features}: see the stability index below), so last "
        "period's personas no longer describe it. Movements below are counted under the previous definitions."
    ),
    "adopt_regrouped": N_(
        "**Recommendation: adopt the new personas.** The refit groups the customers differently (index below "
        "{threshold}), yet the customers themselves barely changed: every feature is stable (see the stability "
        "index below) and {moved} of the customers in both files moved persona under the previous definitions. "
        "This is a regrouping of much the same customers, not a changed customer base: the refit draws the borders "
        "between personas elsewhere, and the new borders are the ones that describe this file. Movements below are "
        "counted under the previous definitions."
    ),
    "shares_intro": N_(
        "Each previous persona's share of the analysed customers then and now, under the previous definitions:"
    ),
    "migration": N_(
        "**Customers who moved persona**, under the previous definitions (a change of the customers, not of the "
        "grouping): of the **{both}** customers in both files (matched by ID), **{moved}** ({moved_share}) are in "
        "another persona than last period; {new} customers are new and {left} have left."
    ),
    "largest_move": Nn_(
        "The largest movement: {count} customer from {source} to {target}.",
        "The largest movement: {count} customers from {source} to {target}.",
    ),
    "migration_hint": N_(
        "Every customer of both files, inside the IQR fences or not (the persona cards count only those inside). "
        "Rows: the persona in the previous report (or new customers); columns: the persona now (or left)."
    ),
    "drift": N_(
        "How far the customer base moved, feature by feature (population stability index over every customer; "
        "below {moderate} stable, {moderate} to {major} moderate, above {major} major): {summary}"
    ),
    "drift_none": N_("every feature is stable."),
    "drift_some": N_("{features} moved."),
    "medians_intro": N_("Each previous persona's medians then and now (both under the previous definitions):"),
    "no_plan": N_(
        "The previous report made no customer-level plan (its data had no campaign outcome to learn from), so "
        "there is no plan to check."
    ),
    "no_outcome": N_(
        "This file records no campaign outcome yet, so whether the previous plan paid off cannot be measured; "
        "rerun with the file that has it."
    ),
    # TRANSLATORS: {planned} is a number of customers, written by its own message ("120 customers").
    "payoff": Nn_(
        "The previous report planned to contact **{planned}**; **{contacted}** of them is in this file "
        "with the campaign's outcome. It promised {promised_responders} responders and a profit of **{promised}** "
        "(95% interval {low} to {high}) on them; **{responders}** accepted, for a realised profit of "
        "**{realised}**, {verdict}",
        "The previous report planned to contact **{planned}**; **{contacted}** of them are in this file "
        "with the campaign's outcome. It promised {promised_responders} responders and a profit of **{promised}** "
        "(95% interval {low} to {high}) on them; **{responders}** accepted, for a realised profit of "
        "**{realised}**, {verdict}",
        "contacted",
    ),
    "inside": N_("inside the promised interval."),
    "below": N_("below the promised interval: the plan earned less than it promised."),
    "above": N_("above the promised interval: the plan earned more than it promised."),
    "passed_over": Nn_(
        "The {passed} customer the plan passed over: the model expected {expected} responders among them and "
        "{responders} accepted, {compared}; contacting them all would have earned {profit}.",
        "The {passed} customers the plan passed over: the model expected {expected} responders among them and "
        "{responders} accepted, {compared}; contacting them all would have earned {profit}.",
        "passed",
    ),
    "more_than_expected": N_("more than expected: response has risen among the customers the model ranked low"),
    "fewer_than_expected": N_("fewer than expected"),
    "as_expected": N_("about as expected"),
    "previous_definition": N_("{name} (previous)"),
}

WORDS = {
    "then": N_("then (%)"),
    "now": N_("now (%)"),
    "change": N_("change (points)"),
    "persona": N_("persona"),
    "feature": N_("feature"),
    "psi": N_("stability index"),
    "reading": N_("reading"),
    "stable": N_("stable"),
    "moderate": N_("moderate shift"),
    "major": N_("major shift"),
    NEW: N_("new customers"),
    LEFT: N_("left"),
    "from_to": N_("from \\ to"),
    "planned_contacts": N_("contacted as planned"),
    "passed_over": N_("passed over"),
    "customers": N_("customers"),
    "expected_responders": N_("responders expected"),
    "responders": N_("responders"),
    "expected_profit": N_("profit promised"),
    "realised_profit": N_("profit realised (if contacted)"),
}


def _text(key: str, lang: str, **values) -> str:
    return phrases.sentence(TEXT[key], lang, **values)


def _word(key: str, lang: str) -> str:
    return translated(WORDS[key], lang)


def heading_text(section: str, lang: str) -> str:
    return translated(HEADINGS[section], lang)


def anchor(section: str, lang: str) -> str:
    """The id nbconvert gives the section's heading on the rendered page."""
    return heading_text(section, lang).replace(" ", "-")


def heading(shown, section: str, lang: str) -> Markdown | None:
    """The section's heading, when there is an earlier report (``shown`` is its comparison or the earlier run)."""
    return None if shown is None else Markdown(f"## {heading_text(section, lang)}")


def continuity(comparison, lang: str) -> Markdown | None:
    """How far the earlier model and this refit agree, and whether to keep the earlier personas."""
    if comparison is None:
        return None
    previous_run, result = comparison.previous, comparison.continuity
    found = _text(
        "continuity",
        lang,
        folder=inert.markdown(previous_run.shown_name),
        date=phrases.run_date(previous_run.started, lang),
        customers=count(comparison.analysed, lang),
        ari=decimal(result.agreement_ari, lang),
        changed=percent(result.changed_persona_percent, lang),
    )
    threshold = decimal(SAME_PERSONAS_ARI, lang, 1)
    moved_features = _moved_features(comparison.psi, lang)
    if result.keep_previous:
        advice = _text("keep", lang, threshold=threshold)
    elif moved_features:
        advice = _text("adopt", lang, threshold=threshold, features=", ".join(moved_features))
    else:
        totals = movement(comparison.moves)
        moved = percent(totals.moved_percent if totals.both else 0, lang)
        advice = _text("adopt_regrouped", lang, threshold=threshold, moved=moved)
    return Markdown(f"{found}\n\n{advice}\n\n{_text('shares_intro', lang)}")


def shares(comparison, lang: str) -> pd.DataFrame | None:
    """Each persona's share then and now."""
    if comparison is None:
        return None
    table = comparison.shares
    kept = comparison.continuity.keep_previous
    shown = pd.DataFrame(
        {
            _word("then", lang): [("–" if pd.isna(v) else decimal(v, lang, 1)) for v in table["then"]],
            _word("now", lang): [("–" if pd.isna(v) else decimal(v, lang, 1)) for v in table["now"]],
            _word("change", lang): [
                signed(v, lang, 1) if round(v, 1) else decimal(0, lang, 1) for v in table["change"]
            ],
        },
        index=[_earlier(name, kept, lang) for name in table.index],
    )
    return shown.rename_axis(index=None, columns=_word("persona", lang))


def _earlier(key: str, kept: bool, lang: str) -> str:
    """An earlier persona's name, from its key; marked as the previous definition when this run adopted new
    personas, which may reuse a name for another group."""
    if key in (NEW, LEFT):
        return _word(key, lang)
    name = persona_words.name(key, lang)
    return name if kept else _text("previous_definition", lang, name=name)


def migration(comparison, lang: str) -> Markdown | None:
    """Who moved between personas, who is new and who left, in one paragraph."""
    if comparison is None:
        return None
    moves = comparison.moves
    totals = movement(moves)
    text = _text(
        "migration",
        lang,
        both=count(totals.both, lang),
        moved=count(totals.moved, lang),
        moved_share=percent(totals.moved_percent if totals.both else 0, lang),
        new=count(totals.new, lang),
        left=count(totals.left, lang),
    )
    flows = moves.drop(index=NEW, columns=LEFT).stack()
    flows = flows[[source != target for source, target in flows.index]]
    if len(flows) and flows.max() > 0:
        (source, target), n = flows.idxmax(), int(flows.max())
        text += " " + _text(
            "largest_move",
            lang,
            count=n,
            source=inert.markdown(_earlier(source, comparison.continuity.keep_previous, lang)),
            target=inert.markdown(_earlier(target, comparison.continuity.keep_previous, lang)),
        )
    return Markdown(f"{text}\n\n{_text('migration_hint', lang)}")


def migration_table(comparison, lang: str) -> pd.DataFrame | None:
    if comparison is None:
        return None
    moves = comparison.moves
    kept = comparison.continuity.keep_previous
    shown = moves.map(lambda n: count(n, lang))
    shown.index = [_earlier(name, kept, lang) for name in moves.index]
    shown.columns = [_earlier(name, kept, lang) for name in moves.columns]
    return shown.rename_axis(index=None, columns=_word("from_to", lang))


def _moved_features(psi: pd.Series, lang: str) -> list[str]:
    """The features whose stability index reads moderate or major, as a reader calls them."""
    return [labels.column(f, lang) for f, value in psi.items() if drift.reading(value) != "stable"]


def drift_summary(comparison, lang: str) -> Markdown | None:
    if comparison is None:
        return None
    moved = _moved_features(comparison.psi, lang)
    summary = _text("drift_some", lang, features=", ".join(moved)) if moved else _text("drift_none", lang)
    return Markdown(
        _text(
            "drift",
            lang,
            moderate=decimal(drift.MODERATE, lang, 2),
            major=decimal(drift.MAJOR, lang, 2),
            summary=summary,
        )
    )


def drift_table(comparison, lang: str) -> pd.DataFrame | None:
    if comparison is None:
        return None
    psi = comparison.psi
    shown = pd.DataFrame(
        {
            _word("psi", lang): [decimal(v, lang, 3) for v in psi],
            _word("reading", lang): [_word(drift.reading(v), lang) for v in psi],
        },
        index=[labels.column(f, lang) for f in psi.index],
    )
    return shown.rename_axis(index=None, columns=_word("feature", lang))


def medians_intro(comparison, lang: str) -> Markdown | None:
    return None if comparison is None else Markdown(_text("medians_intro", lang))


def medians(comparison, currency: str, lang: str) -> pd.DataFrame | None:
    """Median income, spending, transactions and conversion rate per earlier persona: ``then → now``."""
    if comparison is None:
        return None
    table = comparison.medians

    def shown(feature: str, value: float) -> str:
        if pd.isna(value):
            return "–"
        if feature in columns.MONEY:
            return money(value, currency, lang)
        return decimal(value, lang) if feature == "CVR" else count(value, lang)

    by_feature = {
        labels.column(f, lang): [
            f"{shown(f, table.at[name, ('then', f)])} → {shown(f, table.at[name, ('now', f)])}" for name in table.index
        ]
        for f in TRACKED_MEDIANS
    }
    index = [_earlier(name, comparison.continuity.keep_previous, lang) for name in table.index]
    return pd.DataFrame(by_feature, index=index).rename_axis(index=None, columns=_word("persona", lang))


def payoff(previous_run, result, lang: str) -> Markdown | None:
    """Whether the earlier plan earned what it promised, or why that cannot be told."""
    if previous_run is None:
        return None
    if previous_run.summary["response_model"]["status"] != "fitted":
        return Markdown(_text("no_plan", lang))
    if result is None:
        return Markdown(_text("no_outcome", lang))
    low, high = result.predicted_profit_ci
    text = _text(
        "payoff",
        lang,
        planned=phrases.page_text("customer_count", lang, count=result.planned),
        contacted=result.contacted,
        promised_responders=count(result.predicted_responders, lang),
        promised=signed(result.predicted_profit, lang),
        low=signed(low, lang),
        high=signed(high, lang),
        responders=count(result.realised_responders, lang),
        realised=signed(result.realised_profit, lang),
        verdict=_text(verdict(result.realised_profit, low, high), lang),
    )
    expected, accepted = result.passed_over_predicted_responders, result.passed_over_responders
    # Within a tenth of the expectation (and within two customers) reads as the expectation met.
    close = abs(accepted - expected) <= max(2.0, 0.1 * expected)
    compared = "as_expected" if close else "more_than_expected" if accepted > expected else "fewer_than_expected"
    passed = _text(
        "passed_over",
        lang,
        compared=_text(compared, lang),
        passed=result.passed_over,
        expected=count(result.passed_over_predicted_responders, lang),
        responders=count(result.passed_over_responders, lang),
        profit=signed(result.passed_over_profit, lang),
    )
    return Markdown(f"{text}\n\n{passed}")


def payoff_table(previous_run, result, lang: str) -> pd.DataFrame | None:
    if previous_run is None or result is None:
        return None
    rows = {
        _word("planned_contacts", lang): [
            count(result.contacted, lang),
            count(result.predicted_responders, lang),
            count(result.realised_responders, lang),
            signed(result.predicted_profit, lang),
            signed(result.realised_profit, lang),
        ],
        _word("passed_over", lang): [
            count(result.passed_over, lang),
            count(result.passed_over_predicted_responders, lang),
            count(result.passed_over_responders, lang),
            "–",
            signed(result.passed_over_profit, lang),
        ],
    }
    headers = ["customers", "expected_responders", "responders", "expected_profit", "realised_profit"]
    table = pd.DataFrame(rows, index=[_word(h, lang) for h in headers]).T
    return table.rename_axis(index=None, columns=None)


PANEL = {
    "title": N_("Since the previous report"),
    "compared": N_("Compared with"),
    "personas": N_("Personas"),
    "personas_keep": N_("the same as before (agreement {ari}): names kept"),
    "personas_adopt": N_("regrouped (agreement {ari}): the new personas are adopted"),
    "customers": N_("Customers"),
    "movement": N_(
        "{both} in both files, {moved} of them moved to another persona (previous definitions); {new} new, {left} left"
    ),
    "largest_share": N_("Largest share change (previous definitions)"),
    "share_change": N_("{name}: {change} points"),
    "plan": N_("Previous plan"),
    "plan_result": Nn_(
        "realised {realised} against {promised} promised ({low} to {high}) on the {contacted} planned customer "
        "still in the file: {verdict}",
        "realised {realised} against {promised} promised ({low} to {high}) on the {contacted} planned customers "
        "still in the file: {verdict}",
        "contacted",
    ),
    "inside": N_("inside the interval"),
    "below": N_("below the interval"),
    "above": N_("above the interval"),
    "plan_unknown": N_("no campaign outcome in this file yet"),
    "details": N_("Details"),
    "persona_link": N_("what changed (persona analysis)"),
    "payoff_link": N_("did the plan pay off (recommendations)"),
}


def _panel(key: str, lang: str, **values) -> str:
    return phrases.sentence(PANEL[key], lang, **values)


def panel(since: dict | None, lang: str) -> dict | None:
    """The landing page's panel: the few numbers that matter, as (label, value) pairs; None without a comparison."""
    if since is None:
        return None
    from datetime import datetime

    previous = since["previous_report"]
    started = phrases.run_date(datetime.fromisoformat(previous["run_date"]), lang)
    ari = decimal(since["agreement_ari"], lang)
    agreed = since["agreement_ari"] >= SAME_PERSONAS_ARI
    totals = movement(pd.DataFrame(since["migration"]).T.fillna(0))
    shares = since["share_change_points"]
    largest = max(shares, key=lambda key: abs(shares[key])) if shares else None
    facts = [
        (_panel("compared", lang), f"{previous['folder']} ({started})"),
        (_panel("personas", lang), _panel("personas_keep" if agreed else "personas_adopt", lang, ari=ari)),
        (
            _panel("customers", lang),
            _panel(
                "movement",
                lang,
                both=count(totals.both, lang),
                moved=percent(totals.moved_percent if totals.both else 0, lang),
                new=count(totals.new, lang),
                left=count(totals.left, lang),
            ),
        ),
    ]
    if largest is not None:
        change = signed(shares[largest], lang, 1)
        name = _earlier(largest, agreed, lang)
        facts.append((_panel("largest_share", lang), _panel("share_change", lang, name=name, change=change)))
    result = since.get("payoff")
    if result is None:
        facts.append((_panel("plan", lang), _panel("plan_unknown", lang)))
    else:
        low, high = result["predicted_profit_ci"]
        value = _panel(
            "plan_result",
            lang,
            realised=signed(result["realised_profit"], lang),
            promised=signed(result["predicted_profit"], lang),
            low=signed(low, lang),
            high=signed(high, lang),
            contacted=result["contacted"],
            verdict=_panel(verdict(result["realised_profit"], low, high), lang),
        )
        facts.append((_panel("plan", lang), value))
    return {
        "title": _panel("title", lang),
        "facts": facts,
        "details": _panel("details", lang),
        "links": [
            (_panel("persona_link", lang), "04_persona_analysis", anchor("personas", lang)),
            (_panel("payoff_link", lang), "05_recommendations", anchor("payoff", lang)),
        ],
    }
