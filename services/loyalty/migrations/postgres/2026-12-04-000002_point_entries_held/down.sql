DROP INDEX point_entries_held;
