"""Contacts: who met, phoned or visited whom, where, when, held or planned (per article).

triggers (what reports a contact) → phrases (who may take part) → grammar (sides of one
sentence) → extract (people, places, dates; across sentences) → reports (one per contact).
"""
from newsgraph.analysis.contacts.extract import ContactExtractor

__all__ = ["ContactExtractor"]
