"""Domain errors: raised by services, turned into a clear message by views and the API."""


class DomainError(Exception):
    """A rule of the domain refused the request. `field` names the input at fault, if one is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
