"""Contains shared errors types that can be raised from API functions"""


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class UnexpectedResponseShape(Exception):
    """Raised by api functions when a response body does not have the shape the OpenAPI document gives it"""

    def __init__(self, status_code: int, content: bytes, error: Exception):
        self.status_code = status_code
        self.content = content
        self.error = error

        super().__init__(
            f"Response body of status {status_code} does not match the document: {type(error).__name__}"
        )


__all__ = ["UnexpectedResponseShape", "UnexpectedStatus"]
