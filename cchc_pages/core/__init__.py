"""What every cchc capability shares: settings, Vietnamese text and slugs, listing errors, the
client's address, upload limits, validators, body blocks, JSON-LD and the arithmetic check."""
