"""Running the tracker for years: backups, restores and the full data export."""
