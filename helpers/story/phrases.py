"""Every phrase a reader sees, by key: one table per kind, one lookup.

The tables hold English messages marked with ``N_``; each lookup translates its message into ``lang``
through the language's gettext catalog (``helpers.story.translation``), so a language is a catalog, not a
column of these tables.
"""

from __future__ import annotations

from babel import Locale
from babel.dates import format_date

from helpers.story.numbers import count
from helpers.story.translation import N_, Counted, Nn_, known_language, ngettext, translated

# Persona names: a value tier and a trait, by the keys of ``helpers.segmentation.personas``.
TIERS = {
    "high-value": N_("High-Value"),
    "mid-value": N_("Mid-Value"),
    "low-value": N_("Low-Value"),
}
TRAITS = {
    "frequent-buyers": N_("Frequent Buyers"),
    "occasional-buyers": N_("Occasional Buyers"),
    "high-converters": N_("High Converters"),
    "low-converters": N_("Low Converters"),
    "affluent-shoppers": N_("Affluent Shoppers"),
    "budget-shoppers": N_("Budget Shoppers"),
    "web-browsers": N_("Web Browsers"),
    "offline-shoppers": N_("Offline Shoppers"),
    "campaign-responders": N_("Campaign Responders"),
    "campaign-skeptics": N_("Campaign Skeptics"),
    "lapsing-customers": N_("Lapsing Customers"),
    "recent-shoppers": N_("Recent Shoppers"),
    "families": N_("Families"),
    "child-free-households": N_("Child-Free Households"),
    "customers": N_("Customers"),
}

