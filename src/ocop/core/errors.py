"""Domain errors: raised by services, turned into a clear message by views and the API."""


class DomainError(Exception):
    """A rule of the domain refused the request. `field` names the input at fault, if one is; `field_errors` lists
    each (field, message) when the refusal has several (every unanswered criterion of a score sheet)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.field_errors: tuple[tuple[str, str], ...] = ()
