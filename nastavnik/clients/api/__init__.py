"""REST API for companies and contacts."""