# Sentences and headings of the stage notebooks.
PHRASES = {
    # Stage 0: the problem and the file
    "file_overview": N_(
        "The customer table is **{file}** ({size}) in the **{layout}** layout, with money amounts in **{currency}**. "
        "Its rows are read and checked in the data-preparation stage."
    ),
    # What --data named, when it is a folder or a glob of files (one file is named by itself).
    "input_folder": Nn_("{files} file in {name}", "{files} files in {name}", "files"),
    "input_glob": Nn_("{files} file matching {name}", "{files} files matching {name}", "files"),
    # Stage 1: data preparation
    "data_overview": N_(
        "The table **{source}** holds **{rows} customers** with the **{columns} columns** the analysis reads; "
        "money amounts are in **{currency}**."
    ),
    "extra_columns": Nn_(
        "It also has {count} column the analysis does not use, left out: {names}.",
        "It also has {count} columns the analysis does not use, left out: {names}.",
    ),
    "engine_pandas": N_("Run on **pandas**, in one process."),
    "engine_dask": N_("Run on **Dask**, by {workers} workers; this notebook holds only what they send back."),
    "learning_sample": N_(
        "The rows this stage shows (the first rows, the box plots) come from a **learning sample of {sampled} of "
        "the {rows} customers**, picked by their ID with a fixed seed; every count is over all of them."
    ),
    "quality_missing": N_("- **Missing values:** {total} in total, all in {columns}."),
    "quality_missing_none": N_("- **Missing values:** none."),
    # TRANSLATORS: {rows} is a number of identical rows, written by its own message ("3 identical rows").
    "quality_duplicates": Nn_(
        "- **Duplicates:** {rows}; {customers} customer appears again under another ID and is kept, as in the "
        "published analysis.",
        "- **Duplicates:** {rows}; {customers} customers appear again under another ID and are kept, as in the "
        "published analysis.",
        "customers",
    ),
    "identical_rows": Nn_("{count} identical row", "{count} identical rows"),
    # TRANSLATORS: {zero_visits} is a number of customers, written by its own message ("9 customers").
    "quality_implausible": Nn_(
        "- **Implausible values:** {birth_years} birth year implies an age over {oldest}; {zero_visits} had no web "
        "visit last month (their conversion rate is set to 0).",
        "- **Implausible values:** {birth_years} birth years imply an age over {oldest}; {zero_visits} had no web "
        "visit last month (their conversion rate is set to 0).",
        "birth_years",
    ),
    "quality_outliers": Nn_(
        "- **Outliers:** the IQR fences on {columns} remove **{removed} customer**, leaving **{kept} of {read}** "
        "({share}). Reasons (a customer can have several): {reasons}.",
        "- **Outliers:** the IQR fences on {columns} remove **{removed} customers**, leaving **{kept} of {read}** "
        "({share}). Reasons (a customer can have several): {reasons}.",
        "removed",
    ),
    "excluded_missing_income": N_("{count} without an income"),
    "excluded_fence": N_("{count} beyond the {column} fences"),
    "incomes_imputed": Nn_(
        "- **Missing incomes:** {count} customer without an income was kept with the median income "
        "(`--impute-income`).",
        "- **Missing incomes:** {count} customers without an income were kept with the median income "
        "(`--impute-income`).",
    ),
    "missing_income_warning": N_(
        "- **Warning:** {share} of the customers have no income, and the published analysis leaves them all out. "
        "Run with `--impute-income` (`make report IMPUTE_INCOME=1`) to keep them with the median income."
    ),
    # Stage 2: exploration
    "strength": N_("{size} {direction}"),
    "cvr_intro": N_("Correlation of the conversion rate with:"),
    "cvr_line": N_("- **{feature}**: r = {value} ({strength})"),
    "cvr_conclusion": N_("The conversion rate moves most with **{top}**; **{weakest}** matters least (r = {value})."),
    "income_spending": N_("Income and total spending have a **{strength}** relationship (r = {value}): {meaning}"),
    "income_spending_strong": N_("customers who earn more spend more."),
    "income_spending_weak": N_("income alone says little about spending."),
    # Stage 3: modeling
    "learned_from_sample": N_(
        "These come from the learning sample: **{sampled} of the {rows} analysed customers**, picked by their ID "
        "with a fixed seed."
    ),
    "profiles_from_sample": N_(
        "Sizes, shares, names and profiles count every analysed customer; the point charts, the stability and the "
        "rules come from the learning sample: **{sampled} of the {rows} analysed customers**, picked by their ID "
        "with a fixed seed."
    ),
    "model_from_sample": N_(
        "Its segmentation and response model learned from the learning sample: **{sampled} of the {rows} customers "
        "of the file**, picked by their ID with a fixed seed; its card (`model.json`) records the sample."
    ),
    "learned_from_sample_customers": N_(
        "These come from the learning sample: **{sampled} of the {rows} customers of the file**, picked by their ID "
        "with a fixed seed."
    ),
    "matrix": N_(
        "{features} features of {customers} customers, standardised and projected on {components} components."
    ),
    "explained_variance": N_(
        "The {components} principal components keep {total} of the variation among customers ({shares})."
    ),
    "k_elbow": N_("- The distortion elbow (yellowbrick) suggests **k = {k}**."),
    "k_no_elbow": N_("- The distortion curve shows no clear elbow."),
    "k_scores": N_(
        "- Silhouette is highest at **k = {k}** ({value}); Calinski-Harabasz prefers k = {ch}, Davies-Bouldin k = {db}."
    ),
    "k_chosen": N_(
        "- This run uses **k = {k}** (silhouette {value} in this k search), the number of personas the run was "
        "given (`--k`, 4 by default as in the published analysis: four personas a marketing team can act on); "
        "the scores above say how well another k would separate the customers."
    ),
    "k_seed": N_(
        "- The published analysis reported a silhouette of {claimed} at k = {k}, the highest of its table, because "
        "it scored the PCA coordinates with the cluster labels appended as a third column. Scored on the PCA "
        "coordinates alone, this data gives {value} at k = {k}, which {verdict} that claim."
    ),
    "confirms": N_("confirms"),
    "does_not_confirm": N_("does not confirm"),
    "sampling_none": N_("All {rows} customers were used for the k search and the silhouettes; nothing was sampled."),
    "sampling": N_(
        "With {rows} customers, the k search, the elbow and the silhouettes used a random sample of **{sample}** "
        "customers; the final K-Means was fitted on all {rows}. Stability check: K-Means fitted on the sample "
        "and applied to all of them agrees with the full fit at an adjusted Rand index of **{ari}** "
        "(1 is identical)."
    ),
    "sampling_unstable": N_(
        " **Below {threshold}: the sample and the full fit draw noticeably different borders between segments**, "
        "so the segments are not stable at this k; compare a neighbouring k before acting on who sits near a "
        "border. The silhouette reported for the run is that of the final model's segments on the sample."
    ),
    "inside_fences": N_(
        "All **{customers} customers** go to the response model: {inside} inside the fences, whom the personas "
        "describe, and {outside} outside them."
    ),
    # Stage 3: the response model
    "response_method": N_(
        "Every number below comes from customers the model never saw: nested cross-validation on **{customers} "
        "customers** ({responders} accepted the last campaign), {folds} folds repeated {repeats} times with other "
        "splits, stratified by response and grouped by customer, so that a customer entered twice under another ID "
        "never sits on both sides of a split. Inside each fold the candidate with the lower log loss over an inner "
        "{inner}-fold split of the training customers is fitted and predicts the held-out customers."
    ),
    "response_result": N_(
        "The **{model}** has the lower cross-validated log loss and is kept. Held-out ROC AUC: **{auc}** (95% "
        "interval {low} to {high}; 0.5 is guessing, 1 is perfect). With a cost of {cost} per contact and {revenue} "
        "per acceptance, contacting a customer pays when their probability of accepting exceeds **{break_even}**."
    ),
    "response_result_no_pay": N_(
        "The **{model}** has the lower cross-validated log loss and is kept. Held-out ROC AUC: **{auc}** (95% "
        "interval {low} to {high}; 0.5 is guessing, 1 is perfect). At these economics no contact pays: each "
        "acceptance brings {revenue} and each contact costs {cost}, so the plans contact no one."
    ),
    "response_fit_all": N_(
        "The final model is fitted on all {rows} customers; the plans use the held-out probabilities above."
    ),
    "response_sampled": N_(
        "With {rows} customers, the cross-validation used a random sample of **{sample}** customers; the final "
        "model was fitted on a random sample of **{fit}** customers (at most {bound}), and every customer's "
        "held-out probability comes from a model fitted on a sample of the other half of the customers."
    ),
    "response_no_outcome": N_(
        "The data has no `Response` column, no outcome of a campaign: there is nothing to learn from, so no response "
        "model is fitted. The personas and their recommendations do not need one."
    ),
    "response_too_few": N_(
        "Of the {customers} customers whose response is known, {responders} accepted the last campaign and "
        "{decliners} declined. A response model judged by {folds}-fold cross-validation needs at least {minimum} "
        "of each, so none is fitted."
    ),
    # Stage 4: personas
    "description": Nn_(
        "{customers} customer ({share}): median spending {spending}, income {income}, {transactions} "
        "transactions, conversion rate {cvr}.",
        "{customers} customers ({share}): median spending {spending}, income {income}, {transactions} "
        "transactions, conversion rate {cvr}.",
        "customers",
    ),
    "overview": N_("{count} personas, from the highest spending to the lowest:"),
    "too_small_personas": N_(
        "{names}: fewer than {minimum} customers, too small to act on. A campaign built on so few customers "
        "rests on chance, so no persona plan picks them and their profit intervals are unreliable."
    ),
    "too_small_economics": N_(
        "{names}: fewer than {minimum} customers whose response is known, too small to act on: their intervals "
        "are unreliable and the plan does not pick them."
    ),
    "earn_too_small": N_(
        " With fewer than {minimum} customers whose response is known, this persona is too small to act on and "
        "the interval is unreliable."
    ),
    "interval_unreliable": N_("{low} to {high}, unreliable"),
    "largest": N_("The largest group is **{name}** with {share} of customers."),
    "rule": Nn_(
        "**{persona}** — {conditions} ({customers} customer, {purity} of them in this persona)",
        "**{persona}** — {conditions} ({customers} customers, {purity} of them in this persona)",
        "customers",
    ),
    "rule_none": N_("{label}: none"),
    "rule_at_most": N_("{label}: at most {value}"),
    "rule_at_least": N_("{label}: at least {value}"),
    "rule_between": N_("{label}: {low} to {high}"),
    "rule_up_to": N_("{label}: up to {value}"),
    "rule_above": N_("{label}: more than {value}"),
    "and": N_("and"),
    "all_customers": N_("any customer"),
    "agreement": N_(
        "These rules (a decision tree of depth {depth} on {features}; each rule covers at least {share} of the "
        "customers) assign {agreement} of customers to the same persona as K-Means; the features that separate "
        "the personas most are {top}."
    ),
    # Stage 5: recommendations
    "who": N_("Who"),
    "worth_label": N_("Worth"),
    "worth": N_(
        "median spending {spending} over two years; {response} accepted the last campaign ({lift}× the average)"
    ),
    "worth_none_accepted": N_(
        "median spending {spending} over two years; no customer of the file accepted the last campaign"
    ),
    "do_label": N_("What to do"),
    "earn_label": N_("What it should earn"),
    "earn": N_(
        "contacting all {customers} analysed customers would {verb} {profit} in the case study's monetary units "
        "(95% interval {low} to {high}; cost {cost} per contact, revenue {revenue} per acceptance)."
    ),
    "earn_uncertain": N_(
        " The interval runs from a loss to a profit: the last campaign does not show whether contacting them pays."
    ),
    "earn_verb": N_("earn"),
    "lose_verb": N_("lose"),
    "evidence": N_("Evidence"),
    "interval": N_("{low} to {high}"),
    "no_play": N_("No play applies."),
    "against_all": N_("{label}: {value} against {base} for all customers"),
    "plan": N_(
        "Of the {analysed} customers the personas describe, contact **{personas}**: {customers} of them, reaching "
        "{responders} of their responders to the last campaign, for an expected profit of {profit} in the case "
        "study's monetary units (contacting all {analysed}: {everyone})."
    ),
    "plan_none": N_(
        "No persona responds often enough to pay for the contact: contacting nobody is the most profitable plan "
        "with these costs."
    ),
    "plan_none_acting": N_(
        "No persona large enough to act on responds often enough to pay for the contact: contacting none of them "
        "is the most profitable persona plan with these costs."
    ),
    "model": N_(
        "The model is saved as [`{model}`](../artifacts/{model}) with its card "
        "[`model.json`](../artifacts/model.json): one fitted pipeline (imputation, scaling, PCA, K-Means) "
        "with the persona names and actions. {holds} At the project folder, assign new customers with:"
    ),
    "model_response": N_(
        "It also holds the **{model}**: scoring adds each customer's probability of accepting "
        "(`response_probability`), whether contacting them pays (`contact`: probability × {revenue} > {cost}) and "
        "the expected profit of contacting them (`expected_profit`)."
    ),
    "model_no_response": N_(
        "It holds no response model: the data had no campaign outcome to learn from, so scoring assigns personas only."
    ),
    "economics": N_(
        "Each contact costs **{cost}** ({cost_source}) and each acceptance earns **{revenue}** ({revenue_source}), "
        "in the case study's units: contacting a customer pays when their probability of accepting exceeds "
        "{break_even}."
    ),
    "economics_no_pay": N_(
        "Each contact costs **{cost}** ({cost_source}) and each acceptance earns **{revenue}** ({revenue_source}), "
        "in the case study's units: at these economics no contact pays, whoever accepts, so every plan contacts "
        "no one."
    ),
    "no_outcome": N_(
        "The data has no `Response`, no outcome of a campaign: there is nothing to learn from, so what contacting "
        "a persona or a customer would earn cannot be measured."
    ),
    "perfect_ceiling": N_("the ceiling,"),
    # Perfect targeting contacts only the responders; when no contact pays even that loses.
    "perfect_loses": N_("which contacts only the responders and still loses,"),
    "plans_intro": N_(
        "Every customer of the file, inside the personas' IQR fences or not, has a probability of accepting from "
        "a model that never saw them. The plan contacts a customer when that probability times the "
        "revenue exceeds the cost. The plans, all on the same customers: contact everyone (what the last campaign "
        "did), the best persona plan, the response model's plan{within_budget}, and perfect targeting (only the "
        "responders)."
    ),
    "plans_intro_budget": N_(" (and the same within the budget)"),
    "plans_scored_beyond_sample": N_(
        " The model's cross-validation gave the {sampled} customers of the learning sample theirs; the final "
        "model, fitted on them, gave the other {others}."
    ),
    "plans_population": N_("On all **{customers} customers** of the file"),
    "contact_list": N_(
        "**The contact list**, [`{name}`](../artifacts/{name}){spreadsheet}, holds the {customers} customers of "
        "this plan, best first: their persona, held-out probability of accepting, whether to contact them and the "
        "expected profit of doing so. The **{contacted}** marked *{yes}* are the plan above. Scoring them with the "
        "saved model (below) gives the final model's probabilities, fitted on all of them, which can differ a "
        "little from these held-out ones."
    ),
    "contact_list_counted": N_(
        "**The contact list**, [`{name}`](../artifacts/{name}){spreadsheet}, holds all {customers} customers of "
        "the file whose response is known, best first: their persona, probability of accepting, whether to contact "
        "them and the expected profit of doing so. The **{contacted}** marked *{yes}* are the plan above. The "
        "{sampled} customers of the learning sample carry held-out probabilities, which scoring with the saved "
        "model (below) replaces with the final model's, fitted on them; for the other {others}, scoring marks "
        "exactly the customers marked here."
    ),
    "provenance_heading": N_("### How each figure was counted"),
    "provenance_exact": N_(
        "- **Exact, over every customer** (passes over the whole file): customers read, missing values, "
        "duplicates, types, the IQR fences and the income median; the exclusions; persona sizes, shares, means, "
        "medians and quartiles, and so their value tiers and names; responders, cost, revenue and profit per "
        "persona; the plans' contacts, responders reached and profit (the plan within a budget included), the "
        "plan by persona and the contact list. Their 95% intervals are bootstraps drawn from these exact counts."
    ),
    "provenance_previous": N_(
        "- **Exact, over every customer of both files** (joined by ID): the comparison with the previous report, "
        "that is the agreement with its personas, the shares, the migration between personas, the drift (customers "
        "per decile of the previous file), the medians per persona and the payoff of its plan."
    ),
    "provenance_approximate": N_(
        "- **Approximate:** the ROC AUC on the customers the model never saw, read from {auc_bins} groups by "
        "probability (customers within a group count as tied, which moves it by under 0.005 in the tests); the "
        "profit curve and the calibration, drawn from {curve_bins} and {calibration_bins} groups of "
        "about equal size rather than customer by customer."
    ),
    "provenance_sampled": N_(
        "- **From the learning sample** ({sampled} of the {rows} customers, picked by their ID with a fixed seed): "
        "the rows stage 1 shows and its box plots; the exploration's correlations and charts; PCA, the choice of "
        "k and K-Means (the k search, elbow and silhouettes on at most {threshold} of them); the personas' point "
        "charts, stability and rules; the response model's cross-validation (its AUC, the candidates compared "
        "and the drivers, on at most {threshold}) and its final fit (on at most {fit})."
    ),
    "provenance_unsampled": N_(
        "- **Nothing from a sample:** the learning sample is the whole file, so every model learned from every "
        "customer too."
    ),
    "contact_list_spreadsheet": N_(" (for a spreadsheet, [`{name}`](../artifacts/{name}))"),
    "contact_list_budget": N_(" The **{within}** marked *{yes}* under `within_budget` are the plan within the budget."),
    "contact_list_none": N_("No contact list: without a response model there is no plan to list customer by customer."),
    "stability": N_(
        "A persona is worth building a campaign on when the same customers "
        "keep coming back together, whichever customers the clustering happens to see. To test that, K-Means was "
        "refitted on {resamples} resamples of the {customers} analysed customers, drawn with replacement; a "
        "persona's stability is the mean Jaccard similarity of its customers with the closest group of each refit "
        "(1: exactly the same customers every time). Above {high} a persona is highly stable, {stable} to {high} "
        "stable, {pattern} to {stable} a pattern rather than a group to build on, below {pattern} not to be "
        "trusted (Hennig's reading). {verdict} Refitted on all of them with {seeds} other random seeds, the "
        "personas agree with these at an adjusted Rand index of at least {ari} (1: the same split)."
    ),
    "stability_all": N_("Every persona is at least stable; the least, **{name}**, scores {value}."),
    "stability_some": N_(
        "{stable} of the {personas} personas are at least stable; the least, **{name}**, scores {value}: {reading}."
    ),
    "held_out": Nn_(
        "**The customers the model never saw.** {customers} customer of the file with a known response lies "
        "outside the learning sample, so neither the model's cross-validation nor its final fit saw them. {auc} "
        "Its plan contacts {contacted} of them and reaches {reached} responders, for a profit of **{profit}**.",
        "**The customers the model never saw.** {customers} customers of the file with a known response lie "
        "outside the learning sample, so neither the model's cross-validation nor its final fit saw them. {auc} "
        "Its plan contacts {contacted} of them and reaches {reached} responders, for a profit of **{profit}**.",
        "customers",
    ),
    "held_out_auc": N_(
        "On them its ROC AUC is **{auc}** (out of fold on the learning sample: {cv_auc}; read from {bins} groups "
        "of customers by probability)."
    ),
    "held_out_auc_none": N_("They hold one kind of response only, so no ROC AUC can be read on them."),
    "budget_plan": Nn_(
        "**Within {limit}**, the plan contacts the **{contacted}** customer with the highest expected profit and "
        "reaches **{reached}** of the {responders} responders ({reached_share}), for **{profit}** (95% interval "
        "{low} to {high}), against {unconstrained} for the plan without a limit.{binding}",
        "**Within {limit}**, the plan contacts the **{contacted}** customers with the highest expected profit and "
        "reaches **{reached}** of the {responders} responders ({reached_share}), for **{profit}** (95% interval "
        "{low} to {high}), against {unconstrained} for the plan without a limit.{binding}",
        "contacted",
    ),
    "budget_amount": Nn_(
        "a budget of {amount} ({allowed} contact at {cost} each)",
        "a budget of {amount} ({allowed} contacts at {cost} each)",
        "allowed",
    ),
    # TRANSLATORS: {most} reads "at most 5 contacts" and {allowed} "3 contacts", each its own message.
    "budget_amount_and_most": N_("a budget of {amount} and {most} ({allowed})"),
    "budget_most": Nn_("at most {most} contact", "at most {most} contacts", "most"),
    "contact_count": Nn_("{count} contact", "{count} contacts"),
    "budget_not_binding": N_(" The limit allows more contacts than the plan makes, so both plans are the same."),
    "no_targeting": N_(
        "No response model was fitted (the modeling stage says why), so no customer-level plan can be made."
    ),
    "plans_finding": N_(
        "{population}, the response model's plan contacts **{contacted}** ({share}) "
        "and reaches **{reached}** of the {responders} responders ({reached_share}), for a held-out profit of "
        "**{profit}** (95% interval {low} to {high}). Contacting everyone, as the last campaign did, gives "
        "{everyone}; the best persona plan {persona}; perfect targeting, {perfect_is} {perfect}."
    ),
    "persona_plan_note": N_(
        "The best persona plan contacts {personas}: the personas whose contacts paid, chosen on the same customers it "
        "is judged on, which flatters it."
    ),
    "persona_plan_none": N_("No persona paid for its contacts, so the best persona plan contacts nobody."),
    "calibration_finding": N_(
        "Across {bins} equal groups of customers ordered by predicted probability, the observed response rate is "
        "within {gap} percentage points of the predicted one."
    ),
    "by_persona_line": Nn_(
        "- **{persona}**: contact {contacted} ({share}) of the {customers} customer of the file assigned to this "
        "persona{outside}, reaching {reached} of their {responders} responders; {profit} on the last campaign's "
        "outcome.",
        "- **{persona}**: contact {contacted} ({share}) of the {customers} customers of the file assigned to this "
        "persona{outside}, reaching {reached} of their {responders} responders; {profit} on the last campaign's "
        "outcome.",
        "customers",
    ),
    "outside_range": N_(" ({count} of them outside the analysed range)"),
    "by_persona_summary_every": N_("The plan contacts every customer of every persona."),
    "by_persona_summary_none": N_("The plan contacts no one."),
    "share_of_every": N_("every customer of the {persona}"),
    "share_of_none": N_("none of the {persona}"),
    "share_of": N_("{share} of the {persona}"),
    "by_persona_summary": N_("Personas and targeting tell one story: the plan contacts {most} and {least}."),
    "drivers_intro": N_(
        "What drives response, measured on the held-out folds: how much the ROC AUC drops when one feature's values "
        "are shuffled among the customers."
    ),
    "driver_line": N_("- **{label}**: {direction} (AUC −{drop})"),
    "more_accept": N_("the more, the likelier to accept"),
    "less_accept": N_("the less, the likelier to accept"),
    "target_label": N_("Whom to contact"),
    "target": Nn_(
        "the response model contacts {contacted} ({share}) of this persona's {customers} customer in the whole "
        "file{outside}, reaching {reached} of their {responders} responders: {profit} on the last campaign's "
        "outcome, held out.",
        "the response model contacts {contacted} ({share}) of this persona's {customers} customers in the whole "
        "file{outside}, reaching {reached} of their {responders} responders: {profit} on the last campaign's "
        "outcome, held out.",
        "customers",
    ),
    "earn_no_outcome": N_("not measurable: the data has no campaign outcome."),
    "worth_no_outcome": N_("median spending {spending} over two years"),
}

