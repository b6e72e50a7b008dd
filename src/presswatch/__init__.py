"""presswatch: reads Vietnamese political news and keeps a linked record of what it reports."""

__version__ = "0.1.0"
