"""Strings of the embedded demo data, printed by `make run` and `cli.py demo`."""

from __future__ import annotations

VI: dict[str, str] = {
    "demo.not_empty": "Cơ sở dữ liệu đã có báo cáo: không nạp dữ liệu mẫu.",
    "demo.loaded": (
        "Đã nạp dữ liệu mẫu: {units} đơn vị, {accepted} báo cáo được nhận, {rejected} tệp bị từ chối (để xem lịch sử),"
        " {plans} kế hoạch CCHC năm."
    ),
    "demo.logins": "Tài khoản dùng thử (tên đăng nhập / mật khẩu / vai trò):",
    "demo.existing_accounts": (
        "Đăng nhập bằng tài khoản đã có (quên mật khẩu: python cli.py users reset-password TÊN)."
    ),
    "demo.no_account": (
        "Chưa có tài khoản: mở ứng dụng để tạo tài khoản quản trị đầu tiên, hoặc: "
        "python cli.py users add TÊN --role admin"
    ),
}

EN: dict[str, str] = {
    "demo.not_empty": "The database already holds reports: the demo data is not loaded.",
    "demo.loaded": (
        "Demo data loaded: {units} units, {accepted} reports accepted,"
        " {rejected} files refused (to see in the history), {plans} yearly CCHC plans."
    ),
    "demo.logins": "Demo accounts (username / password / role):",
    "demo.existing_accounts": (
        "Log in with an existing account (forgotten password: python cli.py users reset-password NAME)."
    ),
    "demo.no_account": (
        "No account yet: open the app to create the first administrator, or: python cli.py users add NAME --role admin"
    ),
}
