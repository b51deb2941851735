"""The user's workspace: profiles, token expiry, the request history. No Qt."""
