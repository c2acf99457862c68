DROP TABLE partner_endpoints;
DROP TABLE quotation_lines;
DROP TABLE quotations;
DROP TABLE tracking_labels;
DROP TABLE demand_documents;
DROP TABLE demand_messages;
DROP TABLE demand_status_history;
DROP TABLE demands;
