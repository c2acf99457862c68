ALTER TABLE demands DROP COLUMN sav_id;
