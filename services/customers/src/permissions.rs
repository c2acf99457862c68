//! The permission names of seed 002, carried in the token's `permissions` claim.

pub const CATEGORY_VIEW_LIST: &str = "customer.category.view_list";
pub const CATEGORY_CREATE: &str = "customer.category.create";
pub const CATEGORY_EDIT_NAME: &str = "customer.category.edit_name";
pub const CATEGORY_EDIT_IS_DEFAULT: &str = "customer.category.edit_is_default";
pub const CATEGORY_DELETE: &str = "customer.category.delete";

pub const VIEW_LIST: &str = "customer.view_list";
pub const VIEW_DETAIL: &str = "customer.view_detail";
pub const VIEW_PHONE: &str = "customer.view_phone";
pub const EDIT_NAME: &str = "customer.edit_name";
pub const EDIT_CODE: &str = "customer.edit_code";
pub const EDIT_CATEGORY: &str = "customer.edit_category";
pub const EDIT_LOYAL_CATEGORY: &str = "customer.edit_loyal_category";
pub const EDIT_VISIBLE: &str = "customer.edit_visible";
pub const EDIT_SCORE: &str = "customer.edit_score";
pub const EDIT_MAX_DEBT: &str = "customer.edit_max_debt";
pub const EDIT_PHONE: &str = "customer.edit_phone";
pub const EDIT_ADDRESS: &str = "customer.edit_address";
pub const EDIT_NOTES: &str = "customer.edit_notes";
pub const DELETE: &str = "customer.delete";

/// The scope of the point of sale's feed of reference data (tickets, loyalty categories,
/// products, locations, suppliers).
pub const FEED_SCOPE: &str = "customers_feed";

pub const WARRANTY_INFO_VIEW_LIST: &str = "customer.warranty_info.view_list";
pub const WARRANTY_INFO_CREATE: &str = "customer.warranty_info.create";
pub const WARRANTY_INFO_EDIT_PRODUCT: &str = "customer.warranty_info.edit_product";
pub const WARRANTY_INFO_EDIT_CUSTOMER: &str = "customer.warranty_info.edit_customer";
pub const WARRANTY_INFO_EDIT_STATUS: &str = "customer.warranty_info.edit_status";
pub const WARRANTY_INFO_EDIT_NOTE: &str = "customer.warranty_info.edit_note";
pub const WARRANTY_INFO_DELETE: &str = "customer.warranty_info.delete";

pub const WARRANTY_STATUS_VIEW_LIST: &str = "customer.warranty_status.view_list";
pub const WARRANTY_STATUS_CREATE: &str = "customer.warranty_status.create";
pub const WARRANTY_STATUS_EDIT_PRODUCT: &str = "customer.warranty_status.edit_product";
pub const WARRANTY_STATUS_EDIT_CUSTOMER: &str = "customer.warranty_status.edit_customer";
pub const WARRANTY_STATUS_EDIT_RECEIVE_DATE: &str = "customer.warranty_status.edit_receive_date";
pub const WARRANTY_STATUS_EDIT_SUPPLIER: &str = "customer.warranty_status.edit_supplier";
pub const WARRANTY_STATUS_EDIT_SEND_DATE: &str = "customer.warranty_status.edit_send_date";
pub const WARRANTY_STATUS_EDIT_STATUS: &str = "customer.warranty_status.edit_status";
pub const WARRANTY_STATUS_EDIT_COST: &str = "customer.warranty_status.edit_cost";
pub const WARRANTY_STATUS_ADD_PROGRESS_NOTE: &str = "customer.warranty_status.add_progress_note";
pub const WARRANTY_STATUS_FORWARD_WARRANTY: &str = "customer.warranty_status.forward_warranty";
pub const WARRANTY_STATUS_SEND_TO_SUPPLIER: &str = "customer.warranty_status.send_to_supplier";
pub const WARRANTY_STATUS_RECEIVED_FROM_SUPPLIER: &str =
    "customer.warranty_status.received_from_supplier";
pub const WARRANTY_STATUS_COMPLETE_WARRANTY: &str = "customer.warranty_status.complete_warranty";
pub const WARRANTY_STATUS_EDIT_OTHER_COST: &str = "customer.warranty_status.edit_other_cost";
pub const WARRANTY_STATUS_DELETE: &str = "customer.warranty_status.delete";
