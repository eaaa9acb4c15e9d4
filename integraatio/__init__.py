"""integraatio: integration-need network analysis of public services."""

__version__ = "0.1.0"