# Words that complete the phrases above.
WORDS = {
    "very weak": N_("very weak"),
    "weak": N_("weak"),
    "moderate": N_("moderate"),
    "strong": N_("strong"),
    "positive": N_("positive"),
    "negative": N_("negative"),
    "rupiah": N_("rupiah"),
    "contact_cost_option": N_("set for this run"),
    "contact_cost_file": N_("the cost per contact the file records"),
    "contact_cost_case_study": N_("**the file records no cost per contact: the case study's value is assumed**"),
    "revenue_option": N_("set for this run"),
    "revenue_file": N_("the revenue per acceptance the file records"),
    "revenue_case_study": N_("**the file records no revenue per acceptance: the case study's value is assumed**"),
    "logistic_regression": N_("regularised logistic regression"),
    "gradient_boosting": N_("histogram gradient boosting"),
    "everyone": N_("Contact everyone (the last campaign)"),
    "best_persona_plan": N_("Best persona plan"),
    "response_model": N_("Response model (probability × revenue > cost)"),
    "within_budget": N_("Response model within the budget"),
    "perfect": N_("Perfect targeting (the responders only)"),
    "plain units": N_("plain units"),
    "layout_rakamin": N_("Rakamin edition (rupiah, Indonesian labels)"),
    "layout_original": N_("public original (plain units, English labels)"),
    "comma": N_("comma"),
    "semicolon": N_("semicolon"),
    "tab": N_("tab"),
    "highly_stable": N_("highly stable"),
    "stable": N_("stable"),
    # Short: a persona card shows them beside their label, on one line.
    "pattern": N_("a pattern only"),
    "unstable": N_("unreliable"),
    "yes": N_("yes"),
    "no": N_("no"),
    "date cells": N_("spreadsheet date cells"),
    "Indonesian": N_("Indonesian"),
    "English": N_("English"),
}

