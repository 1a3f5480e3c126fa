"""The intake API: telephony (the PBX), web registrations, call lists."""
