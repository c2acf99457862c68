DROP TABLE opaque_tokens;
ALTER TABLE api_clients DROP COLUMN burst;
ALTER TABLE api_clients DROP COLUMN rate_per_sec;
ALTER TABLE api_clients DROP COLUMN token_format;
