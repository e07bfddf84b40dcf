"""Strings of logging in, the account page and the roles."""

from __future__ import annotations

VI: dict[str, str] = {
    "nav.login": "Đăng nhập",
    "nav.account": "Tài khoản",
    "auth.title": "Đăng nhập hệ thống theo dõi CCHC",
    "auth.username": "Tên đăng nhập",
    "auth.password": "Mật khẩu",
    "auth.submit": "Đăng nhập",
    "auth.failed": (
        "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang bị khóa. Sau {n} lần nhập sai liên tiếp, tài khoản"
        " tạm khóa {minutes} phút."
    ),
    "auth.login_first": "Cần đăng nhập để xem trang này.",
    "auth.forbidden": "Tài khoản của bạn không được mở trang này.",
    "auth.first_admin": "Chưa có tài khoản nào: tạo tài khoản quản trị viên đầu tiên của văn phòng.",
    "auth.display_name": "Họ và tên",
    "auth.password_again": "Nhập lại mật khẩu",
    "auth.create_admin": "Tạo tài khoản quản trị",
    "auth.passwords_differ": "Hai lần nhập mật khẩu không giống nhau.",
    "auth.logout": "Đăng xuất",
    "auth.signed_in_as": "**{name}** · {role}",
    "auth.sso": "Đăng nhập bằng tài khoản của cơ quan",
    "auth.sso_unknown": "Tài khoản {email} chưa được cấp quyền trong hệ thống: đề nghị quản trị viên tạo tài khoản.",
    "role.admin": "Quản trị viên",
    "role.viewer": "Lãnh đạo, chuyên viên (chỉ xem)",
    "role.clerk": "Văn thư trường {unit}",
    "account.role": "Vai trò",
    "account.change_password": "Đổi mật khẩu",
    "account.old_password": "Mật khẩu hiện tại",
    "account.new_password": "Mật khẩu mới",
    "account.changed": "Đã đổi mật khẩu.",
    "account.wrong_password": "Mật khẩu hiện tại không đúng: mật khẩu chưa được đổi.",
    "upload.not_yours": "Tài khoản của bạn chỉ nộp báo cáo của {unit}.",
    "empty.database_viewer": (
        "Chưa có báo cáo nào: số liệu hiện ra ở đây khi văn phòng nhận được báo cáo của các trường."
    ),
    "empty.database_clerk": "Chưa có báo cáo nào của trường: tải mẫu và nộp báo cáo quý ở trang Nộp báo cáo.",
}

EN: dict[str, str] = {
    "nav.login": "Log in",
    "nav.account": "Account",
    "auth.title": "Log in to the CCHC dashboard",
    "auth.username": "Username",
    "auth.password": "Password",
    "auth.submit": "Log in",
    "auth.failed": (
        "Wrong username or password, or the account is locked. After {n} failures in a row the account is locked"
        " for {minutes} minutes."
    ),
    "auth.login_first": "Log in to see this page.",
    "auth.forbidden": "Your account may not open this page.",
    "auth.first_admin": "No account exists yet: create the office's first administrator.",
    "auth.display_name": "Full name",
    "auth.password_again": "Password again",
    "auth.create_admin": "Create the administrator",
    "auth.passwords_differ": "The two passwords differ.",
    "auth.logout": "Log out",
    "auth.signed_in_as": "**{name}** · {role}",
    "auth.sso": "Log in with the organisation's account",
    "auth.sso_unknown": "The account {email} has no access yet: ask an administrator to create it.",
    "role.admin": "Administrator",
    "role.viewer": "Leader or officer (read only)",
    "role.clerk": "Clerk of {unit}",
    "account.role": "Role",
    "account.change_password": "Change password",
    "account.old_password": "Current password",
    "account.new_password": "New password",
    "account.changed": "Password changed.",
    "account.wrong_password": "The current password is wrong: nothing was changed.",
    "upload.not_yours": "Your account submits the reports of {unit} only.",
    "empty.database_viewer": "No report yet: the figures show here once the office has received the schools' reports.",
    "empty.database_clerk": (
        "No report of your school yet: get the template and send the quarter's report on Upload reports."
    ),
}
