"""The bot's side of the Freebox: the link (discovery, TLS, client), pairing, registration."""
