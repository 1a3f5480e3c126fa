"""REST API for deals, invoices, payments, tariffs and pipeline stages."""