# Column headers of the tables a reader sees.
HEADERS = {
    "stability jaccard": N_("stability (mean Jaccard)"),
    "reading": N_("reading"),
    "check": N_("check"),
    "finding": N_("finding"),
    "value": N_("value"),
    "layout": N_("layout"),
    "type": N_("type"),
    "non-missing": N_("non-missing"),
    "distinct": N_("distinct"),
    "feature": N_("feature"),
    "column": N_("column"),
    "k": N_("number of clusters k"),
    "distortion": N_("distortion"),
    "silhouette": N_("silhouette"),
    "calinski_harabasz": N_("Calinski-Harabasz"),
    "davies_bouldin": N_("Davies-Bouldin"),
    "lower fence": N_("lower fence"),
    "upper fence": N_("upper fence"),
    "beyond the fences": N_("customers beyond the fences"),
    "layout_name": N_("layout"),
    "file_format": N_("file format"),
    "separator": N_("separator"),
    "index_column": N_("leading index column"),
    "date_format": N_("enrolment dates"),
    "currency": N_("money amounts"),
    "labels": N_("category labels"),
    "extra_columns": N_("columns not used"),
    "median": N_("median"),
    "mean": N_("mean"),
    "smallest": N_("smallest"),
    "largest": N_("largest"),
    "computed as": N_("computed as"),
    "persona": N_("persona"),
    "customers": N_("customers"),
    "analysed customers": N_("analysed customers"),
    "share": N_("share"),
    "median income": N_("median income"),
    "median spending": N_("median spending"),
    "median transactions": N_("median transactions"),
    "median conversion rate": N_("median conversion rate"),
    "response rate": N_("response rate"),
    "lift": N_("lift"),
    "earlier campaigns, acceptance": N_("earlier campaigns, acceptance"),
    "profit of contacting all": N_("profit of contacting all (case-study units)"),
    "95% interval": N_("95% interval"),
    "profit per contact": N_("profit per contact (case-study units)"),
    "model": N_("model"),
    "held-out AUC": N_("held-out ROC AUC"),
    "log loss": N_("log loss"),
    "plan profit": N_("profit of its plan"),
    "chosen in folds": N_("chosen in outer folds"),
    "plan": N_("plan"),
    "customers contacted": N_("customers contacted"),
    "responders reached": N_("responders reached"),
    "expected profit": N_("held-out profit"),
    "contacted": N_("contacted"),
    "responders": N_("responders"),
}

