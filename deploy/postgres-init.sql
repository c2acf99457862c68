-- One database per service, each owned by its own role, as in production: no service can read
-- another's data. Run once by the postgres image (docker-entrypoint-initdb.d) when its data
-- volume is empty; to run it again, remove the volume (`docker compose down -v`).
-- Local development only: the passwords equal the role names.

CREATE ROLE gateway LOGIN PASSWORD 'gateway';
CREATE DATABASE gateway OWNER gateway;
REVOKE ALL ON DATABASE gateway FROM PUBLIC;

CREATE ROLE sav LOGIN PASSWORD 'sav';
CREATE DATABASE sav OWNER sav;
REVOKE ALL ON DATABASE sav FROM PUBLIC;

CREATE ROLE rma LOGIN PASSWORD 'rma';
CREATE DATABASE rma OWNER rma;
REVOKE ALL ON DATABASE rma FROM PUBLIC;

CREATE ROLE customers LOGIN PASSWORD 'customers';
CREATE DATABASE customers OWNER customers;
REVOKE ALL ON DATABASE customers FROM PUBLIC;

CREATE ROLE loyalty LOGIN PASSWORD 'loyalty';
CREATE DATABASE loyalty OWNER loyalty;
REVOKE ALL ON DATABASE loyalty FROM PUBLIC;

CREATE ROLE crm LOGIN PASSWORD 'crm';
CREATE DATABASE crm OWNER crm;
REVOKE ALL ON DATABASE crm FROM PUBLIC;
