import pandas as pd
import pytest

from helpers.data import features, loading
from helpers.errors import InputDataError


def test_conversion_rate_is_zero_without_visits_and_rounded():
    rate = features.conversion_rate(pd.Series([10, 7, 3]), pd.Series([3, 0, 4]))
    assert rate.tolist() == [3.33, 0.0, 0.75]


def test_age_categories_at_their_boundaries():
    assert features.age_category(pd.Series([39, 40, 59, 60])).tolist() == [
        "Young Adult",
        "Middle-Aged Adult",
        "Middle-Aged Adult",
        "Old Adult",
    ]


def test_features_are_counted_to_the_reference_year_not_today(synthetic_csv):
    customers = loading.load_customers(synthetic_csv)
    first = customers.iloc[0]
    prepared = features.engineer_features(customers, reference_year=2023).iloc[0]
    assert prepared["Age"] == 2023 - first["Year_Birth"]
    assert prepared["Membership_Duration"] == 2023 - first["Dt_Customer"].year
    assert prepared["Total_Spending"] == sum(
        first[c]
        for c in ("MntCoke", "MntFruits", "MntMeatProducts", "MntFishProducts", "MntSweetProducts", "MntGoldProds")
    )
    assert prepared["Total_Transaction"] == sum(
        first[c] for c in ("NumDealsPurchases", "NumWebPurchases", "NumCatalogPurchases", "NumStorePurchases")
    )
    assert prepared["Total_Children"] == first["Kidhome"] + first["Teenhome"]


def test_english_and_indonesian_education_labels_share_codes(synthetic_csv):
    customers = loading.load_customers(synthetic_csv).head(2).assign(Education=["PhD", "S3"])
    assert features.engineer_features(customers, 2023)["Education_Code"].tolist() == [4, 4]


def test_unknown_education_label_is_named(synthetic_csv):
    customers = loading.load_customers(synthetic_csv).head(3).assign(Education=["S1", "Doctorate", "S2"])
    with pytest.raises(InputDataError, match="'Doctorate'"):
        features.engineer_features(customers, 2023)
