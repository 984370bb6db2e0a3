"""The JSON API at /api/v1/: one NinjaAPI, one router per app, session or bearer-token auth."""

from ocop.accounts.api import router as accounts_router
from ocop.accounts.auth import api_auth
from ocop.catalog.api import router as catalog_router
from ocop.certificates.api import router as certificates_router
from ocop.core import api_errors
from ocop.core.api import router as core_router
from ocop.core.api_docs import OcopAPI
from ocop.criteria.api import router as criteria_router
from ocop.evaluations.api import router as evaluations_router
from ocop.exchange.api import router as exchange_router
from ocop.geo.api import router as geo_router
from ocop.imports.api import router as imports_router
from ocop.jobs.api import router as jobs_router
from ocop.producers.api import router as producers_router
from ocop.products.api import router as products_router
from ocop.programme.api import router as programme_router
from ocop.promotion.api import router as promotion_router
from ocop.trade.api import router as trade_router

api = OcopAPI(
    title="OCOP API",
    version="1",
    description="""API của nền tảng OCOP / API of the OCOP platform. Hướng dẫn tích hợp / integrator's guide:
`docs/api.md`.

- **Xác thực / auth**: `Authorization: Bearer <token>` (tạo ở trang tài khoản / created on the account page);
  không có cookie phiên thì mã này đủ để ghi / without a session cookie the token alone may write. Trình duyệt
  dùng cookie phiên và mã CSRF / browsers use the session cookie and the CSRF token.
- **Danh sách / lists**: `{items, count, limit, offset}`; `limit` 1–200 (mặc định / default 50), `offset` ≥ 0.
- **Lỗi / errors**: `{code, detail, errors: [{field, message, code}]}`, theo ngôn ngữ đã chọn (cookie
  `django_language=en` cho tiếng Anh) / in the chosen language (`django_language=en` cookie for English).
- **Giới hạn / limits**: tìm kiếm, xác thực mã, yêu cầu của người mua: theo địa chỉ, 429 với `Retry-After` /
  search, verification, inquiries: per client address, 429 with `Retry-After`.
""",
    urls_namespace="api",
    auth=api_auth,
)
api.add_router("/", core_router)
api.add_router("/accounts/", accounts_router)
api.add_router("/geo/", geo_router)
api.add_router("/producers/", producers_router)
api.add_router("/products/", products_router)
api.add_router("/criteria/", criteria_router)
api.add_router("/imports/", imports_router)
api.add_router("/jobs", jobs_router)
api.add_router("/evaluations/", evaluations_router)
api.add_router("/certificates/", certificates_router)
api.add_router("/promotion/", promotion_router)
api.add_router("/trade/", trade_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/programme/", programme_router)
api.add_router("/exchange/", exchange_router)


api_errors.install(api)
