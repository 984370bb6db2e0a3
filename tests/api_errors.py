"""Reading the API's error answers in tests: which fields a 4xx names, and what it says of each."""


def fields_at_fault(response) -> list[str]:
    """The fields named by an error answer, as `errors[].field` ("answers.0.option")."""
    return [error["field"] for error in response.json()["errors"]]


def messages_at_fault(response) -> list[str]:
    """The message of each field an error answer names."""
    return [error["message"] for error in response.json()["errors"]]
