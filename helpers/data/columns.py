"""Names of the columns of the canonical customer table and its engineered features."""

ID = "ID"

SPENDING = (
    "MntCoke",
    "MntFruits",
    "MntMeatProducts",
    "MntFishProducts",
    "MntSweetProducts",
    "MntGoldProds",
)
PURCHASES = ("NumDealsPurchases", "NumWebPurchases", "NumCatalogPurchases", "NumStorePurchases")
# Money columns: rupiah in the Rakamin layout, plain units in the public original.
AMOUNTS = ("Income", *SPENDING)
# Every column whose values are amounts of money, the input's and the engineered total.
MONEY = frozenset({*AMOUNTS, "Total_Spending"})
CAMPAIGNS = ("AcceptedCmp1", "AcceptedCmp2", "AcceptedCmp3", "AcceptedCmp4", "AcceptedCmp5")

RAW = (
    ID,
    "Year_Birth",
    "Education",
    "Marital_Status",
    "Income",
    "Kidhome",
    "Teenhome",
    "Dt_Customer",
    "Recency",
    *SPENDING,
    *PURCHASES,
    "NumWebVisitsMonth",
    "AcceptedCmp3",
    "AcceptedCmp4",
    "AcceptedCmp5",
    "AcceptedCmp1",
    "AcceptedCmp2",
    "Complain",
    "Z_CostContact",
    "Z_Revenue",
    "Response",
)
# The last campaign's outcome and its economics: a customer list with no campaign yet lacks them.
# A missing optional column is read as missing values.
OUTCOME = "Response"
OPTIONAL = ("Z_CostContact", "Z_Revenue", OUTCOME)
REQUIRED = tuple(c for c in RAW if c not in OPTIONAL)
NUMERIC_RAW = tuple(c for c in RAW if c not in ("Education", "Marital_Status", "Dt_Customer"))

ENGINEERED = (
    "Membership_Duration",
    "Age",
    "Total_Children",
    "Total_Transaction",
    "Total_Spending",
    "Total_Accepted_Campaign",
    "CVR",
    "Education_Code",
)

# The seed's clustering matrix: every numeric column but the identifiers and the
# birth year (Age carries it), in the seed's order.
CLUSTERING = tuple(c for c in NUMERIC_RAW if c not in (ID, "Year_Birth")) + ENGINEERED
