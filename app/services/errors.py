"""The exception services raise when a request cannot be carried out."""


class ServiceError(Exception):
    """A refusal whose message (translatable, lazy) can be shown to the user as is.

    ``field`` names the form field it concerns, when there is one.
    """

    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
