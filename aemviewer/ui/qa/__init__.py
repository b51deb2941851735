"""The QA views: compare, formats, smart crops, history."""