# The quality findings, one line per check.
FINDINGS = {
    "missing": N_("Missing values"),
    "duplicate_rows": N_("Duplicate rows (all columns)"),
    "duplicate_customers": N_("Same customer under another ID"),
    "impossible_birth_years": N_("Birth years implying age over {oldest}"),
    "zero_web_visits": N_("Customers with zero web visits"),
    "outliers": N_("Outliers by IQR (filtered columns)"),
    # TRANSLATORS: {values} reads "505 values" and {columns} "5 columns", each its own message.
    "outliers_value": N_("{values} in {columns}"),
    "value_count": Nn_("{count} value", "{count} values"),
    "column_count": Nn_("{count} column", "{count} columns"),
    "none": N_("none"),
}

# Plays: what to do, and the label of the number that triggered it.
ACTIONS = {
    "loyalty_exclusivity": N_("Keep them: loyalty rewards, exclusive offers and early access to premium products."),
    "referral": N_("Turn their campaign enthusiasm into a referral programme with rewards for both sides."),
    "alternative_channels": N_("Reach them outside the website: email, SMS and social media campaigns."),
    "nurturing": N_("Nurture them: personalised recommendations and targeted offers that raise purchase frequency."),
    "retargeting": N_("Use their web visits: personalised site content and retargeting ads for products they viewed."),
    "soft_selling": N_("Soft-sell: educational, helpful content rather than hard offers they ignore."),
    "win_back": N_("Win them back: a reminder with a time-limited incentive before they lapse for good."),
    "family_bundles": N_("Offer family bundles and deals on everyday categories."),
}
EVIDENCE_LABELS = {
    "Total_Spending": N_("mean spending"),
    "Total_Accepted_Campaign": N_("campaigns accepted per customer"),
    "NumWebVisitsMonth": N_("web visits per month"),
    "Total_Transaction": N_("transactions per customer"),
    "Recency": N_("days since last purchase"),
    "Total_Children": N_("children at home"),
}

