"""Domain errors of the criteria app."""

from ocop.core.errors import DomainError


class CriteriaError(DomainError):
    """A criteria rule refused the request."""


class CriteriaImportError(CriteriaError):
    """The criteria data cannot be loaded as it stands. `problems` lists each one with file and line."""

    def __init__(self, message: str, *, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class SheetError(CriteriaError):
    """A score sheet was refused. `field` is the criterion code at fault, when there is one."""
