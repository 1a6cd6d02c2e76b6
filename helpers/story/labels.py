"""What a reader calls each column and each part of a chart, in every report language.

The business view never shows a raw column name (``Total_Spending``) or a chart's
default title: tables, charts, rules and sentences all take their words from here.
"""

from __future__ import annotations

from helpers.story import phrases
from helpers.story.translation import N_, Nn_, translated

# Every column and engineered feature a reader may meet, as a reader calls it.
COLUMNS = {
    "ID": N_("Customer ID"),
    "Year_Birth": N_("Birth year"),
    "Education": N_("Education"),
    "Marital_Status": N_("Marital status"),
    "Income": N_("Income per year"),
    "Kidhome": N_("Young children at home"),
    "Teenhome": N_("Teenagers at home"),
    "Dt_Customer": N_("Enrolment date"),
    "Recency": N_("Days since last purchase"),
    "MntCoke": N_("Spending on coke (2 years)"),
    "MntFruits": N_("Spending on fruit (2 years)"),
    "MntMeatProducts": N_("Spending on meat (2 years)"),
    "MntFishProducts": N_("Spending on fish (2 years)"),
    "MntSweetProducts": N_("Spending on sweets (2 years)"),
    "MntGoldProds": N_("Spending on gold products (2 years)"),
    "NumDealsPurchases": N_("Purchases on discount"),
    "NumWebPurchases": N_("Web purchases"),
    "NumCatalogPurchases": N_("Catalogue purchases"),
    "NumStorePurchases": N_("Store purchases"),
    "NumWebVisitsMonth": N_("Web visits per month"),
    "AcceptedCmp1": N_("Accepted campaign 1"),
    "AcceptedCmp2": N_("Accepted campaign 2"),
    "AcceptedCmp3": N_("Accepted campaign 3"),
    "AcceptedCmp4": N_("Accepted campaign 4"),
    "AcceptedCmp5": N_("Accepted campaign 5"),
    "Complain": N_("Complained"),
    "Z_CostContact": N_("Cost per contact"),
    "Z_Revenue": N_("Revenue per acceptance"),
    "Response": N_("Accepted the last campaign"),
    "Membership_Duration": N_("Years as a member"),
    "Age": N_("Age (years)"),
    "Age_Category": N_("Age group"),
    "Total_Children": N_("Children at home"),
    "Total_Transaction": N_("Transactions (2 years)"),
    "Total_Spending": N_("Total spending (2 years)"),
    "Total_Accepted_Campaign": N_("Campaigns accepted (of 5)"),
    "CVR": N_("Conversion rate (transactions per web visit)"),
    "Education_Code": N_("Education level"),
    "Membership_Days": N_("Days as a member"),
    "In_Couple": N_("Married or living together"),
    "PC1": N_("Principal component 1"),
    "PC2": N_("Principal component 2"),
}

# How each engineered feature is computed, in words (the seed's Table 2).
DEFINITIONS = {
    "Membership_Duration": N_("reference year − year of enrolment"),
    "Age": N_("reference year − birth year"),
    "Age_Category": N_("under 40: young adult; under 60: middle-aged adult; otherwise: older adult"),
    "Total_Children": N_("young children + teenagers at home"),
    "Total_Transaction": N_("purchases on discount + on the web + from the catalogue + in store"),
    "Total_Spending": N_("spending on the six product groups"),
    "Total_Accepted_Campaign": N_("campaigns 1 to 5 accepted"),
    "CVR": N_("transactions per web visit last month (0 without a visit)"),
    "Education_Code": N_("high school 0, diploma 1, bachelor 2, master 3, doctorate 4"),
}

