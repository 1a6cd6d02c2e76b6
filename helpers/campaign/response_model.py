"""Who accepts an offer: a customer-level model of ``Response``, judged only on customers it never saw.

Features are what is known before a campaign: demographics, household, income,
spending and purchases, web visits, recency, membership, earlier campaigns and
the engineered features. Never ``Response``, ``ID``, ``Z_CostContact``,
``Z_Revenue``, nor the persona: the segmentation clusters on every numeric
column, ``Response`` among them (as the published analysis did), so a persona
carries the outcome it would be asked to predict.

Two candidates, a regularised logistic regression and histogram gradient
boosting, each a pipeline that handles missing and implausible values itself.
Evaluation is nested: in every outer fold of a repeated, stratified k-fold
grouped by customer, the candidate with the lower log loss over an inner
k-fold of the training part is fitted and predicts the held-out part. Every
number reported comes from those held-out predictions; the contact rule
(probability × revenue > cost) follows from the economics, not from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit
from scipy.stats import rankdata, spearmanr
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from helpers.campaign.economics import Economics
from helpers.data import columns
from helpers.data.categories import ENGLISH_MARITAL
from helpers.data.cleaning import customer_groups

OUTER_FOLDS = 5
INNER_FOLDS = 3
# Repeats of the outer k-fold with other splits: at a few thousand customers one split is noisy.
REPEATS = 3
# Above the sampling threshold, the final model (and each half's model) is fitted on at most this many customers.
MAX_FIT_ROWS = 50_000
PREDICT_ROWS = 1_000_000
BOOTSTRAP_DRAWS = 1_000
IMPORTANCE_REPEATS = 3
TOP_DRIVERS = 5
# Fewer responders (or non-responders) than this cannot fill the folds: nothing to learn from.
MIN_CLASS_CUSTOMERS = 2 * OUTER_FOLDS

# Never a feature: the identifier, the campaign's economics and its outcome.
NOT_FEATURES = (columns.ID, "Z_CostContact", "Z_Revenue", columns.OUTCOME)
# Days of membership before the reference year, and whether the customer lives as a couple
# (married or together): the published analysis kept neither, and the response depends on both.
EXTRA_FEATURES = ("Membership_Days", "In_Couple")
# What is known before a campaign. Where a published feature repeats its parts one of them is kept,
# which validates as well and says more: the campaigns accepted (not each campaign), membership in
# days (not years), children and teenagers (not their sum).
FEATURES = (
    "Income", "Kidhome", "Teenhome", "Recency", *columns.SPENDING, *columns.PURCHASES, "NumWebVisitsMonth",
    "Complain", "Age", "Total_Transaction", "Total_Spending", "Total_Accepted_Campaign", "CVR", "Education_Code",
    *EXTRA_FEATURES,
)  # fmt: skip
# Money, counts and rates are skewed, with implausible extremes (a 666,666,000 income): the logistic
# regression sees them on a log scale, which validates better (trees are indifferent to it).
LOG_SCALE = ("Income", *columns.SPENDING, "Total_Spending", *columns.PURCHASES, "NumWebVisitsMonth")
LOG_SCALE += ("Total_Transaction", "CVR")
# Married or together, in either language of the labels; the other labels live without a partner.
COUPLE = ("Menikah", "Bertunangan")
COUPLE_LABELS = {
    **{label: float(label in COUPLE) for label in ENGLISH_MARITAL},
    **{english: float(label in COUPLE) for label, english in ENGLISH_MARITAL.items()},
}

CANDIDATES = ("logistic_regression", "gradient_boosting")


def model_matrix(prepared: pd.DataFrame, reference_year: int) -> pd.DataFrame:
    """The model's features of customers with engineered features, as one float block (missing values kept).

    Filled column by column into one array: the scorer builds it for every chunk of customers.
    """
    values = np.empty((len(prepared), len(FEATURES)), order="F")  # columns contiguous, as pandas keeps them
    for position, feature in enumerate(FEATURES[: -len(EXTRA_FEATURES)]):
        if feature in LOG_SCALE:
            # log(1 + x) in single precision, a fifth of the time of double precision; seven digits are plenty
            # for a model's input, and training and scoring share this function.
            values[:, position] = np.log(prepared[feature].to_numpy(dtype="float32") + np.float32(1))
        else:
            values[:, position] = prepared[feature].to_numpy(dtype="float64")
    start = np.datetime64(f"{reference_year}-01-01", "D")
    values[:, -2] = (start - prepared["Dt_Customer"].to_numpy(dtype="datetime64[D]")).astype("float64")
    # Map the few distinct labels, not every row; an unknown label is missing, and imputed.
    positions, labels = pd.factorize(prepared["Marital_Status"])
    couple = np.r_[pd.Series(labels).map(COUPLE_LABELS).to_numpy(dtype="float64"), np.nan]
    values[:, -1] = couple[positions]  # position -1 (a missing label) picks the appended NaN
    return pd.DataFrame(values, index=prepared.index, columns=list(FEATURES))


def candidate(name: str, random_state: int) -> Pipeline:
    """An unfitted candidate; both impute inside (the regression by the median, the trees natively)."""
    if name == "logistic_regression":
        steps = [
            ("impute", SimpleImputer(strategy="median")),
            ("scale", StandardScaler(copy=False)),  # the imputer has already copied
            ("model", LogisticRegression(C=1.0, max_iter=5_000)),
        ]
    elif name == "gradient_boosting":
        # 50 shallow trees on 64 bins validate within 0.002 of 100 trees on 255 bins on the real and the default
        # data, in half the time: the nested cross-validation fits this candidate 60 times.
        model = HistGradientBoostingClassifier(
            learning_rate=0.2,
            max_iter=50,
            max_depth=3,
            max_bins=64,
            min_samples_leaf=20,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=random_state,
        )
        steps = [("model", model)]
    else:
        raise ValueError(f"unknown candidate {name!r}")
    return Pipeline(steps)


def _folds(y: np.ndarray, groups: np.ndarray, n_splits: int, seed: int):
    """(train, test) row positions of a stratified k-fold over customers, each customer's rows on one side.

    A group is one customer's identical rows, so it has one response: a
    stratified k-fold of the groups is a stratified, grouped k-fold of the rows
    (and much faster than StratifiedGroupKFold, which searches fold by fold).
    """
    group_ids, first_rows = np.unique(groups, return_index=True)
    splitter = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    for _, test_groups in splitter.split(np.zeros(len(group_ids)), y[first_rows]):
        test = np.isin(groups, group_ids[test_groups])
        yield np.flatnonzero(~test), np.flatnonzero(test)


def _probability(model, matrix: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(matrix)[:, 1]


def probability(model: Pipeline, matrix: pd.DataFrame) -> np.ndarray:
    """``model.predict_proba(matrix)[:, 1]``, the logistic regression's in one pass over the customers.

    The scorer applies the model to every chunk of customers, and the imputer,
    scaler and regression each validate and copy their input. For the
    regression, the imputer's medians fill the missing values and the scaler is
    folded into the coefficients, which gives the same probabilities (tested)
    at a fraction of the cost; the trees are asked as usual.
    """
    if not isinstance(model[-1], LogisticRegression):
        return _probability(model, matrix)
    impute, scale, regression = (step for _, step in model.steps)
    weights = regression.coef_[0] / scale.scale_
    offset = regression.intercept_[0] - scale.mean_ @ weights
    values = matrix.to_numpy()
    scores = values @ weights
    missing = np.isnan(scores)  # a customer with a missing value: fill it with the median, as the imputer does
    if missing.any():
        incomplete = values[missing]
        scores[missing] = np.where(np.isnan(incomplete), impute.statistics_, incomplete) @ weights
    return expit(scores + offset)


def permutation_drop(model, held_out: pd.DataFrame, y: np.ndarray, random_state: int) -> np.ndarray:
    """Per feature, how much the held-out ROC AUC drops when that feature's values are shuffled (mean of repeats).

    sklearn's ``permutation_importance`` with one prediction for all shuffles
    instead of one per shuffle: a few hundred small predictions cost seconds in
    input validation alone.
    """
    rng = np.random.default_rng(random_state)
    values = held_out.to_numpy()
    n, k = values.shape
    shuffled = np.tile(values, (k * IMPORTANCE_REPEATS, 1)).reshape(k, IMPORTANCE_REPEATS, n, k)
    for feature in range(k):
        for repeat in range(IMPORTANCE_REPEATS):
            shuffled[feature, repeat, :, feature] = values[rng.permutation(n), feature]
    probability = _probability(model, pd.DataFrame(shuffled.reshape(-1, k), columns=held_out.columns))
    scores = _auc_by_row(y, probability.reshape(k * IMPORTANCE_REPEATS, n))
    baseline = roc_auc_score(y, _probability(model, held_out))
    return baseline - scores.reshape(k, IMPORTANCE_REPEATS).mean(axis=1)


def _auc_by_row(y: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The ROC AUC of each row of ``scores`` against ``y``, from mid-ranks (the Mann-Whitney statistic)."""
    ranks = rankdata(scores, axis=1)
    positives = y.sum()
    negatives = len(y) - positives
    return (ranks[:, y == 1].sum(axis=1) - positives * (positives + 1) / 2) / (positives * negatives)


