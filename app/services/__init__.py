"""Use cases: load rows, call the domain, persist; transactions live here."""
