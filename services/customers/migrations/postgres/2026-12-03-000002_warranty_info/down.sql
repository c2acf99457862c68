DROP TABLE warranty_info_history;
DROP TABLE warranty_info;
