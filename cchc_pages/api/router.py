"""The open-data API's router: the apps' endpoints under their URL names. feedback registers its
own (polls, questions and answers) when it is installed (feedback/apps.py)."""

from wagtail.api.v2.router import WagtailAPIRouter

from . import endpoints

NAMESPACE = "cchc_api"

api_router = WagtailAPIRouter(NAMESPACE)
# Pages first: a page's detail_url names the pages endpoint whatever its type.
api_router.register_endpoint("pages", endpoints.PagesEndpoint)
api_router.register_endpoint("images", endpoints.ImagesEndpoint)
api_router.register_endpoint("documents", endpoints.DocumentsEndpoint)
api_router.register_endpoint("news-categories", endpoints.NewsCategoriesEndpoint)
api_router.register_endpoint("procedure-sectors", endpoints.ProcedureSectorsEndpoint)
api_router.register_endpoint("units", endpoints.UnitsEndpoint)
api_router.register_endpoint("contact-cards", endpoints.ContactCardsEndpoint)
api_router.register_endpoint("hotlines", endpoints.HotlinesEndpoint)
