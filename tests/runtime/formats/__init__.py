"""Tests of the chat-export parsers (a package, so that test module names cannot clash with other test folders)."""