# Titles, axes and legends of the figures.
CHARTS = {
    "money_unit_rupiah": N_("Rp million"),
    "money_unit_plain": N_("thousand plain units"),
    "missing_title": N_("Missing values per column"),
    "missing_none": N_("No missing values"),
    "missing_axis": N_("customers without a value"),
    "fences_title": N_("Outliers by IQR on the filtered columns"),
    "fences_axis": N_("value (dashed: IQR fences)"),
    "cvr_title": N_("{feature} (r = {r})"),
    "cvr_suptitle": N_("Conversion rate against income, spending and age"),
    "income_spending_title": N_("Income and total spending"),
    "income_spending_by_persona": N_("Income and total spending by persona"),
    "persona": N_("Persona"),
    "elbow_title": N_("Distortion by number of clusters"),
    "elbow_axis": N_("distortion (sum of squared distances)"),
    "elbow_marker": N_("elbow at k = {k}, distortion {score}"),
    "k_axis": N_("number of clusters k"),
    "chosen_k": N_("chosen k = {k}"),
    "silhouette_score": N_("Silhouette (higher is better)"),
    "calinski_harabasz": N_("Calinski-Harabasz (higher is better)"),
    "davies_bouldin": N_("Davies-Bouldin (lower is better)"),
    "score": N_("score"),
    "silhouette_title": N_("How well each customer fits their persona (silhouette)"),
    "silhouette_axis": N_("silhouette coefficient"),
    "silhouette_customers": N_("customers, grouped by persona"),
    "silhouette_mean": N_("average {value}"),
    "pca_title": N_("Customers on the two principal components, by persona"),
    "standardised_units": N_("standardised units"),
    "shares_title": N_("Share of customers by persona"),
    "shares_axis": N_("share of customers (%)"),
    "heatmap_title": N_("What sets each persona apart (mean, in standard deviations from all customers)"),
    "heatmap_scale": N_("standard deviations from all customers"),
    "importance_title": N_("What separates the personas (decision-tree importance)"),
    "importance_axis": N_("share of the tree's separating power"),
    "profit_title": N_("Profit of contacting every customer of a persona (last campaign, 95% interval)"),
    "profit_axis": N_("profit (case-study monetary units)"),
    "gain_title": N_("Responders reached as more customers are contacted"),
    "gain_profit_title": N_("Cumulative expected profit"),
    "contacted_axis": N_("customers contacted (%)"),
    "responders_axis": N_("last campaign's responders reached (%)"),
    "personas_best_first": N_("personas, best first"),
    "random_targeting": N_("random targeting"),
    "contact_everyone": N_("contact everyone"),
    "contact_all_analysed": N_("contact every analysed customer"),
    "recommended_plan": N_("recommended plan"),
    "plans_title": N_("Profit of each plan on the same {customers} customers (held-out, 95% interval)"),
    "response_model": N_("response model"),
    "response_model_line": N_("response model, likeliest first"),
    "perfect_targeting": N_("perfect targeting"),
    "likeliest_first_axis": N_("customers contacted, likeliest first (%)"),
    "interval_band": N_("95% interval"),
    "the_plan": N_("the plan: probability > {break_even}"),
    "within_budget_point": Nn_(
        "within the budget: {contacts} contact", "within the budget: {contacts} contacts", "contacts"
    ),
    "the_plan_no_one": N_("the plan: no one (no contact pays)"),
    "profit_by_share_title": N_("Profit against the share contacted"),
    "plan_point": N_("the plan contacts {share} and reaches {reached} of the responders for {profit}"),
    "perfectly_calibrated": N_("perfectly calibrated"),
    "break_even": N_("break-even {value}"),
    "calibration_title": N_("Predicted against observed"),
    "predicted_axis": N_("predicted probability of accepting (held-out)"),
    "observed_axis": N_("share who accepted"),
    "calibration_gap": N_("observed within {gap} percentage points of predicted"),
    "contacted_of": N_("{share} ({contacted} of {customers})"),
    "contacts_title": N_("Share of each persona the response model contacts (every customer of the file)"),
}


def column(name: str, lang: str) -> str:
    """A column's name as a reader says it; an unknown column keeps its own name."""
    return translated(COLUMNS[name], lang) if name in COLUMNS else name


def definition(feature: str, lang: str) -> str:
    return translated(DEFINITIONS[feature], lang)


def in_sentence(name: str, lang: str) -> str:
    """A column's name inside a sentence: ``batas pendapatan per tahun``, not ``batas Pendapatan per tahun``."""
    label = column(name, lang)
    return label[:1].lower() + label[1:] if name in COLUMNS else label


def chart(key: str, lang: str, **values) -> str:
    return phrases.sentence(CHARTS[key], lang, **values)