def _choose(matrix: pd.DataFrame, y: np.ndarray, groups: np.ndarray, seed: int) -> str:
    """The candidate with the lower log loss over an inner grouped k-fold of these customers."""
    losses = dict.fromkeys(CANDIDATES, 0.0)
    for train, test in _folds(y, groups, INNER_FOLDS, seed):
        for name in CANDIDATES:
            model = candidate(name, seed).fit(matrix.iloc[train], y[train])
            losses[name] += log_loss(y[test], _probability(model, matrix.iloc[test]), labels=[0, 1]) * len(test)
    return min(CANDIDATES, key=losses.get)


@dataclass
class CrossValidation:
    """Held-out predictions of the nested, repeated, grouped k-fold."""

    selected: np.ndarray  # mean held-out probability of the model chosen in each fold, per customer
    per_candidate: dict[str, list[np.ndarray]]  # per candidate, one held-out probability vector per repeat
    chosen_in_folds: list[str] = field(default_factory=list)
    importances: pd.DataFrame | None = None  # drop in held-out AUC per shuffled feature, one column per fold


def _outer_fold(matrix: pd.DataFrame, y: np.ndarray, groups: np.ndarray, train, test, seed: int, importance: bool):
    """One outer fold: the candidate chosen on the training part, every candidate's held-out probabilities,
    and the chosen model's permutation importance when asked."""
    winner = _choose(matrix.iloc[train], y[train], groups[train], seed)
    held_out, drop = {}, None
    for name in CANDIDATES:
        model = candidate(name, seed).fit(matrix.iloc[train], y[train])
        held_out[name] = _probability(model, matrix.iloc[test])
        if name == winner and importance:
            drop = permutation_drop(model, matrix.iloc[test], y[test], seed)
    return winner, held_out, drop


