"""QA over the Delivery API: the format matrix (one asset in every format and Accept). No Qt."""
