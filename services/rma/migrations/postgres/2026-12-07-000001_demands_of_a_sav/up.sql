-- The SAV case a demand repairs (issue 16), when the SAV service opened it: each status change
-- of such a demand is told to the SAV service.
ALTER TABLE demands ADD COLUMN sav_id BIGINT;