def cross_validate(matrix: pd.DataFrame, y: np.ndarray, groups: np.ndarray, random_state: int) -> CrossValidation:
    """Nested cross-validation: per outer fold, choose by inner log loss, fit, predict the held-out customers.

    Importance is measured in the first repeat's folds. The folds run one after the other: on a machine
    shared with other work, running them on several cores was slower.
    """
    splits = [
        (repeat, train, test)
        for repeat in range(REPEATS)
        for train, test in _folds(y, groups, OUTER_FOLDS, random_state + repeat)
    ]
    results = [
        _outer_fold(matrix, y, groups, train, test, random_state + repeat, repeat == 0)
        for repeat, train, test in splits
    ]
    selected = np.zeros((REPEATS, len(y)))
    per_candidate = {name: [np.zeros(len(y)) for _ in range(REPEATS)] for name in CANDIDATES}
    importances = {}
    for fold, ((repeat, _, test), (winner, held_out, drop)) in enumerate(zip(splits, results)):
        for name in CANDIDATES:
            per_candidate[name][repeat][test] = held_out[name]
        selected[repeat, test] = held_out[winner]
        if drop is not None:
            importances[fold] = drop
    chosen = [winner for winner, _, _ in results]
    importance = pd.DataFrame(importances, index=matrix.columns)
    return CrossValidation(selected.mean(axis=0), per_candidate, chosen, importance)