# The pages around the notebooks: the landing page, the navigation bars and the stage titles.
PAGE_PHRASES = {
    "report_title": N_("Customer personality report"),
    "lede": N_("{personas} customer personas among {used} of {read} customers in {file}, run on {date}."),
    "personas_heading": N_("Personas"),
    "personas_hint": N_(
        "Named from what sets each apart, ordered by median spending; shares are of the customers analysed. "
        "Profit is in the case study's monetary units: each contact costs the file's cost per contact, each "
        "acceptance earns its revenue per acceptance. Stability says how reliably a persona's customers come back "
        "together when the clustering is redone on other customers (1: always the same)."
    ),
    "customer_count": Nn_("{count} customer", "{count} customers"),
    "too_small_card": N_("Too small to act on (fewer than {minimum} customers)"),
    "median_income": N_("median income"),
    "median_spending": N_("median spending"),
    "median_transactions": N_("median transactions"),
    "median_cvr": N_("median conversion rate"),  # as the persona page's table says
    "response_rate": N_("last campaign response"),
    "stability_card": N_("stability"),
    "expected_profit": N_("profit, contacting all analysed"),
    "top_recommendation": N_("Top recommendation"),
    "stages_heading": N_("The analysis, stage by stage"),
    "stages_hint": N_(
        "The business view shows results and text; the analyst view is the executed notebook with its code."
    ),
    "business_view": N_("business view"),
    "analyst_view": N_("analyst view"),
    "analyst_view_hint": N_("the executed notebook with its code"),
    "facts_heading": N_("What was analysed"),
    "data_file": N_("Data file"),
    "layout": N_("Layout"),
    "customers_fact": N_("{read} read, {used} analysed ({share}) after cleaning"),
    "imputed_fact": N_("{count} of them without an income, kept with the median income {income}"),
    "customers_label": N_("Customers"),
    "excluded_label": N_("Left out"),
    "excluded_fact": Nn_(
        "{count} customer; reasons (a customer can have several): {reasons}.",
        "{count} customers; reasons (a customer can have several): {reasons}.",
    ),
    "missing_income_warning": N_(
        "{share} of the customers have no income: rerun with --impute-income to keep them with the median income."
    ),
    "run": N_("Run"),
    "parameters": N_("Parameters"),
    "segmentation": N_("Segmentation"),
    "segmentation_fact": N_("PCA and K-Means, {k} clusters, silhouette {silhouette}"),
    "project_version": N_("Project version"),
    "targeting": N_("Whom to contact"),
    "targeting_fact": N_(
        "{model} (held-out AUC {auc}): contact {share} of customers for a profit of {profit}; "
        "contacting everyone: {everyone}"
    ),
    "targeting_on_sample": N_(" (learned from {sampled} of the {rows} customers, counted on all of them)"),
    "targeting_too_few": Nn_(
        "no response model: {responders} customer accepted the last campaign and {decliners} declined, too few of "
        "one kind to learn from (see the modeling stage)",
        "no response model: {responders} customers accepted the last campaign and {decliners} declined, too few of "
        "one kind to learn from (see the modeling stage)",
        "responders",
    ),
    "targeting_none": N_("no response model: the data gives nothing to learn from (see the modeling stage)"),
    "footer": N_("Data behind the pages"),
    "segments_csv": N_("every analysed customer with their persona"),
    "contact_list_csv": N_("whom to contact, customer by customer"),
    "personas_csv": N_("one row per persona"),
    "summary_json": N_("the key results as data"),
    "report_home": N_("Report home"),
    "position": N_("Stage {number} (stages 0 to {last})"),
    "parameter_n_clusters": N_("personas (k)"),
    "parameter_random_state": N_("random state"),
    "parameter_reference_year": N_("reference year"),
    "parameter_date_order": N_("date order"),
    "date_order_default": N_("inferred from the data"),
    "parameter_lang": N_("language"),
    "parameter_sampling_threshold": N_("sampling threshold"),
    "parameter_sample_rows": N_("learning sample, at most"),
    "parameter_sheet": N_("sheet"),
    "sheet_default": N_("the first"),
    "parameter_impute_income": N_("impute missing incomes"),
    "parameter_previous": N_("previous report"),
    "previous_default": N_("none"),
    "parameter_contact_cost": N_("cost per contact"),
    "contact_cost_default": N_("from the data"),
    "parameter_revenue": N_("revenue per acceptance"),
    "revenue_default": N_("from the data"),
    "parameter_budget": N_("budget for contacts"),
    "budget_default": N_("no limit"),
    "parameter_max_contacts": N_("contacts, at most"),
    "max_contacts_default": N_("no limit"),
    "parameter_engine": N_("engine"),
    "analyst_view_label": N_("analyst view, with code"),
    "hide_code": N_("Hide the code (business view)"),
    "show_code": N_("Show the code (analyst view)"),
}
STAGE_TITLES = {
    "00_problem_statement": N_("Problem statement"),
    "01_data_preparation": N_("Data preparation"),
    "02_exploratory_analysis": N_("Exploratory analysis"),
    "03_modeling": N_("Modeling"),
    "04_persona_analysis": N_("Persona analysis"),
    "05_recommendations": N_("Business recommendations"),
}


