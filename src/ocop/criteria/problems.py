"""What the importer reports: one problem per inconsistency, with file, line and field."""

from dataclasses import asdict, dataclass


class Severity:
    ERROR = "error"  # the set does not add up or cannot be read: refused unless corrected or marked unverified
    WARNING = "warning"  # worth a human look, does not change any number


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    field: str
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.file}:{self.line} [{self.field}] {self.code}: {self.message}"

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.line, self.field, self.code)
