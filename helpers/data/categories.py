"""The category labels of the customer table: Education and Marital_Status.

The Rakamin file writes them in Indonesian, the public original in English;
both load, and Education is coded by level for the clustering.
"""

ENGLISH_EDUCATION = {"SMA": "Basic", "D3": "2n Cycle", "S1": "Graduation", "S2": "Master", "S3": "PhD"}
ENGLISH_MARITAL = {
    "Menikah": "Married",
    "Bertunangan": "Together",
    "Lajang": "Single",
    "Cerai": "Divorced",
    "Janda": "Widow",
    "Duda": "Alone",
}
ENGLISH_LABELS = {"Education": ENGLISH_EDUCATION, "Marital_Status": ENGLISH_MARITAL}

# Education levels from the lowest, as the Rakamin file labels them.
EDUCATION_LEVELS = ("SMA", "D3", "S1", "S2", "S3")
# Both languages' labels of a level share its code.
EDUCATION_CODES = {
    **{label: code for code, label in enumerate(EDUCATION_LEVELS)},
    **{ENGLISH_EDUCATION[label]: code for code, label in enumerate(EDUCATION_LEVELS)},
}


def to_indonesian(column: str) -> dict[str, str]:
    """English label -> Indonesian label of ``column`` (Education or Marital_Status)."""
    return {english: indonesian for indonesian, english in ENGLISH_LABELS[column].items()}


def label_language(education) -> str:
    """``English`` or ``Indonesian``: the language most Education labels are written in."""
    return "English" if education.isin(ENGLISH_EDUCATION.values()).mean() > 0.5 else "Indonesian"