# English nouns that follow a count; Indonesian nouns do not change with the number.
def sentence(message: str | Counted, lang: str, **values) -> str:
    """``message`` (marked with ``N_``) in ``lang`` with ``values`` filled in. A message about a number (``Nn_``)
    takes the form ``lang`` uses for the number its placeholder is given (gettext's plural forms: '1 customer
    appears', '2 customers appear'), written as ``count`` writes it."""
    if isinstance(message, Counted):
        number = values[message.number]
        values = {**values, message.number: count(number, lang)}
        # gettext's plural rules take a Python int (a count from pandas may be a NumPy integer or a whole float).
        return ngettext(message.singular, message.plural, int(number), lang).format(**values)
    return translated(message, lang).format(**values)


def text(key: str, lang: str, **values) -> str:
    """The phrase ``key`` in ``lang`` with ``values`` filled in."""
    return sentence(PHRASES[key], lang, **values)


def input_name(record: dict, lang: str) -> str:
    """What a run analysed in words, from its ``data`` record (``InputIdentity.as_record``): a file's name, or
    '3 files in lake' for a folder and '3 files matching 2026-*.csv' for a glob."""
    kind = record.get("input", "file")
    if kind == "file":
        return record["file"]
    return text(f"input_{kind}", lang, files=record["files"], name=record["file"])


