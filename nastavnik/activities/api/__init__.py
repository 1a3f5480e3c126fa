"""REST API for the timeline: calls with recordings, e-mails, meetings, notes, proposals, tasks."""
