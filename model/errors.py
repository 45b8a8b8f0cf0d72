"""The one base class of errors written for a person: their message is shown as it is.

Data, model, image and training errors all derive from it, so a caller that shows errors to
people catches `DigitPadError` once; anything else is a bug and is reported as one.
"""


class DigitPadError(Exception):
    """A problem the person can understand and act on; str(error) says what and why."""
