"""The Browse tab: search results as a grid."""
