"""Who is asking: passwords, bearer tokens, sessions and the access rule."""
