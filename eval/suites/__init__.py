"""One evaluation suite per module."""
