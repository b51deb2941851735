"""Hand-off: what leaves the app for other people — responsive markup for page builders and a
self-contained QA report for tickets. Qt-free: values in, HTML out."""
