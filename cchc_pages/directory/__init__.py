"""Who citizens can reach: organisation units, contact cards, hotlines, vCards and their admin."""