def word(key: str, lang: str) -> str:
    return translated(WORDS[key], lang)


def at_sentence_start(text: str) -> str:
    """``text`` opening a sentence: its first letter upper-case, the others as written (``str.capitalize`` would
    lower-case them)."""
    return text[:1].upper() + text[1:]


def layout_name(name: str, lang: str) -> str:
    """A file layout (``loading.Layout.name``) as a reader calls it; a layout this project does not know keeps its
    own name (the page escapes it)."""
    key = f"layout_{name}"
    return word(key, lang) if key in WORDS else name


def header(key: str, lang: str) -> str:
    """A table column's header in ``lang``."""
    return translated(HEADERS[key], lang)


def finding(key: str, lang: str, **values) -> str:
    return sentence(FINDINGS[key], lang, **values)


def page_text(key: str, lang: str, **values) -> str:
    """The page phrase ``key`` in ``lang`` with ``values`` filled in."""
    return sentence(PAGE_PHRASES[key], lang, **values)


def persona_name(key: str, lang: str) -> str:
    """The name of the persona ``key`` (``high-value/frequent-buyers``): 'High-Value Frequent Buyers' in English,
    'Pembeli Rutin Bernilai Tinggi' in Indonesian; a persona known by its tier alone (``mid-value/customers``) is
    'Mid-Value Customers' / 'Pelanggan Bernilai Menengah'."""
    tier, trait = key.split("/", 1)
    # TRANSLATORS: a persona's name, its value tier ("High-Value") and its trait ("Frequent Buyers"), in the
    # order the language puts a noun and the words that describe it.
    name = translated(N_("{tier} {trait}"), lang)
    return name.format(tier=translated(TIERS[tier], lang), trait=translated(TRAITS[trait], lang))


def stages(stage_ids, lang: str) -> tuple[tuple[str, str], ...]:
    """(stage id, title in ``lang``) for each stage."""
    return tuple((stage, translated(STAGE_TITLES[stage], lang)) for stage in stage_ids)


def run_date(moment, lang: str) -> str:
    """'25 November 2026, 09:05 UTC'; month names are spelled in ``lang`` (Babel's locale data), not in the
    machine's locale."""
    return f"{format_date(moment, 'd MMMM y', locale=known_language(lang))}, {moment:%H:%M %Z}".strip()


def language_name(code: str, lang: str) -> str:
    """The name of the report language ``code`` in ``lang``, from Babel's locale data (CLDR): 'Indonesian' in
    English, 'Inggris' in Indonesian; a language given a catalog has its name with no message to add."""
    return Locale.parse(code).get_display_name(known_language(lang))
