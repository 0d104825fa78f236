"""Changing the risk scoring in the browser: the weights of the harm answers and the two
bands, checked as `flask seed` checks content/risk.yaml (``risk.from_data`` reads the new
scoring back through ``risk.parse``). The triggers stay as the file has them.

Every save is a version (the way back) and an audit entry; the caller commits. The new
scoring is live for the next report sent.
"""

from app.core import versions
from app.core.content_files import SeedError
from app.reporting import risk
from app.staff import audit


class RiskProblem(ValueError):
    def __init__(self, field_name: str | None, message: str):
        super().__init__(message)
        self.field_name, self.message = field_name, message


def weight_field(key: str, value: str) -> str:
    """The form field of one answer's weight."""
    return f"weight-{key}-{value}"


def proposed(current: risk.RiskModel, weights: dict, medium: int, high: int) -> risk.RiskModel:
    """The scoring with new weights and bands, checked; RiskProblem says what is wrong."""
    if not 0 < medium < high:
        raise RiskProblem("medium", "The medium band must be above 0 and below the high band")
    data = risk.as_data(current)
    data["weights"] = {key: dict(table) for key, table in weights.items()}
    data["bands"] = {"medium": medium, "high": high}
    try:
        return risk.from_data(data)
    except SeedError as error:
        raise RiskProblem(None, error.message) from error


def changes(before: risk.RiskModel, after: risk.RiskModel) -> list[str]:
    said = []
    for key, table in after.weights.items():
        for value, weight in table.items():
            old = before.weights.get(key, {}).get(value, 0)
            if old != weight:
                said.append(f"Weight of {key} = {value}: {old} to {weight}")
    for band in ("medium", "high"):
        if getattr(before, band) != getattr(after, band):
            said.append(f"The {band} band: from a score of {getattr(before, band)} to "
                        f"{getattr(after, band)}")
    return said


def save(before: risk.RiskModel, after: risk.RiskModel, staff,
         action: str = "risk_scoring_changed", summary: str | None = None) -> list[str]:
    said = changes(before, after)
    if not said:
        return []
    versions.record(risk.AREA, risk.as_data(after), versions.BROWSER, staff.id,
                    summary or "\n".join(said))
    audit.record(staff, action, None, changes=said)
    return said


def restore(version_id: int, current: risk.RiskModel, staff) -> list[str] | None:
    earlier = versions.version(risk.AREA, version_id)
    if earlier is None:
        return None
    return save(current, risk.from_data(earlier.data), staff, "risk_scoring_restored")


def questions(current: risk.RiskModel) -> list[tuple[str, list[tuple[str, int]]]]:
    """(question key, [(answer, weight)]) for the form, in the file's order."""
    return [(key, list(table.items())) for key, table in current.weights.items()]
