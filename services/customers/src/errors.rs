//! The error codes of seed 002 and of this service, each with its HTTP status and the document's
//! Vietnamese message. Validation failures are the platform's `VALIDATION_ERROR` (422).

platform::error_codes! {
    pub enum CustomersError {
        NotAcceptable = (NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "Accept phải là application/vnd.customers.v1+json, application/hal+json hoặc application/json."),
        Error = (INTERNAL_SERVER_ERROR, "ERROR", "Lỗi khác."),
        NotFoundCategory = (NOT_FOUND, "NOT_FOUND_CATEGORY", "Không tìm thấy nhóm KH."),
        CannotUnsetDefaultCategory = (UNPROCESSABLE_ENTITY, "CANNOT_UNSET_DEFAULT_CATEGORY", "Không thể bỏ trạng thái mặc định."),
        CannotDeleteDefaultCategory = (UNPROCESSABLE_ENTITY, "CANNOT_DELETE_DEFAULT_CATEGORY", "Không thể xóa nhóm KH mặc định."),
        NotFoundLoyalCategory = (NOT_FOUND, "NOT_FOUND_LOYAL_CATEGORY", "Không tìm thấy nhóm KHTT."),
        NotFoundCustomer = (NOT_FOUND, "NOT_FOUND_CUSTOMER", "Không tìm thấy customer"),
        ExistPhone = (UNPROCESSABLE_ENTITY, "EXIST_PHONE", "SDT đã tồn tại ở tài khoản KH khác."),
        ExistCode = (UNPROCESSABLE_ENTITY, "EXIST_CODE", "Mã KH, từ khóa hoặc mã thẻ đã tồn tại ở tài khoản KH khác."),
        NotEnoughScore = (UNPROCESSABLE_ENTITY, "NOT_ENOUGH_SCORE", "ĐTL hiện tại không đủ thanh toán."),
        NotFoundTicket = (UNPROCESSABLE_ENTITY, "NOT_FOUND_TICKET", "Không tìm thấy ticket."),
        WarrantyInfoNotFound = (NOT_FOUND, "WARRANTY_INFO_NOT_FOUND", "Không tìm thấy thông tin bảo hành."),
        TicketProductNotFound = (UNPROCESSABLE_ENTITY, "TICKET_PRODUCT_NOT_FOUND", "Không tìm thấy sản phẩm tương ứng trong hóa đơn."),
        SerialNumberExists = (UNPROCESSABLE_ENTITY, "SERIAL_NUMBER_EXISTS", "Số serial đã được đăng ký cho một sản phẩm khác."),
        CustomerNotFound = (UNPROCESSABLE_ENTITY, "CUSTOMER_NOT_FOUND", "Không tìm thấy thông tin khách hàng."),
        ErrorCustomerPhone = (UNPROCESSABLE_ENTITY, "ERROR_CUSTOMER_PHONE", "Số điện thoại khách hàng không hợp lệ hoặc không có."),
        ErrorUploadImage = (UNPROCESSABLE_ENTITY, "ERROR_UPLOAD_IMAGE", "Lỗi trong quá trình tải ảnh lên."),
        ErrorUpdateImage = (INTERNAL_SERVER_ERROR, "ERROR_UPDATE_IMAGE", "Lỗi khi lưu ảnh."),
        ErrorDeleteImage = (INTERNAL_SERVER_ERROR, "ERROR_DELETE_IMAGE", "Lỗi khi xóa ảnh."),
        WarrantyStatusNotFound = (NOT_FOUND, "WARRANTY_STATUS_NOT_FOUND", "Không tìm thấy phiếu bảo hành."),
        WarrantyAlreadyCompleted = (UNPROCESSABLE_ENTITY, "WARRANTY_ALREADY_COMPLETED", "Không thể thao tác khi phiếu đã hoàn thành."),
        WarrantyNotCompleted = (UNPROCESSABLE_ENTITY, "WARRANTY_NOT_COMPLETED", "Không thể sửa số hóa đơn khi phiếu chưa hoàn thành."),
        InvalidStatusTransition = (UNPROCESSABLE_ENTITY, "INVALID_STATUS_TRANSITION", "Chuyển trạng thái không hợp lệ."),
        SendDateUpdateNotAllowed = (UNPROCESSABLE_ENTITY, "SEND_DATE_UPDATE_NOT_ALLOWED", "Không được sửa ngày gửi khi trạng thái là pending hoặc send."),
        WarrantyAlreadySent = (UNPROCESSABLE_ENTITY, "WARRANTY_ALREADY_SENT", "Không thể thao tác khi phiếu đã được gửi cho NCC."),
        WarrantyNotSent = (UNPROCESSABLE_ENTITY, "WARRANTY_NOT_SENT", "Không thể thao tác khi phiếu chưa được gửi cho NCC."),
        WarrantyAlreadyReceived = (UNPROCESSABLE_ENTITY, "WARRANTY_ALREADY_RECEIVED", "Không thể thao tác khi phiếu đã được nhận từ NCC."),
        WarrantyNotReceived = (UNPROCESSABLE_ENTITY, "WARRANTY_NOT_RECEIVED", "Không thể thao tác khi phiếu chưa được nhận từ NCC."),
        LocationNotFound = (UNPROCESSABLE_ENTITY, "LOCATION_NOT_FOUND", "Không tìm thấy kho."),
    }
}
