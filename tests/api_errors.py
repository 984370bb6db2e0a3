"""Reading the API's error answers in tests: which fields a 4xx names."""


def fields_at_fault(response) -> list[str]:
    """The fields named by an error answer, as `errors[].field` ("answers.0.option")."""
    body = response.json()
    if isinstance(body.get("errors"), list):
        return [error["field"] for error in body["errors"]]
    # ninja's own 422 shape: {"detail": [{"loc": ["query", "year"], ...}]}; a body's second part is the view's parameter
    fields = []
    for error in body["detail"]:
        source, *parts = [str(part) for part in error["loc"]]
        fields.append(".".join(parts[1:] if source == "body" and len(parts) > 1 else parts))
    return fields


def messages_at_fault(response) -> list[str]:
    """The message of each field an error answer names."""
    body = response.json()
    if isinstance(body.get("errors"), list):
        return [error["message"] for error in body["errors"]]
    return [error["msg"] for error in body["detail"]]
