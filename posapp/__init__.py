"""The car wash counter: checkout, add-on offers, receipts and the manager's report."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("carwash-counter")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