def bootstrap_auc_interval(
    y: np.ndarray, probability: np.ndarray, random_state: int, draws: int = BOOTSTRAP_DRAWS
) -> list[float]:
    """95% interval of the ROC AUC over customers resampled with replacement.

    A resample is a count per customer; with the customers sorted by probability
    once, each resample's AUC is a weighted Mann-Whitney sum (ties count half).
    """
    order = np.argsort(probability, kind="stable")
    y, probability = y[order], probability[order]
    starts = np.flatnonzero(np.r_[True, np.diff(probability) != 0])  # one level per distinct probability
    rng = np.random.default_rng(random_state)
    n = len(y)
    aucs = []
    for batch in np.array_split(np.arange(draws), max(1, draws * n // 2_000_000)):
        picks = rng.integers(0, n, (len(batch), n)) + n * np.arange(len(batch))[:, None]
        weights = np.bincount(picks.ravel(), minlength=len(batch) * n).reshape(len(batch), n)
        positive = np.add.reduceat(weights * y, starts, axis=1)
        negative = np.add.reduceat(weights * (1 - y), starts, axis=1)
        below = np.cumsum(negative, axis=1) - negative
        pairs = positive.sum(axis=1) * negative.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            aucs.append((positive * (below + negative / 2)).sum(axis=1) / pairs)
    return [float(v) for v in np.nanpercentile(np.concatenate(aucs), [2.5, 97.5])]


def plan_profit(y: np.ndarray, probability: np.ndarray, economics: Economics) -> float:
    """Profit of contacting the customers whose expected revenue exceeds the cost of the contact."""
    contact = economics.contact(probability)
    return float(economics.profit(y[contact].sum(), contact.sum()))


def candidate_table(cv: CrossValidation, y: np.ndarray, economics: Economics) -> pd.DataFrame:
    """Both candidates side by side: held-out AUC, log loss and plan profit (means over repeats)."""
    rows = []
    for name in CANDIDATES:
        repeats = cv.per_candidate[name]
        rows.append(
            {
                "model": name,
                "cv_auc": np.mean([roc_auc_score(y, p) for p in repeats]),
                "cv_log_loss": np.mean([log_loss(y, p, labels=[0, 1]) for p in repeats]),
                "cv_profit": np.mean([plan_profit(y, p, economics) for p in repeats]),
                "chosen_in_folds": cv.chosen_in_folds.count(name),
            }
        )
    return pd.DataFrame(rows).set_index("model")


def drivers(cv: CrossValidation, matrix: pd.DataFrame) -> pd.DataFrame:
    """The features whose shuffling costs the held-out AUC most, with the direction of their link to the probability.

    Direction is the sign of the rank correlation between the feature and the
    held-out probability: +1 when customers with more of it are likelier to accept.
    """
    importance = cv.importances.mean(axis=1).sort_values(ascending=False, kind="stable")
    top = importance[importance > 0].head(TOP_DRIVERS)
    direction = [
        int(np.sign(spearmanr(matrix[feature], cv.selected, nan_policy="omit").statistic)) for feature in top.index
    ]
    return pd.DataFrame({"feature": top.index, "importance": top.to_numpy(), "direction": direction})


def _fit_bounded(name: str, known: pd.DataFrame, y: np.ndarray, rows: np.ndarray, reference_year: int, seed: int):
    """The candidate fitted on ``rows`` of ``known``, or on a seeded sample of MAX_FIT_ROWS of them."""
    if len(rows) > MAX_FIT_ROWS:
        rows = np.sort(np.random.default_rng(seed).choice(rows, MAX_FIT_ROWS, replace=False))
    return candidate(name, seed).fit(model_matrix(known.iloc[rows], reference_year), y[rows]), len(rows)


def _predict(model, known: pd.DataFrame, rows: np.ndarray, reference_year: int) -> np.ndarray:
    """Probabilities of ``rows`` of ``known``, a million at a time: the features of all of them never coexist."""
    parts = [
        _probability(model, model_matrix(known.iloc[rows[start : start + PREDICT_ROWS]], reference_year))
        for start in range(0, len(rows), PREDICT_ROWS)
    ]
    return np.concatenate(parts) if parts else np.empty(0)


def _cross_fitted(name: str, known: pd.DataFrame, y: np.ndarray, groups: np.ndarray, reference_year: int, seed: int):
    """Held-out probabilities for every customer: two halves (split by customer), each predicted by a model of
    the other half."""
    half = np.random.default_rng(seed).permutation(groups.max() + 1)[groups] % 2
    probability = np.empty(len(y))
    for side in (0, 1):
        model, _ = _fit_bounded(name, known, y, np.flatnonzero(half != side), reference_year, seed + side)
        probability[half == side] = _predict(model, known, np.flatnonzero(half == side), reference_year)
    return probability


@dataclass
class ResponseModel:
    """The fitted response model and its held-out evaluation; ``status`` says why there is none."""

    status: str  # "fitted", "no_outcome" (no Response) or "too_few" (too few responders or non-responders)
    customers: int  # customers whose response is known: the base the plans cover
    responders: int
    name: str | None = None
    model: Pipeline | None = None
    probability: np.ndarray | None = None  # held-out, for each of the ``customers``
    candidates: pd.DataFrame | None = None
    cv_auc: float | None = None
    cv_auc_ci: list[float] | None = None
    evaluated: int = 0  # customers in the cross-validation (a sample above the sampling threshold)
    evaluated_responders: int = 0
    sampled: bool = False
    fit_rows: int = 0
    drivers: pd.DataFrame | None = None

    @property
    def fitted(self) -> bool:
        return self.status == "fitted"

    def record(self) -> dict:
        """What summary.json keeps of the model."""
        record = {
            "status": self.status,
            "customers": self.customers,
            "responders": self.responders,
            "outer_folds": OUTER_FOLDS,
            "inner_folds": INNER_FOLDS,
            "repeats": REPEATS,
            "fit_bound": MAX_FIT_ROWS,
        }
        if not self.fitted:
            return record
        return {
            **record,
            "model": self.name,
            "cv_auc": self.cv_auc,
            "cv_auc_ci": self.cv_auc_ci,
            "evaluated_customers": self.evaluated,
            "evaluated_responders": self.evaluated_responders,
            "sampled": self.sampled,
            "fit_rows": self.fit_rows,
            "candidates": self.candidates.reset_index().to_dict("records"),
            "drivers": self.drivers.to_dict("records"),
        }


def fit_and_evaluate(
    base: pd.DataFrame,
    reference_year: int,
    economics: Economics | Mapping,
    sampling_threshold: int,
    random_state: int,
) -> ResponseModel:
    """Evaluate both candidates by nested cross-validation, keep the one with the lower log loss, fit it.

    ``base`` is every customer of the file with engineered features. Up to
    ``sampling_threshold`` customers the cross-validation sees them all and its
    held-out predictions are the plan's; above it, the cross-validation runs on
    a seeded sample of that size, the final model is fitted on at most
    MAX_FIT_ROWS customers, and every customer's held-out probability comes
    from a model fitted on the other half of the customers.
    """
    economics = Economics.of(economics)
    outcome = base[columns.OUTCOME].notna()
    known = base if outcome.all() else base.loc[outcome]  # no copy of a base that is all known
    y = known[columns.OUTCOME].to_numpy(dtype="int64")
    result = ResponseModel("no_outcome" if known.empty else "too_few", len(known), int(y.sum()))
    sampled = len(known) > sampling_threshold
    rng = np.random.default_rng(random_state)
    evaluated = np.sort(rng.choice(len(known), sampling_threshold, replace=False)) if sampled else np.arange(len(y))
    if min(y[evaluated].sum(), len(evaluated) - y[evaluated].sum()) < MIN_CLASS_CUSTOMERS:
        return result
    groups = customer_groups(known.loc[:, list(columns.RAW)])
    matrix = model_matrix(known.iloc[evaluated], reference_year)
    # One thread per fit: thousands of small fits gain nothing from threads and lose much on a busy machine.
    with threadpool_limits(1):
        cv = cross_validate(matrix, y[evaluated], groups[evaluated], random_state)
        candidates = candidate_table(cv, y[evaluated], economics)
        name = candidates["cv_log_loss"].idxmin()
        model, fit_rows = _fit_bounded(name, known, y, np.arange(len(y)), reference_year, random_state)
        if sampled:
            probability = _cross_fitted(name, known, y, groups, reference_year, random_state)
        else:
            probability = cv.selected
    return ResponseModel(
        status="fitted",
        customers=len(known),
        responders=int(y.sum()),
        name=name,
        model=model,
        probability=probability,
        candidates=candidates,
        cv_auc=float(roc_auc_score(y[evaluated], cv.selected)),
        cv_auc_ci=bootstrap_auc_interval(y[evaluated], cv.selected, random_state),
        evaluated=len(evaluated),
        evaluated_responders=int(y[evaluated].sum()),
        sampled=sampled,
        fit_rows=fit_rows,
        drivers=drivers(cv, matrix),
    )


def predictions(base: pd.DataFrame, result: ResponseModel) -> pd.DataFrame:
    """The hand-over to the recommendations: ID and held-out probability of each customer with a known response."""
    known = base.loc[base[columns.OUTCOME].notna(), columns.ID]
    probability = result.probability if result.fitted else np.full(len(known), np.nan)
    return pd.DataFrame({columns.ID: known.to_numpy(), "probability": probability})


def validated_auc(base: pd.DataFrame, reference_year: int, sampling_threshold: int, random_state: int) -> float:
    """The out-of-fold ROC AUC of the report's response model on ``base`` (every customer of a file, with
    engineered features), NaN when there is nothing to learn from."""
    from helpers.campaign import economics

    model = fit_and_evaluate(base, reference_year, economics.resolve(base), sampling_threshold, random_state)
    return model.cv_auc if model.fitted else float("nan")


def model_part(result: ResponseModel | None, pipeline: Pipeline | None, economics: Economics | Mapping) -> dict | None:
    """The response model as the saved persona model keeps it, with the economics it was trained with; None
    without one. ``result`` is the modeling stage's record of it (``ResponseModel.record()``)."""
    if pipeline is None:
        return None
    economics = Economics.of(economics)
    return {
        "model": result["model"],
        "pipeline": pipeline,
        "features": list(FEATURES),
        "contact_cost": economics.contact_cost,
        "revenue": economics.revenue,
        "break_even_probability": economics.break_even_probability,
        "cv_auc": float(result["cv_auc"]),
    }
