"""Stakeholder profiles: create, view, edit, delete; affiliations and relationships."""
