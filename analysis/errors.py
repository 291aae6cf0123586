"""The project's own exception types: every failure a user can cause is one of these."""


class ReceptionError(Exception):
    """Base class for errors with a message meant for a person."""


class InputError(ReceptionError):
    """A file or value given by the user cannot be used; the message names it and why."""


class UnknownNameError(ReceptionError, KeyError):
    """A registry lookup used a name that is not registered."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else ""
