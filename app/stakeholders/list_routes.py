"""Stakeholder list, search, filters, bulk actions and inline rating edits."""
