-- The points still held (the return window) of a card, read by every balance: without it the
-- read went through every open earning of the card (100,000 on the bench's card).
CREATE INDEX point_entries_held ON point_entries (card, available_at) WHERE remaining > 0;
