"""The one error type a user can fix: its message is a single sentence for them to read."""


class UserError(Exception):
    """A mistake in what a person typed, chose or configured.

    The message says what was wrong and where, in one sentence; callers show it as is
    (stderr and exit 2 on the command line, a notice on screen) and never a traceback.
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        #: The form's field that was wrong ("card", "plate"…), when it was one: the cursor goes there.
        self.field = field

    def __str__(self) -> str:
        return self.message
