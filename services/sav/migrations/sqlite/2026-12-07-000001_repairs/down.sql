DROP TABLE sav_repair_events;
DROP TABLE sav_repairs;
