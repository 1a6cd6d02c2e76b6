"""The Rakamin file's Indonesian category labels and their English names in the public original."""

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


def to_indonesian(column: str) -> dict[str, str]:
    """English label -> Indonesian label of ``column`` (Education or Marital_Status)."""
    return {english: indonesian for indonesian, english in ENGLISH_LABELS[column].items()}
